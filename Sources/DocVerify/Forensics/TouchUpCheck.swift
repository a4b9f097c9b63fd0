internal import DocPDF

/// `TOUCHUP_EDIT`: Acrobat's `TouchUp_TextEdit` marked content in a content stream
/// (found by the structure scanner, after inflating the streams).
enum TouchUpCheck: ForensicCheck {
    static func run(_ input: ForensicInput) -> [Finding] {
        let markers = input.structure.touchUpEdits
        guard let first = markers.first else { return [] }
        let total = markers.reduce(0) { $0 + $1.occurrences }
        return [
            Finding(
                .touchupEdit,
                "A content stream (object \(first.objectNumber)) carries Acrobat's TouchUp_TextEdit marker: text was edited by hand"
                    + (total > 1 ? " (\(total) edits)." : "."),
                evidence: [
                    "objects": .array(markers.map { .int($0.objectNumber) }), "occurrences": .int(total),
                    "revision": .int(first.revisionIndex + 1),
                ]
            )
        ]
    }
}
