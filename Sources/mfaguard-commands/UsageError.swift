import ArgumentParser
import Foundation

/// Usage errors as the README promises them: one line `mfaguard: what is wrong`, then at most one
/// `hint:` line naming the help of the command that was being parsed; exit status 2.
enum UsageError {
    /// The two lines for an error of ArgumentParser (or a `ValidationError` of a command).
    static func lines(_ message: String, arguments: [String]) -> String {
        let path = commandPath(arguments)
        if path.count == 1, let word = arguments.first(where: { !$0.hasPrefix("-") }),
            message.hasPrefix("Unexpected argument")
        {
            return "mfaguard: unknown command '\(word)'\nhint: run 'mfaguard --help' for the commands\n"
        }
        return "mfaguard: \(oneLine(message))\nhint: run '\(path.joined(separator: " ")) --help' for the options\n"
    }

    /// ArgumentParser's message on one line: a list of choices printed one per line is joined.
    static func oneLine(_ message: String) -> String {
        var lines = message.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !lines.isEmpty else { return "invalid arguments" }
        let first = lines.removeFirst()
        let rest = lines.map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return rest.isEmpty ? first : first + " " + rest.joined(separator: ", ")
    }

    /// `mfaguard` and the subcommands named at the start of `arguments` (options and values skipped).
    static func commandPath(_ arguments: [String]) -> [String] {
        var path = ["mfaguard"]
        var commands = MFAGuardCommand.configuration.subcommands
        for word in arguments {
            if word.hasPrefix("-") { continue }
            guard let next = commands.first(where: { $0.configuration.commandName == word }) else { break }
            path.append(word)
            commands = next.configuration.subcommands
        }
        return path
    }

    /// `mfaguard help WORDS`: the words must name a command; nil when they do (help is printed as usual).
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        let topic = arguments.dropFirst().filter { !$0.hasPrefix("-") }
        let path = commandPath(Array(topic))
        guard path.count - 1 < topic.count else { return nil }
        let unknown = topic[topic.startIndex + path.count - 1]
        let parent = path.joined(separator: " ")
        return "mfaguard: unknown command '\(unknown)'\nhint: run '\(parent) --help' for the commands\n"
    }
}

/// Choices of an option read as the AWS CLI reads them: `--fail-on HIGH` is `high`.
protocol CaseInsensitiveArgument: ExpressibleByArgument, RawRepresentable where RawValue == String {}

extension CaseInsensitiveArgument {
    /// Takes the exact choice, else its lowercase form; nil when neither is one.
    public init?(argument: String) {
        if let exact = Self(rawValue: argument) {
            self = exact
        } else if let folded = Self(rawValue: argument.lowercased()) {
            self = folded
        } else {
            return nil
        }
    }
}
