internal import DocPDF

/// The one exception to "signed to the last byte" (`docs/sesame-report.md`,
/// "Long-term validation"): revisions after the signed one that only add long-term validation data
/// (PAdES-LT/LTA: a DSS with certificates, OCSP responses and CRLs, document timestamps with
/// invisible fields), each checked object by object (``UpdateReview``). Then the signature
/// counts as covering the whole file and `SIG_LTV_UPDATES` (info) records the revisions;
/// anything else in any of them leaves it a change after signing.
enum LTVCoverage {
    /// How many revisions follow revision `index`, when all are complete and only add
    /// validation data; `nil` otherwise. `revisions` caches the review for the document.
    static func validationDataRevisions(
        after index: Int, context: AnalysisContext, revisions: inout RevisionAnalysis?
    ) -> Int? {
        guard let analysis = laterRevisionsReview(after: index, context: context, revisions: &revisions),
            analysis.onlyValidationData(after: index)
        else { return nil }
        return context.structure.revisions.count - index - 1
    }

    /// The review of the file's revisions when complete revisions follow revision `index`
    /// (bytes that form no complete revision are never validation data nor a signature);
    /// `nil` otherwise. `revisions` caches the review for the document.
    static func laterRevisionsReview(after index: Int, context: AnalysisContext, revisions: inout RevisionAnalysis?) -> RevisionAnalysis? {
        let structure = context.structure
        let later = structure.revisions[(index + 1)...]
        guard !later.isEmpty, later.allSatisfy({ $0.eofOffset != nil }), structure.trailingNonWhitespaceBytes == 0 else {
            return nil
        }
        let analysis = revisions ?? RevisionAnalysis.analyse(structure, bytes: context.bytes)
        revisions = analysis
        return analysis
    }

    /// `SIG_LTV_UPDATES` for one signature.
    static func finding(_ report: SignatureReport, label: String, evidence: [String: FieldValue]) -> Finding {
        let count = report.validationDataRevisions
        var evidence = evidence
        evidence["revisions"] = .int(count)
        return Finding(
            .sigLTVUpdates,
            sentence(
                label,
                "\(count == 1 ? "the revision" : "the \(count) revisions") after the signed one only add long-term validation data "
                    + "(DSS, certificates, OCSP responses, CRLs, document timestamps), checked object by object: not a change after signing."
            ),
            evidence: evidence
        )
    }
}
