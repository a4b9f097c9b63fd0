#if canImport(Glibc)
internal import Glibc
#endif
internal import DocCrypto
internal import DocVerifyCore
internal import Foundation
internal import DocConcurrency

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
        var lastFailure: WorkerFailure?
    }

    /// The entry under this key; nil when none was ever written.
    func entry(_ key: String) -> Entry? {
        guard let bytes = FileSystem.readSmall(directory, EntryName(key), limit: 4096) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let attempts = Int(lines.first ?? "") ?? 0
        let failure = lines.count > 1 ? WorkerFailure(ledgerLine: String(lines[1])) : nil
        return Entry(attempts: max(0, attempts), lastFailure: failure)
    }

    /// Records the entry for the document (one line for the count, one for the last failure).
    func record(_ key: String, _ entry: Entry) {
        let temporary = EntryName(".\(key).\(StagingNumbers.shared.take()!)")
        let failure = (entry.lastFailure?.ledgerLine ?? "").replacingNewlines()
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

/// How a worker failed on a document: the kind decides the finding code of a quarantined
/// document's verdict, the detail is for the log and the clerk.
struct WorkerFailure: Equatable, CustomStringConvertible {
    enum Kind: String {
        case crashed
        case timedOut = "timed-out"
    }

    var kind: Kind
    /// "killed by signal 6 (Aborted)", "timed out after 3 s".
    var detail: String

    static func crashed(_ reason: String) -> WorkerFailure { WorkerFailure(kind: .crashed, detail: reason) }

    static func timedOut(after seconds: Double) -> WorkerFailure {
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
        return WorkerFailure(kind: .timedOut, detail: "timed out after \(shown) s")
    }

    /// The finding a quarantined document's verdict gives for its last attempt.
    var code: FindingCode { kind == .timedOut ? .timeout : .parserCrashed }

    /// As the log and the clerk read it: "crashed: …" or "timed out after N s".
    var description: String { kind == .crashed ? "crashed: \(detail)" : detail }

    /// The ledger's second line: the kind, a tab, the detail.
    var ledgerLine: String { kind.rawValue + "\t" + detail }

    /// Reads a ledger line; one written before the kind was kept (the description alone) is
    /// read by its words, as the daemon then did.
    init?(ledgerLine line: String) {
        guard !line.isEmpty else { return nil }
        if let tab = line.firstIndex(of: "\t"), let kind = Kind(rawValue: String(line[..<tab])) {
            self.init(kind: kind, detail: String(line[line.index(after: tab)...]))
        } else if line.hasPrefix("timed out") {
            self.init(kind: .timedOut, detail: line)
        } else {
            self.init(kind: .crashed, detail: line.hasPrefix("crashed: ") ? String(line.dropFirst("crashed: ".count)) : line)
        }
    }

    init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}
