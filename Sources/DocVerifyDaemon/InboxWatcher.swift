#if canImport(Glibc)
internal import Glibc
#endif

/// inotify on the inbox, used as a hint only: events say "look at this name soon", and a
/// lost event costs nothing because the inbox is rescanned at start-up, on `IN_Q_OVERFLOW`,
/// when the watch is lost and every `rescan_interval`.
final class InboxWatcher {
    enum Event: Equatable {
        /// Created, closed after writing or touched: judge it once it has settled.
        case changed(EntryName)
        /// Data was written to the file (`IN_MODIFY`): some process has it open for writing
        /// until ``closedAfterWriting(_:)``.
        case written(EntryName)
        /// A process that had the file open for writing closed it (`IN_CLOSE_WRITE`).
        case closedAfterWriting(EntryName)
        /// Renamed into the inbox: the writer says it is complete.
        case arrived(EntryName)
        /// The kernel dropped events (`IN_Q_OVERFLOW`): rescan.
        case overflow
        /// The inbox was deleted, moved or unmounted: watch it again and rescan.
        case watchLost
    }

    /// The inotify descriptor, for `poll`.
    let fd: Int32
    private var watch: Int32 = -1
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    private static let mask: UInt32 =
        UInt32(IN_CLOSE_WRITE) | UInt32(IN_MODIFY) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_ATTRIB)
        | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW)
        | UInt32(IN_EXCL_UNLINK)

    init() throws(SystemCallError) {
        fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw SystemCallError("inotify_init1") }
    }

    deinit { close(fd) }

    /// Watches `path` (again); the old watch, if any, is dropped.
    func watch(_ path: String) throws(SystemCallError) {
        if watch >= 0 { _ = inotify_rm_watch(fd, watch) }
        watch = inotify_add_watch(fd, path, Self.mask)
        guard watch >= 0 else { throw SystemCallError("inotify_add_watch \(path)") }
    }

    /// Reads every pending event without blocking.
    func drain() -> [Event] {
        var events: [Event] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                break  // EAGAIN: nothing more
            }
            if n == 0 { break }
            var offset = 0
            // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }
            while offset + 16 <= n {
                let (eventWatch, mask, length) = buffer.withUnsafeBytes { raw in
                    (
                        raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                        raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                        Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    )
                }
                let nameBytes = Array(buffer[(offset + 16)..<min(n, offset + 16 + length)].prefix { $0 != 0 })
                offset += 16 + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    events.append(.overflow)
                    continue
                }
                guard eventWatch == watch else { continue }
                if mask & (UInt32(IN_IGNORED) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_UNMOUNT)) != 0 {
                    if mask & UInt32(IN_IGNORED) != 0 { watch = -1 }
                    events.append(.watchLost)
                    continue
                }
                guard !nameBytes.isEmpty else { continue }
                let name = EntryName(nameBytes)
                if name.isIgnored { continue }
                if mask & UInt32(IN_MOVED_TO) != 0 {
                    events.append(.arrived(name))
                } else if mask & UInt32(IN_CLOSE_WRITE) != 0 {
                    events.append(.closedAfterWriting(name))
                } else if mask & UInt32(IN_MODIFY) != 0 {
                    events.append(.written(name))
                } else {
                    events.append(.changed(name))
                }
            }
        }
        return events
    }
}
