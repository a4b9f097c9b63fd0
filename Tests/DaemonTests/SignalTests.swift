import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("SIGTERM and SIGHUP")
    struct SignalTests {
        @Test("SIGTERM during a document: exit 0 within the stop timeout, the document stays in state/work and is judged after the restart")
        func termDuringDocument() async throws {
            let spool = try TestSpool(
                "sigterm",
                configuration: """
                    [verify]
                    workers = 1
                    worker_timeout = 60
                    [daemon]
                    settle = 0.2
                    rescan_interval = 1
                    stop_timeout = 1
                    """)
            // With the test hooks on, this document keeps the worker busy (as a huge document would).
            let document = TestDocuments.pdf(700, hook: "%DOCVERIFY-TEST-HANG")
            try spool.drop(document, as: "slow.pdf")
            let daemon = try DaemonProcess(spool: spool, environment: ["DOCVERIFY_TEST_HOOKS": "1"])
            #expect(await eventually(timeout: 20) { spool.names(in: spool.state + "/work").count == 1 })
            try await Task.sleep(for: .milliseconds(500))
            let start = Date()
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            #expect(Date().timeIntervalSince(start) < 5, "stopped within stop_timeout")
            #expect(spool.verdictCount == 0)
            #expect(spool.names(in: spool.state + "/work").map { String(decoding: $0, as: UTF8.self) } == ["slow.pdf"])
            #expect(spool.logLines(containing: "left in state/work for recovery").count == 1)

            // After the restart (hooks off: the document is now judged normally).
            let again = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.verdictCount == 1 })
            let verdict = spool.verdicts()["slow.pdf.verdict.json"]
            #expect(verdict?["sha256"] as? String == sha256Hex(document))
            #expect(verdict?["verdict"] as? String == "review")
            #expect(await eventually(timeout: 10) { !spool.logLines(containing: "verdict published").isEmpty })
            #expect(spool.logLines(containing: "verdict published").first?.contains("attempt=1") == true, "the abandoned attempt was given back")
            again.signal(SIGTERM)
            #expect(await again.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("SIGTERM in the middle of a burst: documents in flight are finished, the rest wait; after the restart each has exactly one verdict")
        func termDuringBurst() async throws {
            let spool = try TestSpool("sigterm-burst")
            let count = 40
            var hashes: [String: String] = [:]
            for index in 0..<count {
                let bytes = TestDocuments.pdf(720 + index)
                hashes["burst-\(index).pdf"] = sha256Hex(bytes)
                try spool.drop(bytes, as: "burst-\(index).pdf")
            }
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20, every: .milliseconds(2)) { spool.verdictCount >= 3 })
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            let first = spool.verdictCount
            // Nothing half-done: every document is published, still in the inbox, or in work/ for recovery.
            let waiting = spool.names(in: spool.inbox).filter { $0.first != 0x2E }.count + spool.names(in: spool.state + "/work").count
            #expect(first + waiting >= count, "\(first) published + \(waiting) waiting < \(count)")
            #expect(spool.logLines(containing: "left in state/work for recovery").isEmpty, "documents in flight were finished, not abandoned")

            let again = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 30) { spool.verdictCount == count })
            try await Task.sleep(for: .milliseconds(1200))
            let verdicts = spool.verdicts()
            #expect(verdicts.count == count)
            for (name, sha) in hashes {
                #expect(verdicts["\(name).verdict.json"]?["sha256"] as? String == sha, "\(name)")
            }
            again.signal(SIGTERM)
            #expect(await again.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("SIGHUP with a broken configuration (or trust store) keeps the old one and the daemon alive; a valid one takes effect")
        func hupReload() async throws {
            let spool = try TestSpool("sighup")
            let daemon = try DaemonProcess(spool: spool)
            try spool.drop(TestDocuments.pdf(710), as: "before.pdf")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 1 })

            try "[daemon\nsettle = -1\n".write(toFile: spool.config, atomically: true, encoding: .utf8)
            daemon.signal(SIGHUP)
            #expect(await eventually(timeout: 10) { spool.logLines(containing: "configuration reload failed").count == 1 })
            try (TestSpool.fastConfiguration + "\n[verify]\nkeys = \"/nonexistent/keys\"\n").write(toFile: spool.config, atomically: true, encoding: .utf8)
            daemon.signal(SIGHUP)
            #expect(await eventually(timeout: 10) { spool.logLines(containing: "configuration reload failed").count == 2 })
            #expect(spool.logLines(containing: "configuration reload failed").allSatisfy { $0.hasPrefix("<3>") })
            #expect(daemon.isRunning)
            try spool.drop(TestDocuments.pdf(711), as: "broken.pdf")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 2 })
            #expect(spool.verdicts()["broken.pdf.verdict.json"]?["verdict"] as? String == "review", "judged with the old configuration")

            let valid = TestSpool.withTrustStore(TestSpool.fastConfiguration.replacingOccurrences(of: "[verify]", with: "[verify]\npolicy = \"canada\""))
            try valid.write(toFile: spool.config, atomically: true, encoding: .utf8)
            daemon.signal(SIGHUP)
            #expect(await eventually(timeout: 10) { spool.logLines(containing: "configuration reloaded").count == 1 })
            try spool.drop(TestDocuments.pdf(712), as: "after.pdf")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 3 })
            let verdicts = spool.verdicts()
            #expect((verdicts["before.pdf.verdict.json"]?["policy"] as? [String: Any])?["name"] as? String == "luxembourg")
            #expect((verdicts["broken.pdf.verdict.json"]?["policy"] as? [String: Any])?["name"] as? String == "luxembourg")
            #expect((verdicts["after.pdf.verdict.json"]?["policy"] as? [String: Any])?["name"] as? String == "canada")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }
    }
}
