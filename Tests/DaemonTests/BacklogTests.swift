import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("Backlogs: inotify is a hint, rescans are the truth")
    struct BacklogTests {
        static let soak = ProcessInfo.processInfo.environment["DOCVERIFY_SOAK"] == "1"

        static func maxQueuedEvents() -> Int {
            let text = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8)) ?? "16384"
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 16384
        }

        @Test("files created while the daemon is down are all judged when it starts")
        func createdWhileDown() async throws {
            let spool = try TestSpool("while-down")
            let count = Self.soak ? Self.maxQueuedEvents() + 1000 : 150
            // Many files: written on a thread of their own, not on the test scheduler's.
            await onOwnThread {
                for index in 0..<count {
                    try? spool.write(TestDocuments.pdf(10_000 + index), to: spool.inbox, name: Array("down-\(index).pdf".utf8))
                }
            }
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: Self.soak ? 900 : 60, every: .milliseconds(100)) { spool.verdictCount == count })
            #expect(spool.names(in: spool.inbox).isEmpty)
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("files created while the daemon is frozen, after the inotify queue overflowed, are all judged (IN_Q_OVERFLOW → rescan)")
        func overflowWhileFrozen() async throws {
            // A long rescan interval: only the overflow's rescan can find these files.
            let spool = try TestSpool(
                "overflow",
                configuration: """
                    [verify]
                    workers = 2
                    [daemon]
                    settle = 0.2
                    rescan_interval = 3600
                    """)
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.logText.contains("docverify watch started") })
            daemon.signal(SIGSTOP)
            defer { daemon.signal(SIGCONT) }
            // Fill the kernel's queue (max_queued_events) with events the daemon ignores:
            // alternating touches of two dot-files (identical consecutive events would merge).
            let limit = Self.maxQueuedEvents()
            try spool.write([], to: spool.inbox, name: Array(".noise-a".utf8))
            try spool.write([], to: spool.inbox, name: Array(".noise-b".utf8))
            let count = Self.soak ? limit + 1000 : 150
            let inbox = spool.inbox
            await onOwnThread {
                for index in 0...(limit + 10) {
                    utimensat(AT_FDCWD, inbox + (index % 2 == 0 ? "/.noise-a" : "/.noise-b"), nil, 0)
                }
                // The queue is full: the events for these documents are lost.
                for index in 0..<count {
                    try? spool.write(TestDocuments.pdf(20_000 + index), to: inbox, name: Array("frozen-\(index).pdf".utf8))
                }
            }
            daemon.signal(SIGCONT)
            #expect(await eventually(timeout: Self.soak ? 900 : 60, every: .milliseconds(100)) { spool.verdictCount == count })
            #expect(spool.logLines(containing: "inotify queue overflowed").count >= 1)
            #expect(spool.names(in: spool.inbox).filter { $0.first != 0x2E }.isEmpty)
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }
    }
}
