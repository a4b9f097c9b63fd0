#if canImport(Glibc)
internal import Glibc
#endif
public import DocVerifyCore
internal import CDocVerifyShims
internal import Foundation
public import Logging

/// The watched-folder service (`docverify watch`); see `docs/daemon.md` and this folder's
/// README for the design.
public enum Daemon {
    /// Exit status when the spool cannot be used (EX_CONFIG): systemd should not restart.
    public static let configurationErrorStatus: Int32 = 78

    /// Runs until SIGTERM or SIGINT (or, with `exitWhenIdle`, until the inbox is empty and
    /// every document is judged). Returns the process exit status.
    ///
    /// - Parameters:
    ///   - reload: called on SIGHUP to read the configuration again; a throw (or a trust
    ///     store that does not load) keeps the configuration in force.
    public static func run(
        paths: SpoolPaths,
        configuration: Configuration,
        exitWhenIdle: Bool,
        logger: Logger,
        environment: [String: String]? = nil,
        reload: () throws -> Configuration
    ) -> Int32 {
        // Not dumpable: /proc/<daemon>/fd becomes root's, so a worker (the same user) taken
        // over by a hostile document cannot write into the outbox through the daemon's open
        // folders (the red team's planted `pass`).
        _ = CDocVerifyShims_set_not_dumpable()
        // A writer opening a file the daemon holds a read lease on sends it SIGIO, whose
        // default action ends the process; the lease is held only across the claim.
        _ = signal(SIGIO, SIG_IGN)
        let loop: WorkLoop
        do {
            loop = try WorkLoop(
                paths: paths, configuration: configuration, exitWhenIdle: exitWhenIdle, logger: logger,
                environment: environment ?? ProcessInfo.processInfo.environment
            )
        } catch {
            logger.critical("cannot start", metadata: ["reason": "\(error)"])
            return configurationErrorStatus
        }
        return loop.run(reload: reload)
    }
}

/// The single thread that watches, schedules and talks to systemd; job threads do the
/// claiming, judging and publishing (``JobRunner``).
final class WorkLoop: @unchecked Sendable {
    private let spool: Spool
    private let logger: Logger
    private let notifier: Notifier
    private let exitWhenIdle: Bool
    private let generations: Generations
    private let queue: JobQueue
    private let runner: JobRunner
    private let watcher: InboxWatcher
    private var tracker: SettleTracker
    private var stats = DaemonStats()
    private var configuration: Configuration
    private var threads = 0
    /// Job threads the generation in force needs (``TaskBudget``).
    private var plannedThreads: Int
    private var generationNumber = 1

    /// Names seen while a job of the same name was queued or in flight: looked at again when it ends.
    private var deferred: Set<EntryName> = []
    /// Names whose claim failed: skipped until the next periodic rescan.
    private var failed: Set<EntryName> = []
    private var rescanRequested = true
    private var nextRescan = 0.0
    private var nextPurge = 0.0
    private var nextPing = 0.0
    private var lastStatus = ""
    private var lastStatusAt = 0.0
    private var watchHealthy = true
    private var stopping = false
    private var stopDeadline = 0.0
    private var stalled = false

    init(paths: SpoolPaths, configuration: Configuration, exitWhenIdle: Bool, logger: Logger, environment: [String: String]) throws {
        guard let policy = configuration.policy() else {
            throw SpoolError(reason: "the configuration names an unknown policy '\(configuration.policyName)'")
        }
        spool = try Spool.open(paths)
        self.logger = logger
        self.configuration = configuration
        self.exitWhenIdle = exitWhenIdle
        notifier = Notifier(environment: environment)
        let plan = Self.plan(for: configuration, threadsStarted: 0, logger: logger)
        generations = Generations(Generation(number: 1, configuration: configuration, policy: policy, workers: plan.workers))
        plannedThreads = plan.workers * plan.threadsPerWorker
        queue = try JobQueue()
        let ledger = AttemptLedger(directory: spool.attempts)
        runner = JobRunner(
            spool: spool, publisher: Publisher(spool: spool), retirer: Retirer(spool: spool, ledger: ledger), ledger: ledger,
            logger: logger
        )
        watcher = try InboxWatcher()
        tracker = SettleTracker(settle: configuration.settleSeconds)
    }

