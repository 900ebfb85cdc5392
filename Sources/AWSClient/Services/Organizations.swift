import Foundation

/// AWS Organizations (JSON 1.1 protocol): the member accounts an organization-wide audit visits.
public struct Organizations: Sendable {
    public let client: ServiceClient
    public init(client: ServiceClient) { self.client = client }

    /// A member account (`Account`).
    public struct Account: Sendable, Codable, Hashable {
        public var id: String
        public var arn: String
        public var name: String
        public var email: String
        public var status: String
    }

    /// `ListAccounts`, every page.
    public func listAccounts() -> Paginator<Account> {
        Paginator { token in
            var body: [String: Any] = [:]
            if let token { body["NextToken"] = token }
            let data = try await client.json(
                .organizations, target: "AWSOrganizationsV20161128.ListAccounts",
                body: try JSONSerialization.data(withJSONObject: body), idempotent: true)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw AWSConnectionError(
                    operation: "Organizations.ListAccounts", message: "answer is not JSON", attempts: 1)
            }
            // `Accounts` is the answer: without it the organization is not "empty", the answer is broken.
            guard let list = object["Accounts"] as? [[String: Any]] else {
                throw AWSConnectionError(
                    operation: "Organizations.ListAccounts", message: "the answer has no Accounts list", attempts: 1)
            }
            let accounts = list.map {
                Account(
                    id: $0["Id"] as? String ?? "", arn: $0["Arn"] as? String ?? "", name: $0["Name"] as? String ?? "",
                    email: $0["Email"] as? String ?? "", status: $0["Status"] as? String ?? "")
            }
            return (accounts, object["NextToken"] as? String)
        }
    }
}
