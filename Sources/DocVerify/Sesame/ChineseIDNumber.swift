/// A Chinese resident identity number as a report prints it: 18 characters (17 digits and
/// a GB 11643 MOD 11-2 check character), or masked with `*`.
struct ChineseIDNumber: Sendable, Equatable {
    /// As printed, without blanks, upper-cased.
    var printed: String

    init(_ text: String) {
        printed = String(text.uppercased().filter { !$0.isWhitespace })
    }

    var isMasked: Bool { printed.contains("*") }

    /// What is wrong with the number, `nil` when nothing can be found wrong. A masked
    /// number is checked for its form only (length 18, digits where visible).
    var problem: String? {
        let chars = Array(printed)
        let allowed: (Character) -> Bool = { $0 == "*" || ($0.isASCII && $0.isNumber) }
        guard chars.count == 18 else {
            return isMasked ? nil : "it has \(chars.count) characters instead of 18"
        }
        guard chars[0..<17].allSatisfy(allowed), allowed(chars[17]) || chars[17] == "X" else {
            return "it contains characters other than digits and a final X"
        }
        if isMasked { return nil }
        // Own wording: the shared check's reasons quote digits of the number, which a
        // verdict must not carry.
        switch Identifiers.checkChineseID(printed) {
        case .valid: return nil
        case .invalid:
            return (birthDate?.year ?? 0) < 1900
                ? "its birth-date digits are not a calendar date" : "its check character does not match GB 11643 (MOD 11-2)"
        case .notApplicable: return "it is not in the form of a resident ID number"
        }
    }

    /// The birth date in positions 7–14, when those are visible and form a date.
    var birthDate: CivilDate? {
        let chars = Array(printed)
        guard chars.count == 18 else { return nil }
        let segment = chars[6..<14]
        guard segment.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let digits = segment.map { $0.wholeNumberValue! }
        let year = digits[0..<4].reduce(0) { $0 * 10 + $1 }
        let month = digits[4] * 10 + digits[5]
        let day = digits[6] * 10 + digits[7]
        return CivilDate(year: year, month: month, day: day)
    }
}
