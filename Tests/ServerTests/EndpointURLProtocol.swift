import Foundation
import MCP
import Server
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Routes URLSession requests to an `MCPHTTPEndpoint` in this process, so the SDK's `HTTPClientTransport` talks
/// to the endpoint type exactly as it would over a socket, without an HTTP server. Each endpoint is mounted under
/// a path of its own (`http://localhost/<mount>/mcp`), so tests running in parallel do not meet.
final class EndpointURLProtocol: URLProtocol {
    struct Mount { let endpoint: MCPHTTPEndpoint; let tenant: String }
    private static let lock = NSLock()
    nonisolated(unsafe) private static var mounts: [String: Mount] = [:]

    /// Mounts `endpoint` for `tenant`; returns its URL.
    static func mount(_ endpoint: MCPHTTPEndpoint, tenant: String) -> URL {
        let name = UUID().uuidString
        lock.withLock { mounts[name] = Mount(endpoint: endpoint, tenant: tenant) }
        return URL(string: "http://localhost/\(name)/mcp")!
    }

    /// A URLSession configuration whose requests go to the mounted endpoints.
    static var configuration: URLSessionConfiguration {
        let c = URLSessionConfiguration.ephemeral
        c.protocolClasses = [EndpointURLProtocol.self]
        return c
    }

    override class func canInit(with request: URLRequest) -> Bool { true }
    override class func canonicalRequest(for request: URLRequest) -> URLRequest { request }

    override func startLoading() {
        let request = self.request
        let name = request.url?.pathComponents.dropFirst().first ?? ""
        // URLProtocol is not Sendable; the loading system calls back on any thread, as URLProtocol documents.
        nonisolated(unsafe) let me = self
        guard let url = request.url, let mount = Self.lock.withLock({ Self.mounts[name] }) else {
            client?.urlProtocol(self, didFailWithError: URLError(.cannotFindHost))
            return
        }
        let body = request.httpBody ?? request.httpBodyStream.map(Self.readAll)
        let mcpRequest = MCP.HTTPRequest(method: request.httpMethod ?? "GET", headers: request.allHTTPHeaderFields ?? [:],
                                         body: body, path: url.path)
        Task {
            let response = await mount.endpoint.handle(mcpRequest, tenant: mount.tenant)
            let http = HTTPURLResponse(url: url, statusCode: response.statusCode, httpVersion: "HTTP/1.1", headerFields: response.headers)!
            me.client?.urlProtocol(me, didReceive: http, cacheStoragePolicy: .notAllowed)
            if let data = response.bodyData { me.client?.urlProtocol(me, didLoad: data) }
            me.client?.urlProtocolDidFinishLoading(me)
        }
    }

    override func stopLoading() {}

    static func readAll(_ stream: InputStream) -> Data {
        var data = Data()
        stream.open()
        defer { stream.close() }
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while stream.hasBytesAvailable {
            let n = stream.read(&buffer, maxLength: buffer.count)
            if n <= 0 { break }
            data.append(buffer, count: n)
        }
        return data
    }
}
