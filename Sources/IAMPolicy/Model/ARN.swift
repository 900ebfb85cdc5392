/// An Amazon Resource Name, `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html): the one ARN parser of
/// mfaguard. The resource is everything after the fifth colon, so it may itself contain `:` and `/`
/// (`user/division/alice`, `function:name:alias`). Empty parts stay empty (IAM ARNs have no region).
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    public var partition: String
    /// The service namespace: `iam`, `sts`, `s3`, …
    public var service: String
    /// The region, empty for global services such as IAM.
    public var region: String
    /// The 12-digit account ID, `aws` for AWS managed policies, empty for some services (S3).
    public var account: String
    /// Everything after the fifth colon: `root`, `user/PATH/NAME`, `assumed-role/NAME/SESSION`, …
    public var resource: String

    /// An ARN of the given parts.
    public init(partition: String, service: String, region: String, account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Parses `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`; `nil` unless the text starts with `arn`
    /// and has at least five colons. No part is checked further (an empty partition or resource is
    /// kept as it is), so what the caller requires is the caller's test.
    public init?(_ text: some StringProtocol) {
        guard let fields = Self.fields(text), fields[0] == "arn" else { return nil }
        self.init(
            partition: String(fields[1]), service: String(fields[2]), region: String(fields[3]),
            account: String(fields[4]), resource: String(fields[5]))
    }

    /// The six colon-separated fields of an ARN or ARN pattern (the last may contain colons), without
    /// checking the first is `arn`: the form IAM's `Arn*` condition operators compare field by field.
    /// `nil` when there are fewer than six.
    public static func fields<S: StringProtocol>(_ text: S) -> [S.SubSequence]? {
        let fields = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return fields.count == 6 ? fields : nil
    }

    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

    /// The resource type: the resource up to its first `/` or `:` (`user` in `user/PATH/NAME`, `mfa` in
    /// `mfa/NAME`), or the whole resource when it has neither (`root`).
    public var resourceType: Substring {
        resource.prefix { $0 != "/" && $0 != ":" }
    }

    /// The resource after its type and the delimiter that follows it (`PATH/NAME` in `user/PATH/NAME`),
    /// `nil` when the resource has no delimiter (`root`).
    public var resourceID: Substring? {
        let type = resourceType
        guard type.endIndex < resource.endIndex else { return nil }
        return resource[resource.index(after: type.endIndex)...]
    }

    /// The resource split at `/`, empty components left out: `["assumed-role", "NAME", "SESSION"]`.
    public var resourcePath: [Substring] {
        resource.split(separator: "/")
    }

    /// The last `/`-separated component of the resource, as IAM names things: `NAME` in
    /// `user/PATH/NAME` or `policy/NAME`; the whole resource when it has no `/`.
    public var resourceName: Substring {
        resourcePath.last ?? resource[...]
    }
}
