internal import Synchronization

/// Hands out the numbers 0, 1, 2 … to any number of threads, each number to exactly one of
/// them: the one way docverify spreads a list over threads (pages over poppler readers, a
/// long document's per-page steps, files over the worker pool) and numbers staging files.
/// A thread on a busier core simply takes fewer numbers.
public final class IndexDealer: Sendable {
    private let next = Atomic<Int>(0)
    private let limit: Int

    /// A dealer of `0..<limit` (without a limit, numbers never run out).
    public init(below limit: Int = .max) {
        self.limit = limit
    }

    /// The next number not yet taken, or nil once `limit` is reached.
    public func take() -> Int? {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < limit ? index : nil
    }
}
