import Foundation
import TestSupport
import Testing

@testable import AWSClient

/// Our XML reader against Python's `xml.etree.ElementTree` on the same documents.
struct XMLReaderTests {
    static let documents: [String] = [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GetUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
            + "<GetUserResult><User><UserName>alice</UserName><Arn>arn:aws:iam::1:user/a&amp;b</Arn></User>"
            + "</GetUserResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetUserResponse>",
        "<a>\n  <b>one &lt;two&gt; &quot;three&quot; &apos;four&apos; &#233; &#x1F600;</b>\n  <c/>\n  <d attr='x'  other=\"y\" />\n</a>",
        "<!-- leading comment --><root><![CDATA[<not> & a tag]]><child>x</child><!-- inside --></root>",
        "<Policy><Document>%7B%22Version%22%3A%222012-10-17%22%7D</Document><Tags><member><Key>k</Key>"
            + "<Value></Value></member></Tags></Policy>",
        "<ü>grüße — 日本</ü>",
    ]

    /// Python's reading as nested JSON: {name, text, children}, text stripped where there are children.
    static func python(_ document: String) throws -> Any {
        let script = """
            import json, sys, xml.etree.ElementTree as ET
            def strip_ns(tag): return tag.split('}', 1)[-1]
            def node(e):
                kids = [node(c) for c in e]
                text = (e.text or '') + ''.join((c.tail or '') for c in e)
                return {"name": strip_ns(e.tag), "text": text.strip() if kids else text, "children": kids}
            print(json.dumps(node(ET.fromstring(sys.stdin.buffer.read()))))
            """
        let result = try ChildProcess.python(script, stdin: Data(document.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: result.stdoutData)
    }

    static func json(_ node: XMLNode) -> Any {
        let name = node.name.split(separator: ":").last.map(String.init) ?? node.name
        return ["name": name, "text": node.text, "children": node.children.map(json)] as [String: Any]
    }

    @Test(arguments: documents)
    func readsLikePython(_ document: String) throws {
        let ours = try #require(XMLNode.parse(Array(document.utf8)))
        let theirs = try Self.python(document)
        #expect(
            NSDictionary(dictionary: Self.json(ours) as! [String: Any])
                == NSDictionary(dictionary: theirs as! [String: Any]))
    }

    static let malformed = [
        "<a><b></a></b>", "<a>", "text<a/>", "<a/><b/>", "<a>&bogus;</a>", "<a x=1/>", "<a><![CDATA[x</a>",
    ]

    @Test(arguments: malformed)
    func refusesWhatPythonRefuses(_ document: String) throws {
        #expect(XMLNode.parse(Array(document.utf8)) == nil)
        let result = try ChildProcess.python(
            "import sys, xml.etree.ElementTree as ET\nET.fromstring(sys.stdin.buffer.read())",
            stdin: Data(document.utf8))
        #expect(result.status != 0, "Python accepts \(document)")
    }
}
