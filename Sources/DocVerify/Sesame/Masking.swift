internal import Foundation

/// How personal data appears in a verdict's `fields` (`docs/verdict.md`, "Privacy"): enough for
/// the officer to match the document with the application, not enough to reproduce it.
enum Masking {
    /// A Chinese name keeps its first character (`张*`); a Latin name becomes its
    /// initials (`Z. W.`).
    static func name(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first else { return "" }
        if trimmed.unicodeScalars.contains(where: isCJK) {
            let rest = trimmed.dropFirst().filter { !$0.isWhitespace }
            return String(first) + String(repeating: "*", count: max(rest.count, 1))
        }
        let initials = trimmed.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," }).compactMap(\.first)
        return initials.map { "\(String($0).uppercased())." }.joined(separator: " ")
    }

    /// At most the first 4 and the last 4 characters; the rest are `*`.
    static func identifier(_ value: String, keep: Int = 4) -> String {
        let chars = Array(value.filter { !$0.isWhitespace })
        let visible = min(keep, chars.count / 4)
        guard visible > 0 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(visible)) + String(repeating: "*", count: chars.count - 2 * visible)
            + String(chars.suffix(visible))
    }

    /// A passport number keeps 2 characters at each end.
    static func passport(_ value: String) -> String { identifier(value, keep: 2) }

    /// A date of birth shows its year only.
    static func birthDate(_ date: CivilDate) -> String { "\(date.year)-**-**" }

    private static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
            || (0x20000...0x2A6DF).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
    }
}
