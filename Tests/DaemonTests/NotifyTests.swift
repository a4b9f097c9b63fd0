import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("systemd notify protocol")
    struct NotifyTests {
        /// A datagram socket standing in for systemd's `$NOTIFY_SOCKET`.
        final class NotifySocket: @unchecked Sendable {
            let fd: Int32
            let address: String
            private(set) var messages: [(at: Date, text: String)] = []

            /// `path` is a file system path, or `@name` for the abstract namespace.
            init(_ address: String) throws {
                self.address = address
                fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
                var addr = sockaddr_un()
                addr.sun_family = sa_family_t(AF_UNIX)
                var bytes = Array(address.utf8)
                let abstract = bytes.first == UInt8(ascii: "@")
                if abstract { bytes[0] = 0 }
                withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
                let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
                let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
                guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            }

            deinit { close(fd) }

            /// Reads what has arrived.
            func collect() {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = recv(fd, &buffer, buffer.count, 0)
                    if n <= 0 { break }
                    messages.append((Date(), String(decoding: buffer[0..<n], as: UTF8.self)))
                }
            }

            func wait(timeout: Double, for predicate: (String) -> Bool) async -> String? {
                let deadline = Date().addingTimeInterval(timeout)
                while Date() < deadline {
                    collect()
                    if let found = messages.first(where: { predicate($0.text) }) { return found.text }
                    try? await Task.sleep(for: .milliseconds(10))
                }
                return nil
            }

            func lines(_ key: String) -> [(at: Date, text: String)] {
                messages.filter { $0.text.split(separator: "\n").contains { $0.hasPrefix(key) } }
            }
        }

        /// The numbers in a `STATUS=` text ("idle: 0 queued, 1 in flight, 0 settling; 3 verdicts …").
        static func count(_ label: String, in status: String) -> Int {
            guard let range = status.range(of: " \(label)") else { return 0 }
            let digits = status[..<range.lowerBound].reversed().prefix { $0.isNumber }
            return Int(String(digits.reversed())) ?? 0
        }

        @Test(
            "path socket: READY=1 with STATUS= after the backlog is queued, WATCHDOG=1 at half WATCHDOG_USEC, RELOADING=1 and READY=1 on SIGHUP, STOPPING=1 on SIGTERM"
        )
        func pathSocket() async throws {
            let spool = try TestSpool("notify-path")
            let notify = try NotifySocket(spool.root + "/notify.sock")
            try spool.drop(TestDocuments.pdf(800), as: "early.pdf")
            let daemon = try DaemonProcess(spool: spool, environment: ["NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "400000"])

            let ready = try #require(await notify.wait(timeout: 20) { $0.contains("READY=1") })
            let status = try #require(ready.split(separator: "\n").first { $0.hasPrefix("STATUS=") }.map(String.init))
            let accounted = ["queued", "in flight", "settling", "verdicts"].map { Self.count($0, in: status) }.reduce(0, +)
            #expect(accounted >= 1, "the document present at start-up is in READY's status: \(status)")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 1 })
            #expect(await notify.wait(timeout: 5) { $0.hasPrefix("STATUS=") && $0.contains("1 verdicts") } != nil)

            // Pings from the work loop, every WATCHDOG_USEC / 2 = 0.2 s, timed as they arrive.
            notify.collect()
            let already = notify.messages.count
            await onOwnThread {
                let end = Date().addingTimeInterval(1.5)
                while Date() < end {
                    notify.collect()
                    usleep(5_000)
                }
            }
            let pings = notify.messages.dropFirst(already).filter { $0.text == "WATCHDOG=1" }.map(\.at)
            #expect(pings.count >= 5)
            let gaps = zip(pings.dropFirst(), pings).map { $0.timeIntervalSince($1) }
            #expect((gaps.max() ?? 1) < 0.45, "largest gap between pings: \(gaps.max() ?? -1) s")

            daemon.signal(SIGHUP)
            #expect(await notify.wait(timeout: 10) { $0.contains("RELOADING=1") && $0.contains("MONOTONIC_USEC=") } != nil)
            #expect(
                await eventually(timeout: 10) {
                    notify.collect(); return notify.lines("READY=1").count == 2
                })

            daemon.signal(SIGTERM)
            #expect(await notify.wait(timeout: 10) { $0.contains("STOPPING=1") } != nil)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("abstract socket (@name): READY=1 and STOPPING=1 arrive; no WATCHDOG=1 when WATCHDOG_PID names another process")
        func abstractSocket() async throws {
            let spool = try TestSpool("notify-abstract")
            let notify = try NotifySocket("@docverify-test-\(UUID().uuidString)")
            let daemon = try DaemonProcess(
                spool: spool, environment: ["NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"]
            )
            #expect(await notify.wait(timeout: 20) { $0.contains("READY=1") } != nil)
            try await Task.sleep(for: .milliseconds(800))
            daemon.signal(SIGTERM)
            #expect(await notify.wait(timeout: 10) { $0.contains("STOPPING=1") } != nil)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            notify.collect()
            #expect(notify.lines("WATCHDOG=1").isEmpty, "the watchdog belongs to another process")
            spool.expectCleanLog()
        }
    }
}
