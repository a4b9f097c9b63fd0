/// `FUNDS_PARKED`: credits in the last 30 days before the statement's end that make up
/// more than half of the closing balance, beyond what the account usually receives.
///
/// A salary account spends what comes in: a month's credits can exceed half its balance
/// every month. So the recent credits are compared with the account's turnover, the
/// average credits per 30 days before the window: only credits above that usual inflow
/// count, and the window must bring in at least twice the usual. Without 30 days of
/// history before the window, all recent credits count.
enum FundsParkedCheck: StatementCheck {
    static let windowDays = 30
    /// Days of history before the window needed to know the usual inflow.
    static let minimumHistoryDays = 30

    static func run(_ input: StatementInput) -> [Finding] {
        guard input.arithmeticReadable, let end = input.endDate, let closing = input.closingBalance,
            closing > .zero
        else { return [] }
        let start = end.adding(days: -windowDays)
        var recent = Money.zero
        var earlier = Money.zero
        var count = 0
        for row in input.statement.table.rows {
            guard let date = row.date, date <= end, let amount = input.chain.signedAmounts[row.index], !amount.isNegative
            else { continue }
            if date > start {
                recent += amount
                count += 1
            } else {
                earlier += amount
            }
        }
        let dates = input.statement.table.rows.compactMap(\.date)
        let firstDay = [input.statement.header.period?.start, dates.min()].compactMap { $0 }.min()
        let historyDays = firstDay.map { start.dayNumber - $0.dayNumber + 1 } ?? 0
        let usual =
            historyDays >= minimumHistoryDays
            ? Money(minorUnits: earlier.minorUnits * windowDays / historyDays) : .zero
        let unusual = recent - usual
        guard unusual.minorUnits * 2 > closing.minorUnits, recent.minorUnits > usual.minorUnits * 2 else { return [] }
        let percent = recent.minorUnits * 100 / closing.minorUnits
        var evidence: [String: FieldValue] = [
            "recentCredits": .string(recent.description), "closingBalance": .string(closing.description),
            "percent": .int(percent), "credits": .int(count), "windowStart": .string(start.adding(days: 1).description),
            "windowEnd": .string(end.description), "historyDays": .int(max(0, historyDays)),
        ]
        if usual > .zero { evidence["usualCredits"] = .string(usual.description) }
        return [
            Finding(
                .fundsParked,
                "Credits of \(recent) in the \(windowDays) days before \(end) make up \(percent)% of the closing balance \(closing)"
                    + (usual > .zero ? "; the account usually receives \(usual) in 30 days." : "."),
                evidence: evidence
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
