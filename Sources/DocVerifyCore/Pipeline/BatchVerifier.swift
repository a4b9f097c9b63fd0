public import Foundation
internal import DocConcurrency

/// Judges a list of files through a ``WorkerPool`` and hands back their verdicts in
/// the order given, each as soon as it and all before it are done.
///
/// A path that cannot be read gets its own `error` verdict; the others are still judged.
public struct BatchVerifier: Sendable {
    public let pool: WorkerPool
    public let policy: Policy
    public let now: Date

    public init(pool: WorkerPool, policy: Policy, now: Date) {
        self.pool = pool
        self.policy = policy
        self.now = now
    }

    /// Judges `paths`; `emit` is called once per path, in order, on one thread at a time.
    public func run(paths: [String], emit: @escaping @Sendable (Verdict) -> Void) {
        let state = OrderedResults(emit: emit)
        let options = DocumentReader.Options(strict: false, maxSize: pool.configuration.maxSize)
        let files = IndexDealer(below: paths.count)
        DispatchQueue.concurrentPerform(iterations: min(pool.size, max(paths.count, 1))) { _ in
            while let index = files.take() {
                let path = paths[index]
                let verdict: Verdict
                switch DocumentReader.read(path: path, options: options) {
                case .success(let bytes):
                    verdict = pool.judge(bytes: bytes, fileName: path, now: now, policy: policy)
                case .failure(let failure):
                    verdict = .error(
                        code: failure.code, message: failure.message, file: path, sha256: "", size: 0,
                        policy: policy, checkedAt: now
                    )
                }
                state.deliver(index, verdict)
            }
        }
    }
}

/// Collects results that finish out of order and emits them in order.
final class OrderedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Int: Verdict] = [:]
    private var nextToEmit = 0
    private let emit: @Sendable (Verdict) -> Void

    init(emit: @escaping @Sendable (Verdict) -> Void) {
        self.emit = emit
    }

    func deliver(_ index: Int, _ verdict: Verdict) {
        lock.lock()
        defer { lock.unlock() }
        pending[index] = verdict
        while let ready = pending.removeValue(forKey: nextToEmit) {
            emit(ready)
            nextToEmit += 1
        }
    }
}
