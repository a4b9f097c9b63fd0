#if canImport(Glibc)
internal import Glibc
#endif
internal import CDocVerifyShims
internal import DocCrypto
internal import DocPDF
internal import Foundation

/// The worker side: `docverify-worker` reads its configuration, then judges
/// documents from standard input until the parent closes it. It limits its own
/// address space and, per document, its CPU time; it dies with its parent.
public enum WorkerServer {
    /// Serves until standard input closes; returns the process exit status.
    public static func run() -> Int32 {
        _ = CDocVerifyShims_set_parent_death_signal(SIGKILL)
        if getppid() == 1 { return 1 }
        PopplerDiagnostics.silence()
        guard let setupBytes = try? FrameIO.readFrame(0),
            let configuration = try? JSONDecoder().decode(Configuration.self, from: Data(setupBytes))
        else { return 2 }
        let trustStore: TrustStore
        do {
            trustStore = try TrustStore.load(directory: configuration.keysDirectory, allowTestKeys: configuration.allowTestKeys)
        } catch {
            // The parent loaded the same store a moment ago; judge with an empty one rather than
            // die on every document (signatures then come out untrusted, never trusted).
            trustStore = TrustStore.empty()
        }
        // Confinement before the first document: nothing but the channel (0, 1) and
        // /dev/null (2) stays open, and with Landlock the worker may read the system's files
        // (poppler's fonts and data; ``ReadablePaths``) but not the spool, and create, write,
        // rename or remove nothing; the daemon is not dumpable, so its folders cannot be
        // reached through /proc/<daemon>/fd either. A worker taken over by a hostile PDF then
        // can neither plant a verdict in the outbox nor read another applicant's document.
        _ = CDocVerifyShims_close_from(3)
        ReadablePaths.confine(to: ReadablePaths.forWorker())
        // A worker that cannot bound its memory and CPU must not open hostile documents:
        // it answers each one with an error verdict instead (the shipped unit's system call
        // filter once made setrlimit fail silently, and workers ran without limits).
        var unconfined: String?
        if !limitAddressSpace(mebibytes: configuration.workerMemoryMiB) {
            unconfined = "setrlimit(RLIMIT_AS) failed: \(String(cString: strerror(errno)))"
        } else if !capCPU(perDocument: configuration.workerCPUSeconds, documents: configuration.workerRecycleAfter) {
            unconfined = "setrlimit(RLIMIT_CPU) failed: \(String(cString: strerror(errno)))"
        }
        let analyzer = Analyzer(configuration: configuration, trustStore: trustStore)
        let hooks = ProcessInfo.processInfo.environment["DOCVERIFY_TEST_HOOKS"] == "1"
        while true {
            // End of input before a frame: the parent closed the channel, so the worker ends.
            guard let headerLength = try? FrameIO.readExactly(0, 4) else { return 0 }
            guard let header = try? FrameIO.readExactly(0, Int(FrameIO.integer(headerLength))),
                let request = try? JSONDecoder.worker.decode(WorkerRequest.self, from: Data(header))
            else { return 3 }
            // Test hook: a worker stopped (SIGSTOP) before it reads a large document, so the
            // parent's write fills the pipe; the parent's deadline must still end the job.
            if hooks && request.fileName.contains("DOCVERIFY-TEST-STOP") { raise(SIGSTOP) }
            guard let bytes = try? FrameIO.readFrame(0, lengthBytes: 8)
            else { return 3 }
            let policy = configuration.policy(named: request.policy) ?? Policy.builtIn[Policy.defaultName]!
            if unconfined == nil && !limitCPU(seconds: configuration.workerCPUSeconds) {
                unconfined = "setrlimit(RLIMIT_CPU) failed: \(String(cString: strerror(errno)))"
            }
            let verdict: Verdict
            if let unconfined {
                verdict = Verdict.error(
                    code: .workerUnconfined,
                    message: "The worker could not limit its own memory and CPU time (\(unconfined)), so it did not open the document.",
                    file: request.fileName, bytes: bytes, policy: policy, checkedAt: request.now
                )
            } else {
                if hooks { TestHooks.trigger(bytes) }
                verdict = analyzer.analyze(bytes: bytes, fileName: request.fileName, now: request.now, policy: policy)
            }
            let body = Array(verdict.jsonLine().utf8)
            guard (try? FrameIO.writeAll(1, FrameIO.frame(body))) != nil else { return 0 }
        }
    }

