import AWSClient
import Foundation
import JSON

/// The MFA devices `mfaguard device list` shows: one user's, or the whole account's.
public struct DeviceInventory: Sendable {
    /// One device with its kind, owner and enable date.
    public struct Entry: Sendable, Codable, Hashable {
        /// The device's ARN (virtual, FIDO, SMS) or a hardware token's printed serial.
        public var serialNumber: String
        /// Classified from the serial number's form (`MFADeviceKind.classify`).
        public var kind: MFADeviceKind
        /// The user the device is assigned to; `nil` for an unassigned virtual device.
        public var user: String?
        /// When the device was enabled (assigned); nil for an unassigned device or when IAM left it out.
        public var enableDate: Date?

        /// An entry as given; `kind` is not checked against the serial.
        public init(serialNumber: String, kind: MFADeviceKind, user: String?, enableDate: Date?) {
            self.serialNumber = serialNumber
            self.kind = kind
            self.user = user
            self.enableDate = enableDate
        }

        /// Whether the device belongs to someone (`user != nil`): unassigned virtual devices can be deleted.
        public var assigned: Bool { user != nil }
    }

    /// Sorted by user, then serial; unassigned devices last.
    public var entries: [Entry]

    /// An inventory of `entries`, sorted by user then serial, unassigned devices last.
    public init(entries: [Entry]) {
        self.entries = entries.sorted {
            ($0.user ?? "\u{10FFFF}", $0.serialNumber) < ($1.user ?? "\u{10FFFF}", $1.serialNumber)
        }
    }

    /// The devices of `userName` (`ListMFADevices`).
    public static func devices(of userName: String, iam: IAM) async throws -> DeviceInventory {
        let devices = try await iam.listMFADevices(userName)
        return DeviceInventory(
            entries: devices.map {
                Entry(
                    serialNumber: $0.serialNumber, kind: .classify(serialNumber: $0.serialNumber),
                    user: $0.userName.isEmpty ? userName : $0.userName, enableDate: $0.enableDate)
            })
    }

    /// Every device of the account: `ListVirtualMFADevices` (assigned and unassigned) and, for the
    /// devices that are not virtual, `ListUsers` and one `ListMFADevices` per user (`concurrency` at a time).
    public static func account(iam: IAM, concurrency: Int = 4) async throws -> DeviceInventory {
        var bySerial: [String: Entry] = [:]
        for try await device in iam.listVirtualMFADevices(assignmentStatus: "Any") {
            let user = device.userName ?? device.userARN.map { $0.hasSuffix(":root") ? "<root>" : $0 }
            bySerial[device.serialNumber] = Entry(
                serialNumber: device.serialNumber, kind: .classify(serialNumber: device.serialNumber), user: user,
                enableDate: device.enableDate)
        }
        let users = try await iam.listUsers().collect().map(\.userName)
        let perUser = try await boundedConcurrentMap(users, limit: concurrency) { user in
            try await iam.listMFADevices(user)
        }.flatMap { $0 }
        for device in perUser {
            var entry =
                bySerial[device.serialNumber]
                ?? Entry(
                    serialNumber: device.serialNumber, kind: .classify(serialNumber: device.serialNumber),
                    user: nil, enableDate: nil)
            entry.user = device.userName
            entry.enableDate = entry.enableDate ?? device.enableDate
            bySerial[device.serialNumber] = entry
        }
        return DeviceInventory(entries: Array(bySerial.values))
    }

    /// Aligned columns: serial, kind, user (`-` when unassigned), enable date.
    public func table() -> String {
        guard !entries.isEmpty else { return "No MFA devices." }
        let rows =
            [["SERIAL", "KIND", "USER", "ENABLED"]]
            + entries.map { entry in
                [
                    entry.serialNumber, entry.kind.displayName, entry.user ?? "-",
                    entry.enableDate.map(HTTPDate.iso8601) ?? (entry.assigned ? "-" : "unassigned"),
                ]
            }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }

    /// `{"devices": [{"serialNumber", "kind", "user", "enableDate", "assigned"}]}`; absent values are `null`.
    public func json() -> String {
        let devices: [JSONValue] = entries.map { entry in
            .sortedObject([
                "serialNumber": .string(entry.serialNumber), "kind": .string(entry.kind.rawValue),
                "user": .string(entry.user), "enableDate": .string(entry.enableDate.map(HTTPDate.iso8601)),
                "assigned": .bool(entry.assigned),
            ])
        }
        return JSONWriter.pretty(.sortedObject(["devices": .array(devices)]))
    }
}
