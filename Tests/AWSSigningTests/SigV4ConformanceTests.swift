import Foundation
import TestSupport
import Testing

@testable import AWSSigning

/// The AWS SigV4 test suite (aws-c-auth's `aws-signing-test-suite/v4`) from ../shared/conformance/sigv4.
struct SigV4ConformanceTests {
    static let caseNames: [String] = {
        guard let root = try? TestPaths.conformance("sigv4"),
            let names = try? FileManager.default.contentsOfDirectory(atPath: root.path)
        else { return ["<sigv4 conformance folder missing>"] }
        return names.filter { !$0.contains(".") && $0 != "LICENSE" && $0 != "NOTICE" }.sorted()
    }()

    @Test func suiteHasAllThirtyEightCases() {
        #expect(Self.caseNames.count == 38)
    }

    @Test(arguments: caseNames)
    func headerSigningMatchesSuite(_ name: String) throws {
        let suiteCase = try SigV4SuiteCase(name: name)
        var request = suiteCase.request
        let signer = suiteCase.signer
        let stamp = suiteCase.stamp
        var unsigned = request
        if signer.options.signBody {
            unsigned.setHeader("X-Amz-Content-Sha256", SigV4Signer.hexSHA256(request.body))
        }
        unsigned.setHeader("X-Amz-Date", stamp.full)
        if let token = signer.credentials.sessionToken, !signer.options.omitSessionToken {
            unsigned.setHeader("X-Amz-Security-Token", token)
        }
        let canonical = signer.canonicalRequest(unsigned, payloadHash: SigV4Signer.hexSHA256(request.body))
        #expect(canonical.text == (try suiteCase.file("header-canonical-request.txt")))
        let stringToSign = signer.stringToSign(canonicalRequest: canonical.text, date: stamp)
        #expect(stringToSign == (try suiteCase.file("header-string-to-sign.txt")))
        #expect(
            signer.signature(stringToSign: stringToSign, date: stamp) == (try suiteCase.file("header-signature.txt")))

        signer.sign(&request, date: suiteCase.stamp)
        let expected = try SigV4SuiteCase.parseRequest(suiteCase.file("header-signed-request.txt"))
        #expect(request.header("Authorization") == expected.header("Authorization"))
        #expect(request.header("X-Amz-Security-Token") == expected.header("X-Amz-Security-Token"))
    }

    @Test(arguments: caseNames)
    func querySigningMatchesSuite(_ name: String) throws {
        let suiteCase = try SigV4SuiteCase(name: name)
        var request = suiteCase.request
        suiteCase.signer.presign(&request, expires: suiteCase.expires, date: suiteCase.stamp)
        let expected = try SigV4SuiteCase.parseRequest(suiteCase.file("query-signed-request.txt"))
        let ours = Dictionary(request.query, uniquingKeysWith: { first, _ in first })
        let theirs = Dictionary(expected.query, uniquingKeysWith: { first, _ in first })
        #expect(ours["X-Amz-Signature"] != nil)
        #expect(ours["X-Amz-Signature"] == theirs["X-Amz-Signature"])
        #expect(ours == theirs)
    }
}

/// One folder of the suite: context.json, request.txt and the expected outputs.
struct SigV4SuiteCase {
    let folder: URL
    let request: SignableRequest
    let signer: SigV4Signer
    let stamp: AmzDate
    let expires: Int

    init(name: String) throws {
        folder = try TestPaths.conformance("sigv4").appendingPathComponent(name)
        let context = try JSONDecoder().decode(
            Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
        let credentials = SigningCredentials(
            accessKeyID: context.credentials.access_key_id,
            secretAccessKey: context.credentials.secret_access_key, sessionToken: context.credentials.token)
        signer = SigV4Signer(
            credentials: credentials, region: context.region, service: context.service,
            options: .init(
                normalizePath: context.normalize, signBody: context.sign_body,
                omitSessionToken: context.omit_session_token ?? false))
        let date = try #require(ISO8601DateFormatter().date(from: context.timestamp))
        stamp = AmzDate(secondsSince1970: Int(date.timeIntervalSince1970))
        expires = context.expiration_in_seconds ?? 3600
        request = try Self.parseRequest(
            String(decoding: Data(contentsOf: folder.appendingPathComponent("request.txt")), as: UTF8.self))
    }

    func file(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
    }

    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }
        let credentials: Credentials
        let region: String
        let service: String
        let timestamp: String
        let normalize: Bool
        let sign_body: Bool
        let omit_session_token: Bool?
        let expiration_in_seconds: Int?
    }

    /// Parses the suite's raw HTTP text: request line, headers (continuation lines start with
    /// whitespace), blank line, body.
    static func parseRequest(_ text: String) throws -> SignableRequest {
        let lines = text.components(separatedBy: "\n")
        let requestLine = try #require(lines.first)
        let method = String(requestLine.prefix { $0 != " " })
        let afterMethod = requestLine.dropFirst(method.count + 1)
        let target = try #require(afterMethod.range(of: " HTTP/", options: .backwards)).lowerBound
        let uri = String(afterMethod[..<target])
        let (path, rawQuery) =
            uri.firstIndex(of: "?").map { (String(uri[..<$0]), String(uri[uri.index(after: $0)...])) } ?? (uri, "")
        let query: [(String, String)] =
            rawQuery.isEmpty
            ? []
            : rawQuery.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (
                    URIEncoding.decode(String(parts[0])), parts.count > 1 ? URIEncoding.decode(String(parts[1])) : ""
                )
            }
        var headers: [(name: String, value: String)] = []
        var index = 1
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
            index += 1
        }
        let body = index + 1 < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
        return SignableRequest(method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
    }
}
