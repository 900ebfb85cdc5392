import JSON

/// Reads policy documents in every shape IAM accepts: `Statement` as object or array; `Action`,
/// `Resource`, `Principal` (and their `Not` forms) as string or array; condition values as strings,
/// numbers, booleans or arrays of them.
extension PolicyDocument {
    /// Parses a policy document from JSON text. Errors name the problem and where it is: line and
    /// column for syntax errors, the JSON path for structural ones.
    public init(parsing text: String) throws(PolicyError) {
        let json = try Self.readJSON(text).value
        try self.init(json: json)
    }

    /// Parses a policy document that must not repeat a member name in any object: the error names the
    /// first repeated one with its line and column (for files the user gives, where a repeated
    /// `Effect` or `Statement` silently changes what the policy means).
    public init(parsingStrictly text: String) throws(PolicyError) {
        let (json, duplicates) = try Self.readJSON(text)
        if let first = duplicates.first {
            throw PolicyError(
                kind: .structure,
                message: "\"\(first.key)\" is given twice in the same object (\(first.path)); readers differ on "
                    + "which one counts and IAM refuses such documents", path: first.path, line: first.line,
                column: first.column)
        }
        try self.init(json: json)
    }

    /// The member names `text` repeats within one object (empty for invalid JSON).
    public static func duplicateKeys(in text: String) -> [JSONDuplicateKey] {
        (try? JSONReader.parseReportingDuplicates(text).duplicates) ?? []
    }

    /// `text` as JSON with its repeated member names; a syntax error as a `PolicyError` of kind `syntax`.
    static func readJSON(_ text: String) throws(PolicyError) -> (value: JSONValue, duplicates: [JSONDuplicateKey]) {
        do {
            return try JSONReader.parseReportingDuplicates(text)
        } catch {
            throw PolicyError(error)
        }
    }

    /// Builds a policy document from parsed JSON.
    public init(json: JSONValue) throws(PolicyError) {
        guard case .object(let members) = json else {
            throw structure("a policy document must be a JSON object, not \(json.typeName)", "")
        }
        var version: PolicyVersion?
        var id: String?
        var statements: [Statement]?
        for (key, value) in members {
            switch key {
            case "Version":
                guard case .string(let text) = value else {
                    throw structure("Version must be a string", "Version")
                }
                guard let parsed = PolicyVersion(rawValue: text) else {
                    throw structure("Version must be \"2012-10-17\" or \"2008-10-17\", not \"\(text)\"", "Version")
                }
                version = parsed
            case "Id":
                guard case .string(let text) = value else { throw structure("Id must be a string", "Id") }
                id = text
            case "Statement":
                switch value {
                case .object:
                    statements = [try Self.statement(value, path: "Statement")]
                case .array(let elements):
                    var parsed: [Statement] = []
                    for (i, element) in elements.enumerated() {
                        parsed.append(try Self.statement(element, path: "Statement[\(i)]"))
                    }
                    statements = parsed
                default:
                    throw structure("Statement must be an object or an array of objects", "Statement")
                }
            default:
                throw structure("unknown element \"\(key)\" (expected Version, Id, Statement)", key)
            }
        }
        guard let statements else { throw structure("the document has no Statement", "") }
        self.init(version: version, id: id, statements: statements)
    }

