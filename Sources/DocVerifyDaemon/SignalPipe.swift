#if canImport(Glibc)
internal import Glibc
#endif
internal import CDocVerifyShims

/// Turns SIGTERM, SIGINT and SIGHUP into bytes on a pipe that the work loop polls, so the
/// loop (never a signal handler) decides what to do. The handler only writes the signal
/// number, which is async-signal-safe.
enum SignalPipe {
    /// Written by the signal handler; set once before any handler is installed.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1

    /// Installs the handlers; returns the descriptor to poll.
    static func install(_ signals: [Int32]) throws(SystemCallError) -> Int32 {
        if readEnd >= 0 { return readEnd }
        var fds: [Int32] = [-1, -1]
        guard CDocVerifyShims_pipe_cloexec(&fds) == 0 else { throw SystemCallError("pipe") }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        readEnd = fds[0]
        writeEnd = fds[1]
        // A parent may have started us with these signals blocked (a Dispatch thread that
        // spawned us, say); they must reach the handler.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in signals { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in signals {
            // glibc's signal() has BSD semantics: the handler stays, and system calls restart.
            _ = signal(number) { received in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(SignalPipe.writeEnd, &byte, 1)
                errno = saved
            }
        }
        return readEnd
    }

    /// The signals received since the last call, in order.
    static func drain() -> [Int32] {
        var received: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            received += buffer.prefix(n).map { Int32($0) }
        }
        return received
    }
}
