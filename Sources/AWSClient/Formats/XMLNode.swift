/// A small read-only XML tree for AWS Query responses.
public struct XMLNode: Sendable {
    /// The element's name as written, any prefix included (`GetUserResult`, `member`, …).
    public var name: String
    /// The decoded character data; trimmed of surrounding whitespace when the element has children.
    public var text: String
    /// Child elements in document order.
    public var children: [XMLNode]

    /// The first child called `name`.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// All children called `name`.
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The text of the first child called `name`, if present.
    public subscript(_ name: String) -> String? { child(name)?.text }

    /// The `<member>` items of the list child `name` (Query protocol lists).
    public func members(_ name: String) -> [XMLNode] { child(name)?.children("member") ?? [] }

    /// `<entry><key>…</key><value>…</value></entry>` maps (Query protocol maps).
    public func map(_ name: String) -> [String: String] {
        var result: [String: String] = [:]
        for entry in child(name)?.children("entry") ?? [] {
            if let key = entry["key"] { result[key] = entry["value"] ?? "" }
        }
        return result
    }

    /// Parses `data`; `nil` if it is not well-formed XML (see `XMLReader`).
    public static func parse(_ data: [UInt8]) -> XMLNode? { XMLReader.parse(data) }

    /// Parses `data`, or says why it was refused (not well-formed, nested too deeply, too many elements).
    static func read(_ data: [UInt8]) -> Result<XMLNode, XMLReader.Problem> { XMLReader.read(data) }

    /// The child `name`, or an error naming the operation whose answer lacks it. Decoders use it for
    /// the members without which an answer means nothing (botocore's `required`, and the ones an audit
    /// cannot do without): an answer that lacks them is not read as "empty".
    public func required(_ name: String, in operation: String) throws -> XMLNode {
        guard let node = child(name) else {
            throw AWSConnectionError(operation: operation, message: "the answer has no <\(name)>", attempts: 1)
        }
        return node
    }
}
