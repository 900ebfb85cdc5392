import Foundation

/// The parts of the outside world that configuration depends on, passed in so tests can fix them:
/// environment variables, the home directory and the clock.
public struct AWSEnvironment: Sendable {
    /// Environment variables by name, empty values included (the subscript treats those as unset).
    public var variables: [String: String]
    /// The directory `~` expands to (`HOME`, else the account's home directory).
    public var homeDirectory: String
    /// The clock for expiry checks and session names; tests pass a fixed one.
    public var now: @Sendable () -> Date

    /// An environment from explicit values; `now` defaults to the system clock.
    public init(variables: [String: String], homeDirectory: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.variables = variables
        self.homeDirectory = homeDirectory
        self.now = now
    }

    /// The process's own environment and home directory.
    public static var current: AWSEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return AWSEnvironment(
            variables: variables, homeDirectory: variables["HOME"] ?? NSHomeDirectory())
    }

    /// A variable's value, treating an empty string as unset (as the AWS CLI does for most of them).
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// `~/.aws/config`, or `AWS_CONFIG_FILE` (with `~` expanded).
    public var configFilePath: String { expand(self["AWS_CONFIG_FILE"] ?? "~/.aws/config") }

    /// `~/.aws/credentials`, or `AWS_SHARED_CREDENTIALS_FILE` (with `~` expanded).
    public var credentialsFilePath: String { expand(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials") }

    /// Expands a leading `~` and `$VAR`/`${VAR}` references, like botocore's expanduser + expandvars.
    public func expand(_ path: String) -> String {
        var result = path
        if result == "~" || result.hasPrefix("~/") {
            result = homeDirectory + result.dropFirst()
        }
        guard result.contains("$") else { return result }
        var output = ""
        var index = result.startIndex
        while index < result.endIndex {
            let character = result[index]
            guard character == "$" else {
                output.append(character)
                index = result.index(after: index)
                continue
            }
            var nameStart = result.index(after: index)
            let braced = nameStart < result.endIndex && result[nameStart] == "{"
            if braced { nameStart = result.index(after: nameStart) }
            var nameEnd = nameStart
            while nameEnd < result.endIndex,
                result[nameEnd].isLetter || result[nameEnd].isNumber || result[nameEnd] == "_"
            {
                nameEnd = result.index(after: nameEnd)
            }
            let name = String(result[nameStart..<nameEnd])
            let closed = !braced || (nameEnd < result.endIndex && result[nameEnd] == "}")
            if !name.isEmpty, closed, let value = variables[name] {
                output += value
                index = braced ? result.index(after: nameEnd) : nameEnd
            } else {
                output.append(character)
                index = result.index(after: index)
            }
        }
        return output
    }
}
