/// A small XML reader for AWS responses, into `XMLNode` trees.
///
/// Why not FoundationXML: it links libxml2, and loading it costs every mfaguard process about 3 ms
/// at start-up, also the ones that never read XML (`totp`, `credential-process` from the cache).
/// AWS responses use a plain subset of XML 1.0: a declaration, elements (attributes are read past:
/// only `xmlns` appears), character data with the predefined and numeric entity references, CDATA
/// sections and comments. Anything else is not well-formed for this reader, and `parse` returns `nil`.
///
/// Bounded: at most `maximumDepth` levels of nesting and `maximumElements` elements. Why: answers are
/// untrusted input. AWS answers nest about ten levels deep; a tree nested tens of thousands of levels
/// deep overflowed the stack when it was released, and millions of tiny elements cost far more memory
/// than the bytes that carried them.
enum XMLReader {
    /// Deeper nesting is refused (IAMPolicy's JSON reader has the same limit).
    static let maximumDepth = 512
    /// More elements are refused: a 1,000-item page of account details has well under a million.
    static let maximumElements = 4_000_000

    /// Why a document was refused.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case malformed
        case tooDeep
        case tooManyElements

        var description: String {
            switch self {
            case .malformed: "not well-formed"
            case .tooDeep: "nested deeper than \(XMLReader.maximumDepth) elements"
            case .tooManyElements: "more than \(XMLReader.maximumElements) elements"
            }
        }
    }

    static func parse(_ bytes: [UInt8]) -> XMLNode? {
        try? read(bytes).get()
    }

    static func read(_ bytes: [UInt8]) -> Result<XMLNode, Problem> {
        var reader = Cursor(bytes: bytes)
        guard let root = reader.document() else { return .failure(reader.problem) }
        return .success(root)
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0
        var elements = 0
        var problem = Problem.malformed

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func document() -> XMLNode? {
            var root: XMLNode?
            var stack: [XMLNode] = []
            var text: [UInt8] = []
            while index < bytes.count {
                if bytes[index] != UInt8(ascii: "<") {
                    guard !stack.isEmpty else {
                        // Only white space may stand outside the root element.
                        guard isSpace(bytes[index]) else { return nil }
                        index += 1
                        continue
                    }
                    guard appendCharacterData(to: &text) else { return nil }
                    continue
                }
                if starts(with: "<?") {
                    guard skip(past: "?>") else { return nil }
                } else if starts(with: "<!--") {
                    guard skip(past: "-->") else { return nil }
                } else if starts(with: "<![CDATA[") {
                    guard !stack.isEmpty else { return nil }
                    index += 9
                    guard let end = find("]]>") else { return nil }
                    text += bytes[index..<end]
                    index = end + 3
                } else if starts(with: "<!") {
                    guard skip(past: ">") else { return nil }  // a DOCTYPE without an internal subset
                } else if starts(with: "</") {
                    index += 2
                    guard let name = name(), skipSpace(), index < bytes.count, bytes[index] == UInt8(ascii: ">"),
                        var node = stack.popLast(), node.name == name
                    else { return nil }
                    index += 1
                    node.text += String(decoding: text, as: UTF8.self)
                    text = []
                    if !node.children.isEmpty { node.text = trimmed(node.text) }
                    if stack.isEmpty {
                        guard root == nil else { return nil }
                        root = node
                    } else {
                        stack[stack.count - 1].children.append(node)
                    }
                } else {
                    index += 1
                    guard let name = name() else { return nil }
                    var selfClosing = false
                    // Attributes: name="value" or name='value'; their values are not kept.
                    while true {
                        _ = skipSpace()
                        guard index < bytes.count else { return nil }
                        if bytes[index] == UInt8(ascii: ">") {
                            index += 1
                            break
                        }
                        if starts(with: "/>") {
                            index += 2
                            selfClosing = true
                            break
                        }
                        guard self.name() != nil, skipSpace(), index < bytes.count, bytes[index] == UInt8(ascii: "=")
                        else {
                            return nil
                        }
                        index += 1
                        _ = skipSpace()
                        guard index < bytes.count,
                            bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")
                        else { return nil }
                        let quote = bytes[index]
                        index += 1
                        while index < bytes.count, bytes[index] != quote { index += 1 }
                        guard index < bytes.count else { return nil }
                        index += 1
                    }
                    // Text before a child element belongs to the parent (mixed content is not in AWS answers).
                    if !stack.isEmpty {
                        stack[stack.count - 1].text += String(decoding: text, as: UTF8.self)
                        text = []
                    } else if root != nil {
                        return nil
                    }
                    elements += 1
                    guard elements <= XMLReader.maximumElements else {
                        problem = .tooManyElements
                        return nil
                    }
                    let node = XMLNode(name: name, text: "", children: [])
                    if selfClosing {
                        if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
                    } else {
                        guard stack.count < XMLReader.maximumDepth else {
                            problem = .tooDeep
                            return nil
                        }
                        stack.append(node)
                    }
                }
            }
            return stack.isEmpty ? root : nil
        }

        /// Character data up to the next `<`, with entity references resolved.
        mutating func appendCharacterData(to text: inout [UInt8]) -> Bool {
            while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
                guard bytes[index] == UInt8(ascii: "&") else {
                    text.append(bytes[index])
                    index += 1
                    continue
                }
                guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return false }
                let entity = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
                index = semicolon + 1
                switch entity {
                case "amp": text.append(UInt8(ascii: "&"))
                case "lt": text.append(UInt8(ascii: "<"))
                case "gt": text.append(UInt8(ascii: ">"))
                case "quot": text.append(UInt8(ascii: "\""))
                case "apos": text.append(UInt8(ascii: "'"))
                default:
                    guard entity.hasPrefix("#") else { return false }
                    let digits = entity.dropFirst()
                    let value =
                        digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    guard let value, let scalar = Unicode.Scalar(value) else { return false }
                    text += Array(String(Character(scalar)).utf8)
                }
            }
            return true
        }

        mutating func name() -> String? {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
                {
                    break
                }
                index += 1
            }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// Skips white space; always true, so it can stand in a `guard` chain.
        mutating func skipSpace() -> Bool {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            return true
        }

        func starts(with prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return prefix.withUTF8Buffer { buffer in
                (0..<count).allSatisfy { bytes[index + $0] == buffer[$0] }
            }
        }

        func find(_ needle: StaticString) -> Int? {
            let count = needle.utf8CodeUnitCount
            return needle.withUTF8Buffer { buffer -> Int? in
                var position = index
                while position + count <= bytes.count {
                    if (0..<count).allSatisfy({ bytes[position + $0] == buffer[$0] }) { return position }
                    position += 1
                }
                return nil
            }
        }

        mutating func skip(past terminator: StaticString) -> Bool {
            guard let end = find(terminator) else { return false }
            index = end + terminator.utf8CodeUnitCount
            return true
        }

        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        func trimmed(_ text: String) -> String {
            var scalars = Substring(text).unicodeScalars
            while let first = scalars.first, first == " " || first == "\n" || first == "\t" || first == "\r" {
                scalars.removeFirst()
            }
            while let last = scalars.last, last == " " || last == "\n" || last == "\t" || last == "\r" {
                scalars.removeLast()
            }
            return String(String.UnicodeScalarView(scalars))
        }
    }
}
