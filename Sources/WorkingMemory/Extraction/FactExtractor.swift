import Foundation

/// Finds simple personal facts in a turn ("my favourite colour is green", "I live in Lyon", "我的生日是五月三日",
/// "我住在上海") and turns them into sketchpad slot updates of the speaker. Deliberately small and precise:
/// a wrong slot is worse than a missing one, and an LLM-based extractor can replace it through the update API.
public struct FactExtractor: Sendable {
    public init() {}

    /// - Parameters:
    ///   - text: the turn.
    ///   - entity: whose facts these are (the speaker, or "user").
    /// - Returns: slot keys and values found, in text order.
    ///   - words: the text's lower-cased words, when already known (a cheap test skips texts without cues).
    public func facts(in text: String, entity: String, words: Set<String>? = nil) -> [(SlotKey, SlotValue)] {
        if let words {
            let english = words.contains("my") || (words.contains("i") && !words.isDisjoint(with: ["live", "moved", "work"]))
                || (words.contains("call") && words.contains("me"))
            if !english && !text.unicodeScalars.contains("我") { return [] }
        }
        var found: [(SlotKey, SlotValue)] = []
        for sentence in text.split(whereSeparator: { ".!?;\n。！？；".contains($0) }) {
            let s = sentence.trimmingCharacters(in: .whitespaces)
            let lower = s.lowercased()
            if let r = lower.range(of: "my "), let isR = lower.range(of: " is ", range: r.upperBound..<lower.endIndex) {
                let attribute = String(lower[r.upperBound..<isR.lowerBound])
                let original = String(s[r.upperBound..<isR.lowerBound])
                let value = clean(String(s[isR.upperBound...]))
                let valueWords = value.split(separator: " ")
                // "my sister Maria is getting married": a name in the attribute or a verb phrase as value is no slot.
                let named = original.split(separator: " ").contains { $0.first?.isUppercase == true }
                let verbPhrase = valueWords.count > 1 && valueWords[0].hasSuffix("ing")
                if (1...2).contains(attribute.split(separator: " ").count), !named, !verbPhrase, !value.isEmpty, value.count <= 60 {
                    found.append((SlotKey(entity: entity, attribute: attribute), .text(value)))
                }
                continue
            }
            for (cue, attribute) in [("i live in ", "lives in"), ("i moved to ", "lives in"), ("i work at ", "works at"),
                                     ("i work as ", "works as"), ("call me ", "name")] {
                if let r = lower.range(of: cue) {
                    let value = clean(String(s[r.upperBound...]))
                    if !value.isEmpty, value.count <= 40, value.split(separator: " ").count <= 4 {
                        found.append((SlotKey(entity: entity, attribute: attribute), .text(value)))
                    }
                }
            }
            if let r = s.range(of: "我的"), let isR = s.range(of: "是", range: r.upperBound..<s.endIndex) {
                let attribute = String(s[r.upperBound..<isR.lowerBound])
                let value = clean(String(s[isR.upperBound...]))
                if (1...6).contains(attribute.count), !value.isEmpty, value.count <= 30 {
                    found.append((SlotKey(entity: entity, attribute: attribute), .text(value)))
                }
                continue
            }
            for (cue, attribute) in [("我住在", "住在"), ("我搬到了", "住在"), ("我搬到", "住在"), ("我叫", "名字")] {
                if let r = s.range(of: cue) {
                    let value = clean(String(s[r.upperBound...]))
                    if !value.isEmpty, value.count <= 20 { found.append((SlotKey(entity: entity, attribute: attribute), .text(value))) }
                    break
                }
            }
        }
        return found
    }

    private func clean(_ s: String) -> String {
        var v = s.trimmingCharacters(in: .whitespaces)
        for cut in [" now", " and ", " but ", " because ", ",", "，", "了"] {
            if let r = v.range(of: cut) { v = String(v[..<r.lowerBound]) }
        }
        return v.trimmingCharacters(in: CharacterSet(charactersIn: " .,!?。，！？\"'"))
    }
}
