extension FindingCode {
    public static let fieldMissing = FindingCode("FIELD_MISSING")
    public static let scoreOutOfRange = FindingCode("SCORE_OUT_OF_RANGE")
    public static let scoreBelowMinimum = FindingCode("SCORE_BELOW_MINIMUM")
    public static let reportStale = FindingCode("REPORT_STALE")
    public static let reportExpired = FindingCode("REPORT_EXPIRED")
    public static let issuedInFuture = FindingCode("ISSUED_IN_FUTURE")
    public static let idNumberInvalid = FindingCode("ID_NUMBER_INVALID")
    public static let idBirthdateMismatch = FindingCode("ID_BIRTHDATE_MISMATCH")
    public static let fieldConflict = FindingCode("FIELD_CONFLICT")
    public static let dailyAssetInconsistent = FindingCode("DAILY_ASSET_INCONSISTENT")
}

extension FindingCatalogue {
    static let sesameEntries: [Entry] = {
        let family = "Sesame report fields and policy"
        return [
            Entry(
                .fieldMissing, .fail, family: family,
                "A required field of the report (report number, issue date, name or score) is missing or unreadable.",
                action: "Treat the report as not in the issuer's form."),
            Entry(
                .scoreOutOfRange, .fail, family: family,
                "The score is outside the scale of 350 to 950.",
                action: "Treat the report as wrong; no genuine report has such a score."),
            Entry(
                .scoreBelowMinimum, .warn, family: family,
                "The score is below the policy's minimum.",
                action: "The report does not prove means on its own: ask for the usual bank statements. A low score never counts against the applicant."),
            Entry(
                .reportStale, .warn, family: family,
                "The report was issued longer ago than the policy's maximum age.",
                action: "Ask for a recent report."),
            Entry(
                .reportExpired, .warn, family: family,
                "The report's own validity date has passed.",
                action: "Ask for a recent report."),
            Entry(
                .issuedInFuture, .fail, family: family,
                "The issue date lies after the evaluation time (beyond 5 minutes of clock skew).",
                action: "Treat the document as wrong; check the workstation's clock if many documents show this."),
            Entry(
                .idNumberInvalid, .fail, family: family,
                "An unmasked Chinese resident ID number fails the GB 11643 check character.",
                action: "Treat the identifier as wrong; a genuine document carries a valid one."),
            Entry(
                .idBirthdateMismatch, .fail, family: family,
                "The birth date inside the ID number differs from the stated date of birth.",
                action: "Treat the identity fields as inconsistent."),
            Entry(
                .fieldConflict, .warn, family: family,
                "A field of the report (score, report number, a date or an identifier) is printed twice with different values.",
                action: "Look at the document: which value does the issuer's layout show where?"),
            Entry(
                .dailyAssetInconsistent, .warn, family: family,
                "A row of the Daily Asset table does not order as minimum ≤ average ≤ maximum, or holds a negative amount.",
                action: "Look at the table; ask for bank statements if the figures matter."),
        ]
    }()
}
