enum SesameChecks {
    static func run(_ context: AnalysisContext, signatures: SignatureOutcome) -> AnalysisResult {
        var result = signatures.result
        if signatures.signatureCount == 0 {
            result.findings.append(
                Finding(.sigMissing, "The document presents itself as a Sesame Credit report but carries no signature.")
            )
        }
        return result
    }
}
