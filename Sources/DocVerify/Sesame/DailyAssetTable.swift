internal import Foundation

/// The optional "Daily Asset" table (`日均资产`): one row per month,
/// `YYYY-MM  average  minimum  maximum`, amounts in CNY with optional thousands separators.
struct DailyAssetRow: Sendable, Equatable {
    var year: Int
    var month: Int
    /// Amounts in fen (hundredths of a yuan), to stay exact.
    var average: Int
    var minimum: Int
    var maximum: Int

    /// `minimum ≤ average ≤ maximum`, and no amount negative.
    var isConsistent: Bool { minimum >= 0 && minimum <= average && average <= maximum }

    var monthText: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}

enum DailyAssetTable {
    /// The rows after the first line naming the table; `nil` when there is no such line.
    static func rows(in lines: [String]) -> [DailyAssetRow]? {
        guard
            let header = lines.firstIndex(where: { line in
                let lower = line.lowercased()
                return SesameTableLabels.dailyAsset.contains { lower.contains($0) }
            })
        else { return nil }
        var rows: [DailyAssetRow] = []
        var misses = 0
        for line in lines[(header + 1)...] {
            if let row = row(line) {
                rows.append(row)
                misses = 0
            } else {
                // Column headings between the title and the rows; the table ends at the
                // first other line once rows have begun.
                misses += 1
                if !rows.isEmpty || misses > 3 { break }
            }
        }
        return rows
    }

    /// One row: a month (`2026-10`, `2026/10`, `2026年10月`) and three amounts.
    static func row(_ line: String) -> DailyAssetRow? {
        let normalized = line.precomposedStringWithCompatibilityMapping
            .replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: " ")
        let tokens = normalized.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            .filter { !["¥", "CNY", "RMB", "元"].contains($0) }
        guard tokens.count == 4 else { return nil }
        let parts = tokens[0].split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
            (1...12).contains(month)
        else { return nil }
        let amounts = tokens[1...].compactMap(amount)
        guard amounts.count == 3 else { return nil }
        return DailyAssetRow(year: year, month: month, average: amounts[0], minimum: amounts[1], maximum: amounts[2])
    }

    /// `152,300.00`, `152300`, `¥152,300.5` → fen.
    static func amount(_ token: String) -> Int? {
        var text = Substring(token)
        for prefix in ["¥", "CNY", "RMB"] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        if text.hasSuffix("元") { text = text.dropLast() }
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let whole = pieces.first, !whole.isEmpty else { return nil }
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            groups.count == 1 || (groups.dropFirst().allSatisfy { $0.count == 3 } && groups[0].count <= 3)
        else { return nil }
        guard let yuan = Int(groups.joined()) else { return nil }
        var fen = 0
        if pieces.count == 2 {
            let fraction = pieces[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            fen = Int(fraction)! * (fraction.count == 1 ? 10 : 1)
        }
        return yuan * 100 + fen
    }
}
