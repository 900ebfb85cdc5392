import AWSClient
import Foundation
import JSON

/// JSON for the documents mfaguard keeps as `Codable` types: the snapshot (`AccountSnapshot`), the enforce
/// plan and the enforce journal (docs/ARCHITECTURE.md, "One JSON", says why they stay `Codable`).
/// `JSONEncoder` and `JSONDecoder` map the types to and from JSON; dates go through the one ISO 8601
/// formatter and parser (`JSON.ISO8601`), and pretty documents are laid out by `JSONWriter`.
enum CodableJSON {
    /// Sorted keys, `/` unescaped, compact (the layout of `JSONWriter.compact`), dates as
    /// `2026-11-23T10:00:00Z`.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(HTTPDate.iso8601(date))
        }
        return encoder
    }

    /// Dates read with the one ISO 8601 parser (whole or fractional seconds, any zone).
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = HTTPDate.parseISO8601(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "Expected date string to be ISO8601-formatted.")
            }
            return date
        }
        return decoder
    }

    /// `value` as pretty JSON in `JSONWriter`'s layout (keys sorted), ending in a newline.
    static func pretty(_ value: some Encodable) throws -> String {
        JSONWriter.pretty(try JSONReader.parse(try encoder().encode(value)))
    }
}
