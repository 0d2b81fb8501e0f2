import Foundation
import HTTPTypes
@_spi(Generated) import OpenAPIRuntime

/// libFuzzer target: what `wm serve` does with the bytes of a request before a handler sees typed input.
///
/// The first byte picks the part; the rest is its input:
/// - 0 to 7, a JSON body of the operation `HTTPRequestFuzzing.bodies[k]`: the middleware's checks (`JSONTextCheck`:
///   UTF-8, lone surrogates; `JSONNullCheck`), then the generated decoder through OpenAPIRuntime's `Converter`, configured as the
///   server configures it (`RFC3339DateTranscoder`); a `DecodingError` is described as the server answers it
///   (`DecodingErrorText`, and `JSONTextCheck.malformed` for malformed JSON). A decoded body encodes again and decodes to an equal value.
/// - 8, a keys file (`TenantKeys(json:)`): a key set or a `TenantKeysError`; each key finds its tenant.
/// - 9, the namespace headers, one a line: `Authorization`, `X-WM-User`, `X-WM-Agent`, `X-WM-Session` (a
///   missing line is a missing header, as `MCPHTTPEndpoint.namespace(of:tenant:)` reads them): the bearer token
///   and the `Namespace`, or a `MemoryError`.
/// Any other error type, a trap, or a round trip that changes a value is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let selector = Int(bytes[0]) % 10
    let input = Array(UnsafeBufferPointer(start: bytes + 1, count: count - 1))
    switch selector {
    case 0..<8: HTTPRequestFuzzing.bodies[selector](input)
    case 8: HTTPRequestFuzzing.keysFile(input)
    default: HTTPRequestFuzzing.headers(input)
    }
    return 0
}

enum HTTPRequestFuzzing {
    static let converter = Converter(configuration: Configuration(dateTranscoder: RFC3339DateTranscoder()))

    /// The request bodies of the contract's operations, in the order of the selector byte.
    static let bodies: [([UInt8]) -> Void] = [
        { body(Components.Schemas.SessionRequest.self, $0) },
        { body(Operations.AppendEvents.Input.Body.JsonPayload.self, $0) },
        { body(Components.Schemas.ContextRequest.self, $0) },
        { body(Components.Schemas.SearchRequest.self, $0) },
        { body(Components.Schemas.ItemUpdate.self, $0) },
        { body(Components.Schemas.FactUpdate.self, $0) },
        { body(Components.Schemas.GoalRequest.self, $0) },
        { body(Components.Schemas.StepUpdate.self, $0) },
    ]

    static func body<T: Codable & Equatable & Sendable>(_ kind: T.Type, _ bytes: [UInt8]) {
        if let problem = JSONTextCheck.beforeDecoding(bytes) {
            if problem.isEmpty { fatalError("an empty problem") }
            return
        }
        if let refusal = JSONNullCheck.refusal(bytes) {
            if refusal.isEmpty { fatalError("an empty refusal") }
            return
        }
        let decoded: T
        do {
            decoded = try blocking { try await converter.getRequiredRequestBodyAsJSON(T.self, from: HTTPBody(bytes), transforming: { $0 }) }
        } catch let e as DecodingError {
            if DecodingErrorText.describe(e).isEmpty || DecodingErrorText.code(of: e).isEmpty { fatalError("an empty description of \(e)") }
            if DecodingErrorText.code(of: e) == "invalid_json" { _ = JSONTextCheck.malformed(bytes) }
            return
        } catch {
            fatalError("unexpected error type \(type(of: error)): \(error)")
        }
        do {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .custom { date, e in
                var c = e.singleValueContainer()
                try c.encode(try RFC3339DateTranscoder().encode(date))
            }
            let again = try blocking { try await converter.getRequiredRequestBodyAsJSON(T.self, from: HTTPBody(try encoder.encode(decoded)), transforming: { $0 }) }
            // A date survives to the millisecond the transcoder writes, so only bodies without a fraction compare.
            if again != decoded && !String(decoding: bytes, as: UTF8.self).contains(".") {
                fatalError("a decoded body changed in an encode/decode round trip: \(decoded) became \(again)")
            }
        } catch {
            fatalError("a decoded body did not decode again: \(error)")
        }
    }

    static func keysFile(_ bytes: [UInt8]) {
        let keys: TenantKeys
        do { keys = try TenantKeys(json: Data(bytes), source: "fuzz") } catch is TenantKeysError { return } catch {
            fatalError("unexpected error type \(type(of: error)): \(error)")
        }
        for entry in keys.entries {
            let key = String(decoding: entry.key, as: UTF8.self)
            guard let tenant = keys.tenant(for: Substring(key)) else { fatalError("a key of the file found no tenant") }
            if keys.entries.filter({ $0.key == entry.key }).count == 1 && tenant != entry.tenant { fatalError("a key found another tenant") }
            if keys.tenant(for: Substring(key + "x")) != nil { fatalError("a longer key matched") }
        }
    }

    static func headers(_ bytes: [UInt8]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(_ i: Int) -> String? { i < lines.count ? lines[i] : nil }
        if let authorization = line(0), let token = TenantKeys.bearerToken(authorization), token.isEmpty {
            fatalError("an empty bearer token from '\(authorization)'")
        }
        do {
            let n = try Namespace(tenant: "fuzz", user: line(1) ?? "default", agent: line(2) ?? "default", session: line(3) ?? "default")
            for part in [n.user, n.agent, n.session] where part.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                fatalError("a namespace part holds a control character: \(part.debugDescription)")
            }
        } catch is MemoryError {} catch {
            fatalError("unexpected error type \(type(of: error)): \(error)")
        }
    }

    /// Runs an async call to the end on this thread (libFuzzer calls the target synchronously).
    static func blocking<T>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>(), done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// The result of a task, handed to the thread that waits for it (after the semaphore: no race).
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
    init() {}
}
