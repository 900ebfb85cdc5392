import Foundation
import JSON

/// AWS Organizations (JSON 1.1 protocol): the member accounts an organization-wide audit visits.
public struct Organizations: Sendable {
    /// The client the calls go through (signing, retries, endpoints).
    public let client: ServiceClient
    /// A facade over `client`; makes no request.
    public init(client: ServiceClient) { self.client = client }

    /// A member account (`Account`).
    public struct Account: Sendable, Codable, Hashable {
        /// The 12-digit account id.
        public var id: String
        /// The account's ARN (`arn:aws:organizations::<management>:account/o-…/<id>`).
        public var arn: String
        /// The account's friendly name.
        public var name: String
        /// The account's root user email address.
        public var email: String
        /// `ACTIVE`, `SUSPENDED` or `PENDING_CLOSURE`, as AWS sends it; empty if absent.
        public var status: String
    }

    /// `ListAccounts`, every page.
    public func listAccounts() -> Paginator<Account> {
        Paginator { token in
            let body: JSONValue = .object(token.map { [("NextToken", .string($0))] } ?? [])
            let data = try await client.json(
                .organizations, target: "AWSOrganizationsV20161128.ListAccounts",
                body: Data(JSONWriter.compact(body).utf8), idempotent: true)
            guard let object = try? JSONReader.parse(data), object.members != nil else {
                throw AWSConnectionError(
                    operation: "Organizations.ListAccounts", message: "answer is not JSON", attempts: 1)
            }
            // `Accounts` is the answer: without it the organization is not "empty", the answer is broken.
            guard let list = object["Accounts"]?.arrayValue, list.allSatisfy({ $0.members != nil }) else {
                throw AWSConnectionError(
                    operation: "Organizations.ListAccounts", message: "the answer has no Accounts list", attempts: 1)
            }
            let accounts = list.map {
                Account(
                    id: $0["Id"]?.stringValue ?? "", arn: $0["Arn"]?.stringValue ?? "",
                    name: $0["Name"]?.stringValue ?? "", email: $0["Email"]?.stringValue ?? "",
                    status: $0["Status"]?.stringValue ?? "")
            }
            return (accounts, object["NextToken"]?.stringValue)
        }
    }
}
