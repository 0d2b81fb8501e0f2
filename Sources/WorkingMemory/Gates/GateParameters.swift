import Foundation

/// Every number the gates use, in one place.
///
/// How the defaults were chosen: `wm bench gates` replays the 10 LoCoMo conversations (5,882 turns) through the
/// gates and ranks the 1,536 evaluated questions (categories 1-4) with the output gate (README, "How the gate
/// defaults were chosen"). `admitThreshold` 0.35 admits 96% of turns and 99.5% of evidence turns (0.5: 84% and
/// 96.4%, recall@10 −0.02). Every bit of forgetting costs recall on LoCoMo (all questions come after months of
/// conversation), so `turnDecay` 0.999 (half strength after ~690 turns unused) and `halfLifeDays` 180 are the
/// mildest tried values that still let unused items fade, retaining 99.5% of the evidence. `strengthFloor` 0.5
/// cost 0.05-0.08 recall@10 (the retrieval ranking already fuses strength); 0.9 keeps strength as a tie-breaker
/// (0.759 vs 0.761 at 1.0). The input-gate weights and the rest were set by hand on the project's demo texts.
///
/// Strength follows the LSTM cell update `c ← f·c + i·ĉ` (Gers, Schmidhuber & Cummins 2000):
/// - input gate  `i = σ(wNovelty·novelty + wSalience·salience + wExplicit·explicit + roleBias[role] + inputBias)`;
///   an event becomes an item when `i ≥ admitThreshold` (or it is explicit), with `c = i·ĉ`, `ĉ = 1`;
/// - forget gate `f = turnDecay^Δturns · 2^(−Δdays / halfLifeDays)`, `f = 1` for pinned items;
/// - rehearsal and use `c ← f·c + gain·(C − f·c)/C` with `C = strengthCeiling`: bounded, see `ForgetGate.refreshed`;
///   an item whose strength falls under `fadeThreshold` is *faded*: kept, searchable, but not put in a context
///   unless a query cues it strongly (`recollectRelevance`);
/// - output gate `o = relevance · (strengthFloor + (1 − strengthFloor)·tanh(c)/tanh(1))`, the LSTM `h = o·tanh(c)`,
///   with a diversity penalty and the token budget.
public struct GateParameters: Sendable, Codable, Equatable {
    // MARK: input gate
    /// Weight of novelty (1 − the highest token-set Jaccard similarity to what is stored or recent).
    public var wNovelty: Double = 2.0
    /// Weight of salience (`Salience.score`: content words, numbers, names, preferences, plans).
    public var wSalience: Double = 4.0
    /// Weight of an explicit "remember" (words like "remember", "记住", or `MemoryEvent.remember`).
    public var wExplicit: Double = 8.0
    /// Bias of the input gate; with the weights above a content-free turn ("ok thanks") scores about 0.2.
    public var inputBias: Double = -3.5
    /// Per-role bias added to the input gate (user facts matter more than tool chatter).
    public var roleBias: [String: Double] = ["user": 0.5, "assistant": 0.0, "tool": 0.0, "observation": -0.5]
    /// Admit when `i ≥ admitThreshold`.
    public var admitThreshold: Double = 0.35
    /// Token-set Jaccard at or above which a new event is a repeat of a stored item: the stored item is
    /// rehearsed (refreshed) instead of storing a copy.
    public var duplicateSimilarity: Double = 0.9
    /// Input gate value applied when an item is rehearsed (mentioned again): `c ← f·c + rehearsalGain·(C − f·c)/C`.
    public var rehearsalGain: Double = 0.5
    /// Input gate value applied when an item is used in a context: `c ← f·c + useGain·(C − f·c)/C`.
    public var useGain: Double = 0.2
    /// The saturation `C` of strength under rehearsal and use (`ForgetGate.refreshed`): repeated use brings an
    /// item towards `C`, never past it. 1 is where the output gate's `tanh(c)/tanh(1)` reaches its maximum.
    public var strengthCeiling: Double = 1
    /// How many stored items the novelty check also asks the retrieval index for (a full ranked search per
    /// event: costly with large memories, so off by default).
    public var noveltyCandidates: Int = 0
    /// Novelty compares a turn with exact repeats of any stored item (hash), the verbal buffer, and the last
    /// `noveltyWindow` admitted items (token-set Jaccard).
    public var noveltyWindow: Int = 32

