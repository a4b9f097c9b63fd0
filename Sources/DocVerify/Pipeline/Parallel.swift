internal import DocConcurrency
internal import Dispatch

/// Work spread over a few threads inside one worker process, for the per-page steps of a
/// long document. Results come back in order, exactly as a sequential `map` gives them.
enum Parallel {
    /// `transform(index)` for every index in `0..<count`, computed by up to `threads`
    /// threads, each taking the next index not yet taken (a thread on a busier core takes
    /// fewer).
    static func map<T: Sendable>(_ count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let threads = max(1, min(threads, count))
        guard threads > 1 else { return (0..<count).map(transform) }
        var slots = [T?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            // The atomic counter hands each index to exactly one thread, and concurrentPerform
            // returns after every thread has finished, so no slot is touched by two threads.
            nonisolated(unsafe) let out = buffer
            let indexes = IndexDealer(below: count)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while let index = indexes.take() { out[index] = transform(index) }
            }
        }
        return slots.map { $0! }
    }
}
