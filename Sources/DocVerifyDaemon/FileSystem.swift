#if canImport(Glibc)
internal import Glibc
#endif
internal import CDocVerifyShims

/// A failed system call: which call, and errno.
struct SystemCallError: Error, CustomStringConvertible, Equatable {
    let call: String
    let code: Int32

    init(_ call: String, _ code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    var description: String { "\(call): \(String(cString: strerror(code))) (errno \(code))" }
}

/// The few directory-relative file operations the daemon needs, on raw names and
/// directory descriptors, so that no path is resolved twice and no symlink is followed.
enum FileSystem {
    static func openDirectory(_ path: String) throws(SystemCallError) -> Int32 {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("open \(path)") }
        return fd
    }

    /// Opens (creating if missing) the subdirectory `name` of `parent`; never follows a symlink.
    static func openSubdirectory(_ parent: Int32, _ name: String, mode: mode_t) throws(SystemCallError) -> Int32 {
        if mkdirat(parent, name, mode) != 0 && errno != EEXIST { throw SystemCallError("mkdir \(name)") }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw SystemCallError("open \(name)") }
        return fd
    }

    /// Creates `path` and its missing parents, like `mkdir -p`.
    static func makeDirectories(_ path: String, mode: mode_t) throws(SystemCallError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, mode) != 0 && errno != EEXIST { throw SystemCallError("mkdir \(prefix)") }
        }
    }

    static func sync(_ fd: Int32, what: String) throws(SystemCallError) {
        while fsync(fd) != 0 {
            if errno != EINTR { throw SystemCallError("fsync \(what)") }
        }
    }

    /// `syncfs`: every file written on the filesystem holding `fd` is on disk when it
    /// returns (and a write-back error since the last call is reported).
    static func syncFilesystem(_ fd: Int32, what: String) throws(SystemCallError) {
        while CDocVerifyShims_syncfs(fd) != 0 {
            if errno != EINTR { throw SystemCallError("syncfs \(what)") }
        }
    }

    /// `fstatat` without following a symlink; the errno on failure.
    static func status(_ directory: Int32, _ name: EntryName) -> Result<stat, SystemCallError> {
        var info = stat()
        let rc = name.withCString { fstatat(directory, $0, &info, AT_SYMLINK_NOFOLLOW) }
        return rc == 0 ? .success(info) : .failure(SystemCallError("stat"))
    }

    /// Every name in a directory except `.` and `..`, in no particular order.
    static func list(_ directory: Int32) throws(SystemCallError) -> [EntryName] {
        // A fresh open file description, so listings never share a read position.
        let fd = openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError("open directory") }
        guard let stream = fdopendir(fd) else {
            let error = SystemCallError("fdopendir")
            close(fd)
            throw error
        }
        defer { closedir(stream) }
        var names: [EntryName] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw SystemCallError("readdir") }
                break
            }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(EntryName(name))
        }
        return names
    }

    /// `renameat2(RENAME_NOREPLACE)`: 0, or the errno (`EEXIST` when the target exists).
    static func renameNoReplace(_ fromDirectory: Int32, _ from: EntryName, _ toDirectory: Int32, _ to: EntryName) -> Int32 {
        let rc = from.withCString { source in
            to.withCString { target in CDocVerifyShims_renameat2_noreplace(fromDirectory, source, toDirectory, target) }
        }
        return rc == 0 ? 0 : errno
    }

    /// `renameat`, replacing the target: 0 or the errno.
    static func rename(_ fromDirectory: Int32, _ from: EntryName, _ toDirectory: Int32, _ to: EntryName) -> Int32 {
        let rc = from.withCString { source in to.withCString { target in renameat(fromDirectory, source, toDirectory, target) } }
        return rc == 0 ? 0 : errno
    }

    /// Removes a file (or an empty directory): 0 or the errno.
    static func remove(_ directory: Int32, _ name: EntryName, isDirectory: Bool = false) -> Int32 {
        let rc = name.withCString { unlinkat(directory, $0, isDirectory ? AT_REMOVEDIR : 0) }
        return rc == 0 ? 0 : errno
    }

    /// Writes a new file (it must not exist), optionally giving it `group` and making it durable.
    static func writeNew(
        _ directory: Int32, _ name: EntryName, _ bytes: [UInt8], mode: mode_t, group: gid_t? = nil, sync durable: Bool
    ) throws(SystemCallError) {
        let fd = name.withCString { openat(directory, $0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode) }
        guard fd >= 0 else { throw SystemCallError("create") }
        var failure: SystemCallError?
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = SystemCallError("write")
                break
            }
            offset += n
        }
        if failure == nil {
            // The umask may have removed bits the clerks' group needs; set the mode explicitly.
            _ = fchmod(fd, mode)
            // Readers in the outbox's group get read access. The group is normally inherited
            // from the set-gid staging folder; chown (forbidden by the unit's system call
            // filter) is only tried when it was not.
            var info = stat()
            if let group, fstat(fd, &info) == 0, info.st_gid != group { _ = fchown(fd, uid_t.max, group) }
        }
        if failure == nil && durable {
            while fsync(fd) != 0 {
                if errno != EINTR {
                    failure = SystemCallError("fsync")
                    break
                }
            }
        }
        if close(fd) != 0 && failure == nil && errno != EINTR { failure = SystemCallError("close") }
        if let failure {
            _ = remove(directory, name)
            throw failure
        }
    }

    /// Reads a small regular file without following a symlink; nil if missing, unreadable or larger than `limit`.
    static func readSmall(_ directory: Int32, _ name: EntryName, limit: Int) -> [UInt8]? {
        let fd = name.withCString { openat(directory, $0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= limit else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
        }
        return Array(bytes.prefix(offset))
    }
}

