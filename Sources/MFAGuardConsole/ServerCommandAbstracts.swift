/// The one-line descriptions of the commands `mfaguard-server` runs (`serve`, `history`), declared once:
/// mfaguard-server's parser uses them, and `mfaguard --help` (mfaguard-commands, which does not link the
/// server) lists them under its own subcommands.
public enum ServerCommandAbstracts {
    /// `mfaguard serve`.
    public static let serve = "Audit on a schedule; serve metrics, history and an API over HTTP."
    /// `mfaguard history`.
    public static let history = "Print the audit runs `mfaguard serve` recorded."

    /// The lines `mfaguard --help` shows under its overview.
    public static var helpSection: String {
        """
        Server commands (mfaguard-server; see `mfaguard serve --help`):
          serve    \(serve)
          history  \(history)
        """
    }
}
