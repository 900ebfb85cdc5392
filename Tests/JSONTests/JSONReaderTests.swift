import Foundation
import JSON
import TestSupport
import Testing

/// The JSON reader against Python's `json` module: the same documents parse to the same values, and
/// malformed ones fail at the same line and column.
@Suite("JSON reader, checked against Python's json module")
struct JSONReaderTests {
    /// Python's verdict for each input: `["ok", compact re-serialisation]` or `["error", line, column]`.
    static func python(_ inputs: [String]) throws -> [[Any]] {
        let script = """
            import json, sys
            out = []
            for text in json.load(sys.stdin):
                try:
                    value = json.loads(text)
                    out.append(["ok", json.dumps(value, separators=(",", ":"), ensure_ascii=False)])
                except json.JSONDecodeError as e:
                    out.append(["error", e.lineno, e.colno])
            json.dump(out, sys.stdout)
            """
        let input = try JSONSerialization.data(withJSONObject: inputs)
        let result = try ChildProcess.run("python3", ["-c", script], stdin: input)
        #expect(result.status == 0, "python3 failed: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: result.stdoutData) as! [[Any]]
    }

    static let validDocuments = [
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}"#,
        #"{"a": [1, -2, 3.5, 1e3, 0, -0.25E-2], "b": {"c": null, "d": true, "e": false}}"#,
        "{\n  \"Statement\": {\n    \"Effect\": \"Deny\",\n    \"NotAction\": \"iam:*\"\n  }\n}",
        #"["caf\u00e9", "\ud83d\ude00", "tab\there", "quote\"slash\\/", "é ü 😀"]"#,
        "  [ ]  ",
        "{}",
        "\"just a string\"",
        "123",
    ]

    @Test func validDocumentsReadTheSameAsPython() throws {
        let verdicts = try Self.python(Self.validDocuments)
        for (text, verdict) in zip(Self.validDocuments, verdicts) {
            #expect(verdict[0] as? String == "ok")
            let ours = try JSONValue(parsing: text)
            // Python re-renders numbers; compare numbers by value through a second parse on its side.
            let reparsed = try Self.python([JSONWriter.compact(ours)])
            #expect(reparsed[0][1] as? String == verdict[1] as? String, "\(text)")
        }
    }

    /// Mutations of valid policies (characters deleted or inserted) must fail where Python fails, or
    /// parse where Python parses.
    @Test func mutatedDocumentsFailAtTheSameLineAndColumnAsPython() throws {
        let bases = [
            "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Effect\": \"Allow\",\n"
                + "            \"Action\": [\"s3:Get*\", \"s3:List*\"],\n            \"Resource\": \"*\",\n"
                + "            \"Condition\": {\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": 3600}}\n        }\n    ]\n}\n",
            "{\"Statement\":{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\"],\"Condition\":{\"Bool\":{\"k\":true}},"
                + "\"Sid\":\"é1\",\"n\":[0.5,-1,2e2,null]}}",
        ]
        let insertions: [Character] = ["{", "}", "[", "]", ",", ":", "\"", " ", "\n", "1", "-", ".", "e", "0", "\t"]
        var generator = SplitMix64(seed: 0x1A2B_3C4D)
        var inputs: [String] = []
        for base in bases {
            let characters = Array(base)
            for _ in 0..<200 {
                var mutated = characters
                let operations = Int(generator.next() % 2) + 1
                for _ in 0..<operations {
                    let position = Int(generator.next() % UInt64(mutated.count))
                    if generator.next() % 2 == 0 && mutated.count > 1 {
                        mutated.remove(at: position)
                    } else {
                        mutated.insert(insertions[Int(generator.next() % UInt64(insertions.count))], at: position)
                    }
                }
                inputs.append(String(mutated))
            }
        }
        inputs += [
            "", " ", "{", "[", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "tru", "nul", "01", "1.", "-", "[1 2]", "\"abc",
        ]
        let verdicts = try Self.python(inputs)
        var errors = 0
        for (text, verdict) in zip(inputs, verdicts) {
            do {
                _ = try JSONValue(parsing: text)
                #expect(verdict[0] as? String == "ok", "we accepted what Python rejects: \(text.debugDescription)")
            } catch {
                errors += 1
                #expect(verdict[0] as? String == "error", "we rejected what Python accepts: \(text.debugDescription)")
                #expect(error.line == verdict[1] as? Int, "line of \(text.debugDescription): \(error)")
                #expect(error.column == verdict[2] as? Int, "column of \(text.debugDescription): \(error)")
            }
        }
        #expect(errors > 100)
    }

    @Test func syntaxErrorNamesTheProblemAndPosition() {
        #expect(
            throws: JSONSyntaxError(message: "unexpected character '}', expected a value", line: 3, column: 1)
        ) {
            try JSONValue(parsing: "{\"a\":\n  \n}")
        }
        #expect(throws: JSONSyntaxError(message: "unterminated string", line: 1, column: 2)) {
            try JSONValue(parsing: "[\"abc")
        }
    }

    @Test func canonicalWriterEscapesControlCharacters() {
        let text = JSONWriter.compact(.string("a\u{01}\n\"\\"))
        #expect(text == #""a\u0001\n\"\\""#)
    }
}

/// A small deterministic random source for the mutation test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
