import JSON

/// Canonical JSON of a policy document: elements in IAM's documented order (Version, Id, Statement;
/// Sid, Effect, Principal, Action, Resource, Condition), a single value as a string, several as an array.
extension PolicyDocument {
    /// The document in the canonical form above.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let version { members.append(("Version", .string(version.rawValue))) }
        if let id { members.append(("Id", .string(id))) }
        members.append(("Statement", .array(statements.map(\.json))))
        return .object(members)
    }

    /// The canonical pretty JSON text, ending in a newline.
    public var prettyJSON: String { JSONWriter.pretty(json) }
}

extension Statement {
    /// The statement's members in IAM's order; clauses with the same operator share one block.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let sid { members.append(("Sid", .string(sid))) }
        members.append(("Effect", .string(effect.rawValue)))
        switch principal {
        case .principal(let p): members.append(("Principal", p.json))
        case .notPrincipal(let p): members.append(("NotPrincipal", p.json))
        case nil: break
        }
        switch action {
        case .action(let list): members.append(("Action", Self.list(list)))
        case .notAction(let list): members.append(("NotAction", Self.list(list)))
        }
        switch resource {
        case .resource(let list): members.append(("Resource", Self.list(list)))
        case .notResource(let list): members.append(("NotResource", Self.list(list)))
        case nil: break
        }
        if !conditions.isEmpty {
            var blocks: [(key: String, value: JSONValue)] = []
            for clause in conditions {
                let name = clause.op.description
                let entry = (key: clause.key, value: Self.list(clause.values))
                if let i = blocks.firstIndex(where: { $0.key == name }), case .object(var keys) = blocks[i].value {
                    keys.append(entry)
                    blocks[i].value = .object(keys)
                } else {
                    blocks.append((name, .object([entry])))
                }
            }
            members.append(("Condition", .object(blocks)))
        }
        return .object(members)
    }

    static func list(_ values: [String]) -> JSONValue {
        values.count == 1 ? .string(values[0]) : .array(values.map { .string($0) })
    }
}

extension Principal {
    /// `"*"` for anyone, else an object from principal type to its identifier or identifiers.
    public var json: JSONValue {
        switch self {
        case .anyone: .string("*")
        case .identifiers(let groups): .object(groups.map { ($0.type.rawValue, Statement.list($0.values)) })
        }
    }
}
