import AWSClient
import AWSConfigFiles
import Foundation
import MFAGuardConsole

/// Gets MFA sessions: from the cache while they have enough life left, else with one MFA code and one
/// STS call (`GetSessionToken`, or `AssumeRole` with `SerialNumber`/`TokenCode`), under a lock so
/// concurrent processes share the result.
public struct MFASessionBroker: Sendable {
    /// Makes an STS or IAM client signing with the given credentials.
    public typealias ClientFactory = @Sendable (AWSCredentials) throws -> ServiceClient

    /// Where sessions and rejected codes are kept; nil: no reuse, no lock, every session needs a code.
    public let cache: MFASessionCache?
    /// Where codes come from when a new session is needed.
    public let codes: MFACodeSource
    /// Makes the STS/IAM clients: signing with the source's keys, or a cached session's for role chaining.
    public let makeClient: ClientFactory
    /// The clock for cache freshness, rejected codes and role session names.
    public let now: @Sendable () -> Date
    /// Where notes for the user go (stderr in the CLI): role chaining caps, rejected codes.
    public let note: @Sendable (String) -> Void

    /// A broker; `now` defaults to the system clock and `note` to dropping the notes.
    public init(
        cache: MFASessionCache?, codes: MFACodeSource, makeClient: @escaping ClientFactory,
        now: @escaping @Sendable () -> Date = { Date() }, note: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.cache = cache
        self.codes = codes
        self.makeClient = makeClient
        self.now = now
        self.note = note
    }

    /// What to get.
    public struct Request: Sendable {
        /// The profile's source keys, device, role and settings.
        public var target: MFASessionTarget
        /// Seconds; `nil` for the profile's `duration_seconds`, else STS's default.
        public var durationSeconds: Int?
        /// A cached session is used only while it has at least this much life left.
        public var minimumRemaining: TimeInterval
        /// Read the cache (writing it happens in any case when there is one).
        public var reuseCached: Bool
        /// For a role: AssumeRole with a cached `GetSessionToken` session instead of a new code.
        public var allowChaining: Bool

        /// A request; the default `minimumRemaining` is 15 minutes (900 s).
        public init(
            target: MFASessionTarget, durationSeconds: Int? = nil, minimumRemaining: TimeInterval = 900,
            reuseCached: Bool = true, allowChaining: Bool = true
        ) {
            self.target = target
            self.durationSeconds = durationSeconds
            self.minimumRemaining = minimumRemaining
            self.reuseCached = reuseCached
            self.allowChaining = allowChaining
        }
    }

    /// A session and how it was obtained.
    public struct Session: Sendable {
        /// Where the session came from.
        public enum Origin: Sendable, Equatable {
            case cache
            case sessionToken
            case assumedRole
            case chainedRole
        }
        /// The session's keys, with `expiration` set.
        public var credentials: AWSCredentials
        /// When the credentials expire: STS's `Expiration`, or the cached entry's.
        public var expiration: Date
        /// The device whose code made the session (for a chained role, the cached token's device).
        public var mfaSerial: String
        /// From the cache, `GetSessionToken`, `AssumeRole` with a code, or `AssumeRole` from a cached token.
        public var origin: Origin
    }

    /// Checks the duration against STS's limits for the call it goes to.
    public static func validate(durationSeconds: Int, for target: MFASessionTarget) throws(SessionError) {
        let range = target.roleARN == nil ? SessionDuration.sessionTokenRange : SessionDuration.assumeRoleRange
        guard range.contains(durationSeconds) else {
            throw .durationOutOfRange(requested: durationSeconds, operation: target.operation, range: range)
        }
    }

    /// The session for `request`: cached if fresh enough, else new.
    public func session(_ request: Request) async throws -> Session {
        let target = request.target
        let duration = request.durationSeconds ?? target.durationSeconds
        if let duration { try Self.validate(durationSeconds: duration, for: target) }
        let serial = try await deviceSerial(for: request)
        let key = MFASessionCache.Key(
            sourceAccessKeyID: target.source.accessKeyID, mfaSerial: serial, roleARN: target.roleARN)
        if request.reuseCached, let fresh = try freshEntry(key, request) { return fresh }
        guard let cache else { return try await newSession(request, serial: serial, duration: duration, key: nil) }
        let rejectionKey = MFASessionCache.rejectionKey(sourceAccessKeyID: target.source.accessKeyID, mfaSerial: serial)
        // Which rejection (if any) was known before waiting: a newer one came from the holder of the lock.
        let knownRejection = try cache.rejection(rejectionKey, now: now())?.id
        return try await cache.withLock(key) {
            // Another process may have made the session while this one waited for the lock.
            if request.reuseCached, let fresh = try freshEntry(key, request) { return fresh }
            // ... or had its code rejected: a code source that cannot be asked again would most likely
            // give the same code, and each rejected attempt counts against the device.
            if !codes.canAskAgain, let rejection = try cache.rejection(rejectionKey, now: now()),
                rejection.id != knownRejection
            {
                throw SessionError.codeRejected(serial: serial, origin: codes.origin.name)
            }
            do {
                return try await newSession(request, serial: serial, duration: duration, key: key)
            } catch SessionError.noTerminal(let serial) {
                guard request.reuseCached, let stale = try cache.entry(key) else {
                    throw SessionError.noTerminal(serial: serial)
                }
                // No way to get a code: a session that still works beats none, an expired one is an error.
                guard stale.expiration.timeIntervalSince(now()) > 60 else {
                    throw SessionError.expiredSession(expiredAt: stale.expiration, serial: serial)
                }
                note(
                    "mfaguard: no terminal for a new MFA code; using the cached session until \(HTTPDate.iso8601(stale.expiration))"
                )
                return Session(
                    credentials: stale.credentials, expiration: stale.expiration, mfaSerial: stale.mfaSerial,
                    origin: .cache)
            }
        }
    }

