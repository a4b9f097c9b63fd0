import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The limits of systemd/docverify.service that the daemon tests emulate (issue 11): its
/// system call filter, through the `unit-sandbox` test executable (Tests/UnitSandbox), and
/// its `TasksMax=`, through a pids cgroup of our own.
enum UnitEmulation {
    /// `unit-sandbox`, built next to `docverify`.
    static let sandbox: String = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent()
        .appendingPathComponent("unit-sandbox").path

    /// A `DaemonProcess` wrapper: the unit's filter (`~@privileged @resources`, EPERM), with
    /// its `setrlimit prlimit64` allowance or without it (the red team's case), in `tasks`
    /// when given.
    static func wrapper(allowRlimits: Bool, tasks: TaskLimit? = nil) -> [String] {
        [sandbox] + (allowRlimits ? ["--allow-rlimits"] : []) + (tasks.map { ["--cgroup", $0.path] } ?? []) + ["--"]
    }

    /// The worker processes the daemon `parent` started (`docverify-worker`, whose command
    /// name the kernel cuts to 15 characters).
    static func workers(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), let open = stat.firstIndex(of: "(")
            else { return false }
            let command = stat[stat.index(after: open)..<close]
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            return command == "docverify-worke" && fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    /// A resource limit of a process as `/proc/<pid>/limits` shows it: (soft, hard), nil for
    /// "unlimited".
    static func limit(_ pid: pid_t, _ label: String) -> (soft: UInt64?, hard: UInt64?)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix(label) })
        else { return nil }
        let values = line.dropFirst(label.count).split(separator: " ").prefix(2).map { UInt64($0) }
        return values.count == 2 ? (values[0], values[1]) : nil
    }

    /// `VmRSS` and `VmHWM` of a process in bytes.
    static func memory(_ pid: pid_t) -> (resident: Int, peak: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kilobytes(_ key: String) -> Int? {
            status.split(separator: "\n").first { $0.hasPrefix(key) }.flatMap { line in
                line.split(separator: " ").compactMap { Int($0) }.first
            }
        }
        guard let resident = kilobytes("VmRSS:"), let peak = kilobytes("VmHWM:") else { return nil }
        return (resident * 1024, peak * 1024)
    }
}

/// A pids cgroup with a `pids.max`: every task (process or thread) started in it counts, as
/// under the unit's `TasksMax=`. Made under the cgroup v1 `pids` hierarchy, or under a
/// cgroup v2 root that delegates the pids controller; nil where neither can be written
/// (then the tests that need it are skipped, saying why).
final class TaskLimit: @unchecked Sendable {
    let path: String
    let maxTasks: Int
    private var occupants: [pid_t] = []

    init?(maxTasks: Int, label: String) {
        self.maxTasks = maxTasks
        let name = "docverify-test-\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        var parents = ["/sys/fs/cgroup/pids"]
        for root in ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"] {
            let control = (try? String(contentsOfFile: root + "/cgroup.subtree_control", encoding: .utf8)) ?? ""
            if control.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains("pids") { parents.append(root) }
        }
        for parent in parents where FileManager.default.fileExists(atPath: parent + "/cgroup.procs") {
            let candidate = parent + "/" + name
            guard mkdir(candidate, 0o755) == 0 else { continue }
            if (try? "\(maxTasks)\n".write(toFile: candidate + "/pids.max", atomically: false, encoding: .utf8)) != nil {
                path = candidate
                return
            }
            rmdir(candidate)
        }
        return nil
    }

    /// Tasks in the cgroup now, and the largest count seen (`pids.peak`, where the kernel has it).
    var current: Int? { Self.number(path + "/pids.current") }
    var peak: Int? { Self.number(path + "/pids.peak") }

    /// How many times a fork or clone failed because the cgroup was full (`pids.events` "max").
    var refusals: Int {
        let text = (try? String(contentsOfFile: path + "/pids.events", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix("max ") }.flatMap { Int($0.dropFirst(4)) } ?? 0
    }

    /// Fills the cgroup with idle processes (other tasks of the service) until only `free`
    /// tasks are left.
    func occupy(leaving free: Int) async throws {
        while let current, current < maxTasks - free {
            let argv = [UnitEmulation.sandbox, "--cgroup", path, "--", "/bin/sleep", "600"]
            occupants.append(try DaemonProcess.spawn(argv, output: "/dev/null", environment: ProcessInfo.processInfo.environment))
            _ = await eventually(timeout: 5, every: .milliseconds(5)) { (self.current ?? 0) > current }
        }
    }

    /// Ends the processes `occupy` started.
    func release() {
        for pid in occupants {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        occupants = []
    }

    /// Removes the cgroup once its last task has gone (workers die a moment after the daemon).
    /// What is still there after 5 s is killed: a worker that crashed while the test killed
    /// the daemon can leave the Swift runtime's `swift-backtrace` behind, stuck.
    func remove() async {
        release()
        for round in 0..<110 {
            if rmdir(path) == 0 || errno == ENOENT { return }
            if round == 100 {
                let left = (try? String(contentsOfFile: path + "/cgroup.procs", encoding: .utf8)) ?? ""
                for pid in left.split(separator: "\n").compactMap({ pid_t($0) }) { kill(pid, SIGKILL) }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private static func number(_ file: String) -> Int? {
        (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
