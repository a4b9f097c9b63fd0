import DocConcurrency
import Dispatch
import Synchronization
import Testing

@Suite("IndexDealer: each number to exactly one thread")
struct IndexDealerTests {
    @Test("16 threads taking from 0..<20,000: every number once, none twice, none past the limit")
    func everyIndexOnce() {
        let count = 20_000
        let dealer = IndexDealer(below: count)
        let seen = Mutex([Int](repeating: 0, count: count))
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            var mine: [Int] = []
            while let index = dealer.take() { mine.append(index) }
            seen.withLock { counts in for index in mine { counts[index] += 1 } }
        }
        #expect(seen.withLock { $0.allSatisfy { $0 == 1 } })
        #expect(dealer.take() == nil)
    }

    @Test("without a limit the numbers run on: 0, 1, 2 …")
    func unlimited() {
        let dealer = IndexDealer()
        #expect((0..<5).compactMap { _ in dealer.take() } == [0, 1, 2, 3, 4])
    }
}
