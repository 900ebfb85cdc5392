import Foundation
import JSON
import TestSupport
import Testing

/// The one JSON layout, the value helpers, and the writer against Python's `json` module.
@Suite("JSON writer and values")
struct JSONWriterTests {
    @Test func prettyLayoutIsTwoSpacesInTheGivenOrderWithAFinalNewline() {
        let value: JSONValue = .object([
            ("b", .array([.int(1), .string("x")])), ("a", .object([])), ("c", .array([])), ("d", .null),
        ])
        #expect(
            JSONWriter.pretty(value)
                == "{\n  \"b\": [\n    1,\n    \"x\"\n  ],\n  \"a\": {},\n  \"c\": [],\n  \"d\": null\n}\n")
    }

    @Test func sortedObjectOrdersKeysByCodePoint() {
        let value = JSONValue.sortedObject(["b": .int(2), "B": .int(1), "é": .int(4), "a": .int(3), "$schema": .null])
        #expect(JSONWriter.compact(value) == #"{"$schema":null,"B":1,"a":3,"b":2,"é":4}"#)
    }

    @Test func stringsEscapeControlCharactersDeleteAndLineSeparatorsOnly() {
        #expect(
            JSONWriter.compact(.string("a\"b\\c\nd\u{1}e\u{7F}f\u{2028}g\u{2029}/é😀"))
                == #""a\"b\\c\nd\u0001e\u007ff\u2028g\u2029/é😀""#)
    }

    @Test func numbersAndAccessors() throws {
        #expect(JSONWriter.compact(.double(1_764_671_234)) == "1764671234")
        #expect(JSONWriter.compact(.double(0.5)) == "0.5")
        #expect(JSONWriter.compact(.double(.nan)) == "null")
        #expect(JSONWriter.compact(.string(nil)) == "null")
        let value = try JSONValue(parsing: #"{"i": 3, "f": 1.5, "e": 1e3, "s": "t", "b": true, "a": [1]}"#)
        #expect(value["i"]?.intValue == 3)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.doubleValue == 1.5)
        #expect(value["e"]?.intValue == 1000)
        #expect(value["s"]?.stringValue == "t")
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?.arrayValue == [.number("1")])
        #expect(value.members?.map(\.key) == ["i", "f", "e", "s", "b", "a"])
        #expect(value["missing"] == nil)
        #expect(try JSONReader.parse(Array(#"{"k": "v"}"#.utf8))["k"]?.stringValue == "v")
    }

    /// Python reads back exactly the value we wrote, pretty and compact, whatever the strings hold.
    @Test func pythonReadsBackWhatWeWrite() throws {
        let strings = [
            "plain", "quote\" backslash\\ slash/", "\u{0}\u{1F}\u{7F}\u{80}\u{9F}", "\u{2028}\u{2029}", "é😀",
        ]
        let value: JSONValue = .object([
            ("strings", .array(strings.map { .string($0) })), ("numbers", .array([.int(-7), .double(2.25)])),
            ("nested", .object([("t", .bool(true)), ("n", .null)])),
        ])
        let script = """
            import json, sys
            texts = sys.stdin.read().split("\\u0000SPLIT\\u0000")
            values = [json.loads(t) for t in texts]
            assert values[0] == values[1], values
            print(json.dumps(values[0], ensure_ascii=True, sort_keys=True))
            """
        let input = Data((JSONWriter.pretty(value) + "\u{0}SPLIT\u{0}" + JSONWriter.compact(value)).utf8)
        let result = try ChildProcess.run("python3", ["-c", script], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(expected?["strings"] as? [String] == strings)
        #expect(expected?["numbers"] as? [Double] == [-7, 2.25])
    }

    /// The one pretty layout is Python's `json.dumps(value, indent=2, ensure_ascii=False)` plus a newline
    /// (for text without DEL or U+2028/U+2029, which we escape and Python does not).
    @Test func prettyLayoutIsPythonsIndentTwo() throws {
        let value: JSONValue = .object([
            ("z", .array([.object([]), .array([]), .object([("k", .array([.null, .bool(false)]))])])),
            ("a", .string("é \"q\" \u{1}")), ("n", .array([.int(0), .number("-1.5")])), ("e", .object([])),
        ])
        let script = """
            import json, sys
            text = sys.stdin.read()
            print(text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\\n", end="")
            """
        let result = try ChildProcess.run("python3", ["-c", script], stdin: Data(JSONWriter.pretty(value).utf8))
        #expect(result.stdout == "True", "\(result.stderr)")
    }
}
