import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("Entries that are not documents")
    struct HostileEntriesTests {
        /// Watches files with inotify for IN_OPEN/IN_ACCESS: the test's witness that the
        /// daemon never opened something (inotify watches the inode, whatever its name).
        final class OpenWitness {
            let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            var labels: [Int32: String] = [:]

            func watch(_ path: String, as label: String) {
                let wd = inotify_add_watch(fd, path, UInt32(IN_OPEN) | UInt32(IN_ACCESS) | UInt32(IN_DONT_FOLLOW))
                if wd >= 0 { labels[wd] = label }
            }

            /// Labels of watched entries that were opened or read since the watches were set.
            func opened() -> Set<String> {
                var seen = Set<String>()
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                    if n <= 0 { break }
                    var offset = 0
                    while offset + 16 <= n {
                        let (wd, length) = buffer.withUnsafeBytes {
                            ($0.loadUnaligned(fromByteOffset: offset, as: Int32.self), Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                        }
                        if let label = labels[wd] { seen.insert(label) }
                        offset += 16 + length
                    }
                }
                return seen
            }

            deinit { close(fd) }
        }

        @Test("symlinks (to files outside the inbox), FIFOs, directories and hard links are never opened and get a NOT_REGULAR_FILE error verdict")
        func notRegularFiles() async throws {
            let spool = try TestSpool("not-regular")
            let outside = spool.root + "/outside"
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            // A secret outside the inbox, reached through a symlink.
            let secret = outside + "/secret.pdf"
            try spool.write(TestDocuments.pdf(200), to: outside, name: Array("secret.pdf".utf8))
            #expect(symlink(secret, spool.inbox + "/link.pdf") == 0)
            // A file outside the inbox, hard-linked into it.
            let twin = outside + "/twin.pdf"
            try spool.write(TestDocuments.pdf(201), to: outside, name: Array("twin.pdf".utf8))
            #expect(link(twin, spool.inbox + "/hardlink.pdf") == 0)
            // A FIFO that would block a naive open forever, and a directory.
            #expect(mkfifo(spool.inbox + "/pipe.pdf", 0o644) == 0)
            try FileManager.default.createDirectory(atPath: spool.inbox + "/folder.pdf", withIntermediateDirectories: false)
            try spool.write(TestDocuments.pdf(202), to: spool.inbox + "/folder.pdf", name: Array("inner.pdf".utf8))

            let witness = OpenWitness()
            witness.watch(secret, as: "symlink target")
            witness.watch(twin, as: "hard-linked file")
            witness.watch(spool.inbox + "/pipe.pdf", as: "FIFO")
            witness.watch(spool.inbox + "/folder.pdf", as: "directory")
            witness.watch(spool.inbox + "/folder.pdf/inner.pdf", as: "file inside the directory")
            _ = witness.opened()

            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.verdictCount == 4 })
            // The daemon is not stuck on the FIFO: an ordinary document dropped now is judged.
            try spool.drop(TestDocuments.pdf(203), as: "ordinary.pdf")
            #expect(await eventually(timeout: 15) { spool.verdictCount == 5 })
            // Rescans come and go (rescan_interval = 1 s): no entry is judged a second time.
            try await Task.sleep(for: .milliseconds(2500))
            #expect(spool.verdictCount == 5)

            let verdicts = spool.verdicts()
            for name in ["link.pdf", "hardlink.pdf", "pipe.pdf", "folder.pdf"] {
                let verdict = try #require(verdicts["\(name).verdict.json"], "no verdict for \(name)")
                #expect(verdict["verdict"] as? String == "error")
                let codes = (verdict["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
                #expect(codes == ["NOT_REGULAR_FILE"], "\(name): \(codes ?? [])")
                #expect(verdict["sha256"] as? String == "", "\(name) was never read, so it has no hash")
            }
            #expect(verdicts["ordinary.pdf.verdict.json"]?["verdict"] as? String == "review")
            #expect(witness.opened().isEmpty, "opened: \(witness.opened())")

            // Moved out of the inbox (so they are not judged at every rescan), with reasons.
            #expect(spool.names(in: spool.inbox).filter { $0.first != UInt8(ascii: ".") }.isEmpty)
            let quarantined = spool.names(in: spool.state + "/quarantine").map { String(decoding: $0, as: UTF8.self) }
            #expect(quarantined.filter { $0.hasSuffix(".reason") }.count == 4)
            #expect(quarantined.count == 8)
            // The outside files are untouched.
            #expect(FileManager.default.fileExists(atPath: secret))
            #expect(FileManager.default.fileExists(atPath: twin))
            #expect(daemon.isRunning)
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }
    }
}
