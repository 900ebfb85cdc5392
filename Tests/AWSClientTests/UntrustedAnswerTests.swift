import Foundation
import Testing

@testable import AWSClient

/// The pieces that keep a hostile answer from passing as a good one or from reaching the terminal raw.
struct UntrustedAnswerTests {
    @Test func xmlNestedBeyondTheLimitIsRefusedWithoutRecursion() {
        for depth in [XMLReader.maximumDepth + 1, 30_000, 200_000] {
            let document = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
            #expect(XMLReader.read(Array(document.utf8)).failure == .tooDeep, "depth \(depth)")
        }
        let deepest = XMLReader.maximumDepth
        let document = String(repeating: "<a>", count: deepest) + String(repeating: "</a>", count: deepest)
        #expect(XMLNode.parse(Array(document.utf8)) != nil)
    }

    @Test func xmlWithTooManyElementsIsRefused() {
        let document = "<r>" + String(repeating: "<a/>", count: XMLReader.maximumElements) + "</r>"
        #expect(XMLReader.read(Array(document.utf8)).failure == .tooManyElements)
    }

    @Test func errorDocumentsAreRecognisedWhateverTheirStatus() {
        let error =
            "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"x\"><Error><Code>AccessDenied</Code></Error></ErrorResponse>"
        #expect(AnswerCheck.isErrorDocument(Array(error.utf8)))
        #expect(AnswerCheck.isErrorDocument(Array("<!-- c --><Error><Code>X</Code></Error>".utf8)))
        #expect(AnswerCheck.isErrorDocument(Array(#"{"__type":"AccessDeniedException","message":"no"}"#.utf8)))
        let good = "<GetUserResponse><GetUserResult/></GetUserResponse>"
        #expect(!AnswerCheck.isErrorDocument(Array(good.utf8)))
        #expect(!AnswerCheck.isErrorDocument(Array(#"{"Accounts":[]}"#.utf8)))
        #expect(!AnswerCheck.isErrorDocument(Array("not xml".utf8)))
    }

    @Test func htmlPagesAreRecognised() throws {
        #expect(AnswerCheck.looksLikeHTML(Array("\n<!DOCTYPE html><html><body>Log in".utf8)))
        let xhtml = try #require(
            XMLNode.parse(Array("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>".utf8)))
        #expect(AnswerCheck.isHTML(xhtml))
        #expect(!AnswerCheck.looksLikeHTML(Array("<GetUserResponse/>".utf8)))
    }

    @Test func requiredMembersAreErrorsWhenMissing() throws {
        let result = try #require(XMLNode.parse(Array("<R><SummaryMap/></R>".utf8)))
        #expect(throws: AWSConnectionError.self) { try result.required("Content", in: "IAM.GetCredentialReport") }
        #expect(try result.required("SummaryMap", in: "IAM.GetAccountSummary").name == "SummaryMap")
    }

    @Test func terminalTextHasNoControlsAndABoundedLength() {
        let hostile = "Access\u{1B}[2J\u{1B}]0;title\u{07}Denied\r\nmfaguard: fine\u{9B}31m\u{202E}txt.exe\u{0}"
        let clean = TerminalText.sanitized(hostile)
        #expect(clean == "Access[2J]0;titleDenied  mfaguard: fine31mtxt.exe")
        #expect(
            TerminalText.sanitized(String(repeating: "x", count: 5000), limit: 300)
                == String(repeating: "x", count: 300) + "… (4700 more characters)")
        #expect(TerminalText.sanitized("grüße — 日本") == "grüße — 日本")
    }

    @Test func serviceErrorDescriptionsAreOneBoundedLine() {
        let error = AWSServiceError(
            code: "Denied\u{1B}[31m", message: "line one\nmfaguard: forged\n" + String(repeating: "y", count: 10_000),
            requestID: "r\r1", httpStatus: 403, operation: "IAM.GetUser")
        let text = error.description
        #expect(!text.contains("\n") && !text.contains("\r") && !text.contains("\u{1B}"))
        #expect(text.count < 500)
        #expect(text.hasPrefix("IAM.GetUser failed: Denied[31m: line one mfaguard: forged y"))
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
