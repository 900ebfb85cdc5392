import Foundation
import TestSupport
import Testing

/// A seeded moto account of its own (the mfaguard policy names are fixed, so tests cannot share one),
/// the mfaguard binary run against it, and boto3 as the oracle of the account's state.
struct EnforceHarness {
    let moto: BackgroundService
    let home: String
    static let account = "123456789012"

    init(users: Int = 8) throws {
        moto = try Moto.dedicated()
        home = try makeTemporaryDirectory("enforce-home")
        let seed = try ChildProcess.run(
            "python3",
            [
                TestPaths.repoRoot.appendingPathComponent("scripts/demo/seed_account.py").path, "--endpoint", moto.url,
                "--users", String(users),
            ])
        try #require(seed.status == 0, "seeding failed: \(seed.stderr)")
    }

    /// Runs `mfaguard ARGUMENTS` against the emulator (or `endpoint`), with the default fake keys or `keys`.
    func mfaguard(
        _ arguments: [String], endpoint: String? = nil, keys: (String, String)? = nil,
        environment more: [String: String?] = [:]
    ) throws
        -> ChildProcess.Result
    {
        var extra: [String: String?] = ["XDG_STATE_HOME": home + "/state"]
        for (key, value) in more { extra[key] = value }
        if let endpoint { extra["AWS_ENDPOINT_URL"] = endpoint }
        if let keys {
            extra["AWS_ACCESS_KEY_ID"] = keys.0
            extra["AWS_SECRET_ACCESS_KEY"] = keys.1
        }
        return try ChildProcess.run(
            TestPaths.mfaguardBinary.path, arguments, environment: Moto.environment(moto, home: home, extra: extra))
    }

    /// Runs a boto3 snippet with `iam` bound to a client of the emulator; returns its stdout.
    @discardableResult
    func boto3(_ code: String) throws -> String {
        let program = """
            import boto3, json, sys
            iam = boto3.client("iam", endpoint_url=sys.argv[1], aws_access_key_id="AKIDORACLE",
                               aws_secret_access_key="oracle", region_name="us-east-1")

            """ + code
        let result = try ChildProcess.python(program, [moto.url])
        try #require(result.status == 0, "boto3 snippet failed: \(result.stderr)")
        return result.stdout
    }

    /// Temporary keys of account `account` (moto routes a role assumed there to that account's state), as
    /// the environment of a process: a caller with the wrong `AWS_PROFILE`, in effect.
    func otherAccountEnvironment(_ account: String) throws -> [String: String?] {
        let keys = try boto3(
            """
            sts = boto3.client("sts", endpoint_url=sys.argv[1], aws_access_key_id="AKIDORACLE",
                               aws_secret_access_key="oracle", region_name="us-east-1")
            c = sts.assume_role(RoleArn="arn:aws:iam::\(account):role/admin", RoleSessionName="other")["Credentials"]
            print(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
            """
        ).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(keys.count == 3)
        return ["AWS_ACCESS_KEY_ID": keys[0], "AWS_SECRET_ACCESS_KEY": keys[1], "AWS_SESSION_TOKEN": keys[2]]
    }

    /// Runs a boto3 snippet with `iam` bound to a client of account `account` (through an assumed role).
    @discardableResult
    func boto3(inAccount account: String, _ code: String) throws -> String {
        try boto3(
            """
            sts = boto3.client("sts", endpoint_url=sys.argv[1], aws_access_key_id="AKIDORACLE",
                               aws_secret_access_key="oracle", region_name="us-east-1")
            c = sts.assume_role(RoleArn="arn:aws:iam::\(account):role/admin", RoleSessionName="oracle")["Credentials"]
            iam = boto3.client("iam", endpoint_url=sys.argv[1], aws_access_key_id=c["AccessKeyId"],
                               aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"],
                               region_name="us-east-1")

            """ + code)
    }

    /// The account's policies, groups and roles as boto3 reads them (scripts/testing/iam_state.py).
    func state() throws -> IAMState {
        let result = try ChildProcess.run(
            "python3",
            [TestPaths.repoRoot.appendingPathComponent("scripts/testing/iam_state.py").path, "--endpoint", moto.url])
        try #require(result.status == 0, "iam_state.py failed: \(result.stderr)")
        return try JSONDecoder().decode(IAMState.self, from: result.stdoutData)
    }

    /// The user names of the account, from boto3.
    func userNames() throws -> [String] {
        try boto3(
            "print('\\n'.join(sorted(u['UserName'] for p in iam.get_paginator('list_users').paginate() for u in p['Users'])))"
        ).split(separator: "\n").map(String.init)
    }

    func remove() { try? FileManager.default.removeItem(atPath: home) }
}

/// What iam_state.py prints.
struct IAMState: Decodable, Equatable {
    struct Version: Decodable, Equatable {
        var `default`: Bool
        var document: JSONDocument
    }
    struct Policy: Decodable, Equatable {
        var arn: String
        var versions: [String: Version]
    }
    struct Group: Decodable, Equatable {
        var members: [String]
        var attached: [String]
        var inline: [String]
    }
    struct Role: Decodable, Equatable {
        var trust: JSONDocument
        var attached: [String]
    }
    var policies: [String: Policy]
    var groups: [String: Group]
    var roles: [String: Role]
}

/// A JSON value compared structurally.
indirect enum JSONDocument: Decodable, Equatable {
    case object([String: JSONDocument]), array([JSONDocument]), string(String), number(Double), bool(Bool), null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONDocument].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONDocument].self))
        }
    }

    subscript(_ key: String) -> JSONDocument? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var array: [JSONDocument] {
        if case .array(let items) = self { return items }
        return []
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
