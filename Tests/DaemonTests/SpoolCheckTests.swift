import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("Start-up checks, recovery and retention")
    struct SpoolCheckTests {
        static func device(_ path: String) -> UInt64? {
            var info = stat()
            return stat(path, &info) == 0 ? UInt64(info.st_dev) : nil
        }

        static let otherFilesystem: String? = {
            let here = device(NSTemporaryDirectory())
            for candidate in ["/dev/shm", "/run", "/var/tmp"] where access(candidate, W_OK) == 0 {
                if let dev = device(candidate), dev != here { return candidate }
            }
            return nil
        }()

        @Test("folders on different mount points are refused with a clear message (exit 78)", .enabled(if: otherFilesystem != nil))
        func differentMounts() async throws {
            let spool = try TestSpool("mounts")
            let elsewhere = Self.otherFilesystem! + "/dv-outbox-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: elsewhere) }
            let daemon = try DaemonProcess(
                arguments: ["watch", "--inbox", spool.inbox, "--outbox", elsewhere, "--state", spool.state, "--config", spool.config],
                log: spool.log
            )
            #expect(await daemon.wait(timeout: 20) == .exited(78))
            let line = try #require(spool.logLines(containing: "different mount points").first)
            #expect(line.hasPrefix("<2>"))
            #expect(line.contains("ReadWritePaths="))
            spool.expectCleanLog()
        }

        @Test("a second daemon on the same state folder is refused; an outbox inside the inbox is refused")
        func oneDaemonPerSpool() async throws {
            let spool = try TestSpool("lock")
            let first = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.logText.contains("docverify watch started") })
            let second = try DaemonProcess(spool: spool)
            #expect(await second.wait(timeout: 20) == .exited(78))
            #expect(spool.logLines(containing: "another docverify watch is already using").count == 1)
            #expect(first.isRunning)
            // Another state folder, the same inbox and outbox: refused as well (two daemons on
            // one inbox raced for documents and once wrote a .txt and a .json of one name for
            // two different documents).
            for (inbox, outbox) in [(spool.inbox, spool.root + "/outbox-2"), (spool.root + "/inbox-2", spool.outbox)] {
                let other = try DaemonProcess(
                    arguments: ["watch", "--inbox", inbox, "--outbox", outbox, "--state", spool.root + "/state-2", "--config", spool.config],
                    log: spool.log
                )
                #expect(await other.wait(timeout: 20) == .exited(78))
            }
            #expect(spool.logLines(containing: "another docverify watch is already using the inbox folder").count == 1)
            #expect(spool.logLines(containing: "another docverify watch is already using the outbox folder").count == 1)
            #expect(first.isRunning)
            first.signal(SIGTERM)
            #expect(await first.wait(timeout: 15) == .exited(0))

            let nested = try DaemonProcess(
                arguments: ["watch", "--inbox", spool.inbox, "--outbox", spool.inbox + "/out", "--state", spool.state, "--config", spool.config],
                log: spool.log
            )
            #expect(await nested.wait(timeout: 20) == .exited(78))
            #expect(spool.logLines(containing: "is inside the inbox folder").count == 1)
            spool.expectCleanLog()
        }

        @Test(
            "no trust anchor: the daemon refuses to start (exit 78, one log line) and touches no document; a reload to an empty store keeps the old one; with anchors it starts"
        )
        func refusesWithoutAnchors() async throws {
            let empty = TestSpool.runDirectory + "/empty-keys-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
            let withoutAnchors = TestSpool.fastConfiguration.replacingOccurrences(of: "[verify]\n", with: "[verify]\nkeys = \"\(empty)\"\n")
            let spool = try TestSpool("no-anchors", configuration: withoutAnchors)
            try spool.drop(TestDocuments.pdf(1150), as: "waiting.pdf")
            var daemon = try DaemonProcess(spool: spool)
            #expect(await daemon.wait(timeout: 20) == .exited(78))
            #expect(spool.logLines(containing: "no trust anchors are installed").count == 1)
            #expect(spool.names(in: spool.inbox).contains(Array("waiting.pdf".utf8)), "the document stays where the clerk put it")
            #expect(spool.verdictCount == 0)

            // With the test anchors it starts and judges; a reload that empties the store is refused.
            try TestSpool.withTrustStore(TestSpool.fastConfiguration).write(toFile: spool.config, atomically: true, encoding: .utf8)
            daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.verdictCount == 1 })
            try withoutAnchors.write(toFile: spool.config, atomically: true, encoding: .utf8)
            daemon.signal(SIGHUP)
            #expect(await eventually(timeout: 10) { spool.logLines(containing: "no trust anchors are installed").count == 2 })
            try spool.drop(TestDocuments.pdf(1151), as: "after-reload.pdf")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 2 }, "the old configuration goes on judging")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
        }

        @Test(
            "an inbox deleted and made again is noticed within a rescan and watched again; a deleted outbox stops the daemon (exit 75) for systemd to restart")
        func foldersReplacedWhileRunning() async throws {
            let spool = try TestSpool("folders-replaced")
            let daemon = try DaemonProcess(spool: spool)
            try spool.drop(TestDocuments.pdf(1100), as: "before.pdf")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 1 })
            // The daemon's open descriptor keeps the old inbox alive and silences inotify.
            try FileManager.default.removeItem(atPath: spool.inbox)
            try FileManager.default.createDirectory(atPath: spool.inbox, withIntermediateDirectories: false)
            #expect(await eventually(timeout: 10) { !spool.logLines(containing: "the inbox folder was replaced").isEmpty })
            try spool.drop(TestDocuments.pdf(1101), as: "after.pdf")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 2 }, "documents in the new inbox are judged")

            try FileManager.default.removeItem(atPath: spool.outbox)
            #expect(await daemon.wait(timeout: 20) == .exited(75))
            #expect(spool.logLines(containing: "the outbox folder was removed").count == 1)
        }

        @Test("after kill -9 between publish and retire, the restart retires the original without a second verdict; done/ is purged after retention")
        func recoveryAndRetention() async throws {
            let spool = try TestSpool("recovery", configuration: TestSpool.fastConfiguration + "\nretention_days = 0\n")
            let document = TestDocuments.pdf(1000)
            // Simulate the crash window: the verdict is published, the original still in work/.
            let first = try DaemonProcess(spool: spool, extra: ["--exit-when-idle"])
            try spool.drop(document, as: "x.pdf")
            #expect(await first.wait(timeout: 60) == .exited(0))
            #expect(spool.verdictCount == 1)
            let retired = spool.names(in: spool.state + "/done")
            #expect(retired.count == 1)
            // Put the original back into work/ as a kill -9 right after publishing would leave it.
            try FileManager.default.moveItem(
                atPath: spool.state + "/done/" + String(decoding: retired[0], as: UTF8.self), toPath: spool.state + "/work/x.pdf"
            )
            let verdictBefore = try Data(contentsOf: URL(fileURLWithPath: spool.outbox + "/x.pdf.verdict.json"))

            let second = try DaemonProcess(spool: spool, extra: ["--exit-when-idle"])
            #expect(await second.wait(timeout: 60) == .exited(0))
            #expect(spool.verdictCount == 1)
            #expect(try Data(contentsOf: URL(fileURLWithPath: spool.outbox + "/x.pdf.verdict.json")) == verdictBefore, "not published again")
            #expect(spool.names(in: spool.state + "/work").isEmpty)
            #expect(spool.logLines(containing: "verdict already published").count == 1)

            // retention_days = 0: the next start purges what is in done/.
            #expect(spool.names(in: spool.state + "/done").count == 1)
            let third = try DaemonProcess(spool: spool, extra: ["--exit-when-idle"])
            #expect(await third.wait(timeout: 60) == .exited(0))
            #expect(spool.names(in: spool.state + "/done").isEmpty)
            #expect(spool.logLines(containing: "purged originals").count >= 1)
            spool.expectCleanLog()
        }
    }
}
