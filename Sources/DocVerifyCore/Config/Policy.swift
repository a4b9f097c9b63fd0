/// The thresholds one consulate applies. Authenticity checks never depend on policy;
/// policy only decides what needs a person (`review`).
public struct Policy: Sendable, Equatable, Codable {
    public var name: String
    /// Lowest Sesame score that proves means on its own.
    public var minimumScore: Int
    /// Oldest a Sesame report may be, in days before the evaluation time.
    public var maximumReportAgeDays: Int
    /// Oldest a bank statement may be (from its issue or end date), in days.
    public var maximumStatementAgeDays: Int
    /// Shortest period a bank statement must cover, in days (3 months by default).
    public var minimumStatementPeriodDays: Int
    /// Version of this policy's values, reported in every verdict.
    public var version: String

    public init(
        name: String, minimumScore: Int, maximumReportAgeDays: Int = 30, maximumStatementAgeDays: Int = 30,
        minimumStatementPeriodDays: Int = 90, version: String = "2026-11"
    ) {
        self.name = name
        self.minimumScore = minimumScore
        self.maximumReportAgeDays = maximumReportAgeDays
        self.maximumStatementAgeDays = maximumStatementAgeDays
        self.minimumStatementPeriodDays = minimumStatementPeriodDays
        self.version = version
    }

    /// The built-in policies (`docs/sesame-report.md`, "Policy").
    public static let builtIn: [String: Policy] = [
        "luxembourg": Policy(name: "luxembourg", minimumScore: 750),
        "canada": Policy(name: "canada", minimumScore: 750),
        "singapore": Policy(name: "singapore", minimumScore: 700),
    ]

    public static let defaultName = "luxembourg"
}
