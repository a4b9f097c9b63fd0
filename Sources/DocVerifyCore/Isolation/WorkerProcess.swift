#if canImport(Glibc)
internal import Glibc
#endif
package import Foundation
internal import CDocVerifyShims

/// How judging one document in a worker ended.
public enum WorkerOutcome: Sendable {
    /// The worker answered.
    case verdict(Verdict)
    /// The worker died (a signal or an exit) before answering.
    case crashed(String)
    /// The worker did not answer within the time limit and was killed.
    case timedOut(Double)
    /// No worker could be started (or the pool is shut down): the document never left this
    /// process, so nothing is known about it, and it must not cost it an attempt.
    case unavailable(String)
}

/// One worker process: `docverify-worker`, fed documents
/// over a pipe one at a time. Owned by one thread at a time (the pool hands it out).
final class WorkerProcess {
    private(set) var pid: pid_t = 0
    private var toWorker: Int32 = -1
    private var fromWorker: Int32 = -1
    private(set) var documentsJudged = 0
    let executable: String

    /// Starts a worker and sends it its configuration.
    convenience init(executable: String, configuration: Configuration) throws(WorkerStartError) {
        try self.init(executable: executable)
        try configure(configuration)
    }

    /// Starts a worker that waits for its configuration (see ``configure(_:)``), so that its
    /// start-up can overlap the caller's.
    init(executable: String) throws(WorkerStartError) {
        self.executable = executable
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard CDocVerifyShims_pipe_cloexec(&toChild) == 0 else { throw WorkerStartError(reason: "pipe: \(String(cString: strerror(errno)))") }
        guard CDocVerifyShims_pipe_cloexec(&fromChild) == 0 else {
            close(toChild[0]); close(toChild[1])
            throw WorkerStartError(reason: "pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        // poppler prints diagnostics that may quote document text: the worker's stderr goes nowhere.
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else crosses: the worker closes what it inherited anyway, but a descriptor
        // held even until then (a caller's writer on an inbox file) would look like a writer.
        CDocVerifyShims_spawn_close_from(&actions, 3)
        let argv: [String] = [executable]
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        var cEnv = Self.workerEnvironment()
        defer { for variable in cEnv { free(variable) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, &cArgs, &cEnv)
        close(toChild[0])
        close(fromChild[1])
        guard rc == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw WorkerStartError(reason: "cannot start worker \(executable): \(String(cString: strerror(rc)))")
        }
        pid = child
        toWorker = toChild[1]
        fromWorker = fromChild[0]
        // Writes to the worker never block: a stopped worker (SIGSTOP) that stops reading
        // would otherwise hold its job forever once the pipe is full (issue 11, item 9).
        _ = fcntl(toWorker, F_SETFL, fcntl(toWorker, F_GETFL) | O_NONBLOCK)
    }

    /// This process's environment with Swift's crash backtracer off: a worker that crashes on a
    /// hostile document would otherwise start `swift-backtrace`, which can hang on for minutes
    /// holding the worker's answer pipe and a task of the service (seen in the daemon soak).
    /// The crash is an error verdict (`PARSER_CRASHED`) either way. NULL-terminated, malloc'd.
    static func workerEnvironment() -> [UnsafeMutablePointer<CChar>?] {
        var out: [UnsafeMutablePointer<CChar>?] = []
        var pointer = environ
        while let variable = pointer.pointee {
            if strncmp(variable, "SWIFT_BACKTRACE=", 16) != 0 { out.append(strdup(variable)) }
            pointer += 1
        }
        return out + [strdup("SWIFT_BACKTRACE=enable=no"), nil]
    }

    /// Sends the worker its configuration; it judges nothing before this.
    func configure(_ configuration: Configuration) throws(WorkerStartError) {
        do {
            let setup = try JSONEncoder().encode(configuration)
            let deadline = DispatchTime.now().uptimeNanoseconds + 30_000_000_000
            try writeAll(FrameIO.frame(setup), deadline: deadline)
        } catch {
            terminate()
            throw WorkerStartError(reason: "the worker did not accept its configuration")
        }
    }

    deinit { terminate() }

    /// Sends one document and waits up to `timeout` seconds for the verdict.
    func judge(bytes: [UInt8], request: WorkerRequest, timeout: Double) -> WorkerOutcome {
        documentsJudged += 1
        // One deadline for the whole exchange: sending the document, judging it, answering.
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        do {
            let header = try JSONEncoder.worker.encode(request)
            try writeAll(FrameIO.frame(header), deadline: deadline)
            try writeAll(FrameIO.bigEndian(UInt64(bytes.count), width: 8), deadline: deadline)
            try writeAll(bytes, deadline: deadline)
            let length = Int(FrameIO.integer(try readExactly(4, deadline: deadline)))
            guard length > 0, length < 64 << 20 else { throw FrameIO.Closed() }
            let body = try readExactly(length, deadline: deadline)
            return .verdict(try Verdict.decode(body))
        } catch is TimedOut {
            _ = Glibc.kill(pid, SIGKILL)
            _ = reap()
            return .timedOut(timeout)
        } catch {
            return .crashed(reap())
        }
    }

    private struct TimedOut: Error {}

    /// Writes all of `bytes` to the worker's non-blocking pipe, waiting for room until `deadline`.
    private func writeAll(_ bytes: [UInt8], deadline: UInt64) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(toWorker, $0.baseAddress! + offset, bytes.count - offset) }
            if n > 0 {
                offset += n
                continue
            }
            guard n < 0, errno == EINTR || errno == EAGAIN else { throw FrameIO.Closed() }
            if errno == EINTR { continue }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw TimedOut() }
            var descriptor = pollfd(fd: toWorker, events: Int16(POLLOUT), revents: 0)
            let waitMs = Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1))
            if poll(&descriptor, 1, waitMs) < 0 && errno != EINTR { throw FrameIO.Closed() }
        }
    }

    private func readExactly(_ count: Int, deadline: UInt64) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw TimedOut() }
            var descriptor = pollfd(fd: fromWorker, events: Int16(POLLIN), revents: 0)
            let waitMs = Int32(min(UInt64(Int32.max), (deadline - now) / 1_000_000 + 1))
            let ready = poll(&descriptor, 1, waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                throw FrameIO.Closed()
            }
            if ready == 0 { continue }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fromWorker, $0.baseAddress! + offset, count - offset) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw FrameIO.Closed()
            }
            if n == 0 { throw FrameIO.Closed() }
            offset += n
        }
        return bytes
    }

    /// Waits for a dead worker and says how it died.
    private func reap() -> String {
        guard pid > 0 else { return "the worker was not running" }
        closePipes()
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
        pid = 0
        // WIFSIGNALED / WTERMSIG / WEXITSTATUS are macros; decode the status word by hand.
        let signal = status & 0x7F
        if signal != 0 && signal != 0x7F {
            let name = String(cString: strsignal(signal))
            return "the worker was killed by signal \(signal) (\(name))"
        }
        return "the worker exited with status \((status >> 8) & 0xFF) without answering"
    }

    private func closePipes() {
        if toWorker >= 0 { close(toWorker); toWorker = -1 }
        if fromWorker >= 0 { close(fromWorker); fromWorker = -1 }
    }

    /// Stops the worker (closing its input ends its loop; SIGKILL if it lingers).
    func terminate() {
        guard pid > 0 else {
            closePipes()
            return
        }
        closePipes()
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                return
            }
            usleep(2_000)
        }
        _ = Glibc.kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        pid = 0
    }

    /// Kills the worker without reaping it: for a parent that exits right after, whose
    /// children are then reaped by init.
    func kill() {
        closePipes()
        guard pid > 0 else { return }
        _ = Glibc.kill(pid, SIGKILL)
        pid = 0
    }

    var isAlive: Bool { pid > 0 }
}

/// A worker could not be started.
public struct WorkerStartError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

extension JSONEncoder {
    package static var worker: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }
}

extension JSONDecoder {
    package static var worker: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
