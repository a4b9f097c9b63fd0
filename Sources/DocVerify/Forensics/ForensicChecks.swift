enum ForensicChecks {
    static func run(_ context: AnalysisContext) -> AnalysisResult {
        AnalysisResult()
    }
}
