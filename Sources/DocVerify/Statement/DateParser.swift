/// Reads the date forms of `docs/bank-statement.md`, "Reading a statement": `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`,
/// `YYYYMMDD`, `DD.MM.YYYY`, `DD/MM/YYYY`, `DD-MM-YYYY` and `YYYY年MM月DD日`.
///
/// A token that has the *shape* of a date but names no calendar day (2026-02-30, month 13)
/// is reported as ``Token/impossible(_:)``: that is what `DATE_INVALID` looks for.
public enum DateParser {
    public enum Token: Sendable, Equatable {
        case date(CivilDate)
        /// Date-shaped but not a calendar date; the text as printed.
        case impossible(String)
    }

    /// How a document writes day-first slash dates: `DD/MM/YYYY` (the form `docs/bank-statement.md` lists) unless
    /// the document shows it writes `MM/DD/YYYY`.
    public enum SlashOrder: Sendable, Equatable {
        case dayFirst, monthFirst
    }

    /// Years a statement date can carry; outside, a date-shaped token is a number, not a date.
    static let plausibleYears = 1900...2100

    /// The date `token` is (the whole token; a trailing time after a space is ignored by callers).
    /// `compact` allows `YYYYMMDD`, which only a date column may use (elsewhere 8 digits are a number).
    public static func parse(_ token: Substring, compact: Bool = false, slashOrder: SlashOrder = .dayFirst) -> Token? {
        // Quick rejects on bytes: 8 to 20 of them, starting with a digit, only digits, separators and 年月日.
        let utf8 = token.utf8
        guard utf8.count >= 8, utf8.count <= 20, let lead = utf8.first, lead >= 0x30, lead <= 0x39 else { return nil }
        var separatorCount = 0
        for b in utf8 {
            if b == 0x2D || b == 0x2F || b == 0x2E {
                separatorCount += 1
            } else if b < 0x30 || (b > 0x39 && b < 0x80) {
                return nil
            }
        }
        if separatorCount == 0 && utf8.count == 8 && !compact { return nil }
        if utf8.allSatisfy({ $0 < 0x80 }) { return parseASCII(Array(utf8), text: token, compact: compact, slashOrder: slashOrder) }
        let t = Array(token)
        // YYYY年M月D日
        if let nian = t.firstIndex(of: "年"), let yue = t.firstIndex(of: "月"), t.last == "日", nian == 4, yue > nian + 1,
            yue < t.count - 2
        {
            guard let y = number(t[0..<4]), let m = number(t[(nian + 1)..<yue]), let d = number(t[(yue + 1)..<(t.count - 1)]),
                (1...2).contains(yue - nian - 1), (1...2).contains(t.count - 2 - yue)
            else { return nil }
            return make(y, m, d, text: token)
        }
        // YYYYMMDD
        if compact, t.count == 8, t.allSatisfy(\.isASCIIDigit) {
            guard let y = number(t[0..<4]), plausibleYears.contains(y), let m = number(t[4..<6]), let d = number(t[6..<8]) else {
                return nil
            }
            return make(y, m, d, text: token)
        }
        // Delimited forms.
        let separators: Set<Character> = ["-", "/", "."]
        let parts = token.split(omittingEmptySubsequences: false, whereSeparator: { separators.contains($0) })
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let seps = t.filter { separators.contains($0) }
        guard seps.count == 2, seps[0] == seps[1] else { return nil }
        let sep = seps[0]
        if parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count) {
            guard let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
            return make(y, m, d, text: token)
        }
        if (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4 {
            guard let a = Int(parts[0]), let b = Int(parts[1]), let y = Int(parts[2]) else { return nil }
            if sep == "/" && slashOrder == .monthFirst { return make(y, a, b, text: token) }
            return make(y, b, a, text: token)
        }
        return nil
    }

