#if canImport(Glibc)
internal import Glibc
#endif
internal import CDocVerifyShims
internal import DocVerifyCore
internal import Foundation

/// One unit of work: an inbox entry to claim, or an entry already in `state/work/`
/// (claimed before a restart) to finish.
struct Job: Sendable, Equatable {
    enum Origin: Sendable {
        case inbox
        case work
        /// Found in `state/work/` at start-up: the daemon before may have died judging it.
        case recovered
    }
    var name: EntryName
    var origin: Origin
}

/// How a job ended, as the work loop needs to know.
enum JobResult: Sendable, Equatable {
    case published(Verdict.Value)
    /// Its verdict was already in the outbox (a restart between publish and retire).
    case alreadyPublished
    /// Not a regular file (or unreadable): `error` verdict, moved to quarantine.
    case rejected
    /// Crashed or hung the worker `max_attempts` times: `error` verdict, moved to quarantine.
    case quarantined
    /// A document of the same name is still in `state/work/`: try again when it is done.
    case busy
    /// Gone before it could be claimed (deleted by its writer).
    case vanished
    /// Left in `state/work/` because the daemon is stopping; judged after the restart.
    case abandoned
    /// A file-system error; the entry stays where it is and is tried at the next rescan.
    case failed(String)
    /// No worker could be started; the document waits in `work/` and costs no attempt.
    case workerUnavailable(String)
    /// A process still has the file open for writing, or wrote to it after the claim: not
    /// judged; back in the inbox (or in `work/`) to settle again.
    case stillWritten
}

/// True the first time ``first()`` is called, from any thread.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func first() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}

/// A job being worked on, so that SIGTERM can abandon it cleanly: the attempt it had
/// started is given back to the ledger, and it publishes nothing afterwards.
final class Ticket: @unchecked Sendable {
    let job: Job
    let lock = NSLock()
    /// Guarded by `lock`.
    var abandoned = false
    var finished = false
    /// The attempt in progress: its ledger key and the ledger entry before it.
    var attempt: (key: String, before: AttemptLedger.Entry)?
    /// The entry's inode once claimed: how log lines name it (``JobRunner/logNames(_:_:_:)``).
    /// Written by the job's thread before anything logs it.
    var inode: UInt64?

    /// When the current attempt started, under its own lock: the work loop reads it for the
    /// watchdog and must never wait for a job that is publishing (fsync) under `lock`.
    private let startLock = NSLock()
    private var attemptStartedAt: Double?

    init(job: Job) { self.job = job }

    func markAttempt(started: Double?) {
        startLock.lock()
        attemptStartedAt = started
        startLock.unlock()
    }

    /// Seconds the current attempt has been running, if one is.
    var attemptAge: Double? {
        startLock.lock()
        defer { startLock.unlock() }
        return attemptStartedAt.map { Clock.now() - $0 }
    }
}

/// The jobs waiting for a job thread, the ones in flight, and the results coming back.
///
/// A name is in the queue at most once (queued or in flight); the work loop is woken
/// through a pipe whenever a job finishes.
final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Job] = []
    private var head = 0
    private var known: Set<EntryName> = []
    private var tickets: [EntryName: Ticket] = [:]
    private var results: [(Job, JobResult)] = []
    private var closed = false
    private let wakeRead: Int32
    private let wakeWrite: Int32

    init() throws(SystemCallError) {
        var fds: [Int32] = [-1, -1]
        guard CDocVerifyShims_pipe_cloexec(&fds) == 0 else { throw SystemCallError("pipe") }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    /// The descriptor the work loop polls for finished jobs.
    var wakeDescriptor: Int32 { wakeRead }

    /// Adds a job unless its name is already queued or in flight; returns whether it was added.
    @discardableResult
    func enqueue(_ job: Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, known.insert(job.name).inserted else { return false }
        waiting.append(job)
        condition.signal()
        return true
    }

    func contains(_ name: EntryName) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return known.contains(name)
    }

    /// Blocks until a job is available; nil once the queue is closed.
    func take() -> Ticket? {
        condition.lock()
        defer { condition.unlock() }
        while !closed && head == waiting.count { condition.wait() }
        if closed { return nil }
        let job = waiting[head]
        head += 1
        if head > 1024 && head * 2 > waiting.count {
            waiting.removeFirst(head)
            head = 0
        }
        let ticket = Ticket(job: job)
        tickets[job.name] = ticket
        return ticket
    }

    /// Called by a job thread when its job is over.
    func finish(_ ticket: Ticket, _ result: JobResult) {
        condition.lock()
        known.remove(ticket.job.name)
        tickets[ticket.job.name] = nil
        results.append((ticket.job, result))
        condition.unlock()
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Results since the last call.
    func drainResults() -> [(Job, JobResult)] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ read(wakeRead, $0.baseAddress!, $0.count) }) > 0 {}
        condition.lock()
        defer { condition.unlock() }
        let drained = results
        results = []
        return drained
    }

    /// Stops handing out jobs; those not started stay where they are (inbox or `work/`).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    var queuedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return waiting.count - head
    }

    var inFlight: [Ticket] {
        condition.lock()
        defer { condition.unlock() }
        return Array(tickets.values)
    }
}
