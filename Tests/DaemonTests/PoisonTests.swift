import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("Poison documents: a failing worker costs one attempt, never the daemon")
    struct PoisonTests {
        static func configuration(timeout: Double) -> String {
            """
            [verify]
            workers = 1
            worker_timeout = \(timeout)
            worker_memory_mib = 512
            [daemon]
            settle = 0.2
            rescan_interval = 1
            max_attempts = 3
            stop_timeout = 0.5
            """
        }

        static func codes(_ verdict: [String: Any]?) -> [String] {
            (verdict?["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        }

        @Test("a worker that crashes or exhausts its memory: one attempt each time, QUARANTINED after 3, the daemon and other documents unaffected")
        func crashAndOOM() async throws {
            let spool = try TestSpool("poison-crash", configuration: Self.configuration(timeout: 30))
            let crash = TestDocuments.pdf(600, hook: "%DOCVERIFY-TEST-CRASH")
            let oom = TestDocuments.pdf(601, hook: "%DOCVERIFY-TEST-OOM")
            try spool.drop(crash, as: "crash.pdf")
            try spool.drop(oom, as: "oom.pdf")
            try spool.drop(TestDocuments.pdf(602), as: "good.pdf")
            let daemon = try DaemonProcess(spool: spool, environment: ["DOCVERIFY_TEST_HOOKS": "1"])
            #expect(await eventually(timeout: 120, every: .milliseconds(100)) { spool.verdictCount == 3 })
            let verdicts = spool.verdicts()
            for (name, bytes) in [("crash.pdf", crash), ("oom.pdf", oom)] {
                let verdict = verdicts["\(name).verdict.json"]
                #expect(verdict?["verdict"] as? String == "error")
                #expect(Self.codes(verdict) == ["QUARANTINED", "PARSER_CRASHED"], "\(name)")
                #expect(verdict?["sha256"] as? String == sha256Hex(bytes))
                let failures = spool.logLines(containing: "worker failed on a document").filter { $0.contains("job=\(sha256Hex(bytes).prefix(16))") }
                #expect(failures.count == 3, "\(name): one attempt per worker failure")
                #expect(failures.map { $0.contains("attempt=1") } == [true, false, false])
            }
            #expect(verdicts["good.pdf.verdict.json"]?["verdict"] as? String == "review")
            // Published first, then moved to quarantine with its reason.
            #expect(await eventually(timeout: 10) { spool.names(in: spool.state + "/quarantine").count == 4 })
            #expect(spool.names(in: spool.state + "/work").isEmpty)
            let reason = try String(contentsOfFile: spool.state + "/quarantine/\(sha256Hex(crash).prefix(12)).reason", encoding: .utf8)
            #expect(reason.contains("attempts: 3"))
            #expect(daemon.isRunning, "the daemon survived its workers")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("two copies of one crashing file under two names each get their own attempts; a re-dropped too-large file gets a new verdict")
        func attemptsAndVerdictsPerEntry() async throws {
            let spool = try TestSpool(
                "poison-copies", configuration: Self.configuration(timeout: 30).replacingOccurrences(of: "workers = 1", with: "workers = 2\nmax_size = 100000")
            )
            let crash = TestDocuments.pdf(610, hook: "%DOCVERIFY-TEST-CRASH")
            try spool.drop(crash, as: "copy-a.pdf")
            try spool.drop(crash, as: "copy-b.pdf")
            try spool.drop(TestDocuments.pdf(611, padding: 200_000), as: "big.pdf")
            let daemon = try DaemonProcess(spool: spool, environment: ["DOCVERIFY_TEST_HOOKS": "1"])
            #expect(await eventually(timeout: 120, every: .milliseconds(100)) { spool.verdictCount == 3 })
            // Keyed by content alone, the copies shared one counter: 3 failures in all.
            let failures = spool.logLines(containing: "worker failed on a document").filter { $0.contains("job=\(sha256Hex(crash).prefix(16))") }
            #expect(failures.count == 6, "3 attempts for each copy")
            let verdicts = spool.verdicts()
            for name in ["copy-a.pdf", "copy-b.pdf"] {
                #expect(Self.codes(verdicts["\(name).verdict.json"]).first == "QUARANTINED", "\(name)")
            }
            // The same name again with another too-large file: its bytes were never read, so
            // the earlier TOO_LARGE verdict cannot be taken for its own.
            #expect(await eventually(timeout: 10) { spool.names(in: spool.inbox).filter { $0.first != 0x2E }.isEmpty })
            try spool.drop(TestDocuments.pdf(612, padding: 300_000), as: "big.pdf")
            #expect(await eventually(timeout: 30) { spool.verdictCount == 4 })
            let tooLarge = spool.verdicts().filter { $0.key.hasPrefix("big.pdf") }
            #expect(tooLarge.count == 2)
            #expect(tooLarge.values.allSatisfy { Self.codes($0) == ["TOO_LARGE"] })
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("a worker that cannot start is the daemon's problem: documents wait, cost no attempt, and are judged once workers start again")
        func workersCannotStart() async throws {
            // The red team's TasksMax=128 made worker starts fail, and 35-98 of 120 documents
            // were quarantined. Here the daemon runs from a folder without docverify-worker
            // beside it: every start fails for real (ENOENT), then the worker is put back.
            // Hard links, not copies, beside the build products: a copy's write descriptor can
            // leak into a process another test spawns meanwhile and make exec fail (ETXTBSY).
            let products = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent()
            let folder = products.deletingLastPathComponent().appendingPathComponent("dv-no-worker-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let copy = folder + "/docverify"
            try FileManager.default.linkItem(atPath: DaemonProcess.binary, toPath: copy)
            let wrapper = ["/bin/sh", "-c", "shift; exec \"$0\" \"$@\"", copy]
            let spool = try TestSpool("no-worker", configuration: TestSpool.fastConfiguration + "\nmax_attempts = 1\n")
            for index in 0..<3 { try spool.drop(TestDocuments.pdf(1400 + index), as: "waiting-\(index).pdf") }
            var daemon = try DaemonProcess(spool: spool, wrapper: wrapper)
            #expect(await eventually(timeout: 20) { !spool.logLines(containing: "no worker could be started").isEmpty })
            try await Task.sleep(for: .milliseconds(2500))
            #expect(spool.verdictCount == 0)
            #expect(spool.names(in: spool.state + "/quarantine").isEmpty, "no document pays for a worker that cannot start")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))

            try FileManager.default.linkItem(atPath: products.appendingPathComponent("docverify-worker").path, toPath: folder + "/docverify-worker")
            daemon = try DaemonProcess(spool: spool, wrapper: wrapper)
            #expect(await eventually(timeout: 60) { spool.verdictCount == 3 })
            #expect(spool.verdicts().values.allSatisfy { $0["verdict"] as? String == "review" })
            #expect(spool.names(in: spool.state + "/quarantine").isEmpty)
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
        }

        @Test("a hanging worker is stopped at the time limit; the attempts count survives daemon restarts and the file is quarantined after 3 in all")
        func hangAcrossRestarts() async throws {
            let spool = try TestSpool("poison-hang", configuration: Self.configuration(timeout: 3))
            let hang = TestDocuments.pdf(610, hook: "%DOCVERIFY-TEST-HANG")
            try spool.drop(hang, as: "hang.pdf")
            let hooks = ["DOCVERIFY_TEST_HOOKS": "1"]
            let failures = { spool.logLines(containing: "worker failed on a document").count }
            // The attempts on disk (state/attempts/<key>, key: SHA-256 of the hash, a NUL and
            // the name). Waiting for the next attempt to be written, not for a fixed time, makes
            // sure the daemon is stopped while that attempt runs, on a loaded machine too.
            let key = sha256Hex(Array(sha256Hex(hang).utf8) + [0] + Array("hang.pdf".utf8))
            let attempts = {
                (try? String(contentsOfFile: spool.state + "/attempts/" + key, encoding: .utf8))
                    .flatMap { Int($0.split(separator: "\n").first ?? "") } ?? 0
            }

            // Run 1: the first attempt times out; stop the daemon while the second runs.
            var daemon = try DaemonProcess(spool: spool, environment: hooks)
            #expect(await eventually(timeout: 30) { failures() == 1 && attempts() == 2 })
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            #expect(spool.verdictCount == 0)

            // Run 2: one more attempt, then killed outright during the third.
            daemon = try DaemonProcess(spool: spool, environment: hooks)
            #expect(await eventually(timeout: 30) { failures() == 2 && attempts() == 3 })
            await daemon.killNine()
            #expect(spool.verdictCount == 0)

            // Run 3: the ledger says 3 attempts were made (the one killed counts): quarantine at once.
            daemon = try DaemonProcess(spool: spool, environment: hooks)
            #expect(await eventually(timeout: 30) { spool.verdictCount == 1 })
            let verdict = spool.verdicts()["hang.pdf.verdict.json"]
            #expect(Self.codes(verdict) == ["QUARANTINED", "TIMEOUT"])
            #expect(failures() == 2, "the abandoned attempt of run 1 was given back; no attempt in run 3")
            // Published first, then moved to quarantine with its reason.
            #expect(await eventually(timeout: 10) { spool.names(in: spool.state + "/work").isEmpty })
            let reason = try String(contentsOfFile: spool.state + "/quarantine/\(sha256Hex(hang).prefix(12)).reason", encoding: .utf8)
            #expect(reason.contains("attempts: 3"))
            #expect(spool.names(in: spool.state + "/attempts").isEmpty)
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }
    }
}
