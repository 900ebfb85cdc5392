import IAMPolicy
import Testing

/// The one ARN parser: six fields, the resource keeping its own `:` and `/`, malformed text refused.
@Suite("ARN")
struct ARNTests {
    @Test func parsesTheSixParts() throws {
        let arn = try #require(ARN("arn:aws:iam::123456789012:user/division/alice"))
        #expect(arn.partition == "aws")
        #expect(arn.service == "iam")
        #expect(arn.region == "")
        #expect(arn.account == "123456789012")
        #expect(arn.resource == "user/division/alice")
        #expect(arn.resourceType == "user")
        #expect(arn.resourceID == "division/alice")
        #expect(arn.resourcePath == ["user", "division", "alice"])
        #expect(arn.resourceName == "alice")
        #expect(arn.description == "arn:aws:iam::123456789012:user/division/alice")
    }

    @Test func theResourceKeepsItsColonsAndSlashes() throws {
        let function = try #require(ARN("arn:aws-cn:lambda:cn-north-1:123456789012:function:my-fn:PROD"))
        #expect(function.partition == "aws-cn")
        #expect(function.region == "cn-north-1")
        #expect(function.resource == "function:my-fn:PROD")
        #expect(function.resourceType == "function")
        #expect(function.resourceID == "my-fn:PROD")
        #expect(function.resourceName == "function:my-fn:PROD")
        let session = try #require(ARN("arn:aws-us-gov:sts::123456789012:assumed-role/Admin/alice@example.com:x/y"))
        #expect(session.resource == "assumed-role/Admin/alice@example.com:x/y")
        #expect(session.resourcePath == ["assumed-role", "Admin", "alice@example.com:x", "y"])
        #expect(session.resourceName == "y")
        let bucket = try #require(ARN("arn:aws:s3:::my-bucket/key:with/colons"))
        #expect(bucket.account == "")
        #expect(bucket.resourceType == "my-bucket")
        #expect(bucket.resourceID == "key:with/colons")
    }

    @Test func aResourceWithoutDelimiterIsItsOwnTypeAndName() throws {
        let root = try #require(ARN("arn:aws:iam::123456789012:root"))
        #expect(root.resourceType == "root")
        #expect(root.resourceID == nil)
        #expect(root.resourceName == "root")
        let trailing = try #require(ARN("arn:aws:iam::123456789012:user/"))
        #expect(trailing.resourceType == "user")
        #expect(trailing.resourceID == "")
        #expect(trailing.resourceName == "user")
    }

    @Test(arguments: [
        "", "arn", "arn:aws", "arn:aws:iam::123456789012", "aws:iam::123456789012:user/alice",
        "ARN:aws:iam::123456789012:user/alice", "urn:aws:iam::123456789012:user/alice", "123456789012",
        " arn:aws:iam::123456789012:user/alice",
    ])
    func malformedARNsAreRefused(text: String) {
        #expect(ARN(text) == nil)
    }

    @Test func emptyPartsAreKeptAsTheyAre() throws {
        let arn = try #require(ARN("arn:::::"))
        #expect(arn == ARN(partition: "", service: "", region: "", account: "", resource: ""))
        #expect(arn.description == "arn:::::")
        #expect(ARN.fields("*:aws:iam::*:user/*")?.map(String.init) == ["*", "aws", "iam", "", "*", "user/*"])
        #expect(ARN.fields("a:b:c") == nil)
    }

    @Test func roundTripsThroughItsDescription() throws {
        for text in [
            "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::123456789012:mfa/alice",
            "arn:aws:iam::123456789012:u2f/user/alice/key-ABC", "arn:aws:sts::123456789012:federated-user/bob",
        ] {
            #expect(ARN(text)?.description == text)
        }
    }
}