    /// The ASCII forms, on bytes: `YYYYMMDD` and the delimited forms.
    private static func parseASCII(_ b: [UInt8], text: Substring, compact: Bool, slashOrder: SlashOrder) -> Token? {
        if b.count == 8, b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard compact else { return nil }
            let y = value(b[0..<4]), m = value(b[4..<6]), d = value(b[6..<8])
            guard plausibleYears.contains(y) else { return nil }
            return make(y, m, d, text: text)
        }
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        var sep: UInt8 = 0
        for (i, c) in b.enumerated() where c == 0x2D || c == 0x2F || c == 0x2E {
            if sep != 0 && c != sep { return nil }
            sep = c
            parts.append(b[start..<i])
            start = i + 1
        }
        parts.append(b[start...])
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return nil }
        if parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count) {
            return make(value(parts[0]), value(parts[1]), value(parts[2]), text: text)
        }
        if (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4 {
            let a = value(parts[0]), c = value(parts[1]), y = value(parts[2])
            if sep == 0x2F && slashOrder == .monthFirst { return make(y, a, c, text: text) }
            return make(y, c, a, text: text)
        }
        return nil
    }

    private static func value(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func number(_ chars: ArraySlice<Character>) -> Int? {
        guard !chars.isEmpty, chars.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(String(chars))
    }

    private static func make(_ y: Int, _ m: Int, _ d: Int, text: Substring) -> Token? {
        guard plausibleYears.contains(y) else { return nil }
        if let date = CivilDate(year: y, month: m, day: d) { return .date(date) }
        return .impossible(String(text))
    }

    /// Every date-shaped token in free text (delimited forms and `年月日` only), in order.
    /// A token is a maximal run of digits and date separators, starting at a digit.
    public static func scan(_ text: String, slashOrder: SlashOrder = .dayFirst) -> [(text: String, token: Token)] {
        // Over UTF-8 bytes: a run is one contiguous byte range, so nothing is built until a
        // run with enough digits ends (pages are mostly words, not dates).
        var out: [(String, Token)] = []
        let bytes = Array(text.utf8)
        let n = bytes.count
        var start = -1
        var digits = 0
        func flush(_ end: Int) {
            defer {
                start = -1
                digits = 0
            }
            guard start >= 0, digits >= 6 else { return }
            var last = end
            while last > start, bytes[last - 1] == 0x2D || bytes[last - 1] == 0x2F || bytes[last - 1] == 0x2E { last -= 1 }
            let candidate = Substring(String(decoding: bytes[start..<last], as: UTF8.self))
            guard candidate.count >= 8, let token = parse(candidate, compact: false, slashOrder: slashOrder) else { return }
            out.append((String(candidate), token))
        }
        /// Whether the three bytes at `i` are `character` (one of 年, 月, 日).
        func isCJK(_ i: Int, _ character: (UInt8, UInt8, UInt8)) -> Bool {
            i + 2 < n && bytes[i] == character.0 && bytes[i + 1] == character.1 && bytes[i + 2] == character.2
        }
        var i = 0
        while i < n {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                if start < 0 { start = i }
                digits += 1
                i += 1
            } else if b == 0x2D || b == 0x2F || b == 0x2E {
                i += 1  // inside a run it is part of it; before one it is skipped
            } else if isCJK(i, year) || isCJK(i, month) {
                i += 3
            } else if isCJK(i, day) {
                flush(i + 3)
                i += 3
            } else {
                flush(i)
                i += 1
            }
        }
        flush(n)
        return out
    }

    private static let year: (UInt8, UInt8, UInt8) = (0xE5, 0xB9, 0xB4)  // 年
    private static let month: (UInt8, UInt8, UInt8) = (0xE6, 0x9C, 0x88)  // 月
    private static let day: (UInt8, UInt8, UInt8) = (0xE6, 0x97, 0xA5)  // 日

    /// Which slash order the text's `NN/NN/YYYY` dates use: month-first only when some
    /// second component exceeds 12 and no first component does.
    public static func slashOrder(of text: String) -> SlashOrder {
        slashOrder(of: scan(text, slashOrder: .dayFirst))
    }

    /// The slash order of tokens already scanned (day first).
    public static func slashOrder(of tokens: [(text: String, token: Token)]) -> SlashOrder {
        var firstOver12 = false
        var secondOver12 = false
        for (raw, _) in tokens where raw.contains("/") {
            let parts = raw.split(separator: "/")
            guard parts.count == 3, parts[2].count == 4, let a = Int(parts[0]), let b = Int(parts[1]) else { continue }
            if a > 12 { firstOver12 = true }
            if b > 12 { secondOver12 = true }
        }
        return secondOver12 && !firstOver12 ? .monthFirst : .dayFirst
    }
}
