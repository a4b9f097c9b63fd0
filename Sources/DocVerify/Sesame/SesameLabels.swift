/// The label table of `docs/sesame-report.md`, "Text layer": which printed labels name which
/// field. A new issuer wording is a new entry here, not new code.
enum SesameField: String, CaseIterable, Sendable {
    case reportId, issuedAt, validUntil, name, dateOfBirth, passportNumber, idNumber, score, scoreDate

    /// Every label that names the field, English and Chinese. English labels match
    /// case-insensitively at word boundaries; a label may be followed by its translation
    /// (`芝麻分 Sesame Score:`) in either order.
    var labels: [String] {
        switch self {
        case .reportId: ["Report No.", "Report No", "Report Number", "报告编号"]
        case .issuedAt: ["Issue Date", "Date of Issue", "出具日期"]
        case .validUntil: ["Valid Until", "有效期至"]
        case .name: ["Name", "姓名"]
        case .dateOfBirth: ["Date of Birth", "出生日期"]
        case .passportNumber: ["Passport No.", "Passport No", "护照号码"]
        case .idNumber: ["ID Number", "身份证号码", "证件号码"]
        case .score: ["Sesame Score", "Zhima Score", "芝麻分"]
        case .scoreDate: ["Score Date", "评分日期"]
        }
    }

    /// Fields a report must have (`FIELD_MISSING` otherwise).
    static let required: [SesameField] = [.reportId, .issuedAt, .name, .score]

    /// How the field is named in findings.
    var displayName: String {
        switch self {
        case .reportId: "report number"
        case .issuedAt: "issue date"
        case .validUntil: "validity date"
        case .name: "name"
        case .dateOfBirth: "date of birth"
        case .passportNumber: "passport number"
        case .idNumber: "ID number"
        case .score: "Sesame score"
        case .scoreDate: "score date"
        }
    }
}

/// Labels of the optional monthly table (`Daily Asset`, `日均资产`).
enum SesameTableLabels {
    static let dailyAsset = ["daily asset", "日均资产"]
}
