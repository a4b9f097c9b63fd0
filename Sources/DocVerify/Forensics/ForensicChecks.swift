internal import DocPDF

/// The file-forensic checks shared by every kind of document (`bank-statement.md`,
/// "File forensics"): one implementation for Sesame reports, statements and unknown
/// documents alike. Statements add their table (last transaction date, value columns).
enum ForensicChecks {
    static let checks: [any ForensicCheck.Type] = [
        RevisionCheck.self, TouchUpCheck.self, TextOverlapCheck.self, FontOutlierCheck.self, EditorProducerCheck.self,
        MetadataDateChecks.self, ImageOnlyCheck.self, TrailingBytesCheck.self, ReusedObjectNumbersCheck.self,
    ]

    static func run(_ context: AnalysisContext) -> AnalysisResult {
        let statement = context.kind == .bankStatement ? StatementCache.statement(for: context) : nil
        return run(ForensicInput(context: context, statement: statement))
    }

    static func run(_ input: ForensicInput) -> AnalysisResult {
        var result = AnalysisResult()
        for check in checks { result.findings += check.run(input) }
        return result
    }
}
