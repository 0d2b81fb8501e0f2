import Foundation

/// How token states become one sentence vector: a sentence-transformers `Pooling` module,
/// read from its `config.json` (`1_Pooling/config.json`). Several modes at once are concatenated
/// in sentence-transformers' order: CLS, max, mean, mean·√n.
public struct Pooling: Sendable, Equatable {
    public var clsToken = false
    public var meanTokens = true
    public var maxTokens = false
    public var meanSqrtLengthTokens = false

    public init(clsToken: Bool = false, meanTokens: Bool = true, maxTokens: Bool = false, meanSqrtLengthTokens: Bool = false) {
        self.clsToken = clsToken
        self.meanTokens = meanTokens
        self.maxTokens = maxTokens
        self.meanSqrtLengthTokens = meanSqrtLengthTokens
    }

    struct File: Decodable {
        var pooling_mode_cls_token: Bool?
        var pooling_mode_mean_tokens: Bool?
        var pooling_mode_max_tokens: Bool?
        var pooling_mode_mean_sqrt_len_tokens: Bool?
        var pooling_mode_weightedmean_tokens: Bool?
        var pooling_mode_lasttoken: Bool?
    }

    /// Reads a Pooling module's `config.json`.
    /// - Throws: `EmbeddingError.invalidModel` for an unreadable file, a mode this port does not
    ///   compute (weighted mean, last token), or no mode at all.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmbeddingError.invalidModel("cannot read the pooling configuration \(path)")
        }
        let f: File
        do { f = try JSONDecoder().decode(File.self, from: data) } catch {
            throw EmbeddingError.invalidModel("\(path) is not a sentence-transformers pooling configuration")
        }
        if f.pooling_mode_weightedmean_tokens == true || f.pooling_mode_lasttoken == true {
            throw EmbeddingError.invalidModel("\(path) asks for weighted-mean or last-token pooling, which is not supported")
        }
        self.init(clsToken: f.pooling_mode_cls_token ?? false, meanTokens: f.pooling_mode_mean_tokens ?? false,
                  maxTokens: f.pooling_mode_max_tokens ?? false, meanSqrtLengthTokens: f.pooling_mode_mean_sqrt_len_tokens ?? false)
        guard clsToken || meanTokens || maxTokens || meanSqrtLengthTokens else {
            throw EmbeddingError.invalidModel("\(path) turns every pooling mode off")
        }
    }

    /// The output width for token states of width `h`.
    public func dimension(width h: Int) -> Int {
        h * [clsToken, meanTokens, maxTokens, meanSqrtLengthTokens].filter { $0 }.count
    }

    /// Pools the states (L, H) of one sequence's real tokens ([CLS] and [SEP] included, as
    /// sentence-transformers' attention mask includes them) into `out`.
    func pool(_ states: UnsafePointer<Float>, length l: Int, width h: Int, into out: UnsafeMutablePointer<Float>) {
        var o = out
        if clsToken { o.update(from: states, count: h); o += h }
        if maxTokens { maxPool(states, l, h, o); o += h }
        if meanTokens || meanSqrtLengthTokens {
            var sum = [Float](repeating: 0, count: h)
            for i in 0..<l { for j in 0..<h { sum[j] += states[i * h + j] } }
            if meanTokens { for j in 0..<h { o[j] = sum[j] / Float(l) }; o += h }
            if meanSqrtLengthTokens { let s = Float(l).squareRoot(); for j in 0..<h { o[j] = sum[j] / s } }
        }
    }

    private func maxPool(_ states: UnsafePointer<Float>, _ l: Int, _ h: Int, _ o: UnsafeMutablePointer<Float>) {
        for j in 0..<h {
            var m = -Float.infinity
            for i in 0..<l { m = max(m, states[i * h + j]) }
            o[j] = m
        }
    }
}
