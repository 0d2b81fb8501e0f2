import Foundation
import WorkingMemory

/// The page of `wm inspect --html`: one self-contained HTML file (inline CSS and SVG, no script,
/// nothing fetched; its Content-Security-Policy refuses anything else) showing a session's items
/// with their strength over turns, every gate decision with its features, and each assembled
/// context: what went in, what was left out and why.
///
/// Every piece of memory text is escaped (`HTMLText.escaped`): a stored `<script>` shows as text.
struct InspectPage {
    /// One item's strength at the turns the trace knows it.
    struct StrengthPoint: Equatable {
        var turn: Int64
        var strength: Double
    }

    /// The output-gate decisions of one assembled context: taken together, in one turn.
    struct ContextRecord {
        var turn: Int64
        var query: String
        var selected: [GateDecision]
        var dropped: [GateDecision]
    }

    let title: String
    let turn: Int64
    let items: [MemoryItem]
    let strengthNow: [Int64: Double]
    let decisions: [GateDecision]
    /// Texts of items that no longer exist are unknown; decisions about them name only the id.
    private var textByID: [Int64: String] { Dictionary(items.map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a }) }

    /// Reads what the page shows from a session.
    init(session: MemorySession) throws {
        title = "Session " + session.namespace.description
        turn = session.turn
        items = session.items
        strengthNow = Dictionary(session.items.map { ($0.id, session.strength(of: $0.id) ?? 0) }, uniquingKeysWith: { a, _ in a })
        decisions = try session.decisions()
    }

    /// For tests: the page of given data.
    init(title: String, turn: Int64, items: [MemoryItem], strengthNow: [Int64: Double], decisions: [GateDecision]) {
        self.title = title
        self.turn = turn
        self.items = items
        self.strengthNow = strengthNow
        self.decisions = decisions
    }

    /// The strength of an item at each decision that records it, then now: the input gate's
    /// admission (its initial cell), the output gate's and forget gate's `strength` feature, a
    /// fade (the strength it fell to), and the current strength at the current turn.
    func strengthPoints(of id: Int64) -> [StrengthPoint] {
        var points: [StrengthPoint] = []
        for d in decisions where d.itemID == id {
            let value: Double?
            switch (d.gate, d.outcome) {
            case (.input, .admitted): value = (d.features["explicit"] ?? 0) > 0 ? max(1, d.score) : d.score
            case (.forget, .faded): value = d.score
            case (.caller, .added): value = 1
            default: value = d.features["strength"]
            }
            if let value, value.isFinite { points.append(StrengthPoint(turn: d.turn, strength: value)) }
        }
        if let now = strengthNow[id], now.isFinite { points.append(StrengthPoint(turn: turn, strength: now)) }
        return points
    }

    /// The assembled contexts: runs of consecutive output-gate decisions taken in one turn for one
    /// query (a context records all of its decisions together).
    var contexts: [ContextRecord] {
        var out: [ContextRecord] = []
        var previousSeq: Int64 = .min
        for d in decisions {
            defer { previousSeq = d.seq }
            guard d.gate == .output else { continue }
            let query = Self.query(in: d.note)
            // A context's decisions are consecutive (a revival may sit between two) and name each
            // item once: a repeated item starts the next context.
            if let last = out.last, last.turn == d.turn, last.query == query, d.seq <= previousSeq + 2,
               !(last.selected + last.dropped).contains(where: { $0.itemID == d.itemID }) {
                if d.outcome == .selected { out[out.count - 1].selected.append(d) } else { out[out.count - 1].dropped.append(d) }
            } else {
                out.append(ContextRecord(turn: d.turn, query: query,
                                         selected: d.outcome == .selected ? [d] : [], dropped: d.outcome == .selected ? [] : [d]))
            }
        }
        return out
    }

    /// The query an output-gate note names (`… the context for "QUERY": …`), or "" when none.
    static func query(in note: String) -> String {
        guard let start = note.range(of: "the context for \"") else { return "" }
        let rest = note[start.upperBound...]
        guard let end = rest.range(of: "\": ", options: .backwards) ?? rest.range(of: "\"", options: .backwards) else { return String(rest) }
        return String(rest[..<end.lowerBound])
    }

    /// Why a memory was left out: the part of the note after the query.
    static func reason(in note: String) -> String {
        guard let r = note.range(of: "\": ", options: .backwards) else { return note }
        return String(note[r.upperBound...])
    }

    /// The whole page.
    func render() -> String {
        let e = HTMLText.escaped
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>\(e(title))</title>
        <style>
        body { font-family: sans-serif; margin: 24px; color: #222; }
        table { border-collapse: collapse; margin: 8px 0 24px; font-size: 13px; }
        th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .note { color: #555; }
        .in { color: #1a7f37; } .out { color: #b42318; }
        svg { display: block; max-width: 100%; height: auto; }
        </style>
        </head>
        <body>
        <h1>\(e(title))</h1>
        <p class="note">turn \(turn); \(items.count) items; \(decisions.count) gate decisions; \(contexts.count) assembled contexts.</p>
        <section id="timeline">
        <h2>Items: strength over turns</h2>
        \(timelineSVG())
        \(itemTable())
        </section>
        <section id="contexts">
        <h2>Assembled contexts</h2>
        \(contextTables())
        </section>
        <section id="decisions">
        <h2>Gate decisions</h2>
        \(decisionTable())
        </section>
        </body>
        </html>

        """
    }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// Each item's strength points joined by a line, turns across.
    func timelineSVG() -> String {
        let (w, h, left, top, pw, ph) = (820.0, 300.0, 56.0, 20.0, 600.0, 240.0)
        let series = items.map { ($0, strengthPoints(of: $0.id)) }
        let maxTurn = Double(max(turn, 1))
        let top0 = max(series.flatMap { $0.1.map(\.strength) }.max() ?? 1, 1)
        func x(_ t: Int64) -> Double { left + pw * Double(t) / maxTurn }
        func y(_ s: Double) -> Double { top + ph * (1 - min(max(s, 0), top0) / top0) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(h))" viewBox="0 0 \(Int(w)) \(Int(h))" font-family="sans-serif" font-size="11" role="img" aria-label="strength of each item over turns">
        <rect x="\(left)" y="\(top)" width="\(pw)" height="\(ph)" fill="none" stroke="#888"/>
        <text x="\(left + pw / 2)" y="\(top + ph + 32)" text-anchor="middle">turn</text>
        <text x="14" y="\(top + ph / 2)" text-anchor="middle" transform="rotate(-90 14 \(top + ph / 2))">strength</text>

        """
        for k in 0...4 {
            let v = top0 * Double(k) / 4
            svg += "<text x=\"\(left - 5)\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(String(format: "%.2g", v))</text>\n"
        }
        let tickStep = max(1, Int64((maxTurn / 6).rounded(.up)))
        for t in stride(from: Int64(0), through: max(turn, 1), by: Int(tickStep)) {
            svg += "<text x=\"\(f(x(t)))\" y=\"\(top + ph + 15)\" text-anchor=\"middle\">\(t)</text>\n"
        }
        for (k, (item, points)) in series.enumerated() {
            let color = Self.palette[k % Self.palette.count]
            let coords = points.map { "\(f(x($0.turn))),\(f(y($0.strength)))" }.joined(separator: " ")
            svg += "<polyline class=\"item-line\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" points=\"\(coords)\"><title>item \(item.id)</title></polyline>\n"
            for p in points { svg += "<circle cx=\"\(f(x(p.turn)))\" cy=\"\(f(y(p.strength)))\" r=\"2.5\" fill=\"\(color)\"/>\n" }
            if k < 14 {
                let ly = top + 8 + 16 * Double(k)
                svg += "<line x1=\"\(left + pw + 12)\" y1=\"\(ly)\" x2=\"\(left + pw + 28)\" y2=\"\(ly)\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
                svg += "<text x=\"\(left + pw + 32)\" y=\"\(ly + 4)\">#\(item.id) \(HTMLText.escaped(Self.clipped(item.text, 18)))</text>\n"
            } else if k == 14 {
                svg += "<text x=\"\(left + pw + 12)\" y=\"\(top + 12 + 16 * 14)\">… \(series.count - 14) more</text>\n"
            }
        }
        return svg + "</svg>"
    }

    func itemTable() -> String {
        let e = HTMLText.escaped
        var rows = "<table><tr><th>item</th><th>status</th><th>strength now</th><th>uses</th><th>speaker</th><th>text</th></tr>\n"
        for it in items {
            rows += "<tr><td>#\(it.id)</td><td>\(it.status.rawValue)\(it.pinned ? ", pinned" : "")</td>"
                + "<td class=\"num\">\(String(format: "%.3f", strengthNow[it.id] ?? 0))</td><td class=\"num\">\(it.uses)</td>"
                + "<td>\(e(it.speaker ?? ""))</td><td>\(e(it.text))</td></tr>\n"
        }
        return rows + "</table>"
    }

    func contextTables() -> String {
        let e = HTMLText.escaped
        let texts = textByID
        func text(_ d: GateDecision) -> String { d.itemID.flatMap { texts[$0] }.map(e) ?? "<em>(no longer stored)</em>" }
        let all = contexts
        guard !all.isEmpty else { return "<p class=\"note\">No context was assembled in this session.</p>" }
        var html = ""
        for (k, c) in all.enumerated() {
            html += "<h3>Context \(k + 1), turn \(c.turn): “\(e(c.query))”</h3>\n<table><tr><th></th><th>item</th><th>score</th><th>features</th><th>text</th><th>why</th></tr>\n"
            for d in c.selected {
                html += "<tr><td class=\"in\">in</td><td>\(d.itemID.map { "#\($0)" } ?? "")</td><td class=\"num\">\(String(format: "%.3f", d.score))</td>"
                    + "<td>\(features(d))</td><td>\(text(d))</td><td>\(e(Self.reason(in: d.note)))</td></tr>\n"
            }
            for d in c.dropped {
                html += "<tr><td class=\"out\">left out</td><td>\(d.itemID.map { "#\($0)" } ?? "")</td><td class=\"num\">\(String(format: "%.3f", d.score))</td>"
                    + "<td>\(features(d))</td><td>\(text(d))</td><td>\(e(Self.reason(in: d.note)))</td></tr>\n"
            }
            html += "</table>\n"
        }
        return html
    }

    func decisionTable() -> String {
        let e = HTMLText.escaped
        var html = "<table><tr><th>#</th><th>turn</th><th>gate</th><th>outcome</th><th>item</th><th>event</th><th>score</th><th>features</th><th>note</th></tr>\n"
        for d in decisions {
            html += "<tr><td class=\"num\">\(d.seq)</td><td class=\"num\">\(d.turn)</td><td>\(d.gate.rawValue)</td><td>\(d.outcome.rawValue)</td>"
                + "<td>\(d.itemID.map { "#\($0)" } ?? "")</td><td>\(d.eventSeq.map(String.init) ?? "")</td>"
                + "<td class=\"num\">\(String(format: "%.3f", d.score))</td><td>\(features(d))</td><td>\(e(d.note))</td></tr>\n"
        }
        return html + "</table>"
    }

    /// `name=value` pairs, sorted by name.
    func features(_ d: GateDecision) -> String {
        d.features.sorted { $0.key < $1.key }.map { "\(HTMLText.escaped($0.key))=\(String(format: "%.3g", $0.value))" }.joined(separator: " ")
    }

    static func clipped(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
