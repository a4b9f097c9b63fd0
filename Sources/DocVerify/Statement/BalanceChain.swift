/// The running balance followed through the rows in time order, with each row's amount
/// given its side (from its column or sign, else from the change in balance).
///
/// Shared by the balance, totals and means checks so they agree on every row.
struct BalanceChain: Sendable {
    enum Order: String, Sendable {
        case oldestFirst = "oldest-first"
        case newestFirst = "newest-first"
    }

    struct Break: Sendable {
        var row: StatementRow
        var previous: Money
        /// What the balance should be; two values when only the amount's magnitude is known.
        var expected: [Money]
        var printed: Money
    }

    var order: Order
    /// Rows in time order (oldest first).
    var chronological: [StatementRow]
    /// Each row's signed amount, by ``StatementRow/index``, once resolved.
    var signedAmounts: [Int: Money]
    var breaks: [Break]
    /// The balance before the first row, when printed (opening balance or first brought-forward).
    var opening: Money?
    /// Set when the chain shows the table was misread rather than altered.
    var unreadableReason: String?

    /// The balance after the last row in time order.
    var finalBalance: Money? { chronological.last?.balance }

    /// `opening` is the opening balance printed in the header, used when the table prints none.
    static func evaluate(_ table: TransactionTable, opening: Money? = nil) -> BalanceChain {
        let order = detectOrder(table)
        var best = run(table, order: order ?? .oldestFirst, headerOpening: opening)
        if order == nil {
            let other = run(table, order: .newestFirst, headerOpening: opening)
            if other.breaks.count < best.breaks.count { best = other }
        }
        let rows = table.rows.count
        if best.breaks.count > max(3, rows / 4) {
            best.unreadableReason =
                "the balances do not follow the amounts on \(best.breaks.count) of \(rows) rows, so the columns were probably misread"
        }
        return best
    }

    /// Oldest-first when dates mostly rise down the page, newest-first when they mostly fall,
    /// `nil` when they cannot tell.
    static func detectOrder(_ table: TransactionTable) -> Order? {
        let dates = table.rows.compactMap(\.date)
        var rising = 0
        var falling = 0
        for (a, b) in zip(dates, dates.dropFirst()) {
            if b > a { rising += 1 } else if b < a { falling += 1 }
        }
        if rising > falling { return .oldestFirst }
        if falling > rising { return .newestFirst }
        return nil
    }

    private static func run(_ table: TransactionTable, order: Order, headerOpening: Money?) -> BalanceChain {
        let chronological = order == .oldestFirst ? table.rows : table.rows.reversed()
        var opening: Money? = headerOpening
        if let anchor = table.anchors.first(where: { $0.kind == .opening }) {
            opening = anchor.value
        } else if order == .oldestFirst, let anchor = table.anchors.first(where: { $0.kind == .broughtForward && $0.rowsBefore == 0 }) {
            opening = anchor.value
        }
        // Brought-forward balances restart the chain at page starts (oldest-first only):
        // a broken carry is PAGE_CARRY_BROKEN's to report, not a broken row.
        var restarts: [Int: Money] = [:]
        if order == .oldestFirst {
            for anchor in table.anchors where anchor.kind == .broughtForward && anchor.rowsBefore > 0 {
                restarts[anchor.rowsBefore] = anchor.value
            }
        }
        var signed: [Int: Money] = [:]
        var breaks: [Break] = []
        var previous = opening
        for (position, row) in chronological.enumerated() {
            if order == .oldestFirst, let restart = restarts[position] { previous = restart }
            guard let balance = row.balance, let magnitude = row.magnitude else {
                previous = row.balance
                continue
            }
            if let amount = row.amount {
                signed[row.index] = amount
                if let p = previous, p + amount != balance {
                    breaks.append(Break(row: row, previous: p, expected: [p + amount], printed: balance))
                }
            } else if let p = previous {
                if p - magnitude == balance {
                    signed[row.index] = -magnitude
                } else if p + magnitude == balance {
                    signed[row.index] = magnitude
                } else {
                    breaks.append(Break(row: row, previous: p, expected: [p - magnitude, p + magnitude], printed: balance))
                }
            }
            previous = balance
        }
        return BalanceChain(
            order: order, chronological: chronological, signedAmounts: signed, breaks: breaks, opening: opening,
            unreadableReason: nil
        )
    }
}
