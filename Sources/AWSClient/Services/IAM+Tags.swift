import Foundation

/// Tags on IAM policies and roles: how `mfaguard enforce` marks what it creates and proves it later.
extension IAM {
    /// `Tags.member.N.Key` / `.Value` parameters, sorted by key so requests are reproducible.
    static func tagParameters(_ tags: [String: String]) -> [(String, String)] {
        tags.sorted { $0.key < $1.key }.enumerated().flatMap { index, tag in
            [("Tags.member.\(index + 1).Key", tag.key), ("Tags.member.\(index + 1).Value", tag.value)]
        }
    }

    /// `ListPolicyTags`, every page.
    public func listPolicyTags(arn: String) async throws -> [String: String] {
        try await listTags("ListPolicyTags", ("PolicyArn", arn))
    }

    /// `ListRoleTags`, every page.
    public func listRoleTags(_ roleName: String) async throws -> [String: String] {
        try await listTags("ListRoleTags", ("RoleName", roleName))
    }

    private func listTags(_ action: String, _ parameter: (String, String)) async throws -> [String: String] {
        var tags: [String: String] = [:]
        var marker: String?
        repeat {
            let result = try await send(action, [parameter] + Self.optional("Marker", marker), idempotent: true).result
            tags.merge(result.tags) { _, new in new }
            marker = result.nextMarker
        } while marker != nil
        return tags
    }
}
