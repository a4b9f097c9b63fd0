#if canImport(Glibc)
internal import Glibc
#endif
internal import CDocVerifyShims
internal import Foundation

/// Where the daemon's three folders are (`docs/daemon.md`, "Folders").
public struct SpoolPaths: Sendable, Equatable, CustomStringConvertible {
    public var inbox: String
    public var outbox: String
    public var state: String

    public init(inbox: String, outbox: String, state: String) {
        self.inbox = inbox
        self.outbox = outbox
        self.state = state
    }

    public var description: String { "inbox \(inbox), outbox \(outbox), state \(state)" }
}

/// The spool cannot be used; the reason is written for the administrator.
struct SpoolError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// The open folders of one spool: the inbox, the outbox and the daemon's private state
/// folders (`work/`, `done/`, `quarantine/`, `tmp/` for staging verdicts, `attempts/` for
/// the attempts ledger), each held as a directory descriptor so that every rename is
/// relative to the folder that was checked at start-up.
///
/// Opening a spool takes an exclusive lock on `state/lock` (one daemon per spool), and on
/// the inbox and outbox directories themselves (one daemon per inbox and per outbox), and
/// proves by a probe file that a rename between every pair of folders works: renames
/// across mount points, including two bind mounts of one filesystem (what a per-folder
/// `ReadWritePaths=` creates), fail with `EXDEV`, and the daemon refuses to start then.
final class Spool: @unchecked Sendable {
    let paths: SpoolPaths
    let outbox: Int32
    let state: Int32
    let work: Int32
    let done: Int32
    let quarantine: Int32
    let staging: Int32
    let attempts: Int32
    /// The group verdicts are given: the outbox's own group (`2750 docverify:docverify-clerks`).
    let outboxGroup: gid_t
    /// Set when the inbox is on a network or FUSE filesystem, where inotify sees nothing.
    let remoteFilesystem: String?
    private let lockFD: Int32
    private let inboxLock = NSLock()
    private var inboxFD: Int32

    /// The inbox's descriptor; replaced by ``reopenInbox()`` when the watch is lost.
    var inbox: Int32 {
        inboxLock.lock()
        defer { inboxLock.unlock() }
        return inboxFD
    }

    static let stateFolders = ["work", "done", "quarantine", "tmp", "attempts"]

    private init(paths: SpoolPaths, fds: [String: Int32], lockFD: Int32, outboxGroup: gid_t, remote: String?) {
        self.paths = paths
        self.inboxFD = fds["inbox"]!
        self.outbox = fds["outbox"]!
        self.state = fds["state"]!
        self.work = fds["work"]!
        self.done = fds["done"]!
        self.quarantine = fds["quarantine"]!
        self.staging = fds["tmp"]!
        self.attempts = fds["attempts"]!
        self.lockFD = lockFD
        self.outboxGroup = outboxGroup
        self.remoteFilesystem = remote
    }

