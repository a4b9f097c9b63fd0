#if canImport(Glibc)
internal import Glibc
#endif
internal import DocVerifyCore
internal import Foundation
internal import DocConcurrency

/// Publishes verdicts into the outbox so that readers never see a partial file and every
/// document gets exactly one verdict, however often the daemon is killed on the way.
///
/// Names (`docs/daemon.md`, "Folders"): `<name>.verdict.json` and `<name>.verdict.txt`;
/// if that name is taken by a different document, `<name>.<first 12 hex>.verdict.json`,
/// then the full SHA-256, then `<first 12 hex>.2`, `.3`, … (never running out);
/// a name that is not valid UTF-8, holds control characters or would make a file name
/// longer than 255 bytes becomes the first 12 hex of the document's SHA-256 (for an entry
/// that is not a file: of its name). The verdict's `file` keeps the original, escaped.
///
/// Each file is written in `state/tmp/`, fsynced, renamed into the outbox, and the outbox
/// is fsynced. The text form goes first and the JSON form last: the JSON form is the mark
/// that a document is published. Before judging and before publishing, the outbox is
/// asked whether this document (same file name, same SHA-256) already has its JSON
/// verdict under one of its names; if so nothing is written again.
final class Publisher: @unchecked Sendable {
    private let spool: Spool
    private let lock = NSLock()
    private let counter = IndexDealer()
    private let outboxSync: GroupSync
    /// Group commit for the staged files' contents: one `syncfs` covers every verdict staged
    /// before it started, instead of two `fsync`s per verdict.
    private let stagingSync: GroupSync

    static let jsonSuffix = ".verdict.json"
    static let textSuffix = ".verdict.txt"
    static let maximumNameBytes = 255

    init(spool: Spool) {
        self.spool = spool
        outboxSync = GroupSync(fd: spool.outbox, what: "outbox")
        stagingSync = GroupSync(fd: spool.staging, what: "staged verdicts", wholeFilesystem: true)
    }

    /// The outbox base names a document may have, best first (without the `.verdict.*` suffix).
    /// The primary names come first; after them, ``fallbackBase(identityHex:number:)`` numbers
    /// `<first 12 hex>.2`, `.3`, … without end, so a document always finds a name however
    /// many others took the same one before it.
    static func candidateBases(name: EntryName, identityHex: String) -> [EntryName] {
        let short = String(identityHex.prefix(12))
        let room = maximumNameBytes - jsonSuffix.utf8.count
        var bases: [EntryName] = []
        if name.isPrintableUTF8 {
            if name.bytes.count <= room { bases.append(name) }
            let tagged = name.bytes + Array(".\(short)".utf8)
            bases.append(tagged.count <= room ? EntryName(tagged) : EntryName(short))
        } else {
            bases.append(EntryName(short))
        }
        bases.append(EntryName(identityHex))
        var seen = Set<EntryName>()
        return bases.filter { seen.insert($0).inserted }
    }

    /// The `number`th numbered name (from 2) for a document whose primary names are all taken.
    static func fallbackBase(identityHex: String, number: Int) -> EntryName {
        EntryName("\(identityHex.prefix(12)).\(number)")
    }

    /// What the outbox holds for a document.
    enum Lookup: Equatable {
        /// Its JSON verdict is already published under this base name, with these finding codes.
        case published(EntryName, codes: [String])
        /// Not published; this is the base name to publish under.
        case free(EntryName)
    }

    /// `matchPublished: false` for a document that cannot be recognised by its bytes (a file
    /// that was never read: too large, not a file) freshly claimed from the inbox: a verdict
    /// under its name is an earlier drop's, so it gets a verdict of its own.
    func lookup(name: EntryName, file: String, sha256: String, identityHex: String, matchPublished: Bool = true) -> Lookup {
        /// `.published` when `base` holds this document's verdict; `nil` when it holds
        /// another's; `.free` when nothing is there.
        func probe(_ base: EntryName) -> Lookup? {
            let json = EntryName(base.bytes + Array(Self.jsonSuffix.utf8))
            if case .failure(let error) = FileSystem.status(spool.outbox, json) {
                return error.code == ENOENT ? .free(base) : nil
            }
            guard matchPublished else { return nil }
            guard let existing = FileSystem.readSmall(spool.outbox, json, limit: Verdict.maximumJSONBytes) else { return nil }
            if let object = try? JSONSerialization.jsonObject(with: Data(existing)) as? [String: Any],
                object["sha256"] as? String == sha256, object["file"] as? String == file
            {
                let findings = object["findings"] as? [[String: Any]] ?? []
                return .published(base, codes: findings.compactMap { $0["code"] as? String })
            }
            return nil
        }
        var firstFree: EntryName?
        // Every primary name is checked for this document (a clerk may have deleted an older
        // verdict under an earlier name); the numbered names only until the first free one.
        for base in Self.candidateBases(name: name, identityHex: identityHex) {
            switch probe(base) {
            case .published(let base, let codes): return .published(base, codes: codes)
            case .free(let base): firstFree = firstFree ?? base
            case nil: continue
            }
        }
        if let firstFree { return .free(firstFree) }
        var number = 2
        while true {
            let base = Self.fallbackBase(identityHex: identityHex, number: number)
            if let found = probe(base) { return found }
            number += 1
        }
    }