    private static func statement(_ json: JSONValue, path: String) throws(PolicyError) -> Statement {
        guard case .object(let members) = json else {
            throw structure("a statement must be an object, not \(json.typeName)", path)
        }
        var sid: String?
        var effect: Effect?
        var principal: PrincipalElement?
        var action: ActionElement?
        var resource: ResourceElement?
        var conditions: [ConditionClause] = []
        func once(_ present: Bool, _ key: String, _ other: String) throws(PolicyError) {
            if present { throw structure("a statement cannot have both \(other) and \(key)", "\(path).\(key)") }
        }
        for (key, value) in members {
            let here = "\(path).\(key)"
            switch key {
            case "Sid":
                guard case .string(let text) = value else { throw structure("Sid must be a string", here) }
                sid = text
            case "Effect":
                guard case .string(let text) = value, let parsed = Effect(rawValue: text) else {
                    throw structure("Effect must be \"Allow\" or \"Deny\"", here)
                }
                effect = parsed
            case "Action":
                try once(action != nil, key, "NotAction")
                action = .action(try strings(value, path: here, allowEmpty: false))
            case "NotAction":
                try once(action != nil, key, "Action")
                action = .notAction(try strings(value, path: here, allowEmpty: false))
            case "Resource":
                try once(resource != nil, key, "NotResource")
                resource = .resource(try strings(value, path: here, allowEmpty: false))
            case "NotResource":
                try once(resource != nil, key, "Resource")
                resource = .notResource(try strings(value, path: here, allowEmpty: false))
            case "Principal":
                try once(principal != nil, key, "NotPrincipal")
                principal = .principal(try Self.principal(value, path: here))
            case "NotPrincipal":
                try once(principal != nil, key, "Principal")
                principal = .notPrincipal(try Self.principal(value, path: here))
            case "Condition":
                conditions = try Self.conditions(value, path: here)
            default:
                throw structure(
                    "unknown element \"\(key)\" (expected Sid, Effect, Principal, NotPrincipal, Action, NotAction, "
                        + "Resource, NotResource, Condition)", here)
            }
        }
        guard let effect else { throw structure("the statement has no Effect", path) }
        guard let action else { throw structure("the statement has neither Action nor NotAction", path) }
        for pattern in action.patterns where pattern != "*" && !pattern.contains(":") {
            throw structure("action \"\(pattern)\" must have the form service:action", "\(path).Action")
        }
        return Statement(
            sid: sid, effect: effect, principal: principal, action: action, resource: resource,
            conditions: conditions)
    }

    private static func strings(_ json: JSONValue, path: String, allowEmpty: Bool) throws(PolicyError) -> [String] {
        switch json {
        case .string(let text): return [text]
        case .array(let elements):
            if elements.isEmpty && !allowEmpty { throw structure("must not be an empty array", path) }
            var out: [String] = []
            for (i, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw structure("must be a string, not \(element.typeName)", "\(path)[\(i)]")
                }
                out.append(text)
            }
            return out
        default:
            throw structure("must be a string or an array of strings, not \(json.typeName)", path)
        }
    }

    private static func principal(_ json: JSONValue, path: String) throws(PolicyError) -> Principal {
        switch json {
        case .string("*"): return .anyone
        case .string(let text):
            throw structure("a principal string must be \"*\", not \"\(text)\"; use {\"AWS\": \"\(text)\"}", path)
        case .object(let members):
            var groups: [(type: PrincipalType, values: [String])] = []
            for (key, value) in members {
                guard let type = PrincipalType(rawValue: key) else {
                    throw structure(
                        "unknown principal type \"\(key)\" (expected AWS, Service, Federated, CanonicalUser)",
                        "\(path).\(key)")
                }
                groups.append((type, try strings(value, path: "\(path).\(key)", allowEmpty: false)))
            }
            return .identifiers(groups)
        default:
            throw structure("Principal must be \"*\" or an object, not \(json.typeName)", path)
        }
    }

    private static func conditions(_ json: JSONValue, path: String) throws(PolicyError) -> [ConditionClause] {
        guard case .object(let operators) = json else {
            throw structure("Condition must be an object, not \(json.typeName)", path)
        }
        var clauses: [ConditionClause] = []
        for (name, block) in operators {
            let here = "\(path).\(name)"
            guard let op = ConditionOperator(name: name) else {
                throw structure("unknown condition operator \"\(name)\"", here)
            }
            guard case .object(let keys) = block else {
                throw structure("a condition operator takes an object of keys, not \(block.typeName)", here)
            }
            for (key, value) in keys {
                clauses.append(ConditionClause(op, key, try conditionValues(value, path: "\(here).\(key)")))
            }
        }
        return clauses
    }

    private static func conditionValues(_ json: JSONValue, path: String) throws(PolicyError) -> [String] {
        func scalar(_ value: JSONValue, _ path: String) throws(PolicyError) -> String {
            switch value {
            case .string(let text): return text
            case .number(let text): return text
            case .bool(let flag): return flag ? "true" : "false"
            default:
                throw structure("a condition value must be a string, number or boolean, not \(value.typeName)", path)
            }
        }
        if case .array(let elements) = json {
            var out: [String] = []
            for (i, element) in elements.enumerated() { out.append(try scalar(element, "\(path)[\(i)]")) }
            return out
        }
        return [try scalar(json, path)]
    }
}

private func structure(_ message: String, _ path: String) -> PolicyError {
    PolicyError(kind: .structure, message: message, path: path)
}