    /// Opens (creating what is missing) and checks the spool.
    static func open(_ paths: SpoolPaths) throws(SpoolError) -> Spool {
        for (label, path, mode) in [("inbox", paths.inbox, mode_t(0o770)), ("outbox", paths.outbox, 0o750), ("state", paths.state, 0o750)] {
            guard !path.isEmpty else { throw SpoolError(reason: "the \(label) folder is not set") }
            do {
                try FileSystem.makeDirectories(path, mode: mode)
            } catch {
                throw SpoolError(reason: "cannot create the \(label) folder \(path): \(error)")
            }
        }
        let real = [paths.inbox, paths.outbox, paths.state].map { path -> String in
            guard let resolved = realpath(path, nil) else { return path }
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let labels = ["inbox", "outbox", "state"]
        for i in 0..<3 {
            for j in 0..<3 where i != j {
                if real[i] == real[j] || real[i].hasPrefix(real[j] + "/") {
                    throw SpoolError(
                        reason:
                            "the \(labels[i]) folder \(real[i]) is \(real[i] == real[j] ? "the same as" : "inside") the \(labels[j]) folder \(real[j]); use three separate folders under one parent"
                    )
                }
            }
        }
        var fds: [String: Int32] = [:]
        func closeAll() { for fd in fds.values { close(fd) } }
        do {
            fds["inbox"] = try FileSystem.openDirectory(paths.inbox)
            fds["outbox"] = try FileSystem.openDirectory(paths.outbox)
            fds["state"] = try FileSystem.openDirectory(paths.state)
            for folder in stateFolders {
                fds[folder] = try FileSystem.openSubdirectory(fds["state"]!, folder, mode: 0o700)
            }
        } catch {
            closeAll()
            throw SpoolError(reason: "cannot open the spool folders: \(error)")
        }
        let lockFD = openat(fds["state"]!, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lockFD >= 0, flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            closeAll()
            if lockFD >= 0 { close(lockFD) }
            throw SpoolError(
                reason: busy
                    ? "another docverify watch is already using the state folder \(paths.state)"
                    : "cannot lock \(paths.state)/lock: \(String(cString: strerror(errno)))"
            )
        }
        // The inbox and outbox are locked too: a second daemon given another state folder
        // but the same inbox or outbox would race this one for documents and write verdict
        // pairs of different documents under one name. (flock on the directories' own
        // descriptors; clerks and scanners never take it.)
        for label in ["inbox", "outbox"] where flock(fds[label]!, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            let path = label == "inbox" ? paths.inbox : paths.outbox
            closeAll()
            close(lockFD)
            throw SpoolError(
                reason: busy
                    ? "another docverify watch is already using the \(label) folder \(path)"
                    : "cannot lock the \(label) folder \(path): \(String(cString: strerror(errno)))"
            )
        }
        do {
            try probeRenames(fds)
        } catch {
            closeAll()
            close(lockFD)
            throw error
        }
        var outboxInfo = stat()
        fstat(fds["outbox"]!, &outboxInfo)
        let spool = Spool(
            paths: paths, fds: fds, lockFD: lockFD, outboxGroup: outboxInfo.st_gid,
            remote: remoteFilesystemName(fds["inbox"]!)
        )
        return spool
    }

    /// Verdicts are staged in `state/tmp/` and must carry the outbox's group (clerks read them
    /// through it). Under the hardened unit chown is forbidden (`@privileged`), so the group is
    /// inherited: `state/tmp/` is set-gid with the outbox's group (tmpfiles.d creates it so; here
    /// the daemon tries to set it up itself). Returns false when verdicts will lack the group.
    func prepareStagingGroup() -> Bool {
        var info = stat()
        guard fstat(staging, &info) == 0 else { return false }
        if info.st_gid == outboxGroup && info.st_mode & S_ISGID != 0 { return true }
        if info.st_gid != outboxGroup && fchown(staging, uid_t.max, outboxGroup) != 0 {
            return outboxGroup == getegid()
        }
        return fchmod(staging, 0o2700) == 0
    }

    /// Renames a probe file through every folder: `EXDEV` means two folders are on different
    /// mount points, and claiming or publishing would fail later, one document at a time.
    private static func probeRenames(_ fds: [String: Int32]) throws(SpoolError) {
        let probe = EntryName(".docverify-probe-\(getpid())")
        let route = ["tmp", "inbox", "work", "done", "quarantine", "outbox", "tmp"]
        for folder in route { _ = FileSystem.remove(fds[folder]!, probe) }
        do {
            try FileSystem.writeNew(fds["tmp"]!, probe, [], mode: 0o600, sync: false)
        } catch {
            throw SpoolError(reason: "cannot write in the state folder: \(error)")
        }
        for (from, to) in zip(route, route.dropFirst()) {
            let rc = FileSystem.rename(fds[from]!, probe, fds[to]!, probe)
            guard rc == 0 else {
                _ = FileSystem.remove(fds[from]!, probe)
                let what =
                    rc == EXDEV
                    ? "are on different mount points (rename gives EXDEV); put inbox, outbox and state on one filesystem under one parent, and give systemd that one parent in ReadWritePaths="
                    : "cannot be renamed between: \(String(cString: strerror(rc)))"
                throw SpoolError(reason: "the folders \(label(from)) and \(label(to)) \(what)")
            }
        }
        _ = FileSystem.remove(fds["tmp"]!, probe)
    }

    private static func label(_ folder: String) -> String {
        ["inbox", "outbox"].contains(folder) ? folder : "state/\(folder)"
    }

    /// Network and FUSE filesystems deliver no inotify events for other machines' writes.
    private static func remoteFilesystemName(_ fd: Int32) -> String? {
        let type = CDocVerifyShims_filesystem_type(fd)
        guard type >= 0 else { return nil }
        switch type & 0xFFFF_FFFF {
        case 0x6969: return "nfs"
        case 0xFF53_4D42: return "cifs"
        case 0xFE53_4D42: return "smb2"
        case 0x517B: return "smb"
        case 0x6573_5546: return "fuse"
        default: return nil
        }
    }

    /// What became of a spool folder since it was opened.
    enum FolderState: Equatable {
        case same
        /// The path now names another directory (deleted and made again, or mounted over).
        case replaced
        /// Nothing usable at the path any more.
        case missing
    }

    /// Whether `label`'s path (`inbox`, `outbox` or `state`) still names the directory this
    /// spool holds open. An open descriptor keeps a deleted folder alive and silences the
    /// inotify event for it, so `rm -rf inbox; mkdir inbox` looked like an idle inbox for good.
    func folderState(_ label: String) -> FolderState {
        let (path, fd): (String, Int32) =
            switch label {
            case "inbox": (paths.inbox, inbox)
            case "outbox": (paths.outbox, outbox)
            default: (paths.state, state)
            }
        var atPath = stat()
        var held = stat()
        guard stat(path, &atPath) == 0, (atPath.st_mode & S_IFMT) == S_IFDIR else { return .missing }
        guard fstat(fd, &held) == 0 else { return .missing }
        if held.st_nlink == 0 { return .replaced }
        return atPath.st_dev == held.st_dev && atPath.st_ino == held.st_ino ? .same : .replaced
    }

    /// Opens the inbox again by its path (after it was moved, deleted or mounted over).
    func reopenInbox() throws(SystemCallError) {
        let fd = try FileSystem.openDirectory(paths.inbox)
        // A new directory under the old path is locked as the old one was (best effort: a
        // daemon that started on it meanwhile keeps it, and this one goes on with the lock
        // on state/ and the outbox).
        _ = flock(fd, LOCK_EX | LOCK_NB)
        inboxLock.lock()
        let old = inboxFD
        inboxFD = fd
        inboxLock.unlock()
        // Job threads may still hold the old number for a moment; leak it rather than risk reuse.
        _ = old
    }

    /// Removes leftovers in `state/tmp/` (verdicts staged by a daemon that was killed).
    func clearStaging() -> Int {
        let names = (try? FileSystem.list(staging)) ?? []
        for name in names { _ = FileSystem.remove(staging, name) }
        return names.count
    }
}
