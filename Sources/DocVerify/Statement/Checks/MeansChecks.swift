/// `FUNDS_PARKED`: credits in the last 30 days before the statement's end that make up
/// more than half of the closing balance.
enum FundsParkedCheck: StatementCheck {
    static let windowDays = 30

    static func run(_ input: StatementInput) -> [Finding] {
        guard input.arithmeticReadable, let end = input.endDate, let closing = input.closingBalance,
            closing > .zero
        else { return [] }
        let start = end.adding(days: -windowDays)
        var recent = Money.zero
        var count = 0
        for row in input.statement.table.rows {
            guard let date = row.date, date > start, date <= end, let amount = input.chain.signedAmounts[row.index],
                !amount.isNegative
            else { continue }
            recent += amount
            count += 1
        }
        guard recent.minorUnits * 2 > closing.minorUnits else { return [] }
        let percent = recent.minorUnits * 100 / closing.minorUnits
        return [
            Finding(
                .fundsParked,
                "Credits of \(recent) in the \(windowDays) days before \(end) make up \(percent)% of the closing balance \(closing).",
                evidence: [
                    "recentCredits": .string(recent.description), "closingBalance": .string(closing.description),
                    "percent": .int(percent), "credits": .int(count), "windowStart": .string(start.adding(days: 1).description),
                    "windowEnd": .string(end.description),
                ]
            )
        ]
    }
}

/// `STATEMENT_STALE`: issued (or, without an issue date, ended) longer ago than the policy allows.
enum StatementStaleCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        guard let issued = input.statement.header.issueDate ?? input.endDate else { return [] }
        let today = CivilDate(input.now)
        let age = today.dayNumber - issued.dayNumber
        guard age > input.policy.maximumStatementAgeDays else { return [] }
        return [
            Finding(
                .statementStale,
                "The statement dates from \(issued), \(age) days before \(today); the policy accepts at most \(input.policy.maximumStatementAgeDays).",
                evidence: [
                    "issued": .string(issued.description), "ageDays": .int(age),
                    "maximumDays": .int(input.policy.maximumStatementAgeDays),
                ]
            )
        ]
    }
}

/// `PERIOD_TOO_SHORT`: the statement covers fewer days than the policy's minimum.
enum PeriodTooShortCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        let dates = input.statement.table.rows.compactMap(\.date)
        let period = input.statement.header.period ?? dates.min().flatMap { first in dates.max().map { (first, $0) } }
        guard let (start, end) = period else { return [] }
        let days = end.dayNumber - start.dayNumber + 1
        guard days < input.policy.minimumStatementPeriodDays else { return [] }
        return [
            Finding(
                .periodTooShort,
                "The statement covers \(days) days (\(start) to \(end)); the policy requires at least \(input.policy.minimumStatementPeriodDays).",
                evidence: [
                    "periodStart": .string(start.description), "periodEnd": .string(end.description), "days": .int(days),
                    "minimumDays": .int(input.policy.minimumStatementPeriodDays),
                ]
            )
        ]
    }
}
