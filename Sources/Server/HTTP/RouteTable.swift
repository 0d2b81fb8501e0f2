import Foundation

/// The routes of the contract (path templates and their methods), read from the OpenAPI document: tells an
/// unknown route (404) from a known one asked with the wrong method (405).
struct RouteTable: Sendable {
    let routes: [(components: [String], methods: [String])]

    init(openAPIDocument data: Data) {
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let paths = object?["paths"] as? [String: Any] ?? [:]
        let verbs = ["get", "put", "post", "delete", "patch", "head", "options"]
        routes = paths.map { path, value in
            let methods = ((value as? [String: Any]) ?? [:]).keys.filter(verbs.contains).map { $0.uppercased() }.sorted()
            return (Self.components(path), methods)
        }
    }

    /// The methods the contract allows on a concrete path, or nil when no route matches it.
    func methods(forPath path: String) -> [String]? {
        let parts = Self.components(path)
        for route in routes where route.components.count == parts.count {
            if zip(route.components, parts).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { return route.methods }
        }
        return nil
    }

    static func components(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }
}
