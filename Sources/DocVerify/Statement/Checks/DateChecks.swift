/// `DATE_INVALID`: an impossible calendar date in a row's date cell or a labelled header date
/// (period, issue date). Digits in descriptions and references are not dates.
enum DateInvalidCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        var seen = input.statement.impossibleDates
        for row in input.statement.table.rows where row.impossibleDate && !seen.contains(row.dateText) {
            seen.append(row.dateText)
        }
        guard let first = seen.first else { return [] }
        let row = input.statement.table.rows.first { $0.impossibleDate && $0.dateText == first }
        let page = row?.page ?? input.statement.header[.period]?.page ?? input.statement.header[.issueDate]?.page
        var evidence: [String: FieldValue] = ["dates": .array(seen.prefix(5).map { .string($0) })]
        if let page { evidence["page"] = .int(page) }
        if let row { evidence["row"] = .int(row.index) }
        return [
            Finding(
                .dateInvalid,
                "The date \(first) is not a calendar date" + (seen.count > 1 ? " (\(seen.count) such dates)." : "."),
                page: page, evidence: evidence
            )
        ]
    }
}

/// `DATE_OUTSIDE_PERIOD`: a transaction dated outside the stated period or after the issue date.
enum DateOutsidePeriodCheck: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        let header = input.statement.header
        let period = header.period
        let issued = header.issueDate
        guard period != nil || issued != nil else { return [] }
        var offending: [(StatementRow, String)] = []
        for row in input.statement.table.rows {
            guard let date = row.date else { continue }
            if let period, date < period.start || date > period.end {
                offending.append((row, "outside the period \(period.start) to \(period.end)"))
            } else if let issued, date > issued {
                offending.append((row, "after the issue date \(issued)"))
            }
        }
        guard let (row, why) = offending.first else { return [] }
        var evidence = row.evidence
        if let period {
            evidence["periodStart"] = .string(period.start.description)
            evidence["periodEnd"] = .string(period.end.description)
        }
        if let issued { evidence["issueDate"] = .string(issued.description) }
        evidence["rows"] = .int(offending.count)
        return [
            Finding(
                .dateOutsidePeriod,
                "Row \(row.index) (page \(row.page)) is dated \(row.date!), \(why)"
                    + (offending.count > 1 ? " (\(offending.count) rows in all)." : "."),
                page: row.page, evidence: evidence
            )
        ]
    }
}

/// `DATE_ORDER`: rows not in date order, in whichever direction the statement runs.
enum DateOrderCheck: StatementCheck {
    /// How far a transaction date may lie behind the rows printed before it (posting delay).
    static let postingSlackDays = 7

    static func run(_ input: StatementInput) -> [Finding] {
        // Each account's table has its own order (a second account starts again at the period's start).
        for table in input.statement.tables {
            if let finding = check(table) { return [finding] }
        }
        return []
    }

    static func check(_ table: TransactionTable) -> Finding? {
        let rows = table.rows.filter { $0.date != nil }
        guard rows.count >= 3, let order = BalanceChain.detectOrder(table) else { return nil }
        // Banks print rows in posting order with the transaction's own date, which can lie a
        // few days before (or after) its neighbours': only a step back beyond that is out of order.
        var outOfOrder: [StatementRow] = []
        var furthest = rows[0].date!
        for row in rows.dropFirst() {
            let date = row.date!
            let back = order == .oldestFirst ? furthest.dayNumber - date.dayNumber : date.dayNumber - furthest.dayNumber
            if back > postingSlackDays { outOfOrder.append(row) }
            if order == .oldestFirst ? date > furthest : date < furthest { furthest = date }
        }
        guard let first = outOfOrder.first else { return nil }
        var evidence = first.evidence
        evidence["order"] = .string(order.rawValue)
        evidence["rows"] = .int(outOfOrder.count)
        return Finding(
            .dateOrder,
            "Row \(first.index) (page \(first.page), \(first.date!)) breaks the statement's \(order.rawValue) date order"
                + (outOfOrder.count > 1 ? " (\(outOfOrder.count) rows in all)." : "."),
            page: first.page, evidence: evidence
        )
    }
}
