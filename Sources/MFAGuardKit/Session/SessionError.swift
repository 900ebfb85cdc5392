import AWSClient
import Foundation

/// What can go wrong while getting an MFA session; each description is the line the user sees.
public enum SessionError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidDuration(String)
    /// The requested duration is outside what STS accepts for `operation`.
    case durationOutOfRange(requested: Int, operation: String, range: ClosedRange<Int>)
    /// STS refused the duration because the role's `MaxSessionDuration` is shorter.
    case overRoleMaximum(roleARN: String, requested: Int)
    /// The profile names no `mfa_serial` (and none could be found).
    case noMFASerial(profile: String)
    /// The caller has no MFA device at all.
    case noMFADevice(profile: String)
    /// The only MFA devices are FIDO security keys, which STS cannot take.
    case fidoOnly(serial: String)
    /// The code is not six digits.
    case malformedCode(origin: String)
    /// STS rejected the code (wrong, expired or already used).
    case codeRejected(serial: String, origin: String)
    /// `--code-command` or `mfa_process` failed.
    case codeCommandFailed(command: String, reason: String)
    /// A code is needed but there is neither a code source nor a terminal to ask on.
    case noTerminal(serial: String)
    /// The profile's own `credential_process` is `mfaguard credential-process`: resolving it would recurse.
    case selfReference(profile: String)
    /// `--write-profile` names the profile holding the long-term keys.
    case wouldOverwriteSource(profile: String)
    /// `--write-profile` names a profile holding long-term keys (without `--overwrite-long-term-keys`).
    case wouldOverwriteLongTermKeys(profile: String, path: String)
    /// The same code was rejected by STS moments ago (by this or another process); it is not sent again.
    case codeAlreadyRejected(serial: String, origin: String)
    /// A flag or setting holds a control character; `field` names it.
    case controlCharacter(field: String, scalar: UInt32)
    /// An AWS answer holds a value that cannot be right (a control character in a serial number or a
    /// token); it is an AWS/answer error, not the user's input.
    case untrustworthyAnswer(operation: String, field: String, reason: String)
    /// A cached session expired and a new one cannot be had without a code.
    case expiredSession(expiredAt: Date, serial: String)
    /// The session cache directory or a file in it cannot be used.
    case cache(String)
    /// Anything else about the profile that stops the session.
    case profile(String, message: String)

    /// The line the user sees; most name the fix (a setting to add, a flag to pass).
    public var description: String {
        switch self {
        case .invalidDuration(let text):
            "'\(text)' is not a duration: use seconds (3600) or hours and minutes (8h, 90m, 1h30m)"
        case .durationOutOfRange(let requested, let operation, let range):
            "a duration of \(SessionDuration.format(requested)) (\(requested) s) is outside what \(operation) "
                + "allows: \(SessionDuration.format(range.lowerBound)) to \(SessionDuration.format(range.upperBound))"
        case .overRoleMaximum(let roleARN, let requested):
            "\(roleARN) allows shorter sessions than the \(SessionDuration.format(requested)) asked for (its "
                + "MaxSessionDuration): ask for less, or raise it with 'aws iam update-role --role-name NAME "
                + "--max-session-duration SECONDS' (up to 43200)"
        case .noMFASerial(let profile):
            "profile '\(profile)' has no mfa_serial: add 'mfa_serial = arn:aws:iam::ACCOUNT:mfa/NAME' to it "
                + "(mfaguard configure mfa-profile does this)"
        case .noMFADevice(let profile):
            "the user of profile '\(profile)' has no MFA device: enroll one first (mfaguard device create)"
        case .fidoOnly(let serial):
            "\(serial) is a FIDO security key: STS takes only TOTP codes (virtual or hardware TOTP devices), "
                + "so a FIDO-only user cannot get an MFA session with a code; use 'aws login' (browser sign-in "
                + "with the security key) or add a TOTP device"
        case .malformedCode(let origin):
            "the MFA code from \(origin) is not 6 digits"
        case .codeRejected(let serial, let origin):
            "STS rejected the MFA code from \(origin) for \(serial): it is wrong, expired, or was already used "
                + "(each code works once; wait for the next one)"
        case .codeCommandFailed(let command, let reason):
            "the MFA code command '\(command)' failed: \(reason)"
        case .noTerminal(let serial):
            "an MFA code for \(serial) is needed but there is no terminal to ask on (/dev/tty); set mfa_process "
                + "in the profile (a command that prints the code), or start a cached session with "
                + "'mfaguard session --code CODE' or 'mfaguard session --code-command CMD'"
        case .selfReference(let profile):
            "profile '\(profile)' gets its own credentials from 'mfaguard credential-process', which would call "
                + "itself: point --profile at the profile with the long-term keys (or give this profile a "
                + "source_profile)"
        case .wouldOverwriteSource(let profile):
            "--write-profile '\(profile)' would overwrite the long-term keys the session is made from; pick "
                + "another name"
        case .wouldOverwriteLongTermKeys(let profile, let path):
            "--write-profile '\(profile)': that profile in \(path) holds long-term keys (aws_access_key_id "
                + "without aws_session_token), which would be lost; pick another name, or pass "
                + "--overwrite-long-term-keys if you really mean to replace them"
        case .codeAlreadyRejected(let serial, let origin):
            "STS rejected the MFA code from \(origin) for \(serial) moments ago (it is wrong, expired, or was "
                + "already used); not sending it again: wait for the next code"
        case .controlCharacter(let field, let scalar):
            "\(field) contains a control character (U+\(String(format: "%04X", scalar))); nothing was written"
        case .untrustworthyAnswer(let operation, let field, let reason):
            "\(operation) answered with a \(field) that \(reason); refusing to use it"
        case .expiredSession(let expiredAt, let serial):
            "the cached MFA session for \(serial) expired at \(HTTPDate.iso8601(expiredAt)) and a new code is "
                + "needed; run in a terminal, set mfa_process in the profile, or start a new session with "
                + "'mfaguard session --code CODE'"
        case .cache(let message): "session cache: \(message)"
        case .profile(let profile, let message): "profile '\(profile)': \(message)"
        }
    }
}
