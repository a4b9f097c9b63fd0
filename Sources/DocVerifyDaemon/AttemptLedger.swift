#if canImport(Glibc)
internal import Glibc
#endif

/// Attempts to judge each document, counted on disk in `state/attempts/<sha256>` so that
/// a poison file is quarantined after N attempts even when the daemon is restarted (or
/// killed) between them.
///
/// The count is written *before* each attempt (temporary file + rename, so a kill never
/// leaves a half-written count); an attempt the daemon itself abandons on SIGTERM is given
/// back. A `kill -9` during an attempt therefore counts as a failed attempt: a document
/// that kills the daemon itself must not crash-loop it either. The file is removed when the
/// document is retired or quarantined. Writes are not fsynced: they survive any process
/// crash, and after a power loss at worst one attempt is forgotten.
struct AttemptLedger: Sendable {
    let directory: Int32

    struct Entry: Equatable {
        var attempts: Int
        /// How the last failed attempt ended, if one failed while the daemon was watching.
        var lastFailure: String?
    }

    /// Attempts made so far for the document with this hash.
    func entry(_ sha256: String) -> Entry {
        guard let bytes = FileSystem.readSmall(directory, EntryName(sha256), limit: 4096),
            let text = String(validating: bytes, as: UTF8.self)
        else { return Entry(attempts: 0) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let attempts = Int(lines.first ?? "") ?? 0
        let failure = lines.count > 1 && !lines[1].isEmpty ? String(lines[1]) : nil
        return Entry(attempts: max(0, attempts), lastFailure: failure)
    }

    /// Records the entry for the document (one line for the count, one for the last failure).
    func record(_ sha256: String, _ entry: Entry) {
        let temporary = EntryName(".\(sha256).\(Counter.shared.next())")
        let failure = (entry.lastFailure ?? "").replacingNewlines()
        guard (try? FileSystem.writeNew(directory, temporary, Array("\(entry.attempts)\n\(failure)\n".utf8), mode: 0o600, sync: false)) != nil
        else { return }
        if FileSystem.rename(directory, temporary, directory, EntryName(sha256)) != 0 {
            _ = FileSystem.remove(directory, temporary)
        }
    }

    /// Forgets the document (it has its verdict).
    func remove(_ sha256: String) {
        _ = FileSystem.remove(directory, EntryName(sha256))
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
