import Testing
@testable import LLM

@Suite struct ServerSentEventParserTests {
    /// Feeds `text` in two pieces cut at `cut` bytes, then finishes.
    func parse(_ text: String, cut: Int) -> [ServerSentEvent] {
        let bytes = Array(text.utf8)
        var p = ServerSentEventParser()
        return p.feed(bytes[..<cut]) + p.feed(bytes[cut...]) + p.finish()
    }

    @Test func eventsComeOutWholeWhereverTheBytesAreCutEvenInsideAUTF8Sequence() {
        // 你 is 3 bytes, 🧠 4: many cuts fall inside a character.
        let text = "data: {\"a\":\"你好\"}\n\ndata: 🧠 think\r\n\r\ndata: [DONE]\n\n"
        let expected = [ServerSentEvent(data: "{\"a\":\"你好\"}"), ServerSentEvent(data: "🧠 think"), ServerSentEvent(data: "[DONE]")]
        for cut in 0...text.utf8.count {
            #expect(parse(text, cut: cut) == expected, "cut at byte \(cut)")
        }
    }

    @Test func everyByteFedAloneGivesTheSameEvents() {
        let text = "event: error\ndata: {\"error\":{\"message\":\"überlastet\"}}\n\n"
        var p = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in text.utf8 { events += p.feed([byte]) }
        #expect(events == [ServerSentEvent(event: "error", data: "{\"error\":{\"message\":\"überlastet\"}}")])
    }

    @Test func aCarriageReturnAloneEndsALineAndCRLFSplitAcrossPiecesIsOneLineEnd() {
        var p = ServerSentEventParser()
        let first = p.feed(Array("data: a\r".utf8))
        let second = p.feed(Array("\n\r\ndata: b\r\r".utf8))
        #expect(first.isEmpty)
        #expect(second == [ServerSentEvent(data: "a"), ServerSentEvent(data: "b")])
    }

    @Test func commentsAreKeepAlivesAndProduceNothing() {
        var p = ServerSentEventParser()
        #expect(p.feed(Array(": ping\n\n: OPENROUTER PROCESSING\n\n".utf8)).isEmpty)
    }

    @Test func dataLinesOfOneEventAreJoinedByNewlines() {
        var p = ServerSentEventParser()
        #expect(p.feed(Array("data: one\ndata:two\ndata:  three\n\n".utf8)) == [ServerSentEvent(data: "one\ntwo\n three")])
    }

    @Test func aLastEventWithoutItsBlankLineIsDeliveredAtTheEnd() {
        var p = ServerSentEventParser()
        #expect(p.feed(Array("data: x\n\ndata: [DONE]".utf8)) == [ServerSentEvent(data: "x")])
        #expect(p.finish() == [ServerSentEvent(data: "[DONE]")])
    }

    @Test func llamaCppsOldErrorFieldIsReadAsAnErrorEvent() {
        var p = ServerSentEventParser()
        let events = p.feed(Array("error: {\"code\":400,\"message\":\"the request exceeds the available context size\"}\n\n".utf8))
        #expect(events == [ServerSentEvent(event: "error", data: "{\"code\":400,\"message\":\"the request exceeds the available context size\"}")])
    }

    @Test func aByteOrderMarkAtTheStartIsDropped() {
        var p = ServerSentEventParser()
        #expect(p.feed([0xEF, 0xBB, 0xBF] + Array("data: x\n\n".utf8)) == [ServerSentEvent(data: "x")])
    }

    @Test func idAndRetryFieldsAndEmptyEventsProduceNothing() {
        var p = ServerSentEventParser()
        #expect(p.feed(Array("id: 7\nretry: 100\n\nevent: ping\n\n".utf8)).isEmpty)
    }
}