    // MARK: forget gate
    /// Forget factor per received event (per turn).
    public var turnDecay: Double = 0.999
    /// Half-life of strength in days of event time.
    public var halfLifeDays: Double = 180
    /// Strength under which an item is faded.
    public var fadeThreshold: Double = 0.05
    /// Items visited per event by the amortised forget sweep that marks faded items (and records why). Only the
    /// status and the trace wait for the sweep: strengths are always computed exactly when read.
    public var sweepChunk: Int = 64

    // MARK: output gate
    /// Share of the output score kept however weak the item is (0: strength decides everything).
    public var strengthFloor: Double = 0.9
    /// Relevance (relative to the best hit) from which a faded item is recollected into the context.
    public var recollectRelevance: Double = 0.75
    /// Penalty per unit of token-set Jaccard with an already selected memory (maximal marginal relevance).
    public var diversityPenalty: Double = 0.5
    /// Similarity from which a candidate is dropped as redundant with a selected memory.
    public var redundancyCutoff: Double = 0.8
    /// Output-gate weight of an item whose stated fact was superseded (it stays, labelled, but ranks lower).
    public var supersededWeight: Double = 0.5
    /// Candidates asked from the retrieval index per context.
    public var candidateLimit: Int = 50

    // MARK: verbal buffer, episodes, context
    /// Token budget of the verbal buffer (recent turns kept verbatim).
    public var verbalBufferTokens: Int = 1024
    /// A pause longer than this starts a new episode (when events carry no explicit episode).
    public var episodeGapSeconds: Double = 1800
    /// An episode without explicit key also ends after this many turns (LoCoMo sessions hold 10-50 turns;
    /// episodes bind neighbouring turns in retrieval, and an endless one would make every turn a neighbour).
    public var episodeMaxTurns: Int = 64
    /// Share of the context budget each section may use in the first pass (the rest is redistributed, to facts,
    /// goals, memories, then recent turns): goals and plan, sketchpad facts, recent turns, retrieved memories.
    /// Memories get most: on LoCoMo the recent turns rarely hold what a question needs (evidence recall at 1,024
    /// tokens on conversations 0-4: 0.813 with [0.05, 0.1, 0.1, 0.75], 0.794 with [0.15, 0.2, 0.35, 0.3]; see
    /// docs/llm.md); the last turn or two still fit, and a memory that is a recent turn is shown once.
    public var sectionShares: [Double] = [0.05, 0.1, 0.05, 0.8]
    /// Tokens a chat message costs beyond its content (OpenAI chat format: about 4).
    public var messageOverheadTokens: Int = 4

    // MARK: time
    /// How far ahead of the wall clock an event's time may lie (seconds; default one day). The session clock is
    /// the latest event time: it never goes back (an old event received late is stored with its own time and
    /// leaves the clock alone), and one event dated years ahead would otherwise fade every unpinned item and
    /// hold the clock there for good.
    public var maxFutureSkewSeconds: Double = 86_400
    /// What happens to an event dated further ahead than `maxFutureSkewSeconds`.
    public var futureEvents: FutureEventPolicy = .refuse

