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

        @Test(
            "a worker that tries to read another applicant's document in the spool cannot; the same worker reads system files",
            .enabled(if: landlock, "the kernel has no Landlock: the worker's read confinement cannot be shown here")
        )
        func readsNothingOfTheSpool() async throws {
            // The worker gets its document through its channel and loads the trust store before
            // it confines itself, so nothing in the spool is needed; what is readable is what
            // poppler and OpenSSL need (ReadablePaths). The control document reads /etc/passwd
            // through the same hook, which crashes the worker when the read succeeds: the hook
            // works, and a crash is what the spool read would have given.
            let spool = try TestSpool("read-confinement", configuration: TestSpool.fastConfiguration + "\nmax_attempts = 1\n")
            // Another applicant's document, still being staged in the inbox (a dot-file the
            // daemon leaves alone).
            let secret = spool.inbox + "/.staging-other-applicant.pdf"
            try Data("%PDF-1.7 another applicant's statement".utf8).write(to: URL(fileURLWithPath: secret))
            try spool.drop(TestDocuments.pdf(1310, hook: "%DOCVERIFY-TEST-READ \(secret)"), as: "reader.pdf")
            try spool.drop(TestDocuments.pdf(1311, hook: "%DOCVERIFY-TEST-READ \(spool.inbox)/../../../../../../etc/passwd"), as: "control.pdf")
            let daemon = try DaemonProcess(spool: spool, environment: ["DOCVERIFY_TEST_HOOKS": "1"])
            #expect(await eventually(timeout: 30) { spool.verdictCount == 2 })
            let verdicts = spool.verdicts()
            #expect(
                verdicts["reader.pdf.verdict.json"]?["verdict"] as? String == "review",
                "the spool file was readable: \(verdicts["reader.pdf.verdict.json"] ?? [:])")
            #expect(verdicts["control.pdf.verdict.json"]?["verdict"] as? String == "error", "the control read of /etc/passwd did not crash the worker")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
        }
    }
}
