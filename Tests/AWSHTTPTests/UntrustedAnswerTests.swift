import Testing

@testable import AWSHTTP

/// The transport's bounds on what a hostile server can make it do: interim answers, the deadline.
struct UntrustedAnswerTests {
    @Test func interimAnswersAreCapped() throws {
        var parser = HTTPResponseParser()
        let interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
        for _ in 0..<HTTPResponseParser.maximumInterimAnswers {
            #expect(try parser.feed(interim) == nil)
        }
        #expect(throws: HTTPResponseParser.Malformed.self) { try parser.feed(interim) }
        var normal = HTTPResponseParser()
        _ = try normal.feed(interim)
        let response = try normal.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8))
        #expect(response?.body == Array("ok".utf8))
    }

    @Test func aDeadlineInThePastLeavesNoTime() {
        #expect(Expiry(seconds: 0).remaining == 0)
        #expect(Expiry(seconds: 0).bound(30) == 0.001)
        #expect(Expiry(seconds: 60).bound(30) == 30)
    }
}