    private func freshEntry(_ key: MFASessionCache.Key, _ request: Request) throws -> Session? {
        guard let entry = try cache?.entry(key), entry.expiration.timeIntervalSince(now()) >= request.minimumRemaining
        else { return nil }
        return Session(
            credentials: entry.credentials, expiration: entry.expiration, mfaSerial: entry.mfaSerial, origin: .cache)
    }

    private func newSession(_ request: Request, serial: String, duration: Int?, key: MFASessionCache.Key?) async throws
        -> Session
    {
        let target = request.target
        var session: Session
        if let roleARN = target.roleARN {
            let tokenKey = MFASessionCache.Key(sourceAccessKeyID: target.source.accessKeyID, mfaSerial: serial)
            if request.allowChaining, let cache, let token = try cache.entry(tokenKey),
                token.expiration.timeIntervalSince(now()) >= 900
            {
                session = try await chainedRole(roleARN, target: target, token: token, duration: duration)
            } else {
                session = try await withCode(serial: serial, target: target) { code in
                    let assumed: STS.AssumedRole
                    do {
                        assumed = try await STS(client: try makeClient(target.source)).assumeRole(
                            roleARN: roleARN, sessionName: sessionName(target), durationSeconds: duration,
                            externalID: target.externalID, serialNumber: serial, tokenCode: code)
                    } catch let error as AWSServiceError
                        where error.code == "ValidationError" && error.message.contains("MaxSessionDuration")
                    {
                        throw SessionError.overRoleMaximum(roleARN: roleARN, requested: duration ?? 3600)
                    }
                    return Session(
                        credentials: assumed.credentials, expiration: try expiration(of: assumed.credentials),
                        mfaSerial: serial, origin: .assumedRole)
                }
            }
        } else {
            session = try await withCode(serial: serial, target: target) { code in
                let credentials = try await STS(client: try makeClient(target.source)).getSessionToken(
                    durationSeconds: duration, serialNumber: serial, tokenCode: code)
                return Session(
                    credentials: credentials, expiration: try expiration(of: credentials), mfaSerial: serial,
                    origin: .sessionToken)
            }
        }
        session.credentials.expiration = session.expiration
        try Self.checkAnswer(session.credentials, operation: target.operation)
        if let cache, let key {
            try cache.store(
                MFASessionCache.Entry(
                    credentials: session.credentials, expiration: session.expiration, mfaSerial: serial,
                    roleARN: target.roleARN),
                as: key)
        }
        return session
    }

    /// AssumeRole with a cached MFA session token: no new code, but AWS caps chained sessions at one hour.
    private func chainedRole(
        _ roleARN: String, target: MFASessionTarget, token: MFASessionCache.Entry, duration: Int?
    ) async throws -> Session {
        let cap = SessionDuration.chainedRoleMaximum
        if let duration, duration > cap {
            note(
                "mfaguard: using the cached MFA session for \(token.mfaSerial) (role chaining), which AWS caps at 1h; "
                    + "the requested \(SessionDuration.format(duration)) needs a direct AssumeRole with a new code "
                    + "(--no-chain)")
        }
        let assumed = try await STS(client: try makeClient(token.credentials)).assumeRole(
            roleARN: roleARN, sessionName: sessionName(target), durationSeconds: duration.map { min($0, cap) },
            externalID: target.externalID)
        return Session(
            credentials: assumed.credentials, expiration: try expiration(of: assumed.credentials),
            mfaSerial: token.mfaSerial, origin: .chainedRole)
    }

