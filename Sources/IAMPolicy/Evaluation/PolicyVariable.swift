/// A string from a policy that may contain policy variables (`${aws:username}`, `${key, 'default'}`,
/// `${*}`, `${?}`, `${$}`), compiled once. Variables are recognised only under Version 2012-10-17.
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
struct TemplateString: Sendable {
    enum Part: Sendable {
        /// Text whose `*` and `?` are wildcards where the operator allows them.
        case text(String)
        /// A character that is always literal (`${*}`, `${?}`, `${$}`).
        case literal(String)
        /// A request context key (lowercased) and its default.
        case variable(key: String, defaultValue: String?)
    }

    let parts: [Part]
    /// The source text.
    let source: String

    var hasVariables: Bool {
        parts.contains {
            if case .text = $0 { return false }
            return true
        }
    }

    init(_ source: String, variables: Bool) {
        self.source = source
        guard variables, source.contains("${") else {
            parts = [.text(source)]
            return
        }
        var parts: [Part] = []
        var text = ""
        var rest = Substring(source)
        while let start = rest.firstRange(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            text += rest[..<start.lowerBound]
            let inner = rest[start.upperBound..<end]
            let part: Part?
            switch inner {
            case "*", "?", "$": part = .literal(String(inner))
            default: part = Self.variable(inner)
            }
            if let part {
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                parts.append(part)
            } else {
                text += rest[start.lowerBound...end]
            }
            rest = rest[rest.index(after: end)...]
        }
        text += rest
        if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    private static func variable(_ inner: Substring) -> Part? {
        if let comma = inner.firstIndex(of: ",") {
            let key = inner[..<comma].trimmingSpaces()
            let rawDefault = inner[inner.index(after: comma)...].trimmingSpaces()
            guard !key.isEmpty, rawDefault.count >= 2, rawDefault.first == "'", rawDefault.last == "'" else {
                return nil
            }
            return .variable(key: key.lowercased(), defaultValue: String(rawDefault.dropFirst().dropLast()))
        }
        let key = inner.trimmingSpaces()
        guard !key.isEmpty, !key.contains(" ") else { return nil }
        return .variable(key: key.lowercased(), defaultValue: nil)
    }

    /// The text with variables substituted; `nil` when a variable has no value and no default.
    func resolved(in context: RequestContext) -> String? {
        if parts.count == 1, case .text(let text) = parts[0] { return text }
        var out = ""
        for part in parts {
            switch part {
            case .text(let text), .literal(let text): out += text
            case .variable(let key, let defaultValue):
                guard let value = Self.value(key, defaultValue, context) else { return nil }
                out += value
            }
        }
        return out
    }

    /// Wildcard-pattern elements with variables substituted as literal text.
    func patternElements(in context: RequestContext) -> [Int16]? {
        var out: [Int16] = []
        for part in parts {
            switch part {
            case .text(let text):
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: "*"): out.append(WildcardPattern.many)
                    case UInt8(ascii: "?"): out.append(WildcardPattern.one)
                    default: out.append(Int16(byte))
                    }
                }
            case .literal(let text):
                out.append(contentsOf: text.utf8.map { Int16($0) })
            case .variable(let key, let defaultValue):
                guard let value = Self.value(key, defaultValue, context) else { return nil }
                out.append(contentsOf: value.utf8.map { Int16($0) })
            }
        }
        return out
    }

    private static func value(_ key: String, _ defaultValue: String?, _ context: RequestContext) -> String? {
        if let values = context.values(lowercasedKey: key), values.count == 1 { return values[0] }
        return defaultValue
    }
}

/// A pattern that may contain policy variables: precompiled when it has none.
struct TemplatePattern: Sendable {
    let template: TemplateString
    let compiled: WildcardPattern?

    init(_ source: String, variables: Bool) {
        template = TemplateString(source, variables: variables)
        compiled = template.hasVariables ? nil : WildcardPattern(source)
    }

    func matches(_ subject: UnsafeBufferPointer<UInt8>, in context: RequestContext) -> Bool {
        if let compiled { return compiled.matches(subject) }
        guard let elements = template.patternElements(in: context) else { return false }
        return WildcardPattern(elements: elements).matches(subject)
    }

    func matches(_ subject: String, in context: RequestContext) -> Bool {
        var copy = subject
        return copy.withUTF8 { matches($0, in: context) }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
