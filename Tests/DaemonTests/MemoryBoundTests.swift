import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("Memory: documents waiting for a worker hold no bytes")
    struct MemoryBoundTests {
        /// The daemon's peak resident memory in bytes (`VmHWM` in `/proc/<pid>/status`).
        static func peakResident(_ pid: pid_t) -> Int? {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
            else { return nil }
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }

        @Test("6 sparse 90 MB files (no disk used) with one worker: the daemon's peak memory stays near one document, not four per worker")
        func sparseBacklog() async throws {
            // The red team's 48 sparse files of 56 KB on disk pushed 8 workers' daemon to
            // 1.6 GB: 4 job threads per worker each read its document, then waited.
            let size = 90_000_000
            let spool = try TestSpool(
                "memory-bound",
                configuration: """
                    [verify]
                    workers = 1
                    worker_timeout = 60
                    max_size = 100000000
                    [daemon]
                    settle = 0.2
                    rescan_interval = 1
                    stop_timeout = 5
                    """)
            for index in 0..<6 {
                let path = spool.inbox + "/.sparse-\(index).pdf"
                #expect(FileManager.default.createFile(atPath: path, contents: Data("%PDF-1.7\n% sparse \(index)\n".utf8)))
                let handle = try #require(FileHandle(forWritingAtPath: path))
                try handle.truncate(atOffset: UInt64(size))
                try handle.close()
                #expect(rename(path, spool.inbox + "/sparse-\(index).pdf") == 0)
            }
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 180, every: .milliseconds(200)) { spool.verdictCount == 6 })
            let peak = try #require(Self.peakResident(daemon.pid))
            // One document in memory (plus the daemon itself); four would be 360 MB.
            #expect(peak < 2 * size + 60_000_000, "peak resident memory \(peak / 1_000_000) MB")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 30) == .exited(0))
        }
    }
}
