import Foundation
import Testing
import OpenAIStandIn

/// `wm chat` end to end, against the echo stand-in (not a model) or a scripted one.
@Suite struct ChatCommandTests {
    @Test func pipedLinesAreOneMessageEachAndEachGetsAnAnswer() throws {
        let t = try TemporaryFolder()
        let r = try WMChatProcess.run(["chat", "--provider", "echo", "--db", t.path("c.sqlite")],
                                      input: "My sister Ana lives in Porto.\nWhere does Ana live?\n")
        #expect(r.status == 0, "\(r.stderr)")
        let answers = r.stdout.split(separator: "\n").filter { $0.hasPrefix("[echo stand-in, not a model]") }
        #expect(answers.count == 2, "\(r.stdout)")
        #expect(answers.last?.contains("You said: Where does Ana live?") == true)
        #expect(r.stderr.contains("not a model"))
    }

    @Test func eachMessageCarriesTheAssembledContextWithinTheBudgetNotTheTranscript() throws {
        let t = try TemporaryFolder()
        var lines = (0..<25).map { "Note \($0): the blue cupboard in room \($0) holds \($0 + 2) folders about the quarterly budget review." }
        lines.append("Which room holds 9 folders?")
        lines.append("/inspect")
        let r = try WMChatProcess.run(["chat", "--provider", "echo", "--db", t.path("c.sqlite"), "--budget", "200"], input: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let sent = WMChatProcess.tokensSent(r.stderr)
        #expect(sent.count == 26, "\(r.stderr)")
        #expect(sent.allSatisfy { $0.sent <= 200 && $0.budget == 200 }, "\(sent)")
        // The transcript by then is ~26 messages of ~25 tokens: far over 200. The memory found the one asked for.
        #expect(r.stdout.contains("room 7 holds 9 folders"), "\(r.stdout)")
    }

    @Test func aSessionResumesInALaterRun() throws {
        let t = try TemporaryFolder()
        let db = t.path("c.sqlite")
        let first = try WMChatProcess.run(["chat", "--provider", "echo", "--db", db, "--session", "trip"], input: "My favourite colour is green.\n")
        #expect(first.status == 0, "\(first.stderr)")
        let second = try WMChatProcess.run(["chat", "--provider", "echo", "--db", db, "--session", "trip"], input: "What colour do I like?\n/inspect\n/facts\n")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resuming session"), "\(second.stderr)")
        #expect(second.stdout.contains("favourite colour: green"), "\(second.stdout)")
    }

    @Test func inChatCommandsPinForgetBudgetAndExplain() throws {
        let t = try TemporaryFolder()
        let input = ["My sister Ana lives in Porto.", "/budget 120", "Where does Ana live?", "/why 1", "/pin 1", "/forget 1", "/why 1", "/goals", "/quit", "never sent"]
        let r = try WMChatProcess.run(["chat", "--provider", "echo", "--db", t.path("c.sqlite")], input: input.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("budget: 120 tokens"))
        #expect(WMChatProcess.tokensSent(r.stderr).last?.budget == 120)
        #expect(r.stdout.contains("item 1 ["), "\(r.stdout)")
        #expect(r.stdout.contains("item 1 pinned"))
        #expect(r.stdout.contains("item 1 deleted"))
        #expect(r.stdout.contains("item 1 was deleted"))
        #expect(r.stdout.contains("no open goals"))
        #expect(!r.stdout.contains("never sent"))
    }

    @Test func withToolsTheModelsCallsRunAgainstTheSessionAndLandInTheTrace() throws {
        let t = try TemporaryFolder()
        let db = t.path("c.sqlite")
        // The echo stand-in turns "call NAME {json}" into a tool call (it is not a model).
        let r = try WMChatProcess.run(["chat", "--provider", "echo", "--db", db, "--tools"], input: #"call remember {"text":"Ana's birthday is on 3 March","pin":true}"# + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("tool remember("), "\(r.stderr)")
        // The MCP server's remember tool answers with the input gate's decision as JSON.
        #expect(r.stdout.contains("the tool answered: {"), "\(r.stdout)")
        #expect(r.stdout.contains(#""item_id":"#) && r.stdout.contains(#""outcome":"admitted""#), "\(r.stdout)")
        let inspect = try WMProcess.run(["inspect", "--db", db])
        #expect(inspect.stdout.contains("pinned uses=0  Ana's birthday is on 3 March"), "\(inspect.stdout)")
        #expect(inspect.stdout.contains(#"remember({"text":"Ana's birthday is on 3 March","pin":true}) -> {"#), "\(inspect.stdout)")
    }

    @Test func aToolCallWithBadArgumentsIsAnErrorTheModelSeesAndNothingIsStored() throws {
        let t = try TemporaryFolder()
        let db = t.path("c.sqlite")
        let input = [#"call set_fact {"entity":3,"attribute":"city","value":"Porto"}"#, #"call launch {"x":1}"#, "call remember {not json"].joined(separator: "\n") + "\n"
        let r = try WMChatProcess.run(["chat", "--provider", "echo", "--db", db, "--tools"], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        // The MCP toolbox's messages name the tool and the argument (ToolCallError); the loop refuses unknown names.
        #expect(r.stdout.contains("the tool answered: set_fact: 'entity' must be"), "\(r.stdout)")
        #expect(r.stdout.contains("the tool answered: no tool named 'launch'"), "\(r.stdout)")
        #expect(r.stdout.contains("the tool answered: remember: the arguments must be a JSON object"), "\(r.stdout)")
        let facts = try WMChatProcess.run(["chat", "--provider", "echo", "--db", db], input: "/facts\n")
        #expect(facts.stdout.contains("no facts yet"), "\(facts.stdout)")
    }

    @Test func reasoningGoesToStandardErrorApartFromTheAnswer() async throws {
        let chunks = [#"{"choices":[{"index":0,"delta":{"reasoning_content":"Ana lives in Porto, so"}}]}"#,
                      #"{"choices":[{"index":0,"delta":{"content":"Take the train to Porto."},"finish_reason":"stop"}]}"#]
        let server = try await StandInServer.start()
        server.enqueue(.stream(pieces: [Array(StandInReply.events(chunks).utf8)]))
        let t = try TemporaryFolder()
        let r = try await WMChatProcess.runOffPool(["chat", "--db", t.path("c.sqlite"), "--base-url", server.baseURL, "--model", "m", "--show-reasoning"],
                                                   input: "How do I get to Ana?\n")
        await server.stop()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Take the train to Porto."))
        #expect(!r.stdout.contains("so"), "\(r.stdout)")
        #expect(r.stderr.contains("(thinking) Ana lives in Porto, so"), "\(r.stderr)")
        let inspect = try WMProcess.run(["inspect", "--db", t.path("c.sqlite")])
        #expect(!inspect.stdout.contains("Ana lives in Porto, so"), "reasoning must not be stored: \(inspect.stdout)")
    }

    @Test func aBadCommandSaysWhatToDoAndTheChatGoesOn() throws {
        let t = try TemporaryFolder()
        let r = try WMChatProcess.run(["chat", "--provider", "echo", "--db", t.path("c.sqlite")], input: "/pin\n/frobnicate\nhello\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("/pin needs an item number"))
        #expect(r.stderr.contains("unknown command /frobnicate; /help lists them"))
        #expect(r.stdout.contains("You said: hello"))
    }

    @Test func noModelConfiguredIsOneLineNamingTheVariables() throws {
        let t = try TemporaryFolder()
        let r = try WMChatProcess.run(["chat", "--db", t.path("c.sqlite")], input: "hi\n")
        #expect(r.status == 1)
        #expect(r.errorLines.count == 1)
        #expect(r.stderr.contains("WM_LLM_BASE_URL"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.path("c.sqlite")))
    }

    @Test func theKeyIsNeverPrintedNorStoredEvenWhenTheServerEchoesIt() async throws {
        let secret = "sk-proj-SECRET0123456789"
        let server = try await StandInServer.start(otherwise: .json(status: 401, body: #"{"error":{"message":"Incorrect API key provided: \#(secret)","code":"invalid_api_key"}}"#))
        let t = try TemporaryFolder()
        let db = t.path("c.sqlite")
        let r = try await WMChatProcess.runOffPool(["chat", "--db", db, "--base-url", server.baseURL, "--model", "m"], input: "hello\n",
                                                   environment: ["WM_LLM_API_KEY": secret])
        let requests = server.requests
        await server.stop()
        #expect(requests.first?.headers["authorization"] == "Bearer \(secret)")
        #expect(r.status == 1)
        #expect(r.stderr.contains("HTTP 401"), "\(r.stderr)")
        #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret))
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: db + suffix) {
                #expect(!String(decoding: bytes, as: UTF8.self).contains(secret), "key found in \(db + suffix)")
            }
        }
    }

    /// Through a real pseudo-terminal: the prompt shows, the answer streams.
    @Test func itChatsThroughARealTerminal() async throws {
        let t = try TemporaryFolder()
        let steps = """
        read_until(b"you> ")
        send("Grüße aus Porto\\n".encode())
        read_until("You said: Grüße aus Porto".encode())
        read_until(b"you> ")
        send(b"/quit\\n")
        """
        guard let text = try await PseudoTerminal.run(["chat", "--provider", "echo", "--db", t.path("c.sqlite")], steps: steps,
                                                      test: "itChatsThroughARealTerminal") else { return }
        #expect(text.contains("you> "), "\(text)")
        #expect(text.contains("You said: Grüße aus Porto"), "\(text)")
        #expect(text.contains("EXIT 0"), "\(text)")
    }

    @Test func ctrlCInATerminalStopsTheAnswerAndTheChatGoesOn() async throws {
        // An answer of 300 pieces, 100 ms apart: half a minute, unless it is stopped.
        let slow = (0..<300).map { _ in Array("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"la \"}}]}\n\n".utf8) }
        let server = try await StandInServer.start()
        server.enqueue(.stream(pieces: slow, gap: .milliseconds(100)))
        let t = try TemporaryFolder()
        let steps = """
        read_until(b"you> ")
        send(b"sing\\n")
        read_until(b"la la ")
        send(b"\\x03")
        read_until(b"you> ")
        send(b"/quit\\n")
        """
        let text = try await PseudoTerminal.run(["chat", "--base-url", server.baseURL, "--model", "m", "--db", t.path("c.sqlite")], steps: steps,
                                                test: "ctrlCInATerminalStopsTheAnswerAndTheChatGoesOn")
        await server.stop()
        guard let text else { return }
        #expect(text.contains("answer stopped"), "\(text)")
        #expect(text.contains("EXIT 0"), "\(text)")
        #expect(text.components(separatedBy: "la ").count < 250, "the answer ran on after Ctrl-C")
    }
}
