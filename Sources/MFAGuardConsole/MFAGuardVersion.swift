/// mfaguard's version, printed by `mfaguard --version`.
public enum MFAGuardVersion {
    public static let current = "0.1.0"
}
