import IAMPolicy
import JSON

/// Equality of policy documents as JSON values, with IAMPolicy's own reader: no Foundation bridging,
/// whose `NSDictionary.isEqual` answered differently for the same nested JSON in the static release
/// build than in the debug build (issue 20).
enum PolicyDocumentEquality {
    /// Whether two documents are the same JSON value: whitespace, object member order and number
    /// spelling (`1` vs `1.0`) aside. Documents that do not parse are compared as text.
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        guard let left = try? JSONValue(parsing: lhs), let right = try? JSONValue(parsing: rhs) else {
            return lhs == rhs
        }
        return equal(left, right)
    }

    /// Structural equality where an object is the set of its members (the last one wins when a key repeats,
    /// as IAM's reader and `JSONValue`'s subscript do) and arrays keep their order.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)):
            if a == b { return true }
            guard let x = Double(a), let y = Double(b) else { return false }
            return x == y
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            let left = members(a)
            let right = members(b)
            guard left.count == right.count else { return false }
            return left.allSatisfy { key, value in right[key].map { equal(value, $0) } ?? false }
        default: return false
        }
    }

    private static func members(_ list: [(key: String, value: JSONValue)]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for member in list { result[member.key] = member.value }
        return result
    }
}
