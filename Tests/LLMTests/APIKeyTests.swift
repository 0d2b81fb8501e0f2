import Foundation
import Testing
@testable import LLM

@Suite struct APIKeyTests {
    let secret = "sk-test-0123456789abcdef"

    @Test func theKeyNeverAppearsWhenPrintedInterpolatedDumpedOrReflected() throws {
        let key = try APIKey(secret)
        let config = try LLMConfiguration(baseURL: "http://localhost:1/v1", model: "m", apiKey: key)
        var dumped = ""
        dump(config, to: &dumped)
        let shown = ["\(key)", String(describing: key), String(reflecting: key), "\(config)", String(reflecting: config), dumped,
                     "\(Mirror(reflecting: key).children.map { "\($0.value)" })"]
        for text in shown { #expect(!text.contains(secret), "\(text)") }
        #expect("\(config)".contains("key set"))
    }

    @Test func aProviderMessageThatEchoesTheKeyIsScrubbed() throws {
        let key = try APIKey(secret)
        #expect(key.scrub("Incorrect API key provided: \(secret).") == "Incorrect API key provided: <redacted>.")
    }

    @Test func anEmptyKeyOrOneWithANewlineInsideIsRefused() {
        #expect(throws: LLMError.self) { try APIKey("  ") }
        #expect(throws: LLMError.self) { try APIKey("sk-a\nX-Evil: 1") }
    }
}
