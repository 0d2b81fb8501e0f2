import Foundation
import Testing
@testable import WorkingMemory

/// The JSON configurations (gate parameters, retrieval configuration): a misspelt field, a number beyond Double,
/// nesting without end, a lone surrogate or bytes that are not UTF-8 are each a `DecodingError` the CLI turns
/// into one sentence (`JSONErrorText`), never a trap and never a silent default.
@Suite struct ConfigurationFileTests {
    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T { try JSONDecoder().decode(type, from: Data(bytes)) }
    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T { try decode(type, Array(text.utf8)) }

    @Test func aMisspeltGateParameterIsRefusedByName() throws {
        do {
            _ = try decode(GateParameters.self, #"{"admitThreshold": 0.3, "halfLifeDay": 9}"#)
            Issue.record("a misspelt field was ignored")
        } catch {
            #expect(JSONErrorText.describe(error).contains("'halfLifeDay': not a known field"), "\(error)")
        }
        #expect(try decode(GateParameters.self, #"{"admitThreshold": 0.3}"#).admitThreshold == 0.3)
    }

    @Test(arguments: [#"{"admitThreshold": 1e400}"#, #"{"admitThreshold": -1e400}"#, #"{"verbalBufferTokens": 99999999999999999999999}"#])
    func aNumberBeyondItsTypeIsADecodingError(json: String) throws {
        #expect(throws: DecodingError.self) { try decode(GateParameters.self, json) }
    }

    @Test func aConfigurationNestedWithoutEndIsADecodingError() throws {
        let deep = String(repeating: #"{"weights": "#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(throws: DecodingError.self) { try decode(RetrievalConfiguration.self, deep) }
        let arrays = #"{"sectionShares": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: DecodingError.self) { try decode(GateParameters.self, arrays) }
    }

    /// Found by the eval-config fuzz target: a window of 3e16 made the retriever allocate its lending table.
    @Test(arguments: [#"{"neighbourWindow":32333333333333333,"episodeCandidates":20}"#, #"{"neighbourWindow": -1}"#,
                      #"{"episodeCandidates": -5}"#, #"{"feedbackDocuments": 10000000}"#, #"{"neighbourSources": -1}"#, #"{"feedbackTerms": 5000}"#])
    func aCountOutsideItsRangeIsRefusedByName(json: String) throws {
        do {
            _ = try decode(RetrievalConfiguration.self, json)
            Issue.record("\(json) was accepted")
        } catch {
            #expect(JSONErrorText.describe(error).contains("must be between 0 and"), "\(error)")
        }
        #expect(try decode(RetrievalConfiguration.self, #"{"neighbourWindow": 1000}"#).neighbourWindow == 1000)
    }

    @Test func aLoneSurrogateInAKeyIsNoKnownField() throws {
        #expect(throws: DecodingError.self) { try decode(RetrievalConfiguration.self, #"{"weights": {"bm25": 1, "\ud800": 2}}"#) }
    }

    @Test func bytesThatAreNotUTF8AreADecodingError() throws {
        #expect(throws: DecodingError.self) { try decode(GateParameters.self, Array(#"{"admitThreshold": "#.utf8) + [0xFF] + Array("}".utf8)) }
    }

    @Test func anEmptyFileIsADecodingError() throws {
        #expect(throws: DecodingError.self) { try decode(RetrievalConfiguration.self, "") }
        #expect(throws: DecodingError.self) { try decode(GateParameters.self, "") }
    }
}
