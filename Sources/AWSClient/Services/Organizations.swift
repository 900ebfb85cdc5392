import Foundation
import JSON

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
