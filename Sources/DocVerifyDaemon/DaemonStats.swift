internal import DocVerifyCore
internal import Foundation

/// Counters for `STATUS=` and the start/stop log lines. Updated by the work loop only.
struct DaemonStats {
    var published: [Verdict.Value: Int] = [:]
    var alreadyPublished = 0
    var rejected = 0
    var quarantined = 0
    var failed = 0
    /// Jobs that found no worker (process limit, memory): the daemon's problem, shown in
    /// `STATUS=` until a verdict is published again.
    var workerUnavailable = 0
    var workerProblem: String?
    var overflows = 0
    var rescans = 0

    var publishedTotal: Int { published.values.reduce(0, +) }

    mutating func record(_ result: JobResult) {
        switch result {
        case .published(let value): published[value, default: 0] += 1
        case .alreadyPublished: alreadyPublished += 1
        case .rejected: rejected += 1
        case .quarantined: quarantined += 1
        case .failed: failed += 1
        case .workerUnavailable(let reason):
            workerUnavailable += 1
            workerProblem = reason
        case .busy, .vanished, .abandoned, .stillWritten: break
        }
        if case .published = result { workerProblem = nil }
    }

    /// The text after `STATUS=`: what systemctl status shows an administrator.
    func status(state: String, queued: Int, inFlight: Int, settling: Int) -> String {
        let values = [Verdict.Value.pass, .review, .fail, .error].map { "\($0.rawValue) \(published[$0, default: 0])" }
            .joined(separator: ", ")
        return "\(state): \(queued) queued, \(inFlight) in flight, \(settling) settling; "
            + "\(publishedTotal) verdicts (\(values)), \(quarantined) quarantined, \(rejected) rejected, \(failed) failed"
            + (workerProblem.map { "; workers cannot start (\(workerUnavailable) times): \($0)" } ?? "")
    }
}
