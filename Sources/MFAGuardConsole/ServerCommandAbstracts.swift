/// The one-line descriptions of the commands `mfaguard-server` runs (`serve`, `history`), declared once:
/// mfaguard-server's parser uses them, and `mfaguard --help` (mfaguard-commands, which does not link the
/// server) lists them under its own subcommands.
public enum ServerCommandAbstracts {
    /// `mfaguard serve`.
    public static let serve =
        "Audit on a schedule, keep the history, and serve metrics, the API, PRTG and Nagios over HTTP."
    /// `mfaguard history`.
    public static let history = "Print the audit runs `mfaguard serve` recorded."

    /// The lines `mfaguard --help` adds after its subcommands.
    public static var helpSection: String {
        """
        Server commands (mfaguard-server; `mfaguard serve --help` shows the options):
          serve                   \(serve)
          history                 \(history)
        """
    }
}