    /// Bounds the address space; false if the kernel refused (true when no limit is set).
    private static func limitAddressSpace(mebibytes: Int) -> Bool {
        guard mebibytes > 0 else { return true }
        var current = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &current) == 0 else { return false }
        // An administrator's tighter hard limit stands: lowering is always allowed.
        let bytes = min(rlim_t(mebibytes) << 20, current.rlim_max)
        var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
        return setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0
    }

    /// The hard CPU limit, set once for the worker's whole life: every document it may judge
    /// before it is recycled gets its full allowance, plus a minute of slack. A process can
    /// lower its hard limit but never raise it, so it must not be set per document (that
    /// made the allowance run out after about 31 s of CPU in all: issue 11, item 7).
    private static func capCPU(perDocument seconds: Int, documents: Int) -> Bool {
        guard seconds > 0 else { return true }
        var current = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &current) == 0 else { return false }
        let wanted = rlim_t(seconds) * rlim_t(max(1, documents) + 1) + 60
        let hard = min(wanted, current.rlim_max)
        var limit = rlimit(rlim_cur: min(current.rlim_cur, hard), rlim_max: hard)
        return setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit) == 0
    }

    /// RLIMIT_CPU counts the process's whole life, so each document gets the time used so
    /// far plus its own allowance as the soft limit (under the hard one); SIGXCPU then ends
    /// a runaway parse.
    private static func limitCPU(seconds: Int) -> Bool {
        guard seconds > 0 else { return true }
        var usage = rusage()
        var current = rlimit()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0,
            getrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &current) == 0
        else { return false }
        let used = rlim_t(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1
        var limit = rlimit(rlim_cur: min(used + rlim_t(seconds), current.rlim_max), rlim_max: current.rlim_max)
        return setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit) == 0
    }
}

/// Test-only ways to make a worker misbehave, active only when the environment sets
/// `DOCVERIFY_TEST_HOOKS=1`: a document containing one of these markers crashes the
/// worker, hangs it, or makes it exhaust its memory. The daemon and CLI tests use them
/// to prove a misbehaving worker costs one attempt and never the daemon.
enum TestHooks {
    static func trigger(_ bytes: [UInt8]) {
        if contains(bytes, "%DOCVERIFY-TEST-CRASH") { abort() }
        if let target = markerArgument(bytes, "%DOCVERIFY-TEST-PLANT ") {
            // What a worker taken over by a hostile document would try: write a verdict into a
            // folder of the daemon's, by path and through the daemon's open descriptors.
            let forged = Array(#"{"verdict":"pass"}"#.utf8)
            for path in [target]
                + ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(getppid())/fd")) ?? []).map({
                    "/proc/\(getppid())/fd/\($0)/planted.verdict.json"
                })
            {
                let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                if fd >= 0 {
                    _ = forged.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    close(fd)
                }
            }
        }
        if let target = markerArgument(bytes, "%DOCVERIFY-TEST-READ ") {
            // What a worker taken over by a hostile document would try next: read another
            // applicant's document in the spool. The hook crashes the worker if it can, so
            // the test sees a crash verdict instead of the document's own.
            let fd = open(target, O_RDONLY)
            if fd >= 0 { abort() }
        }
        if contains(bytes, "%DOCVERIFY-TEST-SPIN") {
            // About 0.7 s of CPU, then the document is judged as usual.
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let start = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            var x: UInt64 = 1
            repeat {
                for _ in 0..<1_000_000 { x = x &* 6_364_136_223_846_793_005 &+ 1 }
                getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            } while Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 - start < 0.7 && x != 0
        }
        if contains(bytes, "%DOCVERIFY-TEST-HANG") {
            while true { sleep(1) }
        }
        if contains(bytes, "%DOCVERIFY-TEST-OOM") {
            var hoard: [[UInt8]] = []
            while true { hoard.append([UInt8](repeating: 1, count: 64 << 20)) }
        }
    }

    /// The rest of the line after `marker` in the first 4 KiB, if the marker is there.
    private static func markerArgument(_ bytes: [UInt8], _ marker: String) -> String? {
        let window = Array(bytes.prefix(4096))
        let needle = Array(marker.utf8)
        guard window.count >= needle.count,
            let start = (0...(window.count - needle.count)).first(where: { window[$0..<$0 + needle.count].elementsEqual(needle) })
        else { return nil }
        let rest = window[(start + needle.count)...].prefix { $0 != 0x0A && $0 != 0x0D }
        return String(decoding: rest, as: UTF8.self)
    }

    private static func contains(_ bytes: [UInt8], _ marker: String) -> Bool {
        let needle = Array(marker.utf8)
        guard bytes.count >= needle.count else { return false }
        // Markers sit near the start of test files; look at the first 4 KiB only.
        let window = bytes.prefix(4096)
        return window.indices.contains { start in
            start + needle.count <= window.endIndex && window[start..<start + needle.count].elementsEqual(needle)
        }
    }
}
