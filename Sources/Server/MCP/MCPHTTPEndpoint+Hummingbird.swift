#if canImport(Hummingbird)
import Foundation
import Hummingbird
import MCP

/// The thin join of `MCPHTTPEndpoint` to Hummingbird: the server's route for `/mcp` authenticates the key, then
/// answers with `endpoint.response(to: request, tenant: tenant)`.
extension MCPHTTPEndpoint {
    /// Reads the body (at most `maxBodySize` bytes; more is Hummingbird's 413), hands the request to
    /// `handle(_:tenant:)` and returns its answer as a Hummingbird response.
    public func response(to request: Hummingbird.Request, tenant: String, maxBodySize: Int = 1 << 20) async throws -> Hummingbird.Response {
        var request = request
        let body = try await request.collectBody(upTo: maxBodySize)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let answer = await handle(
            MCP.HTTPRequest(method: request.method.rawValue, headers: headers, body: Data(body.readableBytesView), path: request.uri.path),
            tenant: tenant)
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPFields.Element.Name(name) { fields[name] = value }
        }
        let bytes = answer.bodyData.map { ByteBuffer(bytes: $0) }
        return Hummingbird.Response(status: .init(code: answer.statusCode), headers: fields,
                                    body: bytes.map { ResponseBody(byteBuffer: $0) } ?? ResponseBody())
    }
}
#endif
