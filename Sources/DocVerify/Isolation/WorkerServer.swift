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
        guard let setupLength = try? FrameIO.readExactly(0, 4),
            let setupBytes = try? FrameIO.readExactly(0, Int(FrameIO.integer(setupLength))),
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
        limitAddressSpace(mebibytes: configuration.workerMemoryMiB)
        let analyzer = Analyzer(configuration: configuration, trustStore: trustStore)
        let hooks = ProcessInfo.processInfo.environment["DOCVERIFY_TEST_HOOKS"] == "1"
        while true {
            guard let headerLength = try? FrameIO.readExactly(0, 4) else { return 0 }
            guard let header = try? FrameIO.readExactly(0, Int(FrameIO.integer(headerLength))),
                let request = try? JSONDecoder.worker.decode(WorkerRequest.self, from: Data(header)),
                let bodyLength = try? FrameIO.readExactly(0, 8),
                let bytes = try? FrameIO.readExactly(0, Int(FrameIO.integer(bodyLength)))
            else { return 3 }
            limitCPU(seconds: configuration.workerCPUSeconds)
            if hooks { TestHooks.trigger(bytes) }
            let policy = configuration.policy(named: request.policy) ?? Policy.builtIn[Policy.defaultName]!
            let verdict = analyzer.analyze(bytes: bytes, fileName: request.fileName, now: request.now, policy: policy)
            let body = Array(verdict.jsonLine().utf8)
            guard (try? FrameIO.writeAll(1, FrameIO.bigEndian(UInt64(body.count), width: 4) + body)) != nil else { return 0 }
        }
    }

    private static func limitAddressSpace(mebibytes: Int) {
        guard mebibytes > 0 else { return }
        let bytes = rlim_t(mebibytes) << 20
        var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
    }

    /// RLIMIT_CPU counts the process's whole life, so each document gets the time used
    /// so far plus its own allowance; SIGXCPU then ends a runaway parse.
    private static func limitCPU(seconds: Int) {
        guard seconds > 0 else { return }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let used = rlim_t(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1
        var limit = rlimit(rlim_cur: used + rlim_t(seconds), rlim_max: used + rlim_t(seconds) + 5)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit)
    }
}

/// Test-only ways to make a worker misbehave, active only when the environment sets
/// `DOCVERIFY_TEST_HOOKS=1`: a document containing one of these markers crashes the
/// worker, hangs it, or makes it exhaust its memory. The daemon and CLI tests use them
/// to prove a misbehaving worker costs one attempt and never the daemon.
enum TestHooks {
    static func trigger(_ bytes: [UInt8]) {
        if contains(bytes, "%DOCVERIFY-TEST-CRASH") { abort() }
        if contains(bytes, "%DOCVERIFY-TEST-HANG") {
            while true { sleep(1) }
        }
        if contains(bytes, "%DOCVERIFY-TEST-OOM") {
            var hoard: [[UInt8]] = []
            while true { hoard.append([UInt8](repeating: 1, count: 64 << 20)) }
        }
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
