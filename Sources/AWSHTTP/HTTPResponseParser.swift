import Foundation

/// Reads an HTTP/1.1 answer fed in pieces as they arrive: status line, headers (names lower-cased,
/// repeated ones joined with ", "), and a body framed by `Content-Length`, chunked transfer coding, or
/// the end of the connection. Interim 1xx answers are skipped.
struct HTTPResponseParser {
    struct Malformed: Error {
        var reason: String
    }

    private enum Framing {
        case none
        case length(Int)
        case chunked
        case untilClose
    }

    private enum ChunkState {
        case size
        case data(Int)
        case trailers
    }

    /// False for answers to HEAD, which have headers only.
    let expectsBody: Bool
    /// Whether the connection may carry another request once this answer is read.
    private(set) var keepAlive = true

    private var buffer: [UInt8] = []
    private var position = 0
    private var headerSearchStart = 0
    private var status = 0
    private var headers: [String: String] = [:]
    private var framing: Framing?
    private var chunkState = ChunkState.size
    private var body: [UInt8] = []

    private var interimAnswers = 0

    static let maximumHeadSize = 256 * 1024
    static let maximumInterimAnswers = 10
    /// No AWS answer we ask for comes near this (a credential report of 5,000 users is ~1 MB): a larger
    /// one is refused rather than buffered without end.
    static let defaultMaximumSize = 256 * 1024 * 1024
    private let maximumSize: Int

    init(expectsBody: Bool = true, maximumSize: Int = defaultMaximumSize) {
        self.expectsBody = expectsBody
        self.maximumSize = maximumSize
    }

    /// Adds bytes; returns the answer once it is complete.
    mutating func feed(_ bytes: some Collection<UInt8>) throws(Malformed) -> HTTPResponse? {
        buffer.append(contentsOf: bytes)
        guard buffer.count <= maximumSize else {
            throw Malformed(reason: "answer larger than \(maximumSize / (1024 * 1024)) MiB")
        }
        while framing == nil {
            guard let end = find([13, 10, 13, 10], from: headerSearchStart) else {
                headerSearchStart = max(position, buffer.count - 3)
                if buffer.count - position > Self.maximumHeadSize {
                    throw Malformed(reason: "headers longer than \(Self.maximumHeadSize) bytes")
                }
                return nil
            }
            try parseHead(buffer[position..<end])
            position = end + 4
            headerSearchStart = position
        }
        return try advanceBody()
    }

    /// The connection ended: the answer, if its framing allows it to end here.
    mutating func finishAtEOF() -> HTTPResponse? {
        guard case .untilClose = framing else { return nil }
        keepAlive = false
        return HTTPResponse(status: status, headers: headers, body: Array(buffer[position...]))
    }

    private mutating func parseHead(_ head: ArraySlice<UInt8>) throws(Malformed) {
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.first.map(String.init) ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]), (100...999).contains(code)
        else {
            throw Malformed(reason: "status line \"\(statusLine.prefix(60))\"")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw Malformed(reason: "header line \"\(line.prefix(60))\"")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { $0 + ", " + value } ?? value
        }
        if (100..<200).contains(code) {
            // An interim answer (100 Continue): the real one follows. A server that sends nothing but
            // these would hold the request until the deadline; no real server sends more than a few.
            interimAnswers += 1
            guard interimAnswers <= Self.maximumInterimAnswers else {
                throw Malformed(reason: "more than \(Self.maximumInterimAnswers) interim (1xx) answers")
            }
            return
        }
        status = code
        headers = fields
        let connection = fields["connection"]?.lowercased() ?? ""
        keepAlive = parts[0] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        if !expectsBody || code == 204 || code == 304 {
            framing = Framing.none
        } else if let coding = fields["transfer-encoding"]?.lowercased() {
            // RFC 9112 6.3: chunked must be the last coding; with Content-Length too, the connection is not reused.
            guard coding.split(separator: ",").last?.trimmingCharacters(in: .whitespaces) == "chunked" else {
                throw Malformed(reason: "Transfer-Encoding \"\(coding)\" without chunked last")
            }
            framing = .chunked
            if fields["content-length"] != nil { keepAlive = false }
        } else if let lengthText = fields["content-length"] {
            let values = Set(lengthText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            guard values.count == 1, let length = values.first.flatMap({ Int($0) }), length >= 0 else {
                throw Malformed(reason: "Content-Length \"\(lengthText)\"")
            }
            framing = .length(length)
        } else {
            framing = .untilClose
            keepAlive = false
        }
    }

    private mutating func advanceBody() throws(Malformed) -> HTTPResponse? {
        switch framing {
        case .none?:
            if buffer.count > position { keepAlive = false }  // unasked bytes: don't reuse
            return HTTPResponse(status: status, headers: headers, body: [])
        case .length(let length)?:
            guard buffer.count - position >= length else { return nil }
            if buffer.count - position > length { keepAlive = false }  // unasked bytes: don't reuse
            return HTTPResponse(status: status, headers: headers, body: Array(buffer[position..<position + length]))
        case .untilClose?, nil:
            return nil
        case .chunked?:
            while true {
                switch chunkState {
                case .size:
                    guard let end = find([13, 10], from: position) else { return nil }
                    let line = String(decoding: buffer[position..<end], as: UTF8.self)
                    let sizeText = line.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces)
                    // At most 2^40 bytes a chunk: larger is not a real answer, and `size + 2` cannot overflow.
                    guard let sizeText, let size = Int(sizeText, radix: 16), (0...(1 << 40)).contains(size) else {
                        throw Malformed(reason: "chunk size \"\(line.prefix(20))\"")
                    }
                    position = end + 2
                    chunkState = size == 0 ? .trailers : .data(size)
                case .data(let size):
                    guard buffer.count - position >= size + 2 else { return nil }
                    body.append(contentsOf: buffer[position..<position + size])
                    guard buffer[position + size] == 13, buffer[position + size + 1] == 10 else {
                        throw Malformed(reason: "chunk of \(size) bytes not followed by CRLF")
                    }
                    position += size + 2
                    chunkState = .size
                case .trailers:
                    guard let end = find([13, 10], from: position) else { return nil }
                    let empty = end == position
                    position = end + 2
                    if empty {
                        if buffer.count > position { keepAlive = false }
                        return HTTPResponse(status: status, headers: headers, body: body)
                    }
                }
            }
        }
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        var index = max(start, 0)
        while index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0] {
                var matches = true
                for offset in 1..<pattern.count where buffer[index + offset] != pattern[offset] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }
}
