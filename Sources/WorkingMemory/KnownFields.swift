/// Refuses a JSON object with a field its type does not know. Configuration files name only what they change
/// (every other field keeps its default), so a misspelt field (`"bm26"`, `"halfLifeDay"`) would otherwise be
/// ignored without a word and the run would use the default the user meant to change.
enum KnownFields {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// - Throws: `DecodingError.dataCorrupted` naming the unknown field and the known ones.
    static func check<K: CodingKey & CaseIterable>(_ decoder: any Decoder, _ keys: K.Type) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(K.allCases.map(\.stringValue))
        if let unknown = c.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [AnyKey(stringValue: unknown)],
                debugDescription: "not a known field (known: \(known.sorted().joined(separator: ", ")))"))
        }
    }
}
