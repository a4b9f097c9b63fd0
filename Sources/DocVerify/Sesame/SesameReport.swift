internal import DocPDF
internal import Foundation

/// What a report's text says, field by field, before any policy is applied.
struct SesameReport: Sendable {
    /// Each field's first value as printed, and the raw values when it appears more than once.
    var values: [SesameField: String] = [:]
    /// Fields printed more than once with different values.
    var conflicts: [SesameField: [String]] = [:]
    var dailyAsset: [DailyAssetRow]?

    var reportId: String? { values[.reportId].map { $0.uppercased().filter { !$0.isWhitespace } } }
    var issuedAt: SesameDate? { values[.issuedAt].flatMap(SesameDate.parse) }
    var validUntil: SesameDate? { values[.validUntil].flatMap(SesameDate.parse) }
    var dateOfBirth: SesameDate? { values[.dateOfBirth].flatMap(SesameDate.parse) }
    var scoreDate: SesameDate? { values[.scoreDate].flatMap(SesameDate.parse) }
    var name: String? { values[.name].flatMap { $0.isEmpty ? nil : $0 } }
    var idNumber: ChineseIDNumber? { values[.idNumber].map(ChineseIDNumber.init) }
    var passportNumber: String? { values[.passportNumber].map { $0.uppercased().filter { !$0.isWhitespace } } }

    /// The leading integer of the score's value (`782`, `782 极好`, `782 (Excellent)`).
    var score: Int? {
        guard let text = values[.score] else { return nil }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6 else { return nil }
        let rest = text.dropFirst(digits.count).first
        if let rest, rest.isNumber || rest == "." || rest == "," { return nil }
        return Int(digits)
    }

    /// Whether a field's printed value is there and in its form (`FIELD_MISSING` otherwise).
    func isReadable(_ field: SesameField) -> Bool {
        switch field {
        case .reportId:
            guard let id = reportId else { return false }
            return (8...40).contains(id.count) && id.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "-" }
        case .issuedAt: return issuedAt != nil
        case .validUntil: return validUntil != nil
        case .name: return name != nil
        case .dateOfBirth: return dateOfBirth != nil
        case .passportNumber:
            guard let passport = passportNumber else { return false }
            return (5...12).contains(passport.count) && passport.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "*" }
        case .idNumber: return idNumber != nil
        case .score: return score != nil
        case .scoreDate: return scoreDate != nil
        }
    }

    /// Reads the fields from the pages' lines (rebuilt from positioned words).
    static func read(pages: [PDFPageText]) -> SesameReport {
        var report = SesameReport()
        var allLines: [String] = []
        for page in pages {
            let lines = SesameTextLines.lines(of: page)
            allLines += lines
            for line in lines {
                for match in SesameFieldParser.fields(in: line) where !match.value.isEmpty {
                    if let existing = report.values[match.field] {
                        // A bilingual report may print the name in Chinese and in pinyin.
                        if match.field != .name, canonical(match.field, existing) != canonical(match.field, match.value) {
                            report.conflicts[match.field, default: [existing]].append(match.value)
                        }
                    } else {
                        report.values[match.field] = match.value
                    }
                }
            }
        }
        report.dailyAsset = DailyAssetTable.rows(in: allLines)
        return report
    }

    /// A value in a form where two printings of the same fact compare equal
    /// (`2026-11-20` and `2026年11月20日`; `782` and `782 极好`).
    private static func canonical(_ field: SesameField, _ value: String) -> String {
        switch field {
        case .issuedAt, .validUntil, .dateOfBirth, .scoreDate:
            if let date = SesameDate.parse(value) { return date.day.description }
        case .score:
            var single = SesameReport()
            single.values[.score] = value
            if let score = single.score { return String(score) }
        default:
            break
        }
        return String(value.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace }).uppercased()
    }
}