/// A monotonic clock in seconds, for deadlines (never the wall clock).
enum Clock {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Microseconds of CLOCK_MONOTONIC, as `MONOTONIC_USEC=` wants.
    static func monotonicMicroseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000 + UInt64(spec.tv_nsec) / 1000
    }
}

/// A read lease (`fcntl(F_SETLEASE, F_RDLCK)`) on an inbox entry: the kernel's word that no
/// process has the file open for writing. It is refused (EAGAIN) while any writer holds the
/// file open, however long that writer pauses, which size and mtime cannot tell; and while
/// it is held, a writer that opens the file breaks it (``intact``).
///
/// Only the file's owner (or a process with CAP_LEASE) may take one: for a clerk's file
/// owned by another user the answer is ``Attempt/unavailable(_:)`` and the daemon relies on
/// the settle window alone. Lease breaks send SIGIO, which the daemon ignores (its lease
/// is held only across the claim's rename, so a writer it blocks waits microseconds).
struct ReadLease {
    enum Attempt {
        case held(ReadLease)
        /// A process has the file open for writing.
        case writerOpen
        /// Leases cannot be had for this file (errno: EACCES for another user's file without
        /// CAP_LEASE, EINVAL on a filesystem without leases), or 0: not a regular file with
        /// one link, which is not opened.
        case unavailable(Int32)
    }

    // <fcntl.h> with _GNU_SOURCE; not all are imported into Swift.
    private static let setLease: Int32 = 1024
    private static let getLease: Int32 = 1025

    let fd: Int32

    /// Opens `name` in `directory` read-only (never following a symlink, never blocking)
    /// and takes a read lease on it. Only a regular file with one link is opened: anything
    /// else is ``Attempt/unavailable(_:)`` with errno 0, and the job rejects it unopened.
    static func take(_ directory: Int32, _ name: EntryName) -> Attempt {
        guard case .success(let entry) = FileSystem.status(directory, name), entry.st_mode & S_IFMT == S_IFREG, entry.st_nlink == 1
        else { return .unavailable(0) }
        let fd = (name.bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                openat(directory, $0.baseAddress!, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            }
        }
        guard fd >= 0 else { return .unavailable(errno) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return .unavailable(0)
        }
        if fcntl(fd, setLease, Int32(F_RDLCK)) == 0 { return .held(ReadLease(fd: fd)) }
        let error = errno
        close(fd)
        return error == EAGAIN || error == EBUSY ? .writerOpen : .unavailable(error)
    }

    /// Whether no process opened the file for writing since the lease was taken.
    var intact: Bool { fcntl(fd, Self.getLease) == Int32(F_RDLCK) }

    func release() {
        _ = fcntl(fd, Self.setLease, Int32(F_UNLCK))
        close(fd)
    }
}
