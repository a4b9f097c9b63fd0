import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    /// Issue 11, item 1: a document still being written must not be judged. The red team's
    /// writer paused longer than the settle window with the file open and got `fail` for the
    /// first half of a genuine report, whose remaining bytes went into `done/` under the first
    /// half's hash.
    @Suite("Writers that hold the file open or reopen it")
    struct OpenWriterTests {
        static let signedReport = TestDocuments.repositoryRoot.appendingPathComponent("testdata/sesame/genuine-en-rsa2048-pkcs7.pdf").path

        static let configuration = """
            [verify]
            workers = 1
            worker_timeout = 20
            keys = "\(TestDocuments.keysDirectory)"
            allow_test_keys = true
            [daemon]
            settle = 0.5
            rescan_interval = 1
            stop_timeout = 5
            """

        /// Writes `document` to `path` in `chunks` pieces, pausing `pause` seconds after each
        /// but the last; `reopen` closes the file after each piece and opens it again to
        /// append. Returns the most verdicts seen in the outbox while writing.
        static func write(_ document: [UInt8], to path: String, chunks: Int, pause: Double, reopen: Bool, spool: TestSpool) async -> Int {
            await onOwnThread { () -> Int in
                var fd: Int32 = -1
                var seen = 0
                let size = document.count / chunks + 1
                for (index, start) in stride(from: 0, to: document.count, by: size).enumerated() {
                    if fd < 0 { fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) }
                    guard fd >= 0 else { return -1 }
                    let chunk = Array(document[start..<min(start + size, document.count)])
                    _ = chunk.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, chunk.count) }
                    if reopen {
                        close(fd)
                        fd = -1
                    }
                    if index < chunks - 1 { usleep(useconds_t(pause * 1_000_000)) }
                    seen = max(seen, spool.verdictCount)
                }
                if fd >= 0 { close(fd) }
                return seen
            }
        }

        /// Whether `state/done/` holds the original under `sha256` (`<unix time>.<sha256>`)
        /// and every original there has exactly the bytes its name's hash says.
        static func retired(_ spool: TestSpool, sha256: String) -> Bool {
            let done = spool.state + "/done"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: done)) ?? []
            let honest = names.allSatisfy { name in
                guard let data = FileManager.default.contents(atPath: done + "/" + name) else { return false }
                return name.hasSuffix("." + sha256Hex([UInt8](data)))
            }
            return honest && names.contains { $0.hasSuffix("." + sha256) }
        }

        @Test("a writer that keeps the file open and pauses 2.5 s (settle 0.5 s): no verdict until it closes, then one, for the whole file")
        func openWriterPausingPastSettle() async throws {
            let spool = try TestSpool("open-writer", configuration: Self.configuration)
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.logText.contains("docverify watch started") })
            let document = [UInt8](try #require(FileManager.default.contents(atPath: Self.signedReport)))
            let seen = await Self.write(document, to: spool.inbox + "/report.pdf", chunks: 3, pause: 2.5, reopen: false, spool: spool)
            #expect(seen == 0, "a verdict appeared while the writer still had the file open")
            #expect(await eventually(timeout: 15) { spool.verdictCount == 1 })
            try await Task.sleep(for: .milliseconds(2000))
            let verdicts = spool.verdicts()
            #expect(verdicts.count == 1)
            let verdict = try #require(verdicts["report.pdf.verdict.json"])
            #expect(verdict["sha256"] as? String == sha256Hex(document), "the verdict is for the whole file")
            #expect(verdict["verdict"] as? String == "pass", "a genuine report: \(verdict["verdict"] ?? "?")")
            #expect(await eventually(timeout: 5) { Self.retired(spool, sha256: sha256Hex(document)) }, "done/ holds the bytes judged")
            #expect(spool.logText.contains("document still being written") || spool.logText.contains("verdict published"))
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("a writer that reopens the file for each chunk (pauses shorter than settle) gets one verdict, for the whole file")
        func reopeningWriter() async throws {
            let spool = try TestSpool("reopening-writer", configuration: Self.configuration.replacingOccurrences(of: "settle = 0.5", with: "settle = 1.5"))
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.logText.contains("docverify watch started") })
            let document = [UInt8](try #require(FileManager.default.contents(atPath: Self.signedReport)))
            let seen = await Self.write(document, to: spool.inbox + "/report.pdf", chunks: 6, pause: 0.4, reopen: true, spool: spool)
            #expect(seen == 0, "a verdict appeared while the file was still being written")
            #expect(await eventually(timeout: 15) { spool.verdictCount == 1 })
            try await Task.sleep(for: .milliseconds(2500))
            let verdicts = spool.verdicts()
            #expect(verdicts.count == 1)
            let verdict = try #require(verdicts["report.pdf.verdict.json"])
            #expect(verdict["sha256"] as? String == sha256Hex(document))
            #expect(verdict["verdict"] as? String == "pass")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }
        /// Leases need the file's owner or CAP_LEASE. A clerk's file owned by another user,
        /// with a daemon that lacks CAP_LEASE (the shipped unit has no capabilities): the
        /// daemon says once that it relies on the settle window and the file is judged, never
        /// left waiting.
        @Test("without CAP_LEASE another user's file is taken on the settle window, with a notice")
        func leaseUnavailableFallsBackToSettle() async throws {
            guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            let spool = try TestSpool("no-lease", configuration: Self.configuration)
            let daemon = try DaemonProcess(
                spool: spool, wrapper: ["/usr/bin/setpriv", "--bounding-set=-lease", "--inh-caps=-lease"]
            )
            #expect(await eventually(timeout: 20) { spool.logText.contains("docverify watch started") })
            let document = [UInt8](try #require(FileManager.default.contents(atPath: Self.signedReport)))
            let staged = spool.inbox + "/.clerk.pdf"
            try Data(document).write(to: URL(fileURLWithPath: staged))
            try #require(chown(staged, 65534, 65534) == 0)
            try #require(rename(staged, spool.inbox + "/clerk.pdf") == 0)
            #expect(await eventually(timeout: 15) { spool.verdictCount == 1 })
            #expect(spool.verdicts()["clerk.pdf.verdict.json"]?["sha256"] as? String == sha256Hex(document))
            #expect(spool.logText.contains("read leases are not available"))
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }
    }
}
