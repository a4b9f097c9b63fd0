internal import DocCrypto
internal import DocPDF
internal import Foundation

/// The analysis of a document whose text layer is glyph codes (``GarbledTextDetector``):
/// nothing its text says can be checked, so no statement or report check reads it; what the
/// file's bytes say (signatures, revisions, edit markers, producer, metadata) still counts,
/// since an edit is an edit whatever the text.
extension Analyzer {
    /// The kind a document with an unreadable text layer is taken for: a Sesame report when
    /// it carries a signature whose signer names the issuer, otherwise a bank statement (a
    /// document submitted as proof of funds whose text cannot be read; an assumption, said
    /// so in the verdict).
    static func kindOfUnreadable(_ context: AnalysisContext) -> Verdict.Kind {
        guard !context.structure.signatures.isEmpty else { return .bankStatement }
        let outcome = SignatureChecks.run(context)
        let names = outcome.reports.compactMap { $0.cms?.signer }.flatMap { [$0.subject, $0.issuer] }
        let issuerNamed = names.contains { name in
            let lower = name.lowercased()
            return DocumentClassifier.sesameTitles.contains { lower.contains($0) }
        }
        return issuerNamed ? .sesameReport : .bankStatement
    }

    static func analyzeUnreadable(
        _ context: AnalysisContext, garbled: GarbledTextDetector.Assessment, pageLimitNote: Finding?
    ) -> AnalysisResult {
        var result = AnalysisResult()
        if let pageLimitNote { result.findings.append(pageLimitNote) }
        let signatures = SignatureChecks.run(context)
        switch context.kind {
        case .sesameReport:
            result.findings.append(
                Finding(
                    .documentKind,
                    "Taken for a sesame-report from its signature (the signer names the issuer); its text cannot be read.",
                    evidence: ["from": .string("signature"), "textReadable": .bool(false)]
                )
            )
            result.findings.append(textLayerGarbled(garbled, kind: context.kind))
            result.merge(SesameChecks.run(context, signatures: signatures))
        case .bankStatement, .unknown:
            result.findings.append(
                Finding(
                    .documentKind,
                    "Taken for a bank-statement although its text cannot be read: a document submitted as proof of funds is assumed to be one.",
                    evidence: ["assumed": .bool(true), "textReadable": .bool(false)]
                )
            )
            result.findings.append(textLayerGarbled(garbled, kind: context.kind))
            result.merge(signatures.result)
            result.fields["arithmetic"] = .object(["method": .string("none"), "rows": .int(0), "accounts": .int(0)])
            result.summary =
                "The text cannot be read, so nothing printed on the document could be checked; its figures must be checked by hand."
        }
        result.merge(ForensicChecks.run(context, signatures: signatures))
        return result
    }

    /// The `TEXT_LAYER_GARBLED` finding, with what was measured.
    static func textLayerGarbled(_ garbled: GarbledTextDetector.Assessment, kind: Verdict.Kind) -> Finding {
        func percent(_ share: Double) -> Int { Int((share * 100).rounded()) }
        let pages = garbled.pages == 1 ? "page 1" : "pages 1-\(garbled.pages)"
        let measured =
            garbled.unreadableShare >= GarbledTextDetector.unreadableThreshold
            ? "\(percent(garbled.unreadableShare)) % of the characters on \(pages) are control or private-use codes, not letters"
            : garbled.digitShare < GarbledTextDetector.digitCeiling
                ? "\(percent(garbled.oddWordShare)) % of the words on \(pages) are neither words nor numbers, and only \(percent(garbled.digitShare)) % of the characters are digits"
                : "\(percent(garbled.oddWordShare)) % of the words on \(pages) are neither words nor numbers"
        let assumption =
            kind == .sesameReport
            ? ""
            : " It is treated as a bank statement because it was submitted as proof of funds; that is an assumption, not something read from it."
        return Finding(
            .textLayerGarbled,
            "The text cannot be read: \(measured) (its fonts give glyph codes instead of letters). Nothing on the pages could be checked: no amounts, balances, dates or account numbers were read, so the figures must be checked by hand against the document on screen or on paper. This is not evidence of forgery."
                + assumption,
            evidence: [
                "pages": .int(garbled.pages),
                "characters": .int(garbled.characters),
                "unreadableCharacters": .int(garbled.unreadableCharacters),
                "digits": .int(garbled.digits),
                "words": .int(garbled.words),
                "oddWords": .int(garbled.oddWords),
                "assumedKind": kind == .sesameReport ? .null : .string(Verdict.Kind.bankStatement.rawValue),
            ]
        )
    }
}