    /// What `receive` does with an event dated too far ahead of the wall clock.
    public enum FutureEventPolicy: String, Sendable, Codable, CaseIterable {
        /// Refuse it with an error naming the time (nothing stored).
        case refuse
        /// Store it at the wall clock's time; the reception and the trace say so.
        case clamp
    }

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case strengthCeiling, maxFutureSkewSeconds, futureEvents, wNovelty, wSalience, wExplicit, inputBias, roleBias, admitThreshold, duplicateSimilarity, rehearsalGain, useGain, noveltyCandidates, noveltyWindow, turnDecay, halfLifeDays, fadeThreshold, sweepChunk, strengthFloor, recollectRelevance, diversityPenalty, redundancyCutoff, candidateLimit, verbalBufferTokens, episodeGapSeconds, episodeMaxTurns, sectionShares, messageOverheadTokens }

    /// Decodes stored parameters; a parameter missing from an older database keeps its default, a field this
    /// version does not know is refused (`KnownFields`).
    public init(from decoder: any Decoder) throws {
        try KnownFields.check(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let v = try c.decodeIfPresent(Double.self, forKey: .wNovelty) { wNovelty = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .wSalience) { wSalience = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .wExplicit) { wExplicit = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .inputBias) { inputBias = v }
        if let v = try c.decodeIfPresent([String: Double].self, forKey: .roleBias) { roleBias = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .admitThreshold) { admitThreshold = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .duplicateSimilarity) { duplicateSimilarity = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .rehearsalGain) { rehearsalGain = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .useGain) { useGain = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .noveltyCandidates) { noveltyCandidates = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .noveltyWindow) { noveltyWindow = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .turnDecay) { turnDecay = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .halfLifeDays) { halfLifeDays = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .fadeThreshold) { fadeThreshold = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .sweepChunk) { sweepChunk = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .strengthFloor) { strengthFloor = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .recollectRelevance) { recollectRelevance = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .diversityPenalty) { diversityPenalty = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .redundancyCutoff) { redundancyCutoff = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .candidateLimit) { candidateLimit = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .verbalBufferTokens) { verbalBufferTokens = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .episodeGapSeconds) { episodeGapSeconds = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .episodeMaxTurns) { episodeMaxTurns = v }
        if let v = try c.decodeIfPresent([Double].self, forKey: .sectionShares) { sectionShares = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .messageOverheadTokens) { messageOverheadTokens = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .maxFutureSkewSeconds) { maxFutureSkewSeconds = v }
        if let v = try c.decodeIfPresent(Double.self, forKey: .strengthCeiling) { strengthCeiling = v }
        if let v = try c.decodeIfPresent(FutureEventPolicy.self, forKey: .futureEvents) { futureEvents = v }
    }

    /// Checks ranges; throws `MemoryError.invalidArgument` naming the bad parameter.
    public func validate() throws {
        func check(_ ok: Bool, _ what: String) throws {
            if !ok { throw MemoryError.invalidArgument("gate parameter \(what)") }
        }
        let all = [wNovelty, wSalience, wExplicit, inputBias, admitThreshold, duplicateSimilarity, rehearsalGain,
                   useGain, turnDecay, halfLifeDays, fadeThreshold, strengthFloor, recollectRelevance,
                   diversityPenalty, redundancyCutoff, episodeGapSeconds, maxFutureSkewSeconds, strengthCeiling]
        try check(all.allSatisfy(\.isFinite), "values must be finite numbers")
        try check(turnDecay > 0 && turnDecay <= 1, "turnDecay must be in (0, 1]")
        try check(halfLifeDays > 0, "halfLifeDays must be > 0")
        try check(maxFutureSkewSeconds >= 0, "maxFutureSkewSeconds must be >= 0")
        try check(strengthCeiling > 0, "strengthCeiling must be > 0")
        try check((0...1).contains(rehearsalGain) && (0...1).contains(useGain), "rehearsalGain and useGain must be in [0, 1] (the share of the gap to strengthCeiling closed per use)")
        try check((0...1).contains(admitThreshold), "admitThreshold must be in [0, 1]")
        try check((0...1).contains(strengthFloor), "strengthFloor must be in [0, 1]")
        try check(candidateLimit > 0 && sweepChunk > 0, "candidateLimit and sweepChunk must be > 0")
        try check(verbalBufferTokens >= 0 && messageOverheadTokens >= 0, "token counts must be >= 0")
        try check(sectionShares.count == 4 && sectionShares.allSatisfy { $0 >= 0 && $0.isFinite },
                  "sectionShares must be 4 non-negative numbers")
    }
}
