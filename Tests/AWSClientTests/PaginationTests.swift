import AWSClient
import AWSHTTP
import Foundation
import TestSupport
import Testing

/// Paging through scripted answers (`ScriptedTransport`): IAM's `Marker`/`IsTruncated` and
/// Organizations' `NextToken`, each page asked for with the token of the one before, only when needed,
/// and a token that repeats ends the listing instead of looping.
struct PaginationTests {
    static func client(_ transport: ScriptedTransport) -> ServiceClient {
        ServiceClient(
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDPAGE", secretAccessKey: "p")),
            region: "us-east-1",
            endpointOverrides: [
                .iam: URL(string: "http://127.0.0.1:9")!, .organizations: URL(string: "http://127.0.0.1:9")!,
            ],
            transport: transport, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.001, maxDelay: 0.01))
    }

    /// A `ListUsers` page: `users`, and `marker` when the listing is truncated after it.
    static func usersPage(_ users: [String], truncated: Bool, marker: String?) -> ScriptedTransport.Answer {
        let members = users.map {
            "<member><UserName>\($0)</UserName><UserId>AIDA\($0.uppercased())</UserId>"
                + "<Arn>arn:aws:iam::123456789012:user/\($0)</Arn><Path>/</Path></member>"
        }.joined()
        return .status(
            200,
            "<ListUsersResponse><ListUsersResult><Users>\(members)</Users>"
                + "<IsTruncated>\(truncated)</IsTruncated>" + (marker.map { "<Marker>\($0)</Marker>" } ?? "")
                + "</ListUsersResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListUsersResponse>")
    }

    @Test func iamPagesFollowTheMarkerWhileTruncated() async throws {
        let transport = ScriptedTransport { request, _ in
            switch ScriptedTransport.parameters(of: request)["Marker"] {
            case nil: Self.usersPage(["alice", "bob"], truncated: true, marker: "m/1+=")
            case "m/1+=": Self.usersPage(["carol"], truncated: true, marker: "m2")
            case "m2": Self.usersPage(["dave"], truncated: false, marker: nil)
            case let other?: .status(400, "unexpected marker \(other)")
            }
        }
        let users = try await IAM(client: Self.client(transport)).listUsers().collect()
        #expect(users.map(\.userName) == ["alice", "bob", "carol", "dave"])
        let parameters = transport.requests.map { ScriptedTransport.parameters(of: $0) }
        #expect(parameters.map { $0["Marker"] } == [nil, "m/1+=", "m2"])
        #expect(parameters.allSatisfy { $0["Action"] == "ListUsers" && $0["Version"] == "2010-05-08" })
    }

    /// botocore stops at `IsTruncated` false whatever else the page holds.
    @Test func aPageThatIsNotTruncatedIsTheLastEvenWithAMarker() async throws {
        let transport = ScriptedTransport([
            Self.usersPage(["alice"], truncated: false, marker: "ignored"),
            Self.usersPage(["never"], truncated: false, marker: nil),
        ])
        let users = try await IAM(client: Self.client(transport)).listUsers().collect()
        #expect(users.map(\.userName) == ["alice"])
        #expect(transport.requests.count == 1)
    }

    @Test func aRepeatedMarkerEndsTheListingInsteadOfLooping() async throws {
        let transport = ScriptedTransport { _, index in
            index < 5 ? Self.usersPage(["user\(index)"], truncated: true, marker: "same") : .status(500)
        }
        let users = try await IAM(client: Self.client(transport)).listUsers().collect()
        #expect(users.map(\.userName) == ["user0", "user1"])
        #expect(transport.requests.count == 2)
    }

    @Test func theNextPageIsFetchedOnlyWhenItIsNeeded() async throws {
        let transport = ScriptedTransport([
            Self.usersPage(["alice", "bob"], truncated: true, marker: "m2"),
            Self.usersPage(["carol"], truncated: false, marker: nil),
        ])
        var seen: [String] = []
        for try await user in IAM(client: Self.client(transport)).listUsers() {
            seen.append(user.userName)
            if seen.count == 2 { break }
        }
        #expect(seen == ["alice", "bob"])
        #expect(transport.requests.count == 1)
    }

    @Test func anErrorOnALaterPageEndsTheListingWithIt() async throws {
        let transport = ScriptedTransport([
            Self.usersPage(["alice"], truncated: true, marker: "m2"),
            .queryError(403, code: "AccessDenied", message: "no"),
        ])
        var seen: [String] = []
        await #expect(throws: AWSServiceError.self) {
            for try await user in IAM(client: Self.client(transport)).listUsers() { seen.append(user.userName) }
        }
        #expect(seen == ["alice"])
        #expect(transport.requests.count == 2)
    }

    /// A `ListAccounts` page (awsJson 1.1).
    static func accountsPage(_ ids: [String], next: String?) -> ScriptedTransport.Answer {
        let accounts = ids.map {
            #"{"Id":"\#($0)","Arn":"arn:aws:organizations::111111111111:account/o-x/\#($0)","#
                + #""Name":"n\#($0)","Email":"\#($0)@example.com","Status":"ACTIVE"}"#
        }
        let token = next.map { #","NextToken":"\#($0)""# } ?? ""
        return .status(200, #"{"Accounts":[\#(accounts.joined(separator: ","))]\#(token)}"#)
    }

    /// The `NextToken` a `ListAccounts` request carries in its JSON body.
    static func nextToken(_ request: HTTPRequest) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        return object?["NextToken"] as? String
    }

    @Test func organizationsPagesFollowNextToken() async throws {
        let transport = ScriptedTransport { request, _ in
            switch Self.nextToken(request) {
            case nil: Self.accountsPage(["111111111111", "222222222222"], next: "t1")
            case "t1": Self.accountsPage(["333333333333"], next: "t2")
            case "t2": Self.accountsPage([], next: "t3")
            case "t3": Self.accountsPage(["444444444444"], next: nil)
            case let other?: .status(400, "unexpected token \(other)")
            }
        }
        let accounts = try await Organizations(client: Self.client(transport)).listAccounts().collect()
        #expect(accounts.map(\.id) == ["111111111111", "222222222222", "333333333333", "444444444444"])
        #expect(accounts.first?.email == "111111111111@example.com")
        // An empty page in the middle does not end the listing: only a missing token does.
        #expect(transport.requests.map(Self.nextToken) == [nil, "t1", "t2", "t3"])
        #expect(
            transport.requests.allSatisfy {
                $0.method == "POST" && $0.header("X-Amz-Target") == "AWSOrganizationsV20161128.ListAccounts"
                    && $0.header("Content-Type") == "application/x-amz-json-1.1"
            })
    }

    @Test func anEmptyNextTokenIsTheLastPage() async throws {
        let transport = ScriptedTransport([
            Self.accountsPage(["111111111111"], next: ""), Self.accountsPage(["222222222222"], next: nil),
        ])
        let accounts = try await Organizations(client: Self.client(transport)).listAccounts().collect()
        #expect(accounts.map(\.id) == ["111111111111"])
        #expect(transport.requests.count == 1)
    }
}
