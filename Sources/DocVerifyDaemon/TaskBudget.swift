internal import Foundation

/// The service's task limit (systemd's `TasksMax=`: the `pids.max` of its cgroup) and how
/// many workers and job threads fit in it. Every job thread and every worker process is a
/// task. At 4 job threads per worker, `workers = 32` under the shipped unit's
/// `TasksMax=128` filled the limit with job threads alone: no worker could ever start and
/// nothing was judged, for good. So the daemon plans within the limit: fewer job threads
/// per worker first (they only overlap publishing with judging), then fewer workers.
enum TaskBudget {
    /// Tasks left free for what else runs in the service: a worker being replaced while the
    /// old one is reaped, threads the runtime starts.
    static let reserve = 4

    struct Plan: Equatable {
        var workers: Int
        var threadsPerWorker: Int
    }

    /// The most workers (up to `workers`) and job threads per worker (up to
    /// `threadsPerWorker`) such that the daemon's tasks (`inUse`, its threads now, of which
    /// `threadsStarted` are job threads that stay), the job threads still to start and the
    /// workers stay `reserve` below `limit`. Without a limit, what was asked.
    static func plan(workers: Int, threadsPerWorker: Int, threadsStarted: Int, inUse: Int, limit: Int?) -> Plan {
        guard let limit else { return Plan(workers: workers, threadsPerWorker: threadsPerWorker) }
        let spare = limit - reserve - inUse
        func fits(_ workers: Int, _ perWorker: Int) -> Bool { workers + max(0, workers * perWorker - threadsStarted) <= spare }
        for perWorker in stride(from: threadsPerWorker, through: 1, by: -1) where fits(workers, perWorker) {
            return Plan(workers: workers, threadsPerWorker: perWorker)
        }
        var fitting = workers
        while fitting > 1 && !fits(fitting, 1) { fitting -= 1 }
        return Plan(workers: fitting, threadsPerWorker: 1)
    }

    /// The tightest `pids.max` on the way from this process's cgroup to the root (cgroup v2,
    /// or the v1 `pids` hierarchy); nil when none is set or it cannot be read.
    static func limit() -> Int? {
        guard let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let root: String
            if fields[0] == "0" && fields[1].isEmpty {
                root = "/sys/fs/cgroup"
            } else if fields[1].split(separator: ",").contains("pids") {
                root = "/sys/fs/cgroup/pids"
            } else {
                continue
            }
            var path = String(fields[2])
            var tightest: Int?
            while true {
                let text = try? String(contentsOfFile: root + path + "/pids.max", encoding: .utf8)
                if let value = text.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
                    tightest = min(tightest ?? value, value)
                }
                guard path != "/" && !path.isEmpty else { break }
                path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
                if path.isEmpty { path = "/" }
            }
            if let tightest { return tightest }
        }
        return nil
    }

    /// This process's threads now (`Threads:` in `/proc/self/status`).
    static func threadsInUse() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") }
        return line.flatMap { Int($0.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) } ?? 1
    }
}
