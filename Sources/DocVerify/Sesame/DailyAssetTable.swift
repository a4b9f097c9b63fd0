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
        guard let header = lines.firstIndex(where: isHeader) else { return nil }
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

    /// Whether a line names the table (`Daily Asset`, any case, or `日均资产`).
    static func isHeader(_ line: String) -> Bool {
        let scalars = Array(line.unicodeScalars.lazy.map { $0.properties.isUppercase && $0.isASCII ? Unicode.Scalar($0.value + 0x20)! : $0 })
        return SesameTableLabels.dailyAsset.contains { label in
            let needle = Array(label.unicodeScalars)
            guard needle.count <= scalars.count else { return false }
            return (0...(scalars.count - needle.count)).contains { start in
                scalars[start..<(start + needle.count)].elementsEqual(needle)
            }
        }
    }

    /// One row: a month (`2026-10`, `2026/10`, `2026年10月`) and three amounts.
    static func row(_ line: String) -> DailyAssetRow? {
        // Full-width forms to ASCII; `2026年10月` to `2026-10 `; blanks and tabs split tokens.
        var normalized = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: normalized.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x5E74: normalized.append("-")  // 年
            case 0x6708, 0x3000, 0x09: normalized.append(" ")  // 月, ideographic space, tab
            default: normalized.append(scalar)
            }
        }
        let tokens = String(normalized).split(separator: " ").map(String.init)
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
