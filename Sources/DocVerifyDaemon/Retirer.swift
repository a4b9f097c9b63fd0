#if canImport(Glibc)
internal import Glibc
#endif
internal import DocVerifyCore
internal import Foundation

/// Moves a claimed entry out of `state/work/` once its verdict is durable: judged documents
/// to `state/done/` (kept for the retention period, then purged), poison documents and
/// entries that are not regular files to `state/quarantine/` with a reason file.
///
/// Every step can be repeated after a crash: a document still in `work/` whose verdict is
/// published is simply retired again.
struct Retirer: Sendable {
    let spool: Spool
    let ledger: AttemptLedger

    /// Moves `work/<name>` to `done/<unix time>.<sha256>`. The time in the name (not the
    /// file's own mtime, which a writer may have set to anything) drives the purge.
    /// `ledgerKey: nil` when the caller knows the document has no ledger entry (a first
    /// attempt that succeeded, or a file never judged): the unlink would find nothing but
    /// still lock the directory.
    func retire(_ name: EntryName, sha256: String, ledgerKey: String?) throws(SystemCallError) {
        if let ledgerKey { ledger.remove(ledgerKey) }
        let target = EntryName("\(time(nil)).\(sha256)")
        let rc = FileSystem.renameNoReplace(spool.work, name, spool.done, target)
        switch rc {
        case 0, ENOENT: return
        case EEXIST:
            // The same bytes were retired this second already; one copy is enough.
            let removed = FileSystem.remove(spool.work, name)
            guard removed == 0 || removed == ENOENT else { throw SystemCallError("unlink", removed) }
        default:
            throw SystemCallError("rename into state/done", rc)
        }
    }

    /// Moves `work/<name>` to `quarantine/<stem>` and writes `quarantine/<stem>.reason`.
    /// Returns the stem.
    @discardableResult
    func quarantine(
        _ name: EntryName, identityHex: String, file: String, sha256: String, ledgerKey: String?, reason: String, attempts: Int?
    ) throws(SystemCallError) -> String {
        if let ledgerKey { ledger.remove(ledgerKey) }
        let short = String(identityHex.prefix(12))
        var lines = [
            "file: \(PriorityLogHandler.escape(file))",
            "sha256: \(sha256.isEmpty ? "(not read)" : sha256)",
            "reason: \(reason)",
            "quarantined-at: \(Verdict.isoTimestamp(Date()))",
        ]
        if let attempts { lines.insert("attempts: \(attempts)", at: 3) }
        let text = Array((lines.joined(separator: "\n") + "\n").utf8)
        for n in 1...1000 {
            let stem = n == 1 ? short : "\(short)-\(n)"
            if case .success = FileSystem.status(spool.quarantine, EntryName(stem)) { continue }
            let staged = EntryName("\(getpid())-\(stem).reason")
            _ = FileSystem.remove(spool.staging, staged)
            try FileSystem.writeNew(spool.staging, staged, text, mode: 0o600, sync: true)
            var rc = FileSystem.rename(spool.staging, staged, spool.quarantine, EntryName(stem + ".reason"))
            guard rc == 0 else {
                _ = FileSystem.remove(spool.staging, staged)
                throw SystemCallError("rename reason into state/quarantine", rc)
            }
            rc = FileSystem.renameNoReplace(spool.work, name, spool.quarantine, EntryName(stem))
            switch rc {
            case 0, ENOENT: return stem
            case EEXIST: continue
            default: throw SystemCallError("rename into state/quarantine", rc)
            }
        }
        throw SystemCallError("rename into state/quarantine (no free name)", EEXIST)
    }

    /// Removes entries of `state/done/` older than `retentionDays`; returns how many.
    func purge(retentionDays: Int) -> Int {
        let cutoff = Int(time(nil)) - retentionDays * 86_400
        var removed = 0
        for name in (try? FileSystem.list(spool.done)) ?? [] {
            let prefix = name.bytes.prefix { $0 != UInt8(ascii: ".") }
            var retiredAt = Int(String(decoding: prefix, as: UTF8.self))
            if retiredAt == nil, case .success(let info) = FileSystem.status(spool.done, name) {
                retiredAt = Int(info.st_mtim.tv_sec)
            }
            guard let retiredAt, retiredAt <= cutoff else { continue }
            if FileSystem.remove(spool.done, name) == 0 { removed += 1 }
        }
        return removed
    }
}
