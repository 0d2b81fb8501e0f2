import Foundation

/// The load of `wm bench serve`: which operation a client sends next, on which session, with which words.
/// The server run and the direct engine run draw from the same mix.
struct ServeMix {
    enum Operation { case appendEvents, getContext }

    /// Share of appendEvents (the rest is getContext).
    let appendShare: Double
    let sessions: Int
    static let places = ["Porto", "Lisbon", "Kyoto", "Oslo", "Quito", "Accra", "Hanoi", "Lima", "上海", "北京"]
    static let things = ["ferry", "museum", "bakery", "bridge", "concert", "train", "market", "garden", "library", "harbour"]

    func next(_ rng: inout BenchRandom) -> (Operation, session: Int) {
        let op: Operation = Double(rng.next() % 10_000) / 10_000 < appendShare ? .appendEvents : .getContext
        return (op, Int(rng.next() % UInt64(sessions)))
    }

    /// A user turn that names a place, a thing and a time, so the gates and the sketchpad have work.
    static func eventText(client: Int, k: Int, _ rng: inout BenchRandom) -> String {
        let place = places[Int(rng.next() % UInt64(places.count))], thing = things[Int(rng.next() % UInt64(things.count))]
        return "Client \(client) note \(k): the \(thing) in \(place) opens at \(7 + rng.next() % 12) o'clock, said \(BenchRandom.word(&rng))."
    }

    static func query(_ rng: inout BenchRandom) -> String {
        "When does the \(things[Int(rng.next() % UInt64(things.count))]) in \(places[Int(rng.next() % UInt64(places.count))]) open?"
    }

    static let budget = 512
}
