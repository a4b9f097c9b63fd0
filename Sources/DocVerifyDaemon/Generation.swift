internal import DocVerifyCore
internal import Foundation

/// One configuration in force, with the policy it names and the worker pool started for
/// it. A SIGHUP that loads a valid configuration starts a new generation; jobs already
/// running finish with the generation they started with (a job never mixes two
/// configurations), and the old pool's workers stop when its last job is done.
final class Generation: @unchecked Sendable {
    let number: Int
    let configuration: Configuration
    let policy: Policy
    let pool: WorkerPool
    /// One permit per worker, taken before a job reads its document and given back when the
    /// job ends: a job waiting for a worker holds no bytes, so the daemon's documents in
    /// memory are at most `workers × max_size` (job threads are 4 per worker; each used to
    /// hold its document while it waited, and sparse files made that free to ask for).
    let documentPermits: DispatchSemaphore

    /// - Parameter workers: the pool size; fewer than the configuration asks for when the
    ///   service's task limit cannot hold them (``TaskBudget``).
    init(number: Int, configuration: Configuration, policy: Policy, workers: Int) {
        self.number = number
        self.configuration = configuration
        self.policy = policy
        self.pool = WorkerPool(configuration: configuration, size: workers)
        self.documentPermits = DispatchSemaphore(value: pool.size)
    }
}

/// Hands the current ``Generation`` to jobs and retires replaced ones when unused.
final class Generations: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Generation
    private var users: [Int: Int] = [:]
    private var retired: [Int: Generation] = [:]

    init(_ first: Generation) { current = first }

    var latest: Generation {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func acquire() -> Generation {
        lock.lock()
        defer { lock.unlock() }
        users[current.number, default: 0] += 1
        return current
    }

    func release(_ generation: Generation) {
        lock.lock()
        users[generation.number, default: 1] -= 1
        let done = users[generation.number] == 0 ? retired.removeValue(forKey: generation.number) : nil
        lock.unlock()
        done?.pool.shutdown()
    }

    func replace(with next: Generation) {
        lock.lock()
        let old = current
        current = next
        let idle = users[old.number, default: 0] == 0
        if !idle { retired[old.number] = old }
        lock.unlock()
        if idle { old.pool.shutdown() }
    }

    /// Stops the idle workers of every generation (at exit).
    func shutdownAll() {
        lock.lock()
        let all = [current] + Array(retired.values)
        lock.unlock()
        for generation in all { generation.pool.shutdown() }
    }
}
