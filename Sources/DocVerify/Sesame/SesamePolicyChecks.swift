internal import Foundation

/// The policy checks of `docs/sesame-report.md`, "Policy", over a report's fields, each a
/// finding: required fields, score scale and minimum, issue date not in the future and
/// not older than the maximum age, validity date not passed, the ID number's check
/// character and its birth date. Plus two consistency checks of our own (a field printed
/// twice with different values; the Daily Asset table's ordering).
///
/// A genuine report below the threshold or too old is `review`, never `fail`: a low score
/// only means the consulate asks for bank statements.
struct SesamePolicyChecks {
    let report: SesameReport
    let policy: Policy
    let now: Date

    static let scoreScale = 350...950
    /// Clock skew tolerated before an issue time counts as "in the future".
    static let clockSkew: TimeInterval = 5 * 60

    func findings() -> [Finding] {
        requiredFields() + score() + issueDate() + validity() + identity() + conflicts() + dailyAsset()
    }

    func requiredFields() -> [Finding] {
        SesameField.required.compactMap { field in
            if report.isReadable(field) { return nil }
            let state = report.values[field] == nil ? "is missing" : "cannot be read in its expected form"
            return Finding(.fieldMissing, "The \(field.displayName) \(state).", evidence: ["field": .string(field.rawValue)])
        }
    }

    func score() -> [Finding] {
        guard let score = report.score else { return [] }
        if !Self.scoreScale.contains(score) {
            return [
                Finding(
                    .scoreOutOfRange, "The score \(score) is outside the Sesame scale of 350 to 950.",
                    evidence: ["score": .int(score)]
                )
            ]
        }
        if score < policy.minimumScore {
            return [
                Finding(
                    .scoreBelowMinimum,
                    "The score \(score) is below the minimum \(policy.minimumScore) of policy \(policy.name); the report does not prove means on its own.",
                    evidence: ["score": .int(score), "minimum": .int(policy.minimumScore)]
                )
            ]
        }
        return []
    }

    func issueDate() -> [Finding] {
        guard let issued = report.issuedAt else { return [] }
        if issued.instant.timeIntervalSince(now) > Self.clockSkew {
            return [
                Finding(
                    .issuedInFuture,
                    "The report says it was issued on \(issued), after the evaluation time \(Verdict.isoTimestamp(now)).",
                    evidence: ["issuedAt": .string(issued.description), "now": .string(Verdict.isoTimestamp(now))]
                )
            ]
        }
        let age = Self.ageInDays(of: issued, at: now)
        if age > policy.maximumReportAgeDays {
            return [
                Finding(
                    .reportStale,
                    "The report was issued \(age) days ago (\(issued.day)), more than the \(policy.maximumReportAgeDays) days policy \(policy.name) allows.",
                    evidence: ["issuedAt": .string(issued.description), "ageDays": .int(age), "maximumDays": .int(policy.maximumReportAgeDays)]
                )
            ]
        }
        return []
    }

    func validity() -> [Finding] {
        guard let until = report.validUntil else { return [] }
        let end = until.secondsOfDay == nil ? until.endOfDay : until.instant
        guard now >= end else { return [] }
        return [
            Finding(
                .reportExpired, "The report's own validity ended on \(until).",
                evidence: ["validUntil": .string(until.description)]
            )
        ]
    }

    func identity() -> [Finding] {
        guard let id = report.idNumber else { return [] }
        var out: [Finding] = []
        let masked = Masking.identifier(id.printed)
        if let problem = id.problem {
            out.append(
                Finding(.idNumberInvalid, "The ID number \(masked) is not valid: \(problem).", evidence: ["idNumber": .string(masked)])
            )
            return out
        }
        if let birth = id.birthDate, let stated = report.dateOfBirth, birth != stated.day {
            out.append(
                Finding(
                    .idBirthdateMismatch,
                    "The ID number \(masked) encodes a birth date that differs from the stated date of birth.",
                    evidence: ["idNumber": .string(masked)]
                )
            )
        }
        return out
    }

    func conflicts() -> [Finding] {
        SesameField.allCases.compactMap { field in
            guard let values = report.conflicts[field] else { return nil }
            // Values of personal fields stay out of the message.
            let shown = field == .score || field == .reportId || field == .issuedAt ? ": " + values.joined(separator: " / ") : ""
            return Finding(
                .fieldConflict, "The \(field.displayName) is printed \(values.count) times with different values\(shown).",
                evidence: ["field": .string(field.rawValue)]
            )
        }
    }

    func dailyAsset() -> [Finding] {
        guard let rows = report.dailyAsset else { return [] }
        let bad = rows.filter { !$0.isConsistent }
        guard !bad.isEmpty else { return [] }
        return [
            Finding(
                .dailyAssetInconsistent,
                "The Daily Asset table's figures do not order as minimum ≤ average ≤ maximum for \(bad.map(\.monthText).joined(separator: ", ")).",
                evidence: ["months": .array(bad.map { .string($0.monthText) })]
            )
        ]
    }

    /// Whole days between the issue and `now`: calendar days in the report's zone for a
    /// date without time, elapsed 24-hour periods for a date with time.
    static func ageInDays(of issued: SesameDate, at now: Date) -> Int {
        if issued.secondsOfDay != nil {
            return Int((now.timeIntervalSince(issued.instant) / 86_400).rounded(.down))
        }
        let today = CivilDate(now.addingTimeInterval(TimeInterval(issued.utcOffset)))
        return today.dayNumber - issued.day.dayNumber
    }
}
