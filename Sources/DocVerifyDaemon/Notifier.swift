#if canImport(Glibc)
internal import Glibc
#endif

/// The systemd notify protocol without libsystemd: one `AF_UNIX` datagram per message to
/// `$NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace), holding
/// newline-separated `KEY=VALUE` lines (`sd_notify(3)`). A no-op when the variable is unset.
struct Notifier: Sendable {
    private let socketPath: [UInt8]?
    /// Half of `WATCHDOG_USEC`, in seconds, when systemd wants pings from this process.
    let watchdogInterval: Double?

    init(environment: [String: String]) {
        if let path = environment["NOTIFY_SOCKET"], let first = path.first, first == "/" || first == "@" {
            socketPath = Array(path.utf8)
        } else {
            socketPath = nil
        }
        var interval: Double?
        if let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 {
            let forUs = environment["WATCHDOG_PID"].map { $0 == String(getpid()) } ?? true
            if forUs { interval = Double(usec) / 1e6 / 2 }
        }
        watchdogInterval = interval
    }

    var isEnabled: Bool { socketPath != nil }

    /// Sends one message; returns false when it could not be delivered. Never blocks: a
    /// message systemd cannot take at once is dropped rather than stall the work loop.
    @discardableResult
    func send(_ message: String) -> Bool {
        guard var bytes = socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        let abstract = bytes[0] == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let payload = Array(message.utf8)
        let sent = payload.withUnsafeBytes { body in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, body.baseAddress, body.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), $0, length)
                }
            }
        }
        return sent == payload.count
    }
}
