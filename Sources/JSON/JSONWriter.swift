/// mfaguard's one JSON writer. Pretty text has one layout for every document (policies, reports,
/// SARIF, `policy` and `device` output): Python's `json.dumps(value, indent=2, ensure_ascii=False)`
/// layout, that is 2-space indentation, members in the order the value gives them
/// (`JSONValue.sortedObject` for documents with sorted keys), `"key": value`, `[]` and `{}` for empty
/// containers, no trailing spaces, and a final newline. Compact text (JSON Lines, the
/// `credential_process` output, the session cache) has no spaces at all. Strings escape `"`, `\\`,
/// control characters, DEL and U+2028/U+2029 (so the text is also a valid JavaScript literal) and
/// nothing else: `/` and non-ASCII characters are written as they are.
public enum JSONWriter {
    /// The canonical pretty text of `value`, ending in a newline.
    public static func pretty(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out += "\n"
        return out
    }

    /// The compact one-line text of `value` (for JSON Lines).
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        writeCompact(value, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: (indent + 1) * 2)
        let closePad = String(repeating: " ", count: indent * 2)
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out += "[\n"
            for (i, element) in elements.enumerated() {
                out += pad
                write(element, indent: indent + 1, into: &out)
                out += i == elements.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (i, member) in members.enumerated() {
                out += pad
                appendString(member.key, into: &out)
                out += ": "
                write(member.value, indent: indent + 1, into: &out)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "}"
        default:
            writeCompact(value, into: &out)
        }
    }

    private static func writeCompact(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): appendString(text, into: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                writeCompact(element, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                appendString(member.key, into: &out)
                out += ":"
                writeCompact(member.value, into: &out)
            }
            out += "}"
        }
    }

    private static func appendString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
