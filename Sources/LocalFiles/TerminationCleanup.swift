#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a terminating signal (SIGINT, SIGTERM, SIGHUP) must undo before the process ends: the
/// temporary files of atomic writes in progress — each a full copy of its target, a credentials file
/// with every secret in it — and the child programs mfaguard runs (`credential_process`,
/// `mfa_process`, `--code-command`), which must not outlive it. SIGKILL cannot be caught;
/// `AtomicWriter` removes leftover files of its own naming on the next write to the same target.
///
/// The signal handler may only make async-signal-safe calls (`unlink`, `kill`, `signal`, `raise`), so
/// paths and process ids live in fixed tables, never freed, which the handler reads without a lock.
public enum TerminationCleanup {
    private static let slotCount = 32
    private static let slotSize = Int(PATH_MAX) + 1
    /// One flag byte then a NUL-terminated path per slot; allocated once, never freed.
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<CChar> = {
        let table = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * (slotSize + 1))
        table.initialize(repeating: 0, count: slotCount * (slotSize + 1))
        return table
    }()
    /// The terminating signal being handled (0: none), set first thing in the handler.
    nonisolated(unsafe) private static let pending: UnsafeMutablePointer<Int32> = {
        let pending = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        pending.initialize(to: 0)
        return pending
    }()
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    /// Records `path` for removal on a terminating signal; returns its slot for `forget`, or nil when
    /// the table is full or the path too long (the file is then only removed by the stale-file sweep).
    static func remember(_ path: String) -> Int? {
        let bytes = Array(path.utf8)
        guard bytes.count < slotSize else { return nil }
        installHandlers()
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        for slot in 0..<slotCount {
            let base = table + slot * (slotSize + 1)
            guard base.pointee == 0 else { continue }
            for (index, byte) in bytes.enumerated() { base[1 + index] = CChar(bitPattern: byte) }
            base[1 + bytes.count] = 0
            base.pointee = 1
            return slot
        }
        return nil
    }

    /// The file of `slot` no longer needs removing (renamed into place, or removed already).
    static func forget(_ slot: Int?) {
        guard let slot else { return }
        pthread_mutex_lock(lock)
        (table + slot * (slotSize + 1)).pointee = 0
        pthread_mutex_unlock(lock)
    }

    nonisolated(unsafe) private static let children: UnsafeMutablePointer<pid_t> = {
        let table = UnsafeMutablePointer<pid_t>.allocate(capacity: slotCount)
        table.initialize(repeating: 0, count: slotCount)
        return table
    }()

    /// Records a running child to be sent SIGTERM if a terminating signal ends mfaguard (a negative
    /// `pid` names a process group, as for `kill`); returns its slot for `forgetChild`, or nil when the
    /// table is full.
    public static func rememberChild(_ pid: pid_t) -> Int? {
        installHandlers()
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        for slot in 0..<slotCount where children[slot] == 0 {
            children[slot] = pid
            return slot
        }
        return nil
    }

    /// The child of `slot` has ended (and was reaped): it must not be signalled any more.
    public static func forgetChild(_ slot: Int?) {
        guard let slot else { return }
        pthread_mutex_lock(lock)
        children[slot] = 0
        pthread_mutex_unlock(lock)
    }

    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Called by a thread that has just seen a remembered child end: if a terminating signal is being
    /// handled (the handler ended that child), this thread dies of it too instead of going on to exit
    /// with a status of its own while the handler's thread waits for a core.
    public static func endIfTerminating() {
        let number = pending.pointee
        guard number != 0 else { return }
        signal(number, SIG_DFL)
        raise(number)
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, number)
        pthread_sigmask(SIG_UNBLOCK, &only, nil)
    }

    /// Installs the handler for each signal whose disposition is still the default (a command that
    /// handles SIGINT itself, such as an enrolment waiting for codes, keeps its own handling).
    private static func installHandlers() {
        _ = pending  // made before any signal can need it
        for number in signals {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0 else { continue }
            #if canImport(Glibc) || canImport(Musl)
                let handler = current.__sigaction_handler.sa_handler
            #else
                let handler = current.__sigaction_u.__sa_handler
            #endif
            guard handler == nil else { continue }  // SIG_DFL is the null handler
            signal(number, removeAndReraise)
        }
    }

    /// Removes every remembered file, ends every remembered child, then lets the signal do what it
    /// would have done.
    private static let removeAndReraise: @convention(c) (Int32) -> Void = { number in
        TerminationCleanup.pending.pointee = number
        for slot in 0..<TerminationCleanup.slotCount {
            let base = TerminationCleanup.table + slot * (TerminationCleanup.slotSize + 1)
            if base.pointee == 1 { unlink(base + 1) }
            let child = TerminationCleanup.children[slot]
            if child != 0 { kill(child, SIGTERM) }
        }
        // Die of the signal here, inside the handler: `raise` alone stays pending until the handler
        // returns, and by then another thread that saw the child end could have exited with a status
        // of its own (seen: exit 2 "the code command failed" instead of death by SIGTERM).
        signal(number, SIG_DFL)
        raise(number)
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, number)
        pthread_sigmask(SIG_UNBLOCK, &only, nil)
    }
}
