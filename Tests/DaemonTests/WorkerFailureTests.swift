import DocVerifyCore
import Testing

@testable import DocVerifyDaemon

extension DaemonTests {
    /// The attempt ledger keeps how a worker failed as a kind and a detail, so a quarantined
    /// document's verdict names TIMEOUT or PARSER_CRASHED from the kind, not from its words.
    @Suite("How a worker failed, as the attempt ledger keeps it")
    struct WorkerFailureTests {
        @Test("the kind survives the ledger's line, and picks the finding code")
        func roundTrip() throws {
            for failure in [WorkerFailure.timedOut(after: 3), .timedOut(after: 2.5), .crashed("killed by signal 6 (Aborted)")] {
                let read = try #require(WorkerFailure(ledgerLine: failure.ledgerLine))
                #expect(read == failure)
            }
            #expect(WorkerFailure.timedOut(after: 3).code == .timeout)
            #expect(WorkerFailure.timedOut(after: 3).description == "timed out after 3 s")
            #expect(WorkerFailure.crashed("killed by signal 9 (Killed)").code == .parserCrashed)
            // A crash whose reason mentions a timeout is still a crash: the kind decides.
            #expect(WorkerFailure(ledgerLine: WorkerFailure.crashed("timed out waiting for poppler").ledgerLine)?.code == .parserCrashed)
            #expect(WorkerFailure(ledgerLine: "") == nil)
        }

        @Test("ledger lines written before the kind was kept are read as the daemon read them")
        func olderLedgerLines() {
            #expect(WorkerFailure(ledgerLine: "timed out after 20 s") == .timedOut(after: 20))
            #expect(WorkerFailure(ledgerLine: "crashed: killed by signal 6 (Aborted)") == .crashed("killed by signal 6 (Aborted)"))
        }
    }
}
