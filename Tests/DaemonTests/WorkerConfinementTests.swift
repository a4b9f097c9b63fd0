import CDocVerifyShims
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("A worker taken over by a document cannot write a verdict")
    struct WorkerConfinementTests {
        static let landlock = CDocVerifyShims_landlock_abi() >= 1

        @Test(
            "a worker that tries to plant a pass verdict in the outbox, by path and through the daemon's open folders, writes nothing; the document gets its own verdict",
            .enabled(if: landlock, "the kernel has no Landlock: the worker's write confinement cannot be shown here")
        )
        func plantedVerdict() async throws {
            // The red team's planted worker wrote a `pass` for a forged report into the outbox
            // through /proc/$PPID/fd, and the daemon took it for "already published".
            let spool = try TestSpool("confinement")
            let target = spool.outbox + "/forged.pdf.verdict.json"
            try spool.drop(TestDocuments.pdf(1300, hook: "%DOCVERIFY-TEST-PLANT \(target)"), as: "forged.pdf")
            let daemon = try DaemonProcess(spool: spool, environment: ["DOCVERIFY_TEST_HOOKS": "1"])
            #expect(await eventually(timeout: 30) { spool.logLines(containing: "verdict published").count == 1 })
            let outbox = Set(spool.names(in: spool.outbox).map { String(decoding: $0, as: UTF8.self) })
            #expect(!outbox.contains("planted.verdict.json"), "written through /proc/<daemon>/fd")
            #expect(FileManager.default.fileExists(atPath: target))
            let verdict = try #require(spool.verdicts()["forged.pdf.verdict.json"])
            #expect(verdict["verdict"] as? String == "review", "the daemon's own verdict, not the planted pass")
            #expect(verdict["sha256"] is String)
            for folder in [spool.state, spool.state + "/work", spool.state + "/tmp", spool.inbox] {
                #expect(!spool.names(in: folder).contains(Array("planted.verdict.json".utf8)), "written into \(folder)")
            }
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
        }
    }
}
