#if canImport(Glibc)
internal import Glibc
#endif
public import Foundation
internal import DocCrypto
internal import Synchronization

/// A small pool of worker processes that judge documents in isolation.
///
/// poppler has a long history of crashes on hostile files, so no document is parsed in
/// the calling process: a crash, a hang or memory exhaustion inside a worker becomes an
/// `error` verdict (`PARSER_CRASHED`, `TIMEOUT`) and the worker is replaced. Workers are
/// kept alive across documents and recycled after ``Configuration/workerRecycleAfter``.
/// ``judge(bytes:fileName:now:policy:)`` blocks and may be called from several threads
/// at once; at most ``size`` documents are judged concurrently.
public final class WorkerPool: @unchecked Sendable {
    public let size: Int
    public let configuration: Configuration
    private let executable: String
    private let condition = NSCondition()
    private var idle: [WorkerProcess] = []
    private var running = 0
    private var closed = false

    /// - Parameter executable: the worker binary (default: `docverify-worker` next to
    ///   this process's own executable, as installed and as built).
    public init(configuration: Configuration, size: Int? = nil, executable: String? = nil) {
        self.configuration = configuration
        self.size = max(1, size ?? Self.size(for: configuration))
        self.executable = executable ?? WorkerPool.defaultWorkerExecutable()
        // A worker that dies while we write to it must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { shutdown() }

    /// The pool size a configuration asks for: `workers`, or one per core when it is 0.
    public static func size(for configuration: Configuration) -> Int {
        max(1, configuration.workers > 0 ? configuration.workers : ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The name of the worker executable, installed next to `docverify`.
    public static let workerExecutableName = "docverify-worker"

    /// `docverify-worker` in the directory of this process's executable. The worker is a
    /// separate binary so that this process never loads the PDF library: it starts faster,
    /// and a long-running daemon keeps poppler out of its address space altogether.
    static func defaultWorkerExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let own = n > 0 ? String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        let directory = own.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return (directory.isEmpty ? "." : directory) + "/" + workerExecutableName
    }

    /// Judges one document in a worker and says how it went. `willSend` runs once a worker
    /// is ready and before it receives the document (the daemon counts the attempt there:
    /// waiting for a worker, or failing to start one, is no attempt).
    public func judgeOutcome(
        bytes: [UInt8], fileName: String, now: Date, policy: Policy, willSend: () -> Void = {}
    ) -> WorkerOutcome {
        let worker: WorkerProcess
        do {
            worker = try acquire()
        } catch {
            return .unavailable("no worker could be started: \(error)")
        }
        willSend()
        let outcome = worker.judge(
            bytes: bytes, request: WorkerRequest(fileName: fileName, now: now, policy: policy.name),
            timeout: configuration.workerTimeoutSeconds
        )
        release(worker)
        return outcome
    }

    /// Judges one document in a worker; a crash or hang becomes an `error` verdict.
    /// The verdict's hash and size are computed here, from exactly the bytes sent.
    public func judge(bytes: [UInt8], fileName: String, now: Date, policy: Policy) -> Verdict {
        let sha256 = Digest.sha256Hex(bytes)
        switch judgeOutcome(bytes: bytes, fileName: fileName, now: now, policy: policy) {
        case .verdict(var verdict):
            verdict.file = fileName
            verdict.sha256 = sha256
            verdict.size = bytes.count
            verdict.checkedAt = now
            return verdict
        case .crashed(let reason):
            return .error(
                code: .parserCrashed, message: "The isolated worker judging the document crashed: \(reason).",
                file: fileName, sha256: sha256, size: bytes.count, policy: policy, checkedAt: now
            )
        case .timedOut(let seconds):
            return .error(
                code: .timeout, message: "Judging the document took longer than \(Int(seconds)) s; the worker was stopped.",
                file: fileName, sha256: sha256, size: bytes.count, policy: policy, checkedAt: now
            )
        case .unavailable(let reason):
            return .error(
                code: .workerUnavailable, message: "The document could not be judged: \(reason).",
                file: fileName, sha256: sha256, size: bytes.count, policy: policy, checkedAt: now
            )
        }
    }

    private func acquire() throws(WorkerStartError) -> WorkerProcess {
        condition.lock()
        while !closed && idle.isEmpty && running >= size { condition.wait() }
        if closed {
            condition.unlock()
            throw WorkerStartError(reason: "the pool is shut down")
        }
        running += 1
        let reusable = idle.popLast()
        condition.unlock()
        if let reusable { return reusable }
        do {
            if let early = Self.takePrestarted(executable: executable) {
                try early.configure(configuration)
                return early
            }
            return try WorkerProcess(executable: executable, configuration: configuration)
        } catch {
            condition.lock()
            running -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    /// A worker started before the caller knows its configuration (see ``prestart()``).
    private static let prestarted = Mutex<UncheckedWorker?>(nil)

    private struct UncheckedWorker: @unchecked Sendable {
        // Only ever moved into and out of `prestarted` under its lock; one owner at a time.
        var process: WorkerProcess
    }

    /// Starts one worker now, before arguments and configuration are read, so that its
    /// start-up (loading poppler's libraries) runs while this process does its own; the
    /// first pool that needs a worker takes it. For a one-file `verify` this takes the
    /// worker's start-up off the critical path. A prestarted worker nobody takes dies with
    /// this process.
    public static func prestart() {
        guard let process = try? WorkerProcess(executable: defaultWorkerExecutable()) else { return }
        prestarted.withLock { $0 = UncheckedWorker(process: process) }
    }

    private static func takePrestarted(executable: String) -> WorkerProcess? {
        prestarted.withLock { slot in
            guard let taken = slot, taken.process.executable == executable else { return nil }
            slot = nil
            return taken.process
        }
    }

    private func release(_ worker: WorkerProcess) {
        let keep = worker.isAlive && worker.documentsJudged < configuration.workerRecycleAfter
        if !keep { worker.terminate() }
        condition.lock()
        running -= 1
        if keep && !closed { idle.append(worker) }
        condition.signal()
        condition.unlock()
        if keep && closed { worker.terminate() }
    }

    /// Stops every idle worker; documents in flight finish first.
    ///
    /// A process about to exit passes `waitForExit: false`: its idle workers are killed
    /// without waiting for the kernel to tear them down (a few milliseconds each, on the
    /// path of every one-file `verify`); they hold nothing that needs a clean exit.
    public func shutdown(waitForExit: Bool = true) {
        condition.lock()
        closed = true
        let workers = idle
        idle = []
        condition.broadcast()
        condition.unlock()
        for worker in workers {
            if waitForExit { worker.terminate() } else { worker.kill() }
        }
    }
}
