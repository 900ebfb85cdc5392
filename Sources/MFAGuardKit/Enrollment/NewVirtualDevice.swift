import Foundation
import JSON
import LocalFiles
import MFAGuardConsole
import OTP
import QRCode
import QuickCommands

/// A virtual MFA device just created: its serial, owner-to-be and seed. The seed is secret: it is shown
/// and written only when asked for.
public struct NewVirtualDevice: Sendable {
    /// The device's ARN, `arn:PARTITION:iam::ACCOUNT:mfa/NAME` (`CreateVirtualMFADevice`).
    public var serialNumber: String
    /// The IAM user the device is to be enabled for.
    public var user: String
    /// The 12-digit account id (`GetCallerIdentity`), shown and in the key URI's account name.
    public var account: String
    /// `otpauth://totp/Amazon%20Web%20Services:USER@ACCOUNT?secret=…&issuer=Amazon%20Web%20Services`.
    public var keyURI: OTPKeyURI

    /// The seed as Base32 without padding, as AWS hands it out.
    public var base32Seed: String { Base32.encode(keyURI.secret, padding: false) }

    /// The QR code of the key URI, for an authenticator app.
    public func qrCode() throws -> QRCode {
        try QRCodeExport.encode(keyURI.uri, correction: .medium)
    }

    /// What a person reads: the QR code (unless `qr` is false), the serial, the seed with `showSecret`, and
    /// the next step.
    public func text(qr: Bool, colors: Bool, showSecret: Bool) throws -> String {
        var lines: [String] = []
        if qr {
            lines.append(
                QRCodeExport.terminalText(try qrCode(), style: .init(colors: colors, invert: false))
                    .trimmingCharacters(in: .newlines))
            lines.append("Scan the QR code with your authenticator app.")
        }
        lines.append("Serial  \(serialNumber)")
        lines.append("User    \(user) (account \(account))")
        if showSecret { lines.append("Seed    \(base32Seed)") }
        return lines.joined(separator: "\n")
    }

    /// `{"serialNumber", "user", "account", "kind"}`, plus `"seed"` and `"keyURI"` with `showSecret`.
    public func json(showSecret: Bool) -> String {
        var object: [String: JSONValue] = [
            "serialNumber": .string(serialNumber), "user": .string(user), "account": .string(account),
            "kind": .string(MFADeviceKind.virtual.rawValue),
        ]
        if showSecret {
            object["seed"] = .string(base32Seed)
            object["keyURI"] = .string(keyURI.uri)
        }
        return JSONWriter.pretty(.sortedObject(object))
    }

    /// Writes the Base32 seed to `path` with mode 0600 (DESIGN.md: a seed only where the user asks).
    public func writeSeed(to path: String) throws(MFAGuardFailure) {
        do { try OutputFile.write(Array((base32Seed + "\n").utf8), to: path, contents: .sensitive) } catch {
            throw MFAGuardFailure(error)
        }
    }

    /// The warning that goes with a stored seed.
    public static func storedSeedWarning(path: String) -> String {
        "warning: \(path) holds the device's seed: whoever reads it has the second factor, so a seed stored "
            + "next to access keys defeats MFA; keep it apart (a secrets manager), or delete it once enrolled"
    }
}