    func run(reload: () throws -> Configuration) -> Int32 {
        let signals: Int32
        do {
            signals = try SignalPipe.install([SIGTERM, SIGINT, SIGHUP])
            try watcher.watch(spool.paths.inbox)
        } catch {
            logger.critical("cannot start", metadata: ["reason": "\(error)"])
            return Daemon.configurationErrorStatus
        }
        let pool = generations.latest.pool
        logger.notice(
            "docverify watch started",
            metadata: [
                "inbox": "\(spool.paths.inbox)", "outbox": "\(spool.paths.outbox)", "state": "\(spool.paths.state)",
                "workers": "\(pool.size)", "settle": "\(configuration.settleSeconds)",
                "rescan_interval": "\(configuration.rescanIntervalSeconds)", "max_attempts": "\(configuration.maxAttempts)",
                "policy": "\(configuration.policyName)", "version": "\(DocVerifyVersion.string)",
            ]
        )
        if let remote = spool.remoteFilesystem {
            logger.warning(
                "the inbox is on a network or FUSE filesystem: inotify misses other machines' writes; relying on rescans",
                metadata: ["filesystem": "\(remote)", "rescan_interval": "\(configuration.rescanIntervalSeconds)"]
            )
        }
        if !spool.prepareStagingGroup() {
            logger.warning(
                "verdicts will not carry the outbox's group: make state/tmp set-gid with the outbox's group (see docverify.tmpfiles)",
                metadata: ["outbox_gid": "\(spool.outboxGroup)"]
            )
        }
        let staged = spool.clearStaging()
        if staged > 0 { logger.notice("removed verdicts staged by a stopped daemon", metadata: ["count": "\(staged)"]) }
        recover()
        purge()
        startThreads(count: plannedThreads)
        rescan(periodic: false)
        nextRescan = Clock.now() + configuration.rescanIntervalSeconds
        notifier.send("READY=1\nSTATUS=\(statusText())")
        nextPing = Clock.now()

        var fds = [
            pollfd(fd: watcher.fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: signals, events: Int16(POLLIN), revents: 0),
            pollfd(fd: queue.wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let timeout = pollTimeout()
            for i in fds.indices { fds[i].revents = 0 }
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 && errno != EINTR {
                logger.critical("poll failed", metadata: ["error": "\(SystemCallError("poll"))"])
                return 1
            }
            for number in SignalPipe.drain() {
                if number == SIGHUP {
                    reloadConfiguration(reload)
                } else if !stopping {
                    logger.notice("stopping", metadata: ["signal": "\(number == SIGTERM ? "SIGTERM" : "SIGINT")"])
                    beginStop()
                }
            }
            if fds[0].revents != 0 { handleEvents() }
            handleResults()
            let now = Clock.now()
            if !stopping {
                if rescanRequested || now >= nextRescan { rescan(periodic: now >= nextRescan) }
                if let lost = folderLost {
                    logger.error("cannot go on: \(lost); stopping so that systemd restarts the service", metadata: ["spool": "\(spool.paths.state)"])
                    beginStop()
                    continue
                }
                for name in tracker.takeDue(now: now, directory: spool.inbox) { enqueue(name) }
                reportLongHeld(now)
                if now >= nextPurge { purge() }
            }
            pingWatchdog(now)
            sendStatus(now)
            if stopping {
                if queue.inFlight.isEmpty { break }
                if now >= stopDeadline {
                    abandonInFlight()
                    break
                }
            } else if exitWhenIdle && isIdle {
                // One last look, so nothing that arrived meanwhile is left behind.
                rescan(periodic: false)
                if isIdle {
                    logger.notice("inbox empty and every document judged; exiting (--exit-when-idle)")
                    beginStop()
                    break
                }
            }
        }
        generations.shutdownAll()
        logger.notice(
            "stopped",
            metadata: [
                "verdicts": "\(stats.publishedTotal)", "quarantined": "\(stats.quarantined)", "rejected": "\(stats.rejected)",
            ]
        )
        return folderLost == nil ? 0 : Self.folderLostStatus
    }

    // MARK: Scheduling

    private var isIdle: Bool {
        queue.queuedCount == 0 && queue.inFlight.isEmpty && tracker.count == 0 && deferred.isEmpty
    }

    private func pollTimeout() -> Int32 {
        let now = Clock.now()
        var next = now + 3600
        if !stopping {
            next = min(next, nextRescan, nextPurge)
            if let deadline = tracker.nextDeadline { next = min(next, deadline) }
        } else {
            next = min(next, stopDeadline)
        }
        if notifier.watchdogInterval != nil { next = min(next, nextPing) }
        if notifier.isEnabled && statusText() != lastStatus { next = min(next, lastStatusAt + 0.5) }
        return Int32(max(0, min(3_600_000, ((next - now) * 1000).rounded(.up))))
    }

    private func enqueue(_ name: EntryName) {
        if !queue.enqueue(Job(name: name, origin: .inbox)) { deferred.insert(name) }
    }

    /// Looks at one inbox name (from an event or a scan).
    private func observe(_ name: EntryName, arrivedByRename: Bool) {
        guard !stopping, !name.isIgnored else { return }
        if queue.contains(name) {
            deferred.insert(name)
            return
        }
        if tracker.observe(name, arrivedByRename: arrivedByRename, now: Clock.now(), directory: spool.inbox) {
            enqueue(name)
        }
    }

    private func handleEvents() {
        for event in watcher.drain() {
            switch event {
            case .changed(let name): observe(name, arrivedByRename: false)
            case .written(let name):
                tracker.noteWriting(name, now: Clock.now())
                observe(name, arrivedByRename: false)
            case .closedAfterWriting(let name):
                tracker.noteClosed(name)
                observe(name, arrivedByRename: false)
            case .arrived(let name): observe(name, arrivedByRename: true)
            case .overflow:
                tracker.forgetWriters()
                stats.overflows += 1
                logger.warning("inotify queue overflowed; rescanning the inbox")
                rescanRequested = true
            case .watchLost:
                logger.warning("the watch on the inbox was lost; watching it again", metadata: ["inbox": "\(spool.paths.inbox)"])
                rewatch()
            }
        }
    }

    /// Says once per file that a writer has held it open for a long time: it waits for that
    /// writer (a descriptor leaked into a long-lived process would hold it for good).
    private func reportLongHeld(_ now: Double) {
        for name in tracker.takeLongHeld(now: now) {
            logger.warning(
                "an inbox file has been open for writing this long; it is judged once its writer closes it",
                metadata: runner.logNames(name, configuration, ["minutes": "\(Int(SettleTracker.longHold / 60))"])
            )
        }
    }

    private func rewatch() {
        tracker.forgetWriters()
        do {
            try spool.reopenInbox()
            try watcher.watch(spool.paths.inbox)
            watchHealthy = true
        } catch {
            if watchHealthy {
                logger.error("cannot watch the inbox; retrying at each rescan", metadata: ["error": "\(error)"])
            }
            watchHealthy = false
        }
        rescanRequested = true
    }

    /// Set when a spool folder was removed or replaced under the daemon and it cannot go on
    /// (``checkFolders()``): the loop stops and the daemon exits with ``folderLostStatus``
    /// so that systemd restarts it on the folders as they are now.
    private var folderLost: String?

    /// Exit status after a spool folder was lost while running (systemd restarts on it;
    /// EX_TEMPFAIL).
    static let folderLostStatus: Int32 = 75

    /// Each rescan proves the folders are still the ones held open. A replaced inbox is
    /// opened and watched again; a missing inbox, or a lost outbox or state folder, ends
    /// the daemon (logged at error) rather than leave it idle with a healthy watchdog.
    private func checkFolders() {
        for label in ["outbox", "state"] where spool.folderState(label) != .same {
            folderLost = "the \(label) folder was removed, moved or replaced while the daemon ran"
            return
        }
        switch spool.folderState("inbox") {
        case .same:
            break
        case .replaced:
            logger.error("the inbox folder was replaced or mounted over; watching the new one", metadata: ["inbox": "\(spool.paths.inbox)"])
            rewatch()
        case .missing:
            folderLost = "the inbox folder is missing"
        }
    }

    /// Lists the inbox and looks at every name: inotify is a hint, this is the truth.
    private func rescan(periodic: Bool) {
        checkFolders()
        if folderLost != nil { return }
        if !watchHealthy { rewatch() }
        rescanRequested = false
        if periodic {
            nextRescan = Clock.now() + configuration.rescanIntervalSeconds
            failed.removeAll()
        }
        stats.rescans += 1
        let names: [EntryName]
        do {
            names = try FileSystem.list(spool.inbox)
        } catch {
            logger.error("cannot list the inbox", metadata: ["error": "\(error)"])
            return
        }
        for name in names.sorted() where !failed.contains(name) {
            observe(name, arrivedByRename: false)
        }
        // Entries left in work/ by a job that failed (a full disk, say) are tried again.
        if periodic && !stopping {
            for name in (try? FileSystem.list(spool.work)) ?? [] where !queue.contains(name) && !name.isIgnored {
                queue.enqueue(Job(name: name, origin: .work))
            }
        }
    }

    /// Entries left in `state/work/` by a daemon that stopped or was killed are finished first.
    private func recover() {
        let names = ((try? FileSystem.list(spool.work)) ?? []).filter { !$0.isIgnored }
        for name in names.sorted() { queue.enqueue(Job(name: name, origin: .recovered)) }
        if !names.isEmpty {
            logger.notice("recovering documents left in state/work", metadata: ["count": "\(names.count)"])
        }
    }

    private func handleResults() {
        for (job, result) in queue.drainResults() {
            stats.record(result)
            switch result {
            case .failed, .workerUnavailable:
                failed.insert(job.name)
            case .stillWritten where job.origin == .inbox:
                // Back in the inbox: settled again from now on, then leased again.
                observe(job.name, arrivedByRename: false)
            case .busy:
                // An entry of the same name sits in state/work/ with no job (its last job failed):
                // finish it first, then look at the inbox entry again.
                if !failed.contains(job.name) {
                    queue.enqueue(Job(name: job.name, origin: .work))
                    deferred.insert(job.name)
                }
                continue
            default:
                break
            }
            // A job of this name is over: an inbox entry of the same name waiting behind it can go.
            if deferred.remove(job.name) != nil { observe(job.name, arrivedByRename: false) }
        }
    }

    private func purge() {
        nextPurge = Clock.now() + 3600
        let removed = runner.retirer.purge(retentionDays: configuration.retentionDays)
        if removed > 0 {
            logger.info("purged originals past the retention period", metadata: ["count": "\(removed)", "days": "\(configuration.retentionDays)"])
        }
    }

    // MARK: Job threads

    /// Job threads per worker: while some wait for fsync (publishing), others keep every
    /// worker busy. A job reads its document only once it holds one of the generation's
    /// `documentPermits` (one per worker), so waiting jobs hold no bytes.
    static let threadsPerWorker = max(1, Int(ProcessInfo.processInfo.environment["DOCVERIFY_JOB_THREADS_PER_WORKER"] ?? "") ?? 4)

    /// The workers and job threads per worker for `configuration` that the service's task
    /// limit holds beside the `threadsStarted` job threads already running; logged when that
    /// is fewer than asked (`TasksMax=` too small for `verify.workers`).
    static func plan(for configuration: Configuration, threadsStarted: Int, logger: Logger) -> TaskBudget.Plan {
        let workers = WorkerPool.size(for: configuration)
        let limit = TaskBudget.limit()
        let plan = TaskBudget.plan(
            workers: workers, threadsPerWorker: threadsPerWorker, threadsStarted: threadsStarted, inUse: TaskBudget.threadsInUse(),
            limit: limit
        )
        if plan != TaskBudget.Plan(workers: workers, threadsPerWorker: threadsPerWorker) {
            logger.warning(
                "the service's task limit cannot hold every worker with its job threads; running fewer (raise TasksMax= or lower verify.workers)",
                metadata: [
                    "tasks_max": "\(limit ?? 0)", "workers_configured": "\(workers)", "workers": "\(plan.workers)",
                    "job_threads_per_worker": "\(plan.threadsPerWorker)",
                ]
            )
        }
        return plan
    }

    private func startThreads(count: Int) {
        while threads < count {
            threads += 1
            // Dedicated threads that live as long as the daemon: a worker dies with the
            // thread that started it (PR_SET_PDEATHSIG), so these threads must never exit.
            let thread = Thread { [self] in
                while let ticket = queue.take() {
                    let generation = generations.acquire()
                    let result = runner.run(ticket, generation: generation)
                    generations.release(generation)
                    ticket.lock.lock()
                    ticket.finished = true
                    ticket.lock.unlock()
                    queue.finish(ticket, result)
                }
                // Closed: park forever rather than exit (see above).
                while true { sleep(3600) }
            }
            thread.name = "docverify-job-\(threads)"
            thread.start()
        }
    }

    // MARK: Stop and reload

    private func beginStop() {
        stopping = true
        queue.close()
        stopDeadline = Clock.now() + configuration.stopTimeoutSeconds
        notifier.send("STOPPING=1\nSTATUS=\(statusText())")
    }

    /// Past the stop deadline: documents still being judged stay in `state/work/` and their
    /// attempt is given back; they are judged again after the restart.
    private func abandonInFlight() {
        for ticket in queue.inFlight {
            ticket.lock.lock()
            if !ticket.finished {
                ticket.abandoned = true
                if let attempt = ticket.attempt {
                    runner.ledger.record(attempt.key, attempt.before)
                    ticket.attempt = nil
                }
                logger.notice(
                    "document left in state/work for recovery after the restart",
                    metadata: runner.logNames(ticket, generations.latest.configuration, [:])
                )
            }
            ticket.lock.unlock()
        }
    }

    private func reloadConfiguration(_ reload: () throws -> Configuration) {
        notifier.send("RELOADING=1\nMONOTONIC_USEC=\(Clock.monotonicMicroseconds())")
        do {
            let next = try reload()
            if let refusal = next.trustStoreRefusal(anchors: try next.validateTrustStore()) {
                throw ConfigurationError(reason: refusal)
            }
            guard let policy = next.policy() else {
                throw ConfigurationError(reason: "unknown policy '\(next.policyName)'")
            }
            if next.inbox != configuration.inbox || next.outbox != configuration.outbox || next.stateDirectory != configuration.stateDirectory {
                logger.warning("folder changes take effect only after a restart; keeping the current folders")
            }
            generationNumber += 1
            let plan = Self.plan(for: next, threadsStarted: threads, logger: logger)
            let generation = Generation(number: generationNumber, configuration: next, policy: policy, workers: plan.workers)
            generations.replace(with: generation)
            configuration = next
            tracker.settle = next.settleSeconds
            nextRescan = min(nextRescan, Clock.now() + next.rescanIntervalSeconds)
            plannedThreads = max(plannedThreads, plan.workers * plan.threadsPerWorker)
            startThreads(count: plannedThreads)
            logger.notice(
                "configuration reloaded",
                metadata: ["workers": "\(generation.pool.size)", "policy": "\(next.policyName)", "generation": "\(generationNumber)"]
            )
        } catch {
            logger.error("configuration reload failed; keeping the configuration in force", metadata: ["reason": "\(error)"])
        }
        notifier.send("READY=1\nSTATUS=\(statusText())")
    }

    // MARK: systemd

    /// `WATCHDOG=1` from this loop, so a stalled loop stops the pings; also withheld when a
    /// job thread is stuck far past the worker time limit.
    private func pingWatchdog(_ now: Double) {
        guard let interval = notifier.watchdogInterval, now >= nextPing else { return }
        nextPing = now + interval
        let limit = configuration.workerTimeoutSeconds + 60
        let stuck = queue.inFlight.contains { ($0.attemptAge ?? 0) > limit }
        if stuck {
            if !stalled { logger.critical("a job has run far past the worker time limit; withholding the watchdog ping") }
            stalled = true
            return
        }
        stalled = false
        notifier.send("WATCHDOG=1")
    }

    private func statusText() -> String {
        let state = stopping ? "stopping" : (queue.inFlight.isEmpty && queue.queuedCount == 0 ? "idle" : "judging")
        var text = stats.status(state: state, queued: queue.queuedCount, inFlight: queue.inFlight.count, settling: tracker.count)
        if let remote = spool.remoteFilesystem { text += "; inbox on \(remote): polling every \(Int(configuration.rescanIntervalSeconds)) s" }
        if tracker.heldCount > 0 { text += "; \(tracker.heldCount) held open by their writers" }
        if !watchHealthy { text += "; inbox not watched" }
        return text
    }

    private func sendStatus(_ now: Double) {
        guard notifier.isEnabled, now >= lastStatusAt + 0.5 else { return }
        let text = statusText()
        guard text != lastStatus else { return }
        lastStatus = text
        lastStatusAt = now
        notifier.send("STATUS=\(text)")
    }
}
