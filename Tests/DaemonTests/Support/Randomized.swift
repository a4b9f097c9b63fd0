import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Settings of the randomized tests: `DOCVERIFY_SOAK=1` runs their long versions, and
/// `DOCVERIFY_SOAK_SEED` replays a run from the seed it printed.
enum Randomized {
    static let long = ProcessInfo.processInfo.environment["DOCVERIFY_SOAK"] == "1"

    static func seed() -> UInt64 {
        let seed = UInt64(ProcessInfo.processInfo.environment["DOCVERIFY_SOAK_SEED"] ?? "") ?? UInt64(time(nil))
        print("randomized daemon test: seed \(seed) (DOCVERIFY_SOAK_SEED=\(seed) replays it)")
        return seed
    }
}
