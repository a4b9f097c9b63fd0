#if canImport(Glibc)
internal import Glibc
#endif
internal import DocCrypto

/// Attempts to judge each document, counted on disk in `state/attempts/<key>` so that
/// a poison file is quarantined after N attempts even when the daemon is restarted (or
/// killed) between them.
///
/// An attempt is written when a worker is ready for the document and before it receives
/// it (temporary file + rename, so a kill never leaves a half-written count): waiting for a
/// worker, or failing to start one, costs the document nothing, and a document found in
/// `work/` at start-up without a ledger file never reached a worker. A document that kills
/// the daemon itself has its attempt on disk, so it cannot crash-loop it. An attempt
/// abandoned on SIGTERM is given back by writing the count from before it. The file is
/// removed when the document is retired or quarantined.
/// Writes are not fsynced: they survive any process crash, and after a power loss at
/// worst one attempt is forgotten.
///
/// The key is one inbox entry's: the document's SHA-256 with its name (``key(sha256:name:)``).
/// Two copies of one poison file under two names each get their own attempts; keyed by
/// content alone, the second copy was quarantined after the first copy's failures.
struct AttemptLedger: Sendable {
    let directory: Int32

    /// The ledger key of the entry `name` holding a document with hash `sha256`.
    static func key(sha256: String, name: EntryName) -> String {
        Digest.sha256Hex(Array(sha256.utf8) + [0] + name.bytes)
    }

    struct Entry: Equatable {
        var attempts: Int
        /// How the last failed attempt ended, if one failed while the daemon was watching.
        var lastFailure: String?
    }

    /// The entry under this key; nil when none was ever written.
    func entry(_ key: String) -> Entry? {
        guard let bytes = FileSystem.readSmall(directory, EntryName(key), limit: 4096) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let attempts = Int(lines.first ?? "") ?? 0
        let failure = lines.count > 1 && !lines[1].isEmpty ? String(lines[1]) : nil
        return Entry(attempts: max(0, attempts), lastFailure: failure)
    }

    /// Records the entry for the document (one line for the count, one for the last failure).
    func record(_ key: String, _ entry: Entry) {
        let temporary = EntryName(".\(key).\(Counter.shared.next())")
        let failure = (entry.lastFailure ?? "").replacingNewlines()
        guard (try? FileSystem.writeNew(directory, temporary, Array("\(entry.attempts)\n\(failure)\n".utf8), mode: 0o600, sync: false)) != nil
        else { return }
        if FileSystem.rename(directory, temporary, directory, EntryName(key)) != 0 {
            _ = FileSystem.remove(directory, temporary)
        }
    }

    /// Forgets the document (it has its verdict).
    func remove(_ key: String) {
        _ = FileSystem.remove(directory, EntryName(key))
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
