internal import Dispatch
internal import DocPDF
internal import Foundation

/// The file-forensic checks shared by every kind of document (`docs/bank-statement.md`,
/// "File forensics"): one implementation for Sesame reports, statements and unknown
/// documents alike. Statements add their table (last transaction date, value columns).
enum ForensicChecks {
    static let checks: [any ForensicCheck.Type] = [
        RevisionCheck.self, TouchUpCheck.self, TextOverlapCheck.self, FontOutlierCheck.self, EditorProducerCheck.self,
        MetadataDateChecks.self, ImageOnlyCheck.self, TrailingBytesCheck.self, ReusedObjectNumbersCheck.self,
        MisdirectedXRefCheck.self,
    ]

    /// The checks that read a statement's table (its last transaction date, its value
    /// columns, its header values); the others look only at the file and its pages.
    static let readsTable: Set<ObjectIdentifier> = [
        ObjectIdentifier(TextOverlapCheck.self), ObjectIdentifier(FontOutlierCheck.self), ObjectIdentifier(MetadataDateChecks.self),
    ]

    /// Every check, for a document that is not a statement.
    static func run(_ context: AnalysisContext, signatures: SignatureOutcome? = nil) -> AnalysisResult {
        run(ForensicInput(context: context, statement: nil, signedThroughRevision: signatures?.signedThroughRevision))
    }

    static func run(_ input: ForensicInput) -> AnalysisResult {
        var result = AnalysisResult()
        for check in checks { result.findings += check.run(input) }
        return result
    }

    /// For a statement: the checks that do not read the table run on a second thread while
    /// `readTable` reads it, then the others; findings come in the usual order.
    static func run(
        _ context: AnalysisContext, signatures: SignatureOutcome? = nil, beside readTable: () -> Statement
    ) -> (statement: Statement, result: AnalysisResult) {
        let tableless = ForensicInput(
            bytes: context.bytes, structure: context.structure, metadata: context.metadata, pages: context.pages,
            now: context.now, kind: context.kind, signedThroughRevision: signatures?.signedThroughRevision
        )
        var early = [[Finding]](repeating: [], count: checks.count)
        let read = early.withUnsafeMutableBufferPointer { earlyBuffer in
            // A thread of its own, not one of Dispatch's: the table reader spreads its pages
            // over Dispatch's threads, and a nested concurrentPerform would run serially.
            // The thread writes only `early`, which this one reads after `done` is signalled.
            nonisolated(unsafe) let out = earlyBuffer
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                for (index, check) in checks.enumerated() where !readsTable.contains(ObjectIdentifier(check)) {
                    out[index] = check.run(tableless)
                }
                done.signal()
            }
            thread.start()
            let statement = readTable()
            done.wait()
            return statement
        }
        let input = ForensicInput(context: context, statement: read, signedThroughRevision: signatures?.signedThroughRevision)
        var result = AnalysisResult()
        for (index, check) in checks.enumerated() {
            result.findings += readsTable.contains(ObjectIdentifier(check)) ? check.run(input) : early[index]
        }
        return (read, result)
    }
}
