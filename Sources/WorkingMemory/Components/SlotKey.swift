/// Names a sketchpad slot: an attribute of an entity ("user" · "city"). Plain key/value slots use the entity
/// `SlotKey.global`.
public struct SlotKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public static let global = "*"
    public var entity: String
    public var attribute: String

    public init(entity: String = SlotKey.global, attribute: String) {
        self.entity = entity
        self.attribute = attribute
    }

    public var description: String { entity == Self.global ? attribute : "\(entity).\(attribute)" }
    public static func < (a: SlotKey, b: SlotKey) -> Bool { (a.entity, a.attribute) < (b.entity, b.attribute) }
}
