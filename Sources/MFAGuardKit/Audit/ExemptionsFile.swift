import Foundation
import LocalFiles
import MFAGuardConsole
import Yams

/// Reading `--exemptions FILE`: YAML (block or flow style, comments, quoted keys) or JSON, which YAML
/// reads too, parsed by Yams (libyaml). Strict, because an exemption hides a finding: an unknown key
/// (`expire:` for `expires:` would be an exemption that never expires), a duplicate key, a value that
/// is not text (`principal: 5`) or an impossible date is an input error naming `file:line`.
extension Exemption {
    /// The most an exemptions file may hold.
    static let fileLimit = 1 << 20
    static let keys = ["rule", "principal", "reason", "owner", "expires"]

    /// Loads and checks an exemptions file: a list of `{rule, principal, reason, owner, expires}`, or a
    /// mapping whose one key `exemptions` holds that list.
    /// - Throws: `MFAGuardFailure(.input)` with `PATH:LINE: what is wrong`.
    public static func load(from path: String) throws -> [Exemption] {
        let bytes: [UInt8]
        do { bytes = try FileReader.contents(of: path, limit: fileLimit, accepting: .streams) } catch {
            throw MFAGuardFailure(error)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MFAGuardFailure(.input, "\(path): not UTF-8 text")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw MFAGuardFailure(.input, "\(path):\(Self.describe(error))")
        }
        guard let root else { return [] }
        let list: Node.Sequence
        switch root {
        case .sequence(let sequence):
            list = sequence
        case .mapping(let mapping):
            for (key, _) in mapping where key.string != "exemptions" || !key.isText {
                throw failure(path, key, "unknown key '\(key.string ?? "?")' (expected a list, or 'exemptions:')")
            }
            guard let value = mapping["exemptions"] else {
                throw failure(path, root, "expected a list of exemptions under 'exemptions:'")
            }
            guard case .sequence(let sequence) = value else {
                throw failure(path, value, "'exemptions' must be a list")
            }
            list = sequence
        default:
            throw failure(path, root, "expected a list of exemptions")
        }
        return try list.enumerated().map { index, item in try exemption(item, index: index, path: path) }
    }

    private static func exemption(_ item: Node, index: Int, path: String) throws -> Exemption {
        let place = "exemptions[\(index)]"
        guard case .mapping(let mapping) = item else { throw failure(path, item, "\(place) is not a mapping") }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            guard key.isText, let name = key.string, keys.contains(name) else {
                throw failure(
                    path, key,
                    "\(place): unknown key '\(key.string ?? "?")' (expected \(keys.joined(separator: ", ")))")
            }
            guard case .scalar(let scalar) = value,
                value.isText || (name == "expires" && value.tag.rawValue == Tag.Name.timestamp.rawValue)
            else {
                throw failure(path, value, "\(place): '\(name)' must be text (quote it: \"\(value.string ?? "")\")")
            }
            values[name] = scalar.string
        }
        func required(_ name: String, _ hint: String = "") throws -> String {
            guard let value = values[name], !value.isEmpty else {
                throw failure(path, item, "\(place): '\(name)' is missing\(hint)")
            }
            return value
        }
        let rule = try required("rule")
        guard rule == "*" || AuditRule.named(rule) != nil else {
            throw failure(path, mapping["rule"] ?? item, "\(place): unknown rule '\(rule)'")
        }
        let exemption = Exemption(
            rule: rule, principal: try required("principal"),
            reason: try required("reason", " (say why the risk is accepted)"), owner: values["owner"],
            expires: values["expires"])
        if let expires = exemption.expires, ExpiryDate.parse(expires) == nil {
            throw failure(
                path, mapping["expires"] ?? item,
                "\(place): 'expires' is not a valid date: '\(expires)' (YYYY-MM-DD or an ISO 8601 date-time)")
        }
        return exemption
    }

    private static func failure(_ path: String, _ node: Node, _ message: String) -> MFAGuardFailure {
        MFAGuardFailure(.input, "\(path):\(node.mark.map { "\($0.line)" } ?? "?"): \(message)")
    }

    /// `LINE:COLUMN: problem` (or `LINE: duplicate key 'x'`) from a libyaml error, on one line.
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(mark.line):\(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "\(context.mark.line): duplicate key \(names)"
        default:
            return " \(String(describing: error).split(separator: "\n").first ?? "not valid YAML")"
        }
    }
}

extension Node {
    /// A scalar whose resolved type is a string: quoted, or plain text that is not a number, a
    /// boolean, null or a date.
    fileprivate var isText: Bool {
        guard case .scalar = self else { return false }
        return tag.rawValue == Tag.Name.str.rawValue
    }
}
