import Foundation
import Testing

/// `wm inspect --html`: the page of a real session made through the binary, its escaping of
/// hostile memory text, and (where Chromium is installed) how a real browser loads it.
@Suite struct InspectHTMLCommandTests {
    static let hostile = [
        "<script>alert('owned')</script> remember the blue door",
        "\"><img src=x onerror=alert(1)> the code is 4411",
        "</title></style><svg onload=alert(2)> 我们周五在波尔图见面",
    ]

    /// A session with ordinary and hostile turns, two assembled contexts (one budget too small
    /// for everything) and later turns, as `wm remember` and `wm context` leave it.
    static func makeSession(_ folder: TemporaryFolder) throws -> String {
        let db = folder.path("m.sqlite")
        let turns = ["My sister Ana lives in Porto and works as a nurse.", "The meeting with Jonas moved to Thursday at 10."]
            + hostile + ["Remember that the spare key is under the blue flower pot.", "I prefer tea over coffee in the morning."]
        for text in turns {
            let r = try WMProcess.run(["remember", "--db", db, text])
            #expect(r.status == 0, "\(r.stderr)")
        }
        for (query, budget) in [("where does Ana live and what is the code", "400"), ("blue door key", "90")] {
            let r = try WMProcess.run(["context", "--db", db, "--budget", budget, query])
            #expect(r.status == 0, "\(r.stderr)")
        }
        for text in ["Ok, thanks.", "What time is it in Lisbon?"] {
            #expect(try WMProcess.run(["remember", "--db", db, text]).status == 0)
        }
        return db
    }

    static func page(_ folder: TemporaryFolder, db: String) throws -> String {
        let out = folder.path("session.html")
        let r = try WMProcess.run(["inspect", "--db", db, "--html", out])
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    @Test func hostileMemoryTextIsEscapedAndInjectsNoMarkup() throws {
        let folder = try TemporaryFolder()
        let html = try Self.page(folder, db: Self.makeSession(folder))
        let lower = html.lowercased()
        #expect(!lower.contains("<script"), "a <script> element reached the page")
        #expect(!lower.contains("<img"), "an <img> element reached the page")
        #expect(!lower.contains("<svg onload"), "an <svg onload> element reached the page")
        let head = lower.components(separatedBy: "</head>")[0]
        #expect(head.components(separatedBy: "</title>").count == 2, "the hostile text closed the page's <title>")
        #expect(head.components(separatedBy: "</style>").count == 2, "the hostile text closed the page's <style>")
        #expect(html.contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; remember the blue door"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; the code is 4411"))
        #expect(html.contains("我们周五在波尔图见面"))
    }

    @Test func pageHasATimelineLineForEveryItemAndEveryDecision() throws {
        let folder = try TemporaryFolder()
        let db = try Self.makeSession(folder)
        let html = try Self.page(folder, db: db)
        let listing = try WMProcess.run(["inspect", "--db", db, "--decisions", "100000"])
        let items = listing.stdout.split(separator: "\n").filter { $0.hasPrefix("  #") }.count
        let decisions = listing.stdout.split(separator: "\n").filter { $0.hasPrefix("  [turn ") }.count
        #expect(items > 0 && decisions > 0, "\(listing.stdout)")
        #expect(html.components(separatedBy: "class=\"item-line\"").count - 1 == items)
        let decisionSection = try #require(html.components(separatedBy: "id=\"decisions\"").last)
        #expect(decisionSection.components(separatedBy: "<tr><td class=\"num\">").count - 1 == decisions)
    }

    @Test func everyAssembledContextShowsWhatWentInAndWhatWasLeftOutWithWhy() throws {
        let folder = try TemporaryFolder()
        let html = try Self.page(folder, db: Self.makeSession(folder))
        let contexts = try #require(html.components(separatedBy: "id=\"contexts\"").last?.components(separatedBy: "id=\"decisions\"").first)
        #expect(contexts.contains("Context 1, turn 7: “where does Ana live and what is the code”"))
        #expect(contexts.contains("Context 2, turn 7: “blue door key”"))
        #expect(contexts.contains("<td class=\"in\">in</td>"))
        #expect(contexts.contains("<td class=\"out\">left out</td>"))
        #expect(contexts.contains("over the token budget"))
    }

    @Test(.enabled(if: Chromium.executable != nil,
                   "Chromium is not installed (scripts/setup/chromium.sh installs it): the browser check of wm inspect --html is skipped"))
    func chromiumLoadsThePageWithNoConsoleErrorAndDrawsIt() throws {
        let folder = try TemporaryFolder()
        let db = try Self.makeSession(folder)
        let out = folder.path("session.html")
        #expect(try WMProcess.run(["inspect", "--db", db, "--html", out]).status == 0)
        let load = try Chromium.load(out, screenshot: folder.path("session.png"))
        #expect(load.consoleErrors.isEmpty, "console: \(load.consoleErrors)")
        #expect(load.dom.contains("id=\"timeline\"") && load.dom.contains("<polyline"), "the rendered DOM has no timeline")
        // A blank page of the same size gives the floor a screenshot with nothing drawn has.
        let blank = try folder.write("blank.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>")
        let empty = try Chromium.load(blank, screenshot: folder.path("blank.png"))
        #expect(load.screenshotBytes > 3 * max(empty.screenshotBytes, 1), "screenshot \(load.screenshotBytes) bytes, blank page \(empty.screenshotBytes)")
    }

    /// The console check can fail: a page that breaks its own policy with an inline script is
    /// reported.
    @Test(.enabled(if: Chromium.executable != nil,
                   "Chromium is not installed (scripts/setup/chromium.sh installs it): the browser check of wm inspect --html is skipped"))
    func chromiumReportsAnInlineScriptThePolicyRefuses() throws {
        let folder = try TemporaryFolder()
        let page = try folder.write("bad.html", """
            <!DOCTYPE html><html><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            </head><body><script>console.log("ran")</script></body></html>
            """)
        let load = try Chromium.load(page, screenshot: folder.path("bad.png"))
        #expect(!load.consoleErrors.isEmpty, "the refused inline script left no console error")
    }
}
