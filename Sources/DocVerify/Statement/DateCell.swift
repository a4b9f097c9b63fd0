/// The date printed in a transaction row's date cell, in any of the forms banks print:
/// the whole-token forms of ``DateParser`` (`2026-03-01`, `01.03.2026`, `20260301`, `2026年3月1日`),
/// two-digit years (`01/03/26`), no year at all (`01/03`, `01.03.`, `1 Mar`), month names in
/// English, French, German, Dutch and Spanish (`1 Mar 2026`, `01-MAR-26`, `3 janv. 2026`,
/// `3. März 2026`, `Mar 1, 2026`), and spaced forms (`23 / 06 / 2025`).
///
/// A date without a year gets one from the statement's period (``resolved(period:fallbackYear:)``),
/// so rows that run across a year boundary (`28 Dec` … `3 Jan`) land in the right years.
struct DateCell: Sendable, Equatable {
    var day: Int
    var month: Int
    /// `nil` when the cell prints no year.
    var year: Int?
    /// The cell as printed.
    var text: String
    /// How many of the line's words the cell took.
    var wordCount: Int

    /// Whether day and month can be a calendar date in some year (29 February can).
    var isPossible: Bool {
        if let year { return CivilDate.isValid(year: year, month: month, day: day) }
        return CivilDate.isValid(year: 2000, month: month, day: day)
    }

    /// The calendar date, the year taken from the period when the cell prints none; `nil`
    /// when the cell names no calendar day (see ``isPossible``).
    func resolved(period: (start: CivilDate, end: CivilDate)?, fallbackYear: Int?) -> CivilDate? {
        if let year { return CivilDate(year: year, month: month, day: day) }
        if let period {
            // The year that puts the date inside the period, or nearest to it.
            var best: (date: CivilDate, distance: Int)?
            for y in (period.start.year - 1)...(period.end.year + 1) {
                guard let date = CivilDate(year: y, month: month, day: day) else { continue }
                let distance =
                    date < period.start
                    ? period.start.dayNumber - date.dayNumber
                    : (date > period.end ? date.dayNumber - period.end.dayNumber : 0)
                if best == nil || distance < best!.distance { best = (date, distance) }
            }
            return best?.date
        }
        guard let fallbackYear else { return nil }
        return CivilDate(year: fallbackYear, month: month, day: day)
    }
}

enum DateCellParser {
    /// The longest date cell at the start of `words` (at most five words), or `nil`.
    /// `slashOrder` decides `NN/NN/YYYY`; yearless and two-digit-year slash forms are day first
    /// unless the statement writes month first.
    static func parse(_ words: [String], slashOrder: DateParser.SlashOrder = .dayFirst) -> DateCell? {
        guard let first = words.first, let lead = first.unicodeScalars.first else { return nil }
        let startsWithDigit = lead.value >= 0x30 && lead.value <= 0x39
        if !startsWithDigit && monthNumber(first) == nil { return nil }
        // A whole date in one word (the common case) needs no longer reading.
        if startsWithDigit, let cell = parse(joined: first, compactText: first, count: 1, slashOrder: slashOrder), cell.year != nil {
            return cell
        }
        // Longest first: `2 Jan 2026` before `2 Jan`.
        for count in stride(from: min(5, words.count), through: 1, by: -1) {
            let slice = words[0..<count]
            if let cell = parse(joined: slice.joined(separator: " "), compactText: slice.joined(), count: count, slashOrder: slashOrder) {
                return cell
            }
        }
        return nil
    }

    private static func parse(joined: String, compactText: String, count: Int, slashOrder: DateParser.SlashOrder) -> DateCell? {
        // Whole-token numeric forms, including the spaced `23 / 06 / 2025` once its spaces are gone.
        let numeric = count == 1 ? joined : compactText
        if numeric.unicodeScalars.allSatisfy({ isDigit($0) || $0 == "/" || $0 == "." || $0 == "-" || $0 == "年" || $0 == "月" || $0 == "日" }) {
            if count > 1 && !joined.contains(where: { $0 == "/" || $0 == "." || $0 == "-" }) { return nil }
            var trimmed = Substring(numeric)
            if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
            if let token = DateParser.parse(trimmed, compact: true, slashOrder: slashOrder) {
                switch token {
                case .date(let d): return DateCell(day: d.day, month: d.month, year: d.year, text: joined, wordCount: count)
                case .impossible: return impossibleCell(trimmed, text: joined, count: count, slashOrder: slashOrder)
                }
            }
            return shortNumeric(trimmed, text: joined, count: count, slashOrder: slashOrder)
        }
        return named(joined, count: count)
    }

