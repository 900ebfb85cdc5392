import Foundation
import TestSupport
import Testing

/// `mfaguard qr` end to end: what it prints or writes is read back by zbarimg.
struct QRCommandTests {
    static let uri =
        "otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        + "&issuer=Amazon%20Web%20Services"

    /// Half-block text back to a PGM (P5) bitmap, 4 pixels per module, ink as black unless `inkIsLight`.
    static func pgm(fromTerminal text: String, inkIsLight: Bool) throws -> [UInt8] {
        var rows: [[Bool]] = []
        for line in text.split(separator: "\n") {
            var top: [Bool] = []
            var bottom: [Bool] = []
            var rest = Substring(line)
            while let character = rest.first {
                rest = rest.dropFirst()
                if character == "\u{1B}" {
                    rest = rest.drop(while: { $0 != "m" }).dropFirst()
                    continue
                }
                guard
                    let glyph = ["█": (true, true), "▀": (true, false), "▄": (false, true), " ": (false, false)][
                        character]
                else { throw ExternalTool.Failure(description: "unexpected character \(character)") }
                top.append(glyph.0)
                bottom.append(glyph.1)
            }
            rows += [top, bottom]
        }
        let scale = 4
        let width = rows[0].count * scale
        var pixels: [UInt8] = []
        for row in rows {
            let line = row.flatMap { ink in repeatElement(ink != inkIsLight ? UInt8(0) : 255, count: scale) }
            for _ in 0..<scale { pixels += line }
        }
        return Array("P5\n\(width) \(rows.count * scale)\n255\n".utf8) + pixels
    }

    @Test(arguments: [([String](), false), (["--invert"], true)])
    func terminalOutputDecodes(extra: [String], inkIsLight: Bool) async throws {
        let output = try await MFAGuardBinary().run(["qr", "-"] + extra, stdin: Self.uri + "\n")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.text.contains("\u{1B}"), "no colours when stdout is not a terminal")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.path("terminal.pgm")
        try Data(try Self.pgm(fromTerminal: output.text, inkIsLight: inkIsLight)).write(to: URL(fileURLWithPath: file))
        #expect(try await Self.zbar(file) == Self.uri)
    }

    /// Run under `script` so stdout is a terminal: colours appear, and `--no-color`, NO_COLOR and
    /// `TERM=dumb` remove them (the console's one colour policy).
    @Test func colorsOnlyOnATerminalAndNotWhenDisabled() async throws {
        let binary = try MFAGuardBinary().tool.path
        let script = try ExternalTool("script")
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil  // the test runner may set it
        environment["TERM"] = "xterm"  // and may run without a terminal type, or a dumb one
        let colored = try await script.run(["-qec", "\(binary) qr HELLO", "/dev/null"], environment: environment)
        #expect(colored.text.contains("\u{1B}[30;107m"), "\(colored.text)")
        let flag = try await script.run(
            ["-qec", "\(binary) qr --no-color HELLO", "/dev/null"], environment: environment)
        #expect(flag.status == 0 && !flag.text.contains("\u{1B}[") && flag.text.contains("▀"))
        environment["NO_COLOR"] = "1"
        let variable = try await script.run(["-qec", "\(binary) qr HELLO", "/dev/null"], environment: environment)
        #expect(variable.status == 0 && !variable.text.contains("\u{1B}[") && variable.text.contains("▀"))
        environment["NO_COLOR"] = nil
        environment["TERM"] = "dumb"
        let dumb = try await script.run(["-qec", "\(binary) qr HELLO", "/dev/null"], environment: environment)
        #expect(dumb.status == 0 && !dumb.text.contains("\u{1B}[") && dumb.text.contains("▀"))
    }

    @Test(arguments: ["L", "M", "Q", "H"])
    func pngFileDecodesAtEveryLevel(correction: String) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.path("code.png")
        let output = try await MFAGuardBinary().run(
            ["qr", "--png", file, "--correction", correction, "--scale", "3", "-"], stdin: Self.uri)
        #expect(output.status == 0 && output.stdout.isEmpty, "\(output.stderr)")
        #expect(try await Self.zbar(file) == Self.uri)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "a seed-bearing image must be private")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["code.png"])
    }

    @Test func svgFileDecodesAfterRasterising() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let svg = scratch.path("code.svg")
        let png = scratch.path("code.png")
        let output = try await MFAGuardBinary().run(["qr", "--svg", svg, "https://example.com/enroll?user=alice"])
        #expect(output.status == 0, "\(output.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: svg)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
        let converted = try await ExternalTool("rsvg-convert").run(["-b", "white", "-o", png, svg])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(try await Self.zbar(png) == "https://example.com/enroll?user=alice")
    }

    @Test func replacesAnExistingFile() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = try scratch.write("old contents", to: "code.png")
        let output = try await MFAGuardBinary().run(["qr", "--png", file, "NEW"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try await Self.zbar(file) == "NEW")
    }

    @Test(arguments: [
        (["qr", "-"], String(repeating: "x", count: 2_332), "text too long for a QR code: 2332 bytes, at most 2331"),
        (["qr", "--correction", "X", "hi"], "", "unknown error correction level 'X'"),
        (["qr", "--png", "/nonexistent/dir/code.png", "hi"], "", "cannot write /nonexistent/dir/code.png"),
        (["qr", "--png", "/tmp/x.png", "--scale", "0", "hi"], "", "scale 0 must be at least 1"),
    ])
    func badInputExitsWithTwoAndOneLine(arguments: [String], stdin: String, message: String) async throws {
        let output = try await MFAGuardBinary().run(arguments, stdin: stdin)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("mfaguard: ") && output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    static func zbar(_ file: String) async throws -> String {
        let output = try await ExternalTool("zbarimg").run(["--raw", "-q", "--oneshot", "-Sbinary", file])
        guard output.status == 0 else { throw ExternalTool.Failure(description: "zbarimg: \(output.stderr)") }
        return output.text
    }
}
