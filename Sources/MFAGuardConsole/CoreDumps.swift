#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps this process's memory out of core dumps and debuggers of the same user.
///
/// Why: mfaguard-commands and mfaguard-server hold long-term secret keys, session tokens and TOTP seeds in memory. A crash
/// would otherwise write them to a core file (or hand them to systemd-coredump/apport, which a zero
/// `RLIMIT_CORE` alone does not stop when `core_pattern` is a pipe); a process that is not dumpable
/// also cannot be attached to with ptrace by other processes of the same user.
public enum CoreDumps {
    /// Sets `RLIMIT_CORE` to 0 (soft and hard) and, on Linux, marks the process not dumpable; call it
    /// before anything reads a credential.
    public static func disable() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
            setNotDumpable()
        #else
            _ = setrlimit(RLIMIT_CORE, &none)
        #endif
    }

    #if os(Linux)
        /// `prctl(PR_SET_DUMPABLE, 0)`. Glibc's module map leaves out <sys/prctl.h>, so the function is
        /// looked up in the C library already loaded; integer arguments pass the same way to a variadic
        /// function on Linux's x86-64 and AArch64 ABIs.
        private static func setNotDumpable() {
            typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return }
            let prctl = unsafeBitCast(symbol, to: Prctl.self)
            let setDumpable: Int32 = 4  // PR_SET_DUMPABLE in <linux/prctl.h>
            _ = prctl(setDumpable, 0, 0, 0, 0)
        }
    #endif
}
