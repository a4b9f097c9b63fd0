internal import DocPDF
internal import Synchronization

/// Hands the statement read by ``StatementChecks`` to ``ForensicChecks`` for the same
/// document, so a 1,000-page statement is rebuilt once, not twice.
///
/// Holds at most one entry, matched on the document's bytes (an identical buffer compares
/// in constant time) and page count, and taken out by its second reader.
enum StatementCache {
    private struct Entry: Sendable {
        var bytes: [UInt8]
        var pageCount: Int
        var statement: Statement
    }

    private static let slot = Mutex<Entry?>(nil)

    static func store(_ statement: Statement, bytes: [UInt8], pageCount: Int) {
        slot.withLock { $0 = Entry(bytes: bytes, pageCount: pageCount, statement: statement) }
    }

    /// The statement stored for these bytes, removed from the cache; `nil` when another document's is there.
    static func take(bytes: [UInt8], pageCount: Int) -> Statement? {
        slot.withLock { entry in
            guard let stored = entry, stored.pageCount == pageCount, stored.bytes.count == bytes.count, stored.bytes == bytes else {
                return nil
            }
            entry = nil
            return stored.statement
        }
    }

    /// The statement of a context: the cached one when it is this document's, else read now.
    static func statement(for context: AnalysisContext) -> Statement {
        take(bytes: context.bytes, pageCount: context.pages.count) 
            ?? StatementReader.read(pages: context.pages, threads: context.configuration.effectivePageReaders)
    }
}
