internal import Foundation

/// An amount of money in integer minor units (cents, fen). Never floating point: every sum
/// a statement check makes is exact.
///
/// Parsed amounts have at most 13 integer digits, so sums over any statement docverify
/// reads (bounded by `max_pages`) stay far inside `Int`'s range.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var minorUnits: Int

    public init(minorUnits: Int) { self.minorUnits = minorUnits }

    public static let zero = Money(minorUnits: 0)

    public static func + (lhs: Money, rhs: Money) -> Money { Money(minorUnits: lhs.minorUnits + rhs.minorUnits) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(minorUnits: lhs.minorUnits - rhs.minorUnits) }
    public static prefix func - (value: Money) -> Money { Money(minorUnits: -value.minorUnits) }
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

    public var magnitude: Money { Money(minorUnits: abs(minorUnits)) }
    public var isNegative: Bool { minorUnits < 0 }

    /// `-1234.56` style: a plain decimal with two fraction digits (for evidence and messages).
    public var description: String {
        let sign = minorUnits < 0 ? "-" : ""
        let units = abs(minorUnits)
        let fraction = units % 100
        return "\(sign)\(units / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// One amount as printed, read by ``AmountParser``.
public struct ParsedAmount: Sendable, Equatable {
    /// Which side a printed marker puts the amount on.
    public enum Marker: Sendable, Equatable {
        /// `DR`, a minus sign, a trailing minus or parentheses.
        case debit
        /// `CR` or a plus sign.
        case credit
    }

    /// The value with its printed sign applied (a debit marker makes it negative).
    public var value: Money
    /// The sign or `DR`/`CR` marker, when one is printed.
    public var marker: Marker?
}

/// Reads the amount forms of `docs/bank-statement.md`, "Reading a statement": `1,234.56`, `1.234,56`, `1 234,56`,
/// `1234.56`, `1'234.56`; signs as `-1,234.56`, `+1,234.56`, `(1,234.56)`, `1,234.56-`,
/// `1,234.56 DR`/`CR`; with or without a currency token (`CNY`, `EUR`, `¥`, `€` …).
///
/// An amount must have exactly two fraction digits: that keeps reference numbers,
/// years and counts from being read as money.
public enum AmountParser {
    static let currencyTokens = [
        "CNY", "RMB", "EUROS", "EURO", "EUR", "USD", "GBP", "CHF", "HKD", "JPY", "SGD", "CAD", "AUD", "NZD", "INR", "ZAR",
        "TWD", "SEK", "DKK", "NOK", "HK$", "US$", "NZ$", "A$", "NT$", "RS.", "RS", "RM", "人民币元", "人民币", "元", "¥", "￥", "€", "₹", "$", "£",
    ]

    /// The amount printed in `text`, or `nil` when it is not exactly one amount.
    public static func parse(_ text: String) -> ParsedAmount? {
        // Most words on a page are not amounts: no digit, no amount.
        guard text.utf8.count <= 60, text.containsASCIIDigit else { return nil }
        var s = Substring(text)
        while let f = s.first, f == " " || f == "\u{00A0}" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{00A0}" { s = s.dropLast() }
        guard !s.isEmpty, s.count <= 40 else { return nil }
        var marker: ParsedAmount.Marker?

        func setMarker(_ m: ParsedAmount.Marker) -> Bool {
            if let marker, marker != m { return false }
            marker = m
            return true
        }
        func trim() {
            while let f = s.first, f == " " || f == "\u{00A0}" { s = s.dropFirst() }
            while let l = s.last, l == " " || l == "\u{00A0}" { s = s.dropLast() }
        }

        // Letters or symbols (DR/CR, a currency) need the slow path; plain numbers do not.
        let plain = s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C || $0 == 0x2E || $0 == 0x20 || $0 == 0x27 }
        if plain { return parseUnsigned(s).map { ParsedAmount(value: Money(minorUnits: $0), marker: nil) } }

        // Trailing DR / CR (`Dr.`, `CR`).
        var upper = s.uppercased()
        if upper.hasSuffix("DR.") || upper.hasSuffix("CR.") {
            s = s.dropLast()
            upper.removeLast()
        }
        if upper.hasSuffix("DR") || upper.hasSuffix("CR") {
            let m: ParsedAmount.Marker = upper.hasSuffix("DR") ? .debit : .credit
            s = s.dropLast(2)
            trim()
            guard setMarker(m) else { return nil }
        }
        // Parentheses.
        if s.hasPrefix("("), s.hasSuffix(")") {
            s = s.dropFirst().dropLast()
            trim()
            guard setMarker(.debit) else { return nil }
        }
        // Currency token before or after (possibly with the sign in front of it: -€12.00).
        var leadingSign: Character?
        if let first = s.first, first == "-" || first == "+" || first == "−" {
            leadingSign = first
            s = s.dropFirst()
            trim()
        }
        let hasSymbol = s.utf8.contains { $0 >= 0x80 || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x24 }
        let folded = hasSymbol ? s.uppercased() : ""
        for token in currencyTokens where hasSymbol {
            if folded.hasPrefix(token) {
                s = s.dropFirst(token.count)
                trim()
                break
            }
            if folded.hasSuffix(token) {
                s = s.dropLast(token.count)
                trim()
                break
            }
        }
        if leadingSign == nil, let first = s.first, first == "-" || first == "+" || first == "−" {
            leadingSign = first
            s = s.dropFirst()
            trim()
        }
        if let sign = leadingSign {
            guard setMarker(sign == "+" ? .credit : .debit) else { return nil }
        }
        if let last = s.last, last == "-" || last == "+" || last == "−" {
            s = s.dropLast()
            guard setMarker(last == "+" ? .credit : .debit) else { return nil }
        }
        guard let units = parseUnsigned(s) else { return nil }
        let value = Money(minorUnits: marker == .debit ? -units : units)
        return ParsedAmount(value: value, marker: marker)
    }

    /// Digits with optional group separators and a two-digit fraction, in minor units.
    static func parseUnsigned(_ s: Substring) -> Int? {
        // Scalars rather than Characters: every character of an amount is one scalar, and a
        // combining mark on a digit then simply fails as an unknown separator.
        var chars = Array(s.unicodeScalars)
        // `702 .10`: a space before the decimal separator (OCR, letter-spaced print) is no group.
        if chars.count >= 5, chars[chars.count - 4] == " ", chars[chars.count - 3] == "." || chars[chars.count - 3] == "," {
            chars.remove(at: chars.count - 4)
        }
        // `.00`, `.50`: an amount under one unit printed without its leading zero.
        if chars.count == 3, chars[0] == ".", isDigit(chars[1]), isDigit(chars[2]) {
            return Int(chars[1].value - 48) * 10 + Int(chars[2].value - 48)
        }
        guard chars.count >= 4 else { return nil }
        let n = chars.count
        let decimal = chars[n - 3]
        guard decimal == "." || decimal == ",", isDigit(chars[n - 2]), isDigit(chars[n - 1]) else { return nil }
        let integerPart = chars[0..<(n - 3)]
        guard let firstChar = integerPart.first, isDigit(firstChar), let lastChar = integerPart.last, isDigit(lastChar)
        else { return nil }
        // Group separator: whatever non-digit appears in the integer part; it must be one kind,
        // differ from the decimal separator, and split the digits 1-3 then 3, 3, ….
        // Indian grouping (`1,04,000.00`, `12,34,567.89`): after the first group, groups of two
        // up to the last three digits.
        var separator: Unicode.Scalar?
        var digits = 0
        var units = 0
        var group = 0
        var groups: [Int] = []
        for c in integerPart {
            if isDigit(c) {
                digits += 1
                group += 1
                units = units &* 10 &+ Int(c.value - 48)
                continue
            }
            guard c != decimal, groupSeparators.contains(c) else { return nil }
            if let separator {
                guard separator == c else { return nil }
            } else {
                separator = c
            }
            groups.append(group)
            group = 0
        }
        if separator != nil {
            groups.append(group)
            let western = (1...3).contains(groups[0]) && groups.dropFirst().allSatisfy { $0 == 3 }
            let indian =
                separator == "," && groups.count >= 3 && (1...2).contains(groups[0])
                && groups.dropFirst().dropLast().allSatisfy { $0 == 2 } && groups.last == 3
            guard western || indian else { return nil }
        }
        guard digits <= 13 else { return nil }
        return units * 100 + Int(chars[n - 2].value - 48) * 10 + Int(chars[n - 1].value - 48)
    }

    private static let groupSeparators: [Unicode.Scalar] = [",", ".", " ", "\u{00A0}", "\u{202F}", "'", "’"]

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
}

extension Character {
    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}

extension StringProtocol {
    /// Whether any character is an ASCII digit (compared on bytes: it runs for most words).
    var containsASCIIDigit: Bool { utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }
}
