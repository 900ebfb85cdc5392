/// Arguments in the plain forms the quick paths accept (`QuickCommand` here, `QuickPath` in
/// mfaguard-commands): `--name value` options and `--flag` flags, each at most once, and positional
/// arguments; nil for anything else, which is then left to ArgumentParser.
public struct PlainArguments {
    /// Value of each option given, keyed by its name with the dashes (`--profile`).
    public var options: [String: String] = [:]
    /// Flags given, in order.
    public var flags: [String] = []
    /// Positional arguments (`-` included), in order, at most `limit`.
    public var positionals: [String] = []

    // Arrays, not sets: a handful of names, and no hashing set-up in a process that lives 3 ms.
    /// Parses `arguments`; nil for an unknown or repeated name, a missing value or too many positionals.
    public init?(
        _ arguments: ArraySlice<String>, options names: [String], flags flagNames: [String] = [],
        positionals limit: Int = 0
    ) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if names.contains(argument) {
                guard index < arguments.endIndex, options[argument] == nil else { return nil }
                let value = arguments[index]
                guard !value.hasPrefix("-") else { return nil }
                options[argument] = value
                index += 1
            } else if flagNames.contains(argument) {
                guard !flags.contains(argument) else { return nil }
                flags.append(argument)
            } else if argument == "-" || !argument.hasPrefix("-") {
                guard positionals.count < limit else { return nil }
                positionals.append(argument)
            } else {
                return nil
            }
        }
    }

    /// Sets `value` from option `name` when given; false when it is given but is not a number.
    public func number<Number: FixedWidthInteger>(_ name: String, into value: inout Number?) -> Bool {
        guard let text = options[name] else { return true }
        guard let number = Number(text) else { return false }
        value = number
        return true
    }
}
