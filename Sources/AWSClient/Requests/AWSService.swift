import Foundation

/// The AWS services mfaguard talks to, and how their endpoints are found.
///
/// IAM is global: one endpoint per partition, signed for the partition's home region.
/// STS and Organizations: https://docs.aws.amazon.com/general/latest/gr/rande.html
/// IAM Identity Center's portal (`sso`) and OIDC (`sso_oidc`) APIs are called, unsigned, only to get
/// credentials; their region is the profile's `sso_region`.
public enum AWSService: String, Sendable, CaseIterable {
    case iam
    case sts
    case organizations
    case sso
    case ssoOIDC = "sso_oidc"

    /// The name that goes into the SigV4 credential scope.
    public var signingName: String {
        switch self {
        case .sso: "awsssoportal"
        case .ssoOIDC: "sso-oauth"
        default: rawValue
        }
    }

    /// The `AWS_ENDPOINT_URL_<SERVICE>` variable (service id in upper snake case: `SSO_OIDC`).
    public var endpointVariable: String { "AWS_ENDPOINT_URL_\(rawValue.uppercased())" }

    /// The service's key in a `[services NAME]` config section.
    public var configKey: String { rawValue }

    /// Whether `--endpoint-url` applies. botocore gives the flag to the command's own client only; the
    /// clients its credential providers make (Identity Center's) keep the configured endpoints.
    public var takesEndpointFlag: Bool { self != .sso && self != .ssoOIDC }

    /// Query API version (the `Version` form parameter), for the Query-protocol services.
    public var apiVersion: String {
        switch self {
        case .iam: "2010-05-08"
        case .sts: "2011-06-15"
        case .organizations: "2016-11-28"
        case .sso, .ssoOIDC: "2019-06-10"
        }
    }
}

/// Where a request goes and how it is signed.
public struct ServiceEndpoint: Sendable, Hashable {
    /// The base URL requests are sent to (AWS's endpoint or an override).
    public var url: URL
    /// The region in the SigV4 scope; IAM and Organizations use their partition's global region.
    public var signingRegion: String

    /// An endpoint from its parts; `url` should be http(s) with a host.
    public init(url: URL, signingRegion: String) {
        self.url = url
        self.signingRegion = signingRegion
    }

    /// AWS's own endpoint for `service` in `region`.
    public static func standard(for service: AWSService, region: String) -> ServiceEndpoint {
        let partition = Partition(region: region)
        switch (service, partition) {
        case (.iam, .aws): return .init(url: URL(string: "https://iam.amazonaws.com")!, signingRegion: "us-east-1")
        case (.iam, .awsCN):
            return .init(url: URL(string: "https://iam.cn-north-1.amazonaws.com.cn")!, signingRegion: "cn-north-1")
        case (.iam, .awsUSGov):
            return .init(url: URL(string: "https://iam.us-gov.amazonaws.com")!, signingRegion: "us-gov-west-1")
        case (.sts, _):
            return .init(url: URL(string: "https://sts.\(region).\(partition.dnsSuffix)")!, signingRegion: region)
        case (.organizations, .aws):
            return .init(url: URL(string: "https://organizations.us-east-1.amazonaws.com")!, signingRegion: "us-east-1")
        case (.organizations, .awsCN):
            return .init(
                url: URL(string: "https://organizations.cn-northwest-1.amazonaws.com.cn")!,
                signingRegion: "cn-northwest-1")
        case (.organizations, .awsUSGov):
            return .init(
                url: URL(string: "https://organizations.us-gov-west-1.amazonaws.com")!, signingRegion: "us-gov-west-1")
        case (.sso, _):
            return .init(
                url: URL(string: "https://portal.sso.\(region).\(partition.dnsSuffix)")!, signingRegion: region)
        case (.ssoOIDC, _):
            return .init(url: URL(string: "https://oidc.\(region).\(partition.dnsSuffix)")!, signingRegion: region)
        }
    }
}

/// AWS partitions mfaguard knows (the ISO partitions are not reachable from outside anyway).
public enum Partition: String, Sendable, Codable {
    case aws
    case awsCN = "aws-cn"
    case awsUSGov = "aws-us-gov"

    /// The partition of `region` by prefix: `cn-` is China, `us-gov-` is GovCloud, anything else `aws`.
    public init(region: String) {
        if region.hasPrefix("cn-") {
            self = .awsCN
        } else if region.hasPrefix("us-gov-") {
            self = .awsUSGov
        } else {
            self = .aws
        }
    }

    /// The domain of the partition's endpoints (`amazonaws.com`, or `amazonaws.com.cn` in China).
    public var dnsSuffix: String { self == .awsCN ? "amazonaws.com.cn" : "amazonaws.com" }
}
