internal import DocPDF

/// `REVISED_CONTENT`, `REVISED_METADATA` and `INCREMENTAL_UPDATES`: what the incremental
/// updates after the original file changed (see ``RevisionAnalysis``).
///
/// A signature-only update (a signed Sesame report's pyHanko signature, a bank's e-seal),
/// a validation-data update (DSS, document timestamp) and form filling after a signature
/// are counted in `INCREMENTAL_UPDATES` and nothing else: whether the signature covers the
/// file is the signature checks' concern.
enum RevisionCheck: ForensicCheck {
    static func run(_ input: ForensicInput) -> [Finding] {
        let analysis = RevisionAnalysis.analyse(input.structure, bytes: input.bytes)
        guard !analysis.updates.isEmpty else { return [] }
        var findings: [Finding] = []
        // Revisions the file's one intact signature signs over are the signer's own
        // (`docs/bank-statement.md`, "Revisions"): an issuer whose generator saves
        // incrementally before signing changed nothing after issue.
        let signedThrough = input.signedThroughRevision ?? -1
        func isSigned(_ update: RevisionAnalysis.Update) -> Bool { update.revision <= signedThrough }
        let summary: [FieldValue] = analysis.updates.map { update in
            var entry: [String: FieldValue] = [
                "revision": .int(update.revision + 1), "change": .string(update.change.rawValue),
                "objects": .int(update.objectCount), "kinds": .array(update.kinds.map { .string($0) }),
            ]
            if isSigned(update) { entry["signed"] = .bool(true) }
            if !update.reasons.isEmpty { entry["reasons"] = .array(update.reasons.map { .string($0) }) }
            if update.documentTimestamps > 0 { entry["documentTimestamps"] = .int(update.documentTimestamps) }
            return .object(entry)
        }
        let unsigned = analysis.updates.filter { !isSigned($0) }
        // Form values and appearances filled in after a signature are for a person to compare
        // with the signed revision (the signature's SIG_UPDATED_AFTER_SIGNING); without a
        // signature before them they are drawn over the original like any other content.
        let firstSignatureRevision = input.structure.signatures.filter { !$0.isUsageRights }.map(\.revisionIndex).min()
        func changesContent(_ update: RevisionAnalysis.Update) -> Bool {
            update.change == .content
                || (update.change == .formFields && (firstSignatureRevision.map { $0 >= update.revision } ?? true))
        }
        if let content = unsigned.first(where: changesContent) {
            let count = unsigned.filter(changesContent).count
            findings.append(
                Finding(
                    .revisedContent,
                    "Revision \(content.revision + 1) of the file, appended after the original, changes page content ("
                        + content.kinds.joined(separator: ", ") + ")" + (count > 1 ? "; \(count) updates do so." : "."),
                    evidence: ["revision": .int(content.revision + 1), "updates": .array(summary)]
                )
            )
        } else if let meta = unsigned.first(where: { $0.change == .metadataOnly }) {
            findings.append(
                Finding(
                    .revisedMetadata,
                    "Revision \(meta.revision + 1) of the file, appended after the original, changes only its metadata (\(meta.kinds.joined(separator: ", "))).",
                    evidence: ["revision": .int(meta.revision + 1), "updates": .array(summary)]
                )
            )
        }
        findings.append(
            Finding(
                .incrementalUpdates,
                "The file has \(analysis.updates.count) incremental update\(analysis.updates.count == 1 ? "" : "s") after the original"
                    + (analysis.linearized ? " (linearized: its first-page section is not counted)." : "."),
                evidence: [
                    "revisions": .int(input.structure.revisions.count), "updates": .array(summary),
                    "linearized": .bool(analysis.linearized),
                ]
            )
        )
        return findings
    }
}
