import Foundation
import JSON

/// Recognises answers that are not what a successful AWS call returns, whatever their HTTP status.
enum AnswerCheck {
    static let htmlPage = "an HTML page, not an AWS answer (a captive portal or a proxy's login page?)"

    /// True for an error document: an XML `<ErrorResponse>` or `<Error>` root, or a JSON object with
    /// `__type` (the awsJson error shape). Some gateways and endpoints send these with status 200; read
    /// as a success they would be an empty result.
    static func isErrorDocument(_ body: [UInt8]) -> Bool {
        if let name = rootElementName(body) { return name == "ErrorResponse" || name == "Error" }
        guard firstNonSpace(body) == UInt8(ascii: "{"), body.count <= 1 << 20,
            let object = try? JSONReader.parse(body)
        else { return false }
        return object["__type"]?.stringValue != nil
    }

    /// True when the bytes start like an HTML page (`<!DOCTYPE html`, `<html`), even one that is not
    /// well-formed XML.
    static func looksLikeHTML(_ body: [UInt8]) -> Bool {
        let start = String(decoding: body.prefix(512), as: UTF8.self).lowercased()
        return start.contains("<!doctype html") || start.contains("<html")
    }

    /// True for an (X)HTML root element, with or without a namespace prefix.
    static func isHTML(_ root: XMLNode) -> Bool {
        let name = root.name.lowercased()
        return name == "html" || name.hasSuffix(":html")
    }

    /// The name of the first element, past the declaration, comments and a DOCTYPE; nil when the body
    /// does not start like XML. Reads only the first bytes: the whole answer is parsed once, later.
    static func rootElementName(_ body: [UInt8]) -> String? {
        var index = 0
        while index < body.count {
            while index < body.count, isSpace(body[index]) { index += 1 }
            guard index + 1 < body.count, body[index] == UInt8(ascii: "<") else { return nil }
            let next = body[index + 1]
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                guard let end = body[index...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                index = end + 1
                continue
            }
            var end = index + 1
            while end < body.count, !isSpace(body[end]), body[end] != UInt8(ascii: ">"), body[end] != UInt8(ascii: "/")
            {
                end += 1
            }
            return String(decoding: body[(index + 1)..<end], as: UTF8.self)
        }
        return nil
    }

    private static func firstNonSpace(_ body: [UInt8]) -> UInt8? { body.first { !isSpace($0) } }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
