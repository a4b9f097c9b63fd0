import CDocVerifyShims
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `docverify` binary run as `docverify watch`, as systemd would run it: a real
/// process, real signals, stderr appended to the spool's log file (which every test and
/// the suite's log audit read).
final class DaemonProcess: @unchecked Sendable {
    /// The `docverify` executable built next to the test bundle (or `DOCVERIFY_BIN`).
    static let binary: String = {
        if let override = ProcessInfo.processInfo.environment["DOCVERIFY_BIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("docverify").path
    }()

    let pid: pid_t
    private var exitStatus: Int32?
    private let lock = NSLock()

    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Starts `docverify <arguments>` with the spool's log as stdout and stderr; under
    /// `wrapper` (an absolute path and its arguments, such as setpriv) when one is given.
    init(arguments: [String], log: String, environment: [String: String] = [:], wrapper: [String] = []) throws {
        var env = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "DOCVERIFY_TEST_HOOKS"] { env[key] = nil }
        env.merge(environment, uniquingKeysWith: { _, new in new })
        pid = try Self.spawn(wrapper + [Self.binary] + arguments, output: log, environment: env)
    }

    /// Starts `argv` with `output` as stdout and stderr and nothing else open: descriptors of
    /// the test process (a writer's file that another test still has open without
    /// O_CLOEXEC) must not stay open in a long-lived child, or the daemon sees a writer
    /// holding the file long after the test closed it.
    static func spawn(_ argv: [String], output: String, environment env: [String: String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        _ = CDocVerifyShims_spawn_close_from(&actions, 3)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        // The test runner's threads block signals; the daemon must start as systemd starts
        // it, with none blocked and default dispositions.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let rc = posix_spawn(&child, argv[0], &actions, &attributes, &cArgs, &cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        return child
    }

    /// `docverify watch` on a test spool with its configuration file.
    convenience init(spool: TestSpool, extra: [String] = [], environment: [String: String] = [:], wrapper: [String] = []) throws {
        try self.init(
            arguments: ["watch", "--inbox", spool.inbox, "--outbox", spool.outbox, "--state", spool.state, "--config", spool.config] + extra,
            log: spool.log, environment: environment, wrapper: wrapper
        )
    }

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Reaps the process if it has ended; nil while it runs.
    func poll() -> Termination? {
        lock.lock()
        defer { lock.unlock() }
        if exitStatus == nil {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
        }
        guard let status = exitStatus else { return nil }
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    var isRunning: Bool { poll() == nil }

    /// `VmRSS` and `VmHWM` of the daemon while its pid is still its own: once the test has
    /// reaped it, the kernel may give the pid to any new process (pid_max is 32768 in
    /// containers), and a soak once read another test's daemon for this one.
    func memory() -> (resident: Int, peak: Int)? {
        lock.lock()
        defer { lock.unlock() }
        guard exitStatus == nil else { return nil }
        return UnitEmulation.memory(pid)
    }

    /// Waits up to `timeout` seconds for the process to end.
    func wait(timeout: Double) async -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let termination = poll() { return termination }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return poll()
    }

    /// SIGKILL, then reap.
    func killNine() async {
        signal(SIGKILL)
        _ = await wait(timeout: 10)
    }
}

/// Polls `condition` until it holds or `timeout` seconds pass.
func eventually(timeout: Double, every interval: Duration = .milliseconds(20), _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return condition()
}
