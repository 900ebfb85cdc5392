import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small read-only XML tree for AWS Query responses.
public struct XMLNode: Sendable {
    public var name: String
    public var text: String
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

    /// Parses `data`; `nil` if it is not well-formed XML.
    public static func parse(_ data: [UInt8]) -> XMLNode? {
        let parser = XMLParser(data: Data(data))
        let builder = Builder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            stack.append(XMLNode(name: elementName, text: "", children: []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            guard var node = stack.popLast() else { return }
            if !node.children.isEmpty { node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            if stack.isEmpty {
                root = node
            } else {
                stack[stack.count - 1].children.append(node)
            }
        }
    }
}