    /// Publishes `verdict` for the inbox entry `name`, unless it already is. Returns the base
    /// name and whether this call wrote it (false: it was already there).
    @discardableResult
    func publish(
        _ verdict: Verdict, name: EntryName, identityHex: String, matchPublished: Bool = true
    )
        throws(SystemCallError) -> (base: EntryName, written: Bool)
    {
        // Write both forms and make them durable first, outside the lock: only the choice of
        // name and the renames are serialised, so documents judged in parallel publish in
        // parallel, and publishers at the same moment share one filesystem sync.
        let serial = counter.take()!
        let stagedText = EntryName("\(getpid())-\(serial).txt")
        let stagedJSON = EntryName("\(getpid())-\(serial).json")
        // Staged files are removed only if they were not renamed into the outbox: an unlink
        // that finds nothing still takes the staging directory's lock from the other publishers.
        var staged = true
        defer {
            if staged {
                _ = FileSystem.remove(spool.staging, stagedText)
                _ = FileSystem.remove(spool.staging, stagedJSON)
            }
        }
        let group = spool.outboxGroup
        try FileSystem.writeNew(spool.staging, stagedText, Array((verdict.text() + "\n").utf8), mode: 0o640, group: group, sync: false)
        try FileSystem.writeNew(spool.staging, stagedJSON, verdict.prettyJSON(), mode: 0o640, group: group, sync: false)
        try stagingSync.sync(after: stagingSync.noteChange())
        lock.lock()
        let base: EntryName
        switch lookup(name: name, file: verdict.file, sha256: verdict.sha256, identityHex: identityHex, matchPublished: matchPublished) {
        case .published(let existing, _):
            lock.unlock()
            return (existing, false)
        case .free(let free):
            base = free
        }
        let textName = EntryName(base.bytes + Array(Self.textSuffix.utf8))
        let jsonName = EntryName(base.bytes + Array(Self.jsonSuffix.utf8))
        var rc = FileSystem.rename(spool.staging, stagedText, spool.outbox, textName)
        if rc == 0 { rc = FileSystem.renameNoReplace(spool.staging, stagedJSON, spool.outbox, jsonName) }
        staged = rc != 0
        let renamed = outboxSync.noteChange()
        lock.unlock()
        guard rc == 0 else { throw SystemCallError("rename verdict into the outbox", rc) }
        // The verdict is durable once the outbox's entry for it is.
        try outboxSync.sync(after: renamed)
        return (base, true)
    }
}

/// Group commit for a directory's fsync: a thread that renamed an entry into the directory
/// waits until an fsync that *started after* its rename has finished. Threads publishing at
/// the same moment share one fsync instead of queueing one each.
final class GroupSync: @unchecked Sendable {
    private let fd: Int32
    private let what: String
    /// `syncfs` on the filesystem instead of `fsync` on the directory (for file contents).
    private let wholeFilesystem: Bool
    private let condition = NSCondition()
    private var changes = 0
    private var synced = 0
    private var syncing = false

    init(fd: Int32, what: String, wholeFilesystem: Bool = false) {
        self.fd = fd
        self.what = what
        self.wholeFilesystem = wholeFilesystem
    }

    /// Call right after changing the directory; returns the change's number.
    func noteChange() -> Int {
        condition.lock()
        defer { condition.unlock() }
        changes += 1
        return changes
    }

    /// Returns once change `number` is durable.
    func sync(after number: Int) throws(SystemCallError) {
        condition.lock()
        while synced < number {
            if syncing {
                condition.wait()
                continue
            }
            syncing = true
            let target = changes
            condition.unlock()
            var failure: SystemCallError?
            do {
                if wholeFilesystem {
                    try FileSystem.syncFilesystem(fd, what: what)
                } else {
                    try FileSystem.sync(fd, what: what)
                }
            } catch { failure = error }
            condition.lock()
            syncing = false
            if failure == nil { synced = max(synced, target) }
            condition.broadcast()
            if let failure {
                condition.unlock()
                throw failure
            }
        }
        condition.unlock()
    }
}

/// Numbers for unique staging names, shared by every thread of the daemon.
enum StagingNumbers {
    static let shared = IndexDealer()
}
