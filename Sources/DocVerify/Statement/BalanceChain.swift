/// The running balance of one account's table followed through its rows in time order, with
/// each row's amount given its side (from its column, sign or direction, else from the change
/// in balance).
///
/// Banks print one day's rows in an order other than the one they were posted in, so a row
/// breaks the chain only when no order of that day's rows reconciles.
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
    /// Rows in time order (oldest first), one day's rows in the order that reconciles.
    var chronological: [StatementRow]
    /// Each row's signed amount, by ``StatementRow/index``, once resolved.
    var signedAmounts: [Int: Money]
    var breaks: [Break]
    /// The balance before the first row, when printed (opening balance or first brought-forward).
    var opening: Money?
    /// Set when the chain shows the table was misread rather than altered.
    var unreadableReason: String?
    /// How many days' rows had to be put in another order than printed to reconcile.
    var reorderedDays = 0

    /// The balance after the last row in time order.
    var finalBalance: Money? { chronological.last(where: { $0.balance != nil })?.balance }

    /// `opening` is the opening balance printed in the header, used when the table prints none.
    static func evaluate(_ table: TransactionTable, opening: Money? = nil) -> BalanceChain {
        let order = detectOrder(table)
        var best = run(table, order: order ?? .oldestFirst, headerOpening: opening)
        if order == nil {
            let other = run(table, order: .newestFirst, headerOpening: opening)
            if other.breaks.count < best.breaks.count { best = other }
        }
        let rows = table.rows.filter { $0.balance != nil }.count
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
        let printed = order == .oldestFirst ? table.rows : table.rows.reversed()
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
        var chronological: [StatementRow] = []
        chronological.reserveCapacity(printed.count)
        var previous = opening
        var pending: Money? = .zero
        var reorderedDays = 0
        var position = 0
        while position < printed.count {
            // One day's rows (a restart point also ends a group: the chain is cut there).
            var end = position + 1
            while end < printed.count, printed[end].date != nil, printed[end].date == printed[position].date,
                restarts[end] == nil
            {
                end += 1
            }
            if let restart = restarts[position] {
                previous = restart
                pending = .zero
            }
            let day = Array(printed[position..<end])
            // The statement's first day, with no balance before it: any of its rows may have been posted first.
            var start = previous
            if start == nil, day.count > 1, chronological.isEmpty {
                start = firstDayStart(day)
            }
            if day.count > 1, pending == .zero, let p = start, !follows(day, from: p), let reordered = reconcilingOrder(day, from: p) {
                previous = p
                reorderedDays += 1
                for row in reordered {
                    signed[row.index] = side(of: row, previous: previous!)
                    previous = row.balance
                    chronological.append(row)
                }
            } else if day.count > 1, pending == .zero, let p = start, !follows(day, from: p), let end = dayEnd(day, from: p) {
                // A day too busy to search every order: the day as a whole reconciles (its rows
                // sum to the change up to one of its balances, the day's last), which no edited
                // amount keeps.
                previous = end
                reorderedDays += 1
                for row in day {
                    signed[row.index] = row.amount
                    chronological.append(row)
                }
            } else {
                for (offset, row) in day.enumerated() {
                    let next = position + offset + 1 < printed.count ? printed[position + offset + 1] : nil
                    let before = previous
                    let breaksBefore = breaks.count
                    step(row, previous: &previous, pending: &pending, signed: &signed, breaks: &breaks)
                    // A row that breaks the chain while the next one follows from the balance
                    // before it changed nothing (a declined debit order printed with a 0.00, an
                    // informational line): not an edit, since an edited amount leaves its own
                    // balance standing and the next row follows from that.
                    let skipped = row.magnitude == nil && row.balance != nil && before != nil && row.balance != before
                    if breaks.count > breaksBefore || skipped, let before, let next, let nextBalance = next.balance,
                        pending == .zero, fits(next, previous: before, balance: nextBalance),
                        !fits(next, previous: row.balance ?? before, balance: nextBalance)
                    {
                        if breaks.count > breaksBefore { breaks.removeLast() }
                        if row.magnitude != nil { signed[row.index] = .zero }
                        previous = before
                    }
                    chronological.append(row)
                }
            }
            position = end
        }
        return BalanceChain(
            order: order, chronological: chronological, signedAmounts: signed, breaks: breaks, opening: opening,
            unreadableReason: nil, reorderedDays: reorderedDays
        )
    }

    /// Follows one row: records its signed amount and, where the balance does not follow, a break.
    private static func step(
        _ row: StatementRow, previous: inout Money?, pending: inout Money?, signed: inout [Int: Money], breaks: inout [Break]
    ) {
        if row.neutral {
            return
        }
        guard let magnitude = row.magnitude else {
            // A balance on a line whose amount could not be read: the chain goes on from it,
            // unchecked (the run loop skips it instead when the next row follows without it).
            if let balance = row.balance {
                previous = balance
                pending = .zero
            }
            return
        }
        guard let balance = row.balance else {
            // No balance printed on this row: its amount counts toward the next printed balance.
            if let amount = row.amount {
                signed[row.index] = amount
                pending = pending.map { $0 + amount }
            } else {
                pending = nil  // a side unknown: the next balance cannot be checked
            }
            return
        }
        defer { pending = .zero }
        guard let carried = pending else {
            // An earlier row's side is unknown: take the balance as printed and go on.
            if let amount = row.amount { signed[row.index] = amount }
            previous = balance
            return
        }
        let previous0 = previous.map { $0 + carried }
        if let amount = row.amount {
            signed[row.index] = amount
            if let p = previous0, p + amount != balance {
                breaks.append(Break(row: row, previous: p, expected: [p + amount], printed: balance))
            }
        } else if let p = previous0 {
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

    /// Whether the rows reconcile in the order given.
    private static func follows(_ rows: [StatementRow], from start: Money) -> Bool {
        var previous = start
        for row in rows {
            guard let balance = row.balance, fits(row, previous: previous, balance: balance) else { return false }
            previous = balance
        }
        return true
    }

    private static func fits(_ row: StatementRow, previous: Money, balance: Money) -> Bool {
        if let amount = row.amount { return previous + amount == balance }
        guard let magnitude = row.magnitude else { return false }
        return previous + magnitude == balance || previous - magnitude == balance
    }

    private static func side(of row: StatementRow, previous: Money) -> Money {
        if let amount = row.amount { return amount }
        return row.balance! - previous
    }

    /// The balance before the first day when no opening balance is printed: the balance
    /// before whichever row lets the whole day reconcile (printed order first).
    static func firstDayStart(_ rows: [StatementRow]) -> Money? {
        var candidates: [Money] = []
        for row in rows {
            guard let balance = row.balance else { continue }
            if let amount = row.amount {
                candidates.append(balance - amount)
            } else if let magnitude = row.magnitude {
                candidates += [balance + magnitude, balance - magnitude]
            }
        }
        if let first = candidates.first, follows(rows, from: first) { return first }
        return candidates.first { reconcilingOrder(rows, from: $0) != nil }
    }

    /// The day's closing balance when its rows, all with their sides known, sum to the change
    /// from `start` to one of the balances printed that day; only for days too busy for
    /// ``reconcilingOrder(_:from:)``.
    static func dayEnd(_ rows: [StatementRow], from start: Money) -> Money? {
        guard rows.count > reconcilingOrderLimit, rows.allSatisfy({ $0.amount != nil && $0.balance != nil && !$0.neutral }) else {
            return nil
        }
        let end = rows.reduce(start) { $0 + $1.amount! }
        return rows.contains { $0.balance == end } ? end : nil
    }

    /// The most rows of one day whose orders are searched one by one.
    static let reconcilingOrderLimit = 12

    /// An order of one day's rows in which every balance follows from the one before, found
    /// by depth-first search (days hold few rows; the search gives up on very busy days).
    static func reconcilingOrder(_ rows: [StatementRow], from start: Money) -> [StatementRow]? {
        guard rows.count <= reconcilingOrderLimit, rows.allSatisfy({ $0.balance != nil && $0.magnitude != nil && !$0.neutral }) else { return nil }
        var used = [Bool](repeating: false, count: rows.count)
        var path: [Int] = []
        var budget = 20_000
        func search(_ previous: Money) -> Bool {
            if path.count == rows.count { return true }
            budget -= 1
            if budget < 0 { return false }
            for i in rows.indices where !used[i] {
                let row = rows[i]
                guard fits(row, previous: previous, balance: row.balance!) else { continue }
                used[i] = true
                path.append(i)
                if search(row.balance!) { return true }
                path.removeLast()
                used[i] = false
            }
            return false
        }
        return search(start) ? path.map { rows[$0] } : nil
    }
}
