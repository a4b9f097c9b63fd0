internal import DocPDF

internal import Foundation

/// `METADATA_DATES`: ModDate before CreationDate, either in the future of the evaluation
/// time, or (statements) creation before the last transaction printed.
/// `MODIFIED_AFTER_CREATION` (info): ModDate more than a minute after CreationDate.
enum MetadataDateChecks: ForensicCheck {
    /// Clock and rounding slack between the two dates.
    static let tolerance: TimeInterval = 60
    /// How far a ModDate may precede the CreationDate when two machines (generator, signer) wrote them.
    static let clockSkew: TimeInterval = 300
    /// Slack for "in the future": a time zone written wrongly moves a date by at most 14 hours.
    static let futureTolerance: TimeInterval = 14 * 3600

    static func run(_ input: ForensicInput) -> [Finding] {
        let created = input.metadata.creationDate
        let modified = input.metadata.modificationDate
        var problems: [String] = []
        var evidence: [String: FieldValue] = [:]
        // The format style, not ISO8601DateFormatter: the same text without starting ICU.
        if let created { evidence["creationDate"] = .string(created.ISO8601Format()) }
        if let modified { evidence["modificationDate"] = .string(modified.ISO8601Format()) }
        if let created, let modified, modified < created - clockSkew {
            problems.append("the modification date is before the creation date")
        }
        let future = input.now + futureTolerance
        if let created, created > future {
            problems.append("the creation date is after the evaluation time")
        } else if let modified, modified > future {
            problems.append("the modification date is after the evaluation time")
        }
        if let created, let last = input.lastTransactionDate, created < last.startOfDayUTC - futureTolerance {
            problems.append("the file was created before its last transaction (\(last))")
            evidence["lastTransaction"] = .string(last.description)
        }
        var findings: [Finding] = []
        if !problems.isEmpty {
            evidence["problems"] = .array(problems.map { .string($0) })
            findings.append(
                Finding(.metadataDates, "The metadata dates are impossible: " + problems.joined(separator: "; ") + ".", evidence: evidence)
            )
        }
        if let created, let modified, modified > created + tolerance {
            let minutes = Int(modified.timeIntervalSince(created) / 60)
            findings.append(
                Finding(
                    .modifiedAfterCreation,
                    "The file was modified \(minutes) minute\(minutes == 1 ? "" : "s") after it was created.",
                    evidence: evidence.merging(["minutes": .int(minutes)]) { a, _ in a }
                )
            )
        }
        return findings
    }
}