    /// Gets a code and runs `call`; when STS rejects a code typed at the terminal, says so and asks again
    /// (three tries in all). Rejected codes are remembered in the cache: one that STS refused moments ago
    /// is not sent again.
    private func withCode(serial: String, target: MFASessionTarget, _ call: (String) async throws -> Session)
        async throws -> Session
    {
        let rejectionKey = MFASessionCache.rejectionKey(sourceAccessKeyID: target.source.accessKeyID, mfaSerial: serial)
        var attempt = 0
        while true {
            let code = try await codes.code(serial: serial, profile: target.profile, retry: attempt > 0)
            if let cache, let rejection = try cache.rejection(rejectionKey, now: now()),
                rejection.codeHash == MFASessionCache.codeHash(code, key: rejectionKey)
            {
                attempt += 1
                guard codes.canAskAgain, attempt < 3 else {
                    throw SessionError.codeAlreadyRejected(serial: serial, origin: codes.origin.name)
                }
                continue
            }
            do {
                let session = try await call(code)
                cache?.clearRejection(rejectionKey)
                return session
            } catch let error as AWSServiceError where Self.isRejectedCode(error) {
                // Best effort: failing to remember must not hide the rejection itself.
                try? cache?.recordRejection(code, rejectionKey, now: now())
                attempt += 1
                guard codes.canAskAgain, attempt < 3 else {
                    throw SessionError.codeRejected(serial: serial, origin: codes.origin.name)
                }
            }
        }
    }

    /// Temporary credentials with a control character cannot be real; refused before they reach a
    /// file, the cache or a shell.
    static func checkAnswer(_ credentials: AWSCredentials, operation: String) throws(SessionError) {
        let fields = [
            ("AccessKeyId", credentials.accessKeyID), ("SecretAccessKey", credentials.secretAccessKey),
            ("SessionToken", credentials.sessionToken ?? ""),
        ]
        for (field, value) in fields {
            if let scalar = ConfigFileEditor.controlCharacter(in: value) {
                throw .untrustworthyAnswer(
                    operation: "STS \(operation)", field: field,
                    reason: "contains a control character (U+\(String(format: "%04X", scalar.value)))")
            }
        }
    }

    /// STS answers a bad `TokenCode` with `AccessDenied` ("MultiFactorAuthentication failed …").
    static func isRejectedCode(_ error: AWSServiceError) -> Bool {
        error.code == "AccessDenied" && error.message.localizedCaseInsensitiveContains("MultiFactorAuthentication")
    }

    private func sessionName(_ target: MFASessionTarget) -> String {
        target.roleSessionName ?? "mfaguard-\(Int(now().timeIntervalSince1970))"
    }

    private func expiration(of credentials: AWSCredentials) throws -> Date {
        guard let expiration = credentials.expiration else {
            throw AWSConnectionError(operation: "STS", message: "the answer has no Expiration", attempts: 1)
        }
        return expiration
    }

    /// The device serial, by the one rule of every command that needs a device (`session`,
    /// `credential-process`, `configure mfa-profile`): the profile's `mfa_serial` (or its source
    /// profile's), else the caller's only MFA device (IAM `ListMFADevices`), else the user picks one on
    /// the terminal; without a terminal, several devices need `mfa_serial`. FIDO keys are refused with
    /// the reason.
    public func deviceSerial(for request: Request) async throws -> String {
        let target = request.target
        if let serial = target.mfaSerial {
            if Self.isFIDO(serial) { throw SessionError.fidoOnly(serial: serial) }
            return serial
        }
        let client = try makeClient(target.source)
        // ListMFADevices without UserName means the caller, but not every emulator knows that: name the user.
        let caller = try await STS(client: client).getCallerIdentity().arn
        let userName = caller.contains(":user/") ? caller.split(separator: "/").last.map(String.init) : nil
        let devices = try await IAM(client: client).listMFADevices(userName).map(\.serialNumber)
        for device in devices {
            // A serial goes into ~/.aws/config and STS requests: a line break there would be a line of its own.
            if let scalar = ConfigFileEditor.controlCharacter(in: device) {
                throw SessionError.untrustworthyAnswer(
                    operation: "IAM ListMFADevices", field: "SerialNumber",
                    reason: "contains a control character (U+\(String(format: "%04X", scalar.value)))")
            }
        }
        let usable = devices.filter { !Self.isFIDO($0) }
        if usable.isEmpty, let fido = devices.first { throw SessionError.fidoOnly(serial: fido) }
        guard let first = usable.first else { throw SessionError.noMFADevice(profile: target.profile) }
        if usable.count == 1 { return first }
        guard case .terminal(let path) = codes.origin else { throw SessionError.noMFASerial(profile: target.profile) }
        let menu = usable.enumerated().map { "  \($0.offset + 1)) \($0.element)" }.joined(separator: "\n")
        let answer: String
        do {
            answer = try await Console(terminalPath: path).ask(
                "MFA devices:\n\(menu)\nWhich one? [1-\(usable.count)]: ", purpose: "the MFA device")
        } catch is PromptError {
            throw SessionError.noMFASerial(profile: target.profile)
        }
        guard let index = Int(answer), usable.indices.contains(index - 1) else {
            throw SessionError.profile(target.profile, message: "no MFA device chosen ('\(answer)')")
        }
        return usable[index - 1]
    }

    /// FIDO security keys have `u2f` serials (`arn:aws:iam::ACCOUNT:u2f/user/NAME/…`); STS cannot use them.
    static func isFIDO(_ serial: String) -> Bool { serial.contains(":u2f/") }
}
