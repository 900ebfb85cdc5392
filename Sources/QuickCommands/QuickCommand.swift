import MFAGuardConsole

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mfaguard --version`, `mfaguard totp` and `mfaguard qr` with plain arguments, run by the small
/// `mfaguard` executable itself; everything else goes on to `mfaguard-commands` (docs/ARCHITECTURE.md,
/// "Start-up").
///
/// Why: these are the commands scripts run in loops, and a process without Foundation starts in a
/// third of the time. The `totp` and `qr` commands of mfaguard-commands (the ArgumentParser path, taken
/// for `--help`, `--name=value`, repeated or unknown options and so on) call the same `TOTPCodeGenerator`
/// and `QRCodeExport.run`, so nothing about what they do exists twice. `MFAGUARD_FULL_PARSER=1` turns
/// this off; the tests compare both paths.
public enum QuickCommand {
    /// Runs `arguments` (program name excluded) when they are one of the quick commands in plain
    /// form, and returns the exit status; nil to hand them to mfaguard-commands.
    public static func run(_ arguments: ArraySlice<String>) -> Int32? {
        guard let name = arguments.first, getenv("MFAGUARD_FULL_PARSER") == nil else { return nil }
        let rest = arguments.dropFirst()
        do {
            switch name {
            case "--version" where rest.isEmpty:
                Console.outputLine(MFAGuardVersion.current)
            case "totp":
                guard let request = totp(rest) else { return nil }
                Console.outputLine(try TOTPCodeGenerator.system.code(for: request))
            case "qr":
                guard let request = qr(rest) else { return nil }
                try QRCodeExport.run(request)
            default:
                return nil
            }
            return 0
        } catch {
            Console.report(error.message)
            return error.exitCode
        }
    }

    static func totp(_ arguments: ArraySlice<String>) -> TOTPCodeRequest? {
        typealias Name = TOTPCodeRequest.OptionName
        let (secretFile, time, digits, algorithm, period) = (
            "--" + Name.secretFile, "--" + Name.time, "--" + Name.digits, "--" + Name.algorithm, "--" + Name.period
        )
        guard let input = PlainArguments(arguments, options: [secretFile, time, digits, algorithm, period])
        else { return nil }
        var request = TOTPCodeRequest(source: input.options[secretFile].map { .file($0) } ?? .standardInput)
        request.algorithm = input.options[algorithm]
        guard input.number(time, into: &request.time), input.number(digits, into: &request.digits),
            input.number(period, into: &request.period)
        else { return nil }
        return request
    }

    static func qr(_ arguments: ArraySlice<String>) -> QRCodeExport.Request? {
        typealias Name = QRCodeExport.Request.OptionName
        let (png, svg, correction, scaleName, borderName, invert, noColor) = (
            "--" + Name.png, "--" + Name.svg, "--" + Name.correction, "--" + Name.scale, "--" + Name.border,
            "--" + Name.invert, "--" + Name.noColor
        )
        guard
            let input = PlainArguments(
                arguments, options: [png, svg, correction, scaleName, borderName], flags: [invert, noColor],
                positionals: 1),
            let text = input.positionals.first
        else { return nil }
        var request = QRCodeExport.Request(text: text)
        request.png = input.options[png]
        request.svg = input.options[svg]
        request.correction = input.options[correction] ?? request.correction
        var scale: Int? = request.scale
        var border: Int? = request.border
        guard input.number(scaleName, into: &scale), input.number(borderName, into: &border), let scale, let border
        else { return nil }
        request.scale = scale
        request.border = border
        request.invert = input.flags.contains(invert)
        request.noColor = input.flags.contains(noColor)
        return request
    }
}
