import ArgumentParser
import MFAGuardKit
import QuickCommands

/// `mfaguard qr`: shows text as a QR code in the terminal, or writes it as PNG or SVG.
struct QRCommand: ParsableCommand {
    private typealias Name = QRCodeExport.Request.OptionName

    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Show text as a QR code in the terminal, or write it as a PNG or SVG image.",
        discussion: """
            Pass - as TEXT to read it from standard input: do that for otpauth:// URIs, which hold a seed \
            that an argument would show in the process list. Image files holding an otpauth:// URI get mode 0600.
            """
    )

    @Argument(help: "The text to encode, or - to read it from standard input.")
    var text: String

    @Option(
        name: .customLong(Name.png),
        help: ArgumentHelp("Write a PNG image to this file instead of printing.", valueName: "file"))
    var png: String?

    @Option(
        name: .customLong(Name.svg),
        help: ArgumentHelp("Write an SVG image to this file instead of printing.", valueName: "file"))
    var svg: String?

    @Option(name: .customLong(Name.correction), help: "Error correction level: L, M, Q or H.")
    var correction: String = QRCodeExport.Request.defaultCorrection

    @Option(name: .customLong(Name.scale), help: "PNG pixels per module.")
    var scale: Int = QRCodeExport.Request.defaultScale

    @Option(
        name: .customLong(Name.border),
        help: "Quiet zone around the code in modules (PNG and SVG; the terminal always gets 4).")
    var border: Int = QRCodeExport.Request.defaultBorder

    @Flag(
        name: .customLong(Name.invert),
        help: "Terminal: draw light modules as ink, for light text on a dark background without colours.")
    var invert = false

    @Flag(name: .customLong(Name.noColor), help: "Terminal: no ANSI colours (also when NO_COLOR is set or not a TTY).")
    var noColor = false

    func run() throws {
        var request = QRCodeExport.Request(text: text)
        request.png = png
        request.svg = svg
        request.correction = correction
        request.scale = scale
        request.border = border
        request.invert = invert
        request.noColor = noColor
        try QRCodeExport.run(request)
    }
}
