import Foundation
import Server
import Testing
import WorkingMemory

/// The contract's `GateParameters` schema (closed: `additionalProperties: false`) names every field the engine
/// encodes, so a field added to `GateParameters` cannot make the server refuse its own session summaries.
@Suite struct ContractParameterTests {
    @Test func everyGateParameterTheEngineEncodesIsInTheContract() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: MemoryServer.openAPIDocument) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let schema = try #require(schemas["GateParameters"] as? [String: Any])
        let properties = Set(try #require(schema["properties"] as? [String: Any]).keys)
        let encoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(GateParameters())) as? [String: Any])
        let missing = Set(encoded.keys).subtracting(properties)
        #expect(missing.isEmpty, "GateParameters fields missing from openapi.json: \(missing.sorted())")
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    /// No keyword of the contract is `null`: a description with commas once fell apart into keys such as
    /// `"0": null` (JSON Schema has no null-valued keyword; clients and generators read them as garbage).
    @Test func noValueOfTheContractIsNull() throws {
        func nulls(_ value: Any, _ path: String) -> [String] {
            switch value {
            case is NSNull: return [path]
            case let object as [String: Any]: return object.flatMap { nulls($0.value, path + "/" + $0.key) }
            case let array as [Any]: return array.enumerated().flatMap { nulls($0.element, path + "/\($0.offset)") }
            default: return []
            }
        }
        let document = try JSONSerialization.jsonObject(with: MemoryServer.openAPIDocument)
        #expect(nulls(document, "").isEmpty, "null values in openapi.json: \(nulls(document, "").sorted())")
    }
}