    /// A date-shaped token that ``DateParser`` calls impossible, kept with its parts so the
    /// row still records what was printed.
    private static func impossibleCell(_ token: Substring, text: String, count: Int, slashOrder: DateParser.SlashOrder) -> DateCell? {
        let parts = token.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).compactMap { Int($0) }
        if token.contains("年") {
            let digits = token.split(whereSeparator: { $0 == "年" || $0 == "月" || $0 == "日" }).compactMap { Int($0) }
            guard digits.count == 3 else { return nil }
            return DateCell(day: digits[2], month: digits[1], year: digits[0], text: text, wordCount: count)
        }
        if parts.count == 3 {
            if parts[0] > 999 { return DateCell(day: parts[2], month: parts[1], year: parts[0], text: text, wordCount: count) }
            let monthFirst = token.contains("/") && slashOrder == .monthFirst
            return DateCell(day: monthFirst ? parts[1] : parts[0], month: monthFirst ? parts[0] : parts[1], year: parts[2], text: text, wordCount: count)
        }
        if token.count == 8, let all = Int(token) {
            return DateCell(day: all % 100, month: all / 100 % 100, year: all / 10_000, text: text, wordCount: count)
        }
        return nil
    }

    /// `DD/MM/YY`, `DD.MM.YY`, `DD-MM-YY`, `DD/MM`, `DD.MM`: day and month of one or two
    /// digits. A day over 31 or a month over 12 is not a date at all (a fraction, a code); a
    /// day the month does not have (`31/04`) is an impossible date.
    private static func shortNumeric(_ token: Substring, text: String, count: Int, slashOrder: DateParser.SlashOrder) -> DateCell? {
        let separators: Set<Character> = ["/", ".", "-"]
        let seps = token.filter { separators.contains($0) }
        guard let sep = seps.first, seps.allSatisfy({ $0 == sep }) else { return nil }
        let parts = token.split(separator: sep, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
            (1...2).contains(parts[0].count), (1...2).contains(parts[1].count)
        else { return nil }
        var a = Int(parts[0])!
        var b = Int(parts[1])!
        if sep == "/" && slashOrder == .monthFirst { swap(&a, &b) }
        guard a >= 1, a <= 31, b >= 1, b <= 12 else { return nil }
        var year: Int?
        if parts.count == 3 {
            guard parts[2].count == 2, let yy = Int(parts[2]) else { return nil }
            year = yy < 70 ? 2000 + yy : 1900 + yy
        }
        return DateCell(day: a, month: b, year: year, text: text, wordCount: count)
    }

    /// Forms with a month name: `1 Mar 2026`, `01 MAR 26`, `1 Mar`, `01-Mar-2026`, `01MAR26`,
    /// `3. März 2026`, `Mar 1, 2026`, `Mar 1`.
    private static func named(_ text: String, count: Int) -> DateCell? {
        // Split into digit runs and letter runs; other characters (space, `-`, `.`, `,`) separate.
        var parts: [(isNumber: Bool, text: String)] = []
        var current = ""
        var currentIsNumber = false
        for scalar in text.unicodeScalars {
            let digit = isDigit(scalar)
            let letter = scalar.properties.isAlphabetic
            if digit || letter {
                if !current.isEmpty && currentIsNumber != digit {
                    parts.append((currentIsNumber, current))
                    current = ""
                }
                currentIsNumber = digit
                current.unicodeScalars.append(scalar)
            } else {
                guard scalar == " " || scalar == "-" || scalar == "." || scalar == "," || scalar == "/" else { return nil }
                if !current.isEmpty { parts.append((currentIsNumber, current)) }
                current = ""
            }
        }
        if !current.isEmpty { parts.append((currentIsNumber, current)) }
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var day: Int?
        var month: Int?
        var year: Int?
        if !parts[0].isNumber {
            // Month first: `Mar 1` / `Mar 1, 2026`.
            guard let m = monthNumber(parts[0].text), parts[1].isNumber, parts[1].text.count <= 2 else { return nil }
            month = m
            day = Int(parts[1].text)
            if parts.count == 3 {
                guard parts[2].isNumber, parts[2].text.count == 4 else { return nil }
                year = Int(parts[2].text)
            }
        } else {
            guard parts[0].text.count <= 2, !parts[1].isNumber, let m = monthNumber(parts[1].text) else { return nil }
            day = Int(parts[0].text)
            month = m
            if parts.count == 3 {
                guard parts[2].isNumber, parts[2].text.count == 2 || parts[2].text.count == 4, let y = Int(parts[2].text) else {
                    return nil
                }
                year = parts[2].text.count == 2 ? (y < 70 ? 2000 + y : 1900 + y) : y
            }
        }
        guard let day, let month, day >= 1, day <= 31 else { return nil }
        if let year, !DateParser.plausibleYears.contains(year) { return nil }
        return DateCell(day: day, month: month, year: year, text: text, wordCount: count)
    }

    /// The month a name or abbreviation stands for, in English, French, German, Dutch or Spanish.
    static func monthNumber(_ word: String) -> Int? {
        var key = word.lowercased()
        while let last = key.last, last == "." || last == "," { key.removeLast() }
        guard key.count >= 3, key.count <= 10 else { return nil }
        return months[key]
    }

    private static let months: [String: Int] = {
        let names: [[String]] = [
            ["jan", "january", "janv", "janvier", "januar", "jän", "jänner", "januari", "ene", "enero"],
            ["feb", "february", "févr", "fevr", "février", "fevrier", "februar", "februari", "febrero"],
            ["mar", "march", "mars", "märz", "mär", "mrz", "maart", "mrt", "marzo"],
            ["apr", "april", "avr", "avril", "abr", "abril"],
            ["may", "mai", "mei", "mayo"],
            ["jun", "june", "juin", "juni", "junio"],
            ["jul", "july", "juil", "juillet", "juli", "julio"],
            ["aug", "august", "août", "aout", "augustus", "ago", "agosto"],
            ["sep", "sept", "september", "septembre", "septiembre"],
            ["oct", "october", "octobre", "okt", "oktober", "octubre"],
            ["nov", "november", "novembre", "noviembre"],
            ["dec", "december", "déc", "décembre", "decembre", "dez", "dezember", "dic", "diciembre"],
        ]
        var out: [String: Int] = [:]
        for (index, list) in names.enumerated() { for name in list { out[name] = index + 1 } }
        return out
    }()

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
}
