enum StatementChecks {
    static func run(_ context: AnalysisContext, signatures: SignatureOutcome) -> AnalysisResult {
        signatures.result
    }
}
