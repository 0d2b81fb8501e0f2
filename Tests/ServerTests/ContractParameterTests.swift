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
}
