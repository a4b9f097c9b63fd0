#if canImport(Glibc)
internal import Glibc
#endif

/// Reads a document's bytes safely: never blocks on a FIFO, never reads a device or a
/// directory, refuses anything larger than the limit before reading it, and (for the
/// daemon) never follows a symlink or reads a file with more than one link.
public enum DocumentReader {
    public struct Failure: Error, Equatable, Sendable {
        public var code: FindingCode
        public var message: String
        /// The file grew while it was read: a writer is not finished with it.
        public var changedWhileRead = false
    }

    public struct Options: Sendable {
        /// Refuse symlinks (`O_NOFOLLOW`) and files with more than one hard link.
        public var strict: Bool
        public var maxSize: Int
        public init(strict: Bool, maxSize: Int) {
            self.strict = strict
            self.maxSize = maxSize
        }
    }

    /// Opens `path` relative to `directoryFD` (or the working directory) and reads it whole.
    public static func read(path: String, directoryFD: Int32? = nil, options: Options) -> Result<[UInt8], Failure> {
        read(pathBytes: Array(path.utf8), directoryFD: directoryFD, options: options)
    }

    /// The same, for a name given as raw bytes (a file name need not be valid UTF-8).
    public static func read(pathBytes: [UInt8], directoryFD: Int32? = nil, options: Options) -> Result<[UInt8], Failure> {
        var flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
        if options.strict { flags |= O_NOFOLLOW }
        let fd = (pathBytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { openat(directoryFD ?? AT_FDCWD, $0.baseAddress!, flags) }
        }
        if fd < 0 {
            let error = errno
            switch error {
            case ELOOP where options.strict:
                return .failure(Failure(code: .notRegularFile, message: "The entry is a symbolic link; links are never followed."))
            case ELOOP:
                return .failure(Failure(code: .unreadable, message: "The path is a loop of symbolic links."))
            case ENOENT:
                return .failure(Failure(code: .unreadable, message: "No such file."))
            case EACCES, EPERM:
                return .failure(Failure(code: .unreadable, message: "Permission denied."))
            case ENXIO:
                return .failure(
                    Failure(code: options.strict ? .notRegularFile : .unreadable, message: "The path is a socket or a FIFO with no writer, not a file."))
            default:
                return .failure(Failure(code: .unreadable, message: "Cannot open the file: \(String(cString: strerror(error))) (errno \(error))."))
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .failure(Failure(code: .unreadable, message: "Cannot stat the file: \(String(cString: strerror(errno)))."))
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            let what: String
            switch type {
            case S_IFDIR: what = "a directory"
            case S_IFIFO: what = "a FIFO (named pipe)"
            case S_IFCHR, S_IFBLK: what = "a device"
            case S_IFSOCK: what = "a socket"
            case S_IFLNK: what = "a symbolic link"
            default: what = "not a regular file"
            }
            return .failure(Failure(code: options.strict ? .notRegularFile : .unreadable, message: "The path is \(what), not a document."))
        }
        if options.strict && info.st_nlink != 1 {
            return .failure(Failure(code: .notRegularFile, message: "The file has \(info.st_nlink) hard links; only files with one link are taken."))
        }
        let size = Int(info.st_size)
        if size > options.maxSize {
            return .failure(Failure(code: .tooLarge, message: "The file has \(size) bytes, more than the maximum of \(options.maxSize)."))
        }
        // A sparse file costs no disk but its whole size in memory: a size this process cannot
        // hold is refused here, before the allocation that would abort it.
        let holdable = Self.holdableBytes()
        if size > holdable {
            return .failure(
                Failure(code: .tooLarge, message: "The file has \(size) bytes, more than this process can hold in memory (\(holdable) bytes).")
            )
        }
        // Regular files never block; clear O_NONBLOCK anyway so short reads mean end of file.
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let n = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + offset, size - offset)
            }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(Failure(code: .unreadable, message: "Reading failed: \(String(cString: strerror(errno)))."))
            }
            if n == 0 { break }
            offset += n
        }
        // The file shrank while being read: judge exactly what was read.
        if offset < size { bytes.removeLast(size - offset) }
        // The file grew while being read: refuse rather than judge a partial copy silently.
        var probe: UInt8 = 0
        if Glibc.read(fd, &probe, 1) > 0 {
            if size + 1 > options.maxSize {
                return .failure(Failure(code: .tooLarge, message: "The file grew past the maximum of \(options.maxSize) bytes while being read."))
            }
            return .failure(
                Failure(code: .unreadable, message: "The file changed while being read; try again when it is complete.", changedWhileRead: true)
            )
        }
        return .success(bytes)
    }

    /// The largest document this process can read into memory: half of the physical memory,
    /// and half of its address-space limit when one is set (`ulimit -v`, a worker's limit).
    static func holdableBytes() -> Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        var limit = pages > 0 && pageSize > 0 ? pages / 2 * pageSize : Int.max
        var addressSpace = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &addressSpace) == 0, addressSpace.rlim_cur != rlim_t.max {
            limit = min(limit, Int(clamping: addressSpace.rlim_cur / 2))
        }
        return limit
    }
}
