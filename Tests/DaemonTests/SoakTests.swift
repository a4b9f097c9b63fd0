import Foundation
import PDFTestSupport
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    /// Issue 11, "What it must show" item 3: documents flow while the daemon and its workers
    /// are killed and stopped at random, under the unit's emulated limits.
    @Suite("Soak under the unit's limits")
    struct SoakTests {
        /// What one input is and how it arrives.
        enum Kind: Equatable {
            case renamed, inPlace, large
            case poison(String)
        }

        /// The inputs of a run: `doc-<index>.pdf`, each with distinct bytes. Every fifth is
        /// written in place, every 60th is large (most of `max_size`), and a few are poison
        /// (they crash the worker or exhaust its memory: test hooks).
        struct Plan {
            let documents: Int
            let poisonEvery: Int

            init(documents: Int, poison: Int) {
                self.documents = documents
                poisonEvery = documents / poison
            }

            func kind(_ index: Int) -> Kind {
                if index % poisonEvery == poisonEvery / 2 {
                    return .poison(index / poisonEvery % 2 == 0 ? "%DOCVERIFY-TEST-CRASH" : "%DOCVERIFY-TEST-OOM")
                }
                if index % 60 == 7 { return .large }
                return index % 5 == 0 ? .inPlace : .renamed
            }

            func bytes(_ index: Int) -> [UInt8] {
                switch kind(index) {
                case .poison(let hook): TestDocuments.pdf(100_000 + index, hook: hook)
                case .large: TestDocuments.pdf(100_000 + index, padding: 1_500_000)
                case .renamed, .inPlace: TestDocuments.pdf(100_000 + index)
                }
            }

            static func name(_ index: Int) -> String { "doc-\(index).pdf" }
        }

        /// Set once by the feeder thread, read by the test.
        final class Flag: Sendable {
            private let value = Atomic<Bool>(false)
            func set() { value.store(true, ordering: .releasing) }
            var isSet: Bool { value.load(ordering: .acquiring) }
        }

        static let workers = 3
        static let maxSize = 2_000_000
        /// The daemon's resident memory beside the documents it holds: the Swift runtime,
        /// Foundation, libcrypto, the configuration and trust store, 12 job threads. Measured
        /// (debug build, x86_64, 3 workers): 26 MB idle, 32 MB after 30 small documents; the
        /// rest is room for what malloc's per-thread arenas keep of freed buffers (verdicts,
        /// text forms) and for a release build's different layout.
        static let baseMemory = 50_000_000

        @Test(
            "documents renamed in and written in place through random kill -9s of the daemon and its workers, SIGSTOPs, and an inbox replaced: one correct verdict each, only poison quarantined, memory bounded"
        )
        func soak() async throws {
            let plan = Plan(documents: Randomized.long ? 5000 : 300, poison: Randomized.long ? 12 : 4)
            let seed = Randomized.seed()
            var random = SplitMix64(seed: seed)
            let spool = try TestSpool(
                "soak-seed\(seed)",
                configuration: """
                    [verify]
                    workers = \(Self.workers)
                    worker_timeout = 10
                    worker_memory_mib = 512
                    max_size = \(Self.maxSize)
                    [daemon]
                    settle = 0.2
                    rescan_interval = 1
                    max_attempts = 4
                    stop_timeout = 2
                    """)
            let tasks = TaskLimit(maxTasks: 128, label: "soak")
            if tasks == nil { print("note: no pids cgroup can be made here; the soak runs without the unit's task limit") }
            let wrapper = UnitEmulation.wrapper(allowRlimits: true, tasks: tasks)
            let start = { try DaemonProcess(spool: spool, environment: ["DOCVERIFY_TEST_HOOKS": "1"], wrapper: wrapper) }
            let started = Date()

            // The writers: renamed in, or written in place by root (the daemon's user, so the
            // read lease covers them) and closed before the writer pauses. Half-way, the inbox
            // is replaced: moved away and a new one made; what the daemon had not claimed from
            // the old one is dropped into the new one, as a clerk would, and the old one deleted.
            let fed = Flag()
            let feeder = Task {
                await onOwnThread { () -> Int in
                    var rng = SplitMix64(seed: seed ^ 0xFEED)
                    var redropped = 0
                    for index in 0..<plan.documents {
                        if index == plan.documents / 2 { redropped = Self.replaceInbox(spool) }
                        let name = Plan.name(index)
                        if plan.kind(index) == .inPlace {
                            try? spool.write(plan.bytes(index), to: spool.inbox, name: Array(name.utf8))
                        } else {
                            try? spool.drop(plan.bytes(index), as: name)
                        }
                        usleep(UInt32(Int.random(in: 10...90, using: &rng) * 1000))
                    }
                    fed.set()
                    return redropped
                }
            }

            // The chaos, with the daemon's memory sampled every 50 ms and the daemon restarted
            // whenever it ends (as systemd's Restart=on-failure would).
            var daemon = try start()
            var counts = (daemonKills: 0, workerKills: 0, workerStops: 0, daemonStops: 0, restarts: 0)
            var unexpectedEnds: [DaemonProcess.Termination] = []
            var peak = (resident: 0, highWater: 0)
            // Chaos goes on while documents arrive, then until these counts are reached or
            // every document has its verdict (after that a kill finds nothing to break).
            let quota = Randomized.long ? (daemon: 50, worker: 100, stops: 60) : (daemon: 5, worker: 8, stops: 6)
            func pause(_ milliseconds: Int) async throws {
                var left = milliseconds
                while left > 0 {
                    if let memory = daemon.memory() {
                        peak = (max(peak.resident, memory.resident), max(peak.highWater, memory.peak))
                    }
                    if let end = daemon.poll() {
                        // Exit 75: a folder was replaced or went missing (the inbox, half-way).
                        if end != .exited(75) { unexpectedEnds.append(end) }
                        counts.restarts += 1
                        daemon = try start()
                    }
                    try await Task.sleep(for: .milliseconds(min(50, left)))
                    left -= 50
                }
            }
            var drained = false
            while !fed.isSet || !drained && (counts.daemonKills < quota.daemon || counts.workerKills < quota.worker || counts.workerStops < quota.stops) {
                try await pause(Int.random(in: 100...600, using: &random))
                let workers = UnitEmulation.workers(of: daemon.pid)
                let worker = workers.isEmpty ? nil : workers[Int.random(in: 0..<workers.count, using: &random)]
                switch Int.random(in: 0..<100, using: &random) {
                case 0..<20:
                    await daemon.killNine()
                    counts.daemonKills += 1
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...300, using: &random)))
                    daemon = try start()
                case 20..<45:
                    if let worker, kill(worker, SIGKILL) == 0 { counts.workerKills += 1 }
                case 45..<70:
                    // Well under worker_timeout: a stop must not cost the document an attempt.
                    if let worker, kill(worker, SIGSTOP) == 0 {
                        counts.workerStops += 1
                        try await pause(Int.random(in: 50...1500, using: &random))
                        kill(worker, SIGCONT)
                    }
                case 70..<80:
                    daemon.signal(SIGSTOP)
                    counts.daemonStops += 1
                    try await Task.sleep(for: .milliseconds(Int.random(in: 50...1000, using: &random)))
                    daemon.signal(SIGCONT)
                default:
                    break
                }
                drained = fed.isSet && spool.verdictCount >= plan.documents
            }
            let redropped = await feeder.value

            // Calm: the last daemon finishes the work.
            let finished = await eventually(timeout: Randomized.long ? 600 : 180, every: .milliseconds(100)) {
                if let memory = daemon.memory() {
                    peak = (max(peak.resident, memory.resident), max(peak.highWater, memory.peak))
                }
                if let end = daemon.poll() {
                    if end != .exited(75) { unexpectedEnds.append(end) }
                    counts.restarts += 1
                    daemon = (try? start()) ?? daemon
                }
                return spool.verdictCount >= plan.documents && spool.names(in: spool.inbox).filter { $0.first != 0x2E }.isEmpty
                    && spool.names(in: spool.state + "/work").isEmpty
            }
            #expect(finished, "seed \(seed): \(spool.verdictCount) verdicts for \(plan.documents) documents")
            try await Task.sleep(for: .milliseconds(1500))
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 30) == .exited(0))
            #expect(unexpectedEnds.isEmpty, "seed \(seed): the daemon ended on its own: \(unexpectedEnds)")
            #expect(counts.daemonKills > 0 && counts.workerKills > 0 && counts.workerStops > 0, "seed \(seed): \(counts)")
            let seconds = Int(Date().timeIntervalSince(started))

            // Exactly one verdict per input, for its bytes, and the right one.
            var byFile: [String: [[String: Any]]] = [:]
            for verdict in spool.verdicts().values { byFile[verdict["file"] as? String ?? "?", default: []].append(verdict) }
            #expect(byFile.values.map(\.count).reduce(0, +) == plan.documents, "seed \(seed)")
            var poison = Set<String>()
            for index in 0..<plan.documents {
                let name = Plan.name(index)
                let bytes = plan.bytes(index)
                let verdicts = byFile[name] ?? []
                #expect(verdicts.count == 1, "seed \(seed): \(name) has \(verdicts.count) verdicts")
                guard let verdict = verdicts.first else { continue }
                #expect(verdict["sha256"] as? String == sha256Hex(bytes), "seed \(seed): \(name)")
                let codes = UnitLimitsTests.codes(verdict)
                if case .poison = plan.kind(index) {
                    poison.insert(String(sha256Hex(bytes).prefix(12)))
                    #expect(verdict["verdict"] as? String == "error" && codes.first == "QUARANTINED", "seed \(seed): \(name): \(codes)")
                } else {
                    #expect(verdict["verdict"] as? String == "review", "seed \(seed): \(name): \(codes)")
                }
            }
            // Only complete verdict pairs in the outbox, nothing temporary left.
            let outbox = spool.names(in: spool.outbox).map { String(decoding: $0, as: UTF8.self) }
            #expect(outbox.allSatisfy { $0.hasSuffix(".verdict.json") || $0.hasSuffix(".verdict.txt") }, "seed \(seed)")
            #expect(outbox.filter { $0.hasSuffix(".verdict.txt") }.count == plan.documents)
            #expect(spool.names(in: spool.state + "/tmp").isEmpty)
            // Nothing quarantined that is not poison; every other original retired.
            let quarantined = Set(
                spool.names(in: spool.state + "/quarantine").map { String(decoding: $0, as: UTF8.self) }
                    .filter { !$0.hasSuffix(".reason") })
            #expect(quarantined == poison, "seed \(seed): quarantined \(quarantined.subtracting(poison)) that are not poison")
            #expect(spool.names(in: spool.state + "/done").count == plan.documents - poison.count, "seed \(seed)")
            // The daemon's memory: documents are held only by jobs that own a worker permit.
            let bound = Self.baseMemory + Self.workers * Self.maxSize
            #expect(peak.highWater > 0 && peak.highWater <= bound, "seed \(seed): peak resident \(peak.highWater) bytes, bound \(bound)")
            print(
                "soak: \(plan.documents) documents in \(seconds) s, seed \(seed); \(counts.daemonKills) daemon kill -9s, "
                    + "\(counts.workerKills) worker kills, \(counts.workerStops) worker and \(counts.daemonStops) daemon SIGSTOPs, "
                    + "\(counts.restarts) restarts after the daemon exited, \(redropped) documents re-dropped into the new inbox; "
                    + "daemon VmRSS max \(peak.resident / 1_000_000) MB, VmHWM max \(peak.highWater / 1_000_000) MB (bound \(bound / 1_000_000) MB); "
                    + "tasks peak \(tasks?.peak.map(String.init) ?? "-") of 128, \(tasks?.refusals ?? 0) refused"
            )
            await tasks?.remove()
            spool.expectCleanLog()
        }

        /// Replaces the inbox while the daemon runs (issue 11 item 3): moved away, a new one
        /// made in its place, the entries the daemon had not claimed renamed into the new one
        /// (an entry it claims meanwhile is simply gone: ENOENT), then the old one deleted.
        /// Returns how many entries were moved over.
        static func replaceInbox(_ spool: TestSpool) -> Int {
            let old = spool.inbox + ".old"
            guard rename(spool.inbox, old) == 0, mkdir(spool.inbox, 0o755) == 0 else { return 0 }
            var moved = 0
            for name in spool.names(in: old) where name.first != 0x2E {
                let rc = withCPath(old, name) { from in withCPath(spool.inbox, name) { to in rename(from, to) } }
                if rc == 0 { moved += 1 }
            }
            try? FileManager.default.removeItem(atPath: old)
            return moved
        }
    }
}
