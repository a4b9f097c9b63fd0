@testable import DocVerifyDaemon
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    /// The daemon under the shipped unit's system call filter and task limit, emulated
    /// (issue 11, "What it must show" item 1; items 2 and 4).
    @Suite("Under the unit's system call filter and task limit")
    struct UnitLimitsTests {
        static let memoryMiB = 768
        static let cpuSeconds = 20
        static let recycleAfter = 10

        static func configuration(workers: Int = 1, timeout: Double = 4, maxAttempts: Int = 1) -> String {
            """
            [verify]
            workers = \(workers)
            worker_timeout = \(timeout)
            worker_memory_mib = \(memoryMiB)
            worker_cpu_seconds = \(cpuSeconds)
            worker_recycle_after = \(recycleAfter)
            [daemon]
            settle = 0.2
            rescan_interval = 1
            max_attempts = \(maxAttempts)
            stop_timeout = 1
            """
        }

        static func codes(_ verdict: [String: Any]) -> [String] {
            (verdict["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        }

        /// Whether this machine lets the tests make a pids cgroup (root, a writable cgroup
        /// hierarchy with the pids controller).
        static let taskLimits: Bool = {
            guard let probe = TaskLimit(maxTasks: 1, label: "probe") else { return false }
            return rmdir(probe.path) == 0
        }()

        @Test(
            "with the unit's setrlimit/prlimit64 allowance a worker judging a document has its CPU and address-space limits, and documents get their usual verdicts"
        )
        func limitsHoldWithTheAllowance() async throws {
            // A time limit long enough to look at the worker on a loaded machine; the test ends
            // the hang itself by killing the worker (a crash: the one attempt, then quarantine).
            let spool = try TestSpool("unit-filter-allowed", configuration: Self.configuration(timeout: 60))
            let hang = TestDocuments.pdf(1500, hook: "%DOCVERIFY-TEST-HANG")
            try spool.drop(hang, as: "hang.pdf")
            let daemon = try DaemonProcess(
                spool: spool, environment: ["DOCVERIFY_TEST_HOOKS": "1"], wrapper: UnitEmulation.wrapper(allowRlimits: true)
            )
            // The hang marker keeps the one worker inside its document until the time limit.
            var worker: pid_t?
            #expect(
                await eventually(timeout: 30) {
                    worker = UnitEmulation.workers(of: daemon.pid).first
                    return worker != nil && !spool.names(in: spool.state + "/work").isEmpty
                })
            let pid = try #require(worker)
            // At start the worker sets its hard CPU limit (and the soft one to it); the soft limit
            // drops to this document's allowance when it receives a document: from then on it
            // is judging (hanging in) hang.pdf.
            #expect(
                await eventually(timeout: 20) {
                    guard let cpu = UnitEmulation.limit(pid, "Max cpu time"), let soft = cpu.soft, let hard = cpu.hard else { return false }
                    return soft < hard
                })
            let memory = try #require(UnitEmulation.limit(pid, "Max address space"))
            #expect(memory.soft == UInt64(Self.memoryMiB) << 20 && memory.hard == UInt64(Self.memoryMiB) << 20, "\(memory)")
            let cpu = try #require(UnitEmulation.limit(pid, "Max cpu time"))
            // Hard: the allowance of every document of the worker's life plus a minute; soft:
            // the time used so far plus this document's allowance.
            #expect(cpu.hard == UInt64(Self.cpuSeconds * (Self.recycleAfter + 1) + 60), "\(cpu)")
            #expect(cpu.soft.map { (UInt64(Self.cpuSeconds)...UInt64(Self.cpuSeconds + 5)).contains($0) } == true, "\(cpu)")
            kill(pid, SIGKILL)

            let documents = (0..<4).map { TestDocuments.pdf(1510 + $0) }
            for (index, bytes) in documents.enumerated() { try spool.drop(bytes, as: "letter-\(index).pdf") }
            #expect(await eventually(timeout: 60, every: .milliseconds(100)) { spool.verdictCount == 5 })
            let verdicts = spool.verdicts()
            for (index, bytes) in documents.enumerated() {
                let verdict = verdicts["letter-\(index).pdf.verdict.json"]
                #expect(verdict?["verdict"] as? String == "review")
                #expect(verdict?["sha256"] as? String == sha256Hex(bytes))
            }
            #expect(verdicts["hang.pdf.verdict.json"].map(Self.codes) == ["QUARANTINED", "PARSER_CRASHED"])
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test(
            "without the allowance (the red team's unit) the worker cannot set its limits and refuses to judge: every document gets WORKER_UNCONFINED, none a pass, fail or review"
        )
        func unconfinedWorkerRefuses() async throws {
            let spool = try TestSpool("unit-filter-denied", configuration: Self.configuration())
            // The hang marker is inert unless a worker opens the document: with it, a worker
            // that judged anyway would be caught by the time limit rather than answer.
            let documents = (0..<4).map { TestDocuments.pdf(1520 + $0) } + [TestDocuments.pdf(1530, hook: "%DOCVERIFY-TEST-HANG")]
            for (index, bytes) in documents.enumerated() { try spool.drop(bytes, as: "letter-\(index).pdf") }
            let daemon = try DaemonProcess(
                spool: spool, environment: ["DOCVERIFY_TEST_HOOKS": "1"], wrapper: UnitEmulation.wrapper(allowRlimits: false)
            )
            #expect(await eventually(timeout: 60, every: .milliseconds(100)) { spool.verdictCount == documents.count })
            let verdicts = spool.verdicts()
            #expect(verdicts.count == documents.count)
            for (index, bytes) in documents.enumerated() {
                let verdict = try #require(verdicts["letter-\(index).pdf.verdict.json"])
                #expect(verdict["verdict"] as? String == "error", "letter-\(index).pdf: judged by a worker without limits")
                #expect(Self.codes(verdict) == ["WORKER_UNCONFINED"])
                #expect(verdict["sha256"] as? String == sha256Hex(bytes))
            }
            // The emulation reproduces what the red team saw: the worker (idle now, kept for
            // the next document) runs without a CPU or address-space limit.
            let worker = try #require(UnitEmulation.workers(of: daemon.pid).first)
            let memory = try #require(UnitEmulation.limit(worker, "Max address space"))
            let cpu = try #require(UnitEmulation.limit(worker, "Max cpu time"))
            #expect(memory.soft == nil && cpu.hard == nil, "address space \(memory), CPU \(cpu)")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test(
            "under TasksMax=128, with the service's other tasks leaving room for 3 of 28 workers, worker starts fail for real, yet no document is quarantined and each gets exactly one verdict",
            .enabled(if: taskLimits, "no pids cgroup can be made here: the unit's TasksMax= cannot be emulated")
        )
        func workerStartsRefused() async throws {
            // The red team's 25-28 workers under TasksMax=128 quarantined 35-98 of 120
            // documents because worker starts failed (40 documents here keep the suite light).
            // The daemon starts with room for its 28 workers; then other tasks of the service
            // take all but 3 of the 128.
            let limit = try #require(TaskLimit(maxTasks: 128, label: "tasks"))
            let spool = try TestSpool("unit-tasks", configuration: Self.configuration(workers: 28, timeout: 20, maxAttempts: 3))
            let daemon = try DaemonProcess(spool: spool, wrapper: UnitEmulation.wrapper(allowRlimits: true, tasks: limit))
            #expect(await eventually(timeout: 20) { !spool.logLines(containing: "docverify watch started").isEmpty })
            try await limit.occupy(leaving: 3)
            let documents = (0..<40).map { TestDocuments.pdf(1600 + $0) }
            for (index, bytes) in documents.enumerated() { try spool.drop(bytes, as: "letter-\(index).pdf") }
            let finished = await eventually(timeout: 240, every: .milliseconds(200)) { spool.verdictCount >= documents.count }
            #expect(finished, "\(spool.verdictCount) verdicts for \(documents.count) documents")
            #expect(limit.refusals > 0, "the task limit never refused a task: it was not emulated")
            #expect(!spool.logLines(containing: "no worker could be started").isEmpty)
            #expect(spool.names(in: spool.state + "/quarantine").isEmpty, "no document pays for a worker that cannot start")
            Self.expectReview(spool, documents)
            #expect(daemon.isRunning)
            print("task limit: \(limit.refusals) task starts refused, peak \(limit.peak.map(String.init) ?? "?") of 128 tasks")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 30) == .exited(0))
            await limit.remove()
            spool.expectCleanLog()
        }

        @Test(
            "under TasksMax=128, 40 workers (160 job threads) do not fill the limit with job threads: the daemon runs fewer, says so, and judges every document",
            .enabled(if: taskLimits, "no pids cgroup can be made here: the unit's TasksMax= cannot be emulated")
        )
        func moreWorkersThanTheLimitHolds() async throws {
            // With 4 job threads per worker, 32 or more workers took all 128 tasks before any
            // worker started: every start failed, for good, and nothing was ever judged.
            let limit = try #require(TaskLimit(maxTasks: 128, label: "tasks40"))
            let spool = try TestSpool("unit-tasks40", configuration: Self.configuration(workers: 40, timeout: 20, maxAttempts: 3))
            let documents = (0..<12).map { TestDocuments.pdf(1700 + $0) }
            for (index, bytes) in documents.enumerated() { try spool.drop(bytes, as: "letter-\(index).pdf") }
            let daemon = try DaemonProcess(spool: spool, wrapper: UnitEmulation.wrapper(allowRlimits: true, tasks: limit))
            let finished = await eventually(timeout: 90, every: .milliseconds(200)) { spool.verdictCount >= documents.count }
            #expect(finished, "\(spool.verdictCount) verdicts for \(documents.count) documents")
            Self.expectReview(spool, documents)
            #expect(spool.names(in: spool.state + "/quarantine").isEmpty)
            let warning = spool.logLines(containing: "task limit cannot hold every worker")
            #expect(warning.count == 1 && warning[0].contains("tasks_max=128") && warning[0].contains("workers_configured=40"), "\(warning)")
            #expect((limit.peak ?? 0) <= 128 - 2, "peak \(limit.peak ?? 0) tasks: the plan keeps a reserve")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 30) == .exited(0))
            await limit.remove()
            spool.expectCleanLog()
        }

        @Test("the task plan: job threads per worker go down before workers do, and threads already running are counted once")
        func taskPlan() {
            typealias Plan = TaskBudget.Plan
            let plan = { (workers: Int, started: Int, inUse: Int, limit: Int?) in
                TaskBudget.plan(workers: workers, threadsPerWorker: 4, threadsStarted: started, inUse: inUse, limit: limit)
            }
            #expect(plan(100, 0, 2, nil) == Plan(workers: 100, threadsPerWorker: 4))
            #expect(plan(20, 0, 2, 128) == Plan(workers: 20, threadsPerWorker: 4))  // 2 + 80 + 20 = 102
            #expect(plan(28, 0, 2, 128) == Plan(workers: 28, threadsPerWorker: 3))  // 4 per worker: 142
            #expect(plan(40, 0, 2, 128) == Plan(workers: 40, threadsPerWorker: 2))
            #expect(plan(100, 0, 2, 128) == Plan(workers: 61, threadsPerWorker: 1))
            // SIGHUP: 80 job threads run already (in use, 82 tasks); 40 workers need no new thread.
            #expect(plan(40, 80, 82, 128) == Plan(workers: 40, threadsPerWorker: 2))
            #expect(plan(60, 80, 82, 128) == Plan(workers: 42, threadsPerWorker: 1))
            #expect(plan(8, 0, 126, 128) == Plan(workers: 1, threadsPerWorker: 1))
        }

        /// Each of `documents` (dropped as `letter-<index>.pdf`) has its one `review` verdict.
        static func expectReview(_ spool: TestSpool, _ documents: [[UInt8]], sourceLocation: SourceLocation = #_sourceLocation) {
            let verdicts = spool.verdicts()
            guard verdicts.count == documents.count else {
                Issue.record("\(verdicts.count) verdicts for \(documents.count) documents", sourceLocation: sourceLocation)
                return
            }
            for (index, bytes) in documents.enumerated() {
                let verdict = verdicts["letter-\(index).pdf.verdict.json"]
                #expect(verdict?["verdict"] as? String == "review", "letter-\(index).pdf: \(verdict.map(codes) ?? [])", sourceLocation: sourceLocation)
                #expect(verdict?["sha256"] as? String == sha256Hex(bytes), sourceLocation: sourceLocation)
            }
        }
    }
}
