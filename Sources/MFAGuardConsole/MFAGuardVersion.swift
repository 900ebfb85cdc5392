/// mfaguard's version, printed by `mfaguard --version`.
public enum MFAGuardVersion {
    /// `MAJOR.MINOR.PATCH` (semantic versioning).
    public static let current = "0.1.0"
}
