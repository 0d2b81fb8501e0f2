import Testing
@testable import WorkingMemory

/// `JSONTextCheck`: the reasons behind Foundation's "not valid JSON", found in the text.
@Suite struct JSONTextCheckTests {
    func before(_ text: String) -> String? { JSONTextCheck.beforeDecoding(Array(text.utf8)) }
    func malformed(_ text: String) -> String? { JSONTextCheck.malformed(Array(text.utf8)) }

    @Test func aSurrogatePairAndAnEscapedBackslashAreFine() {
        #expect(before(#"{"t": "\ud83d\ude00 and \\ud800 as text"}"#) == nil)
        #expect(malformed(#"{"a": [1, 2.5, -3e10, "x"], "b": {"c": 9223372036854775807}}"#) == nil)
    }

    @Test func aHighOrLowHalfAloneIsNamedWithItsPlace() {
        #expect(before(#"{"t": "\ud800"}"#)?.contains(#"\uD800 at byte 7"#) == true)
        #expect(before(#"{"t": "x\udc00y"}"#)?.contains(#"\uDC00 at byte 8"#) == true)
        #expect(before(#"{"t": "\ud800\u0041"}"#) != nil)
    }

    @Test func bytesThatAreNotUTF8AreNamedWithTheirOffset() {
        #expect(JSONTextCheck.beforeDecoding(Array(#"{"t": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)) == "it is not UTF-8 (invalid byte sequence at byte 7)")
    }

    @Test func nestingBeyondTheLimitIsNamed() {
        let deep = String(repeating: "[", count: JSONTextCheck.maxDepth + 1)
        #expect(malformed(deep)?.contains("nests deeper than \(JSONTextCheck.maxDepth) levels") == true)
        #expect(malformed(String(repeating: "[", count: JSONTextCheck.maxDepth)) == nil)
        #expect(malformed(#"{"t": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}"#) == nil)
    }

    @Test func numbersBeyondTheirRangeAreNamed() {
        #expect(malformed(#"{"b": 1e400}"#) == "the number 1e400 at byte 6 is beyond the range of a JSON number here (about ±1.8e308)")
        #expect(malformed(#"{"b": -99999999999999999999}"#)?.contains("beyond 64 bits") == true)
        #expect(malformed(#"{"b": "1e400"}"#) == nil)
    }
}
