public import Foundation

/// The answer for one document: advice to a consular officer, never a decision.
///
/// A verdict is a value: every reason the program has is a ``Finding`` in it, and the
/// overall ``Verdict/Value`` follows from the findings' severities by one rule
/// (`fail` beats `warn` beats `info`), except `error`, which says the document could
/// not be analysed at all. See `docs/verdict.md`.
public struct Verdict: Sendable, Codable, Equatable {
    /// The four verdict values of the contract.
    public enum Value: String, Sendable, Codable, Comparable {
        case pass, review, fail, error

        /// Exit status contribution: a lower rank is worse for `verify`'s exit status.
        var exitPriority: Int {
            switch self {
            case .fail: 0
            case .review: 1
            case .error: 2
            case .pass: 3
            }
        }

        public static func < (lhs: Value, rhs: Value) -> Bool { lhs.exitPriority < rhs.exitPriority }
    }

    /// What kind of document this is.
    public enum Kind: String, Sendable, Codable {
        case sesameReport = "sesame-report"
        case bankStatement = "bank-statement"
        case unknown
    }

    public struct PolicyRef: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    public struct Engine: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
        public static let current = Engine(name: "docverify", version: DocVerifyVersion.string)
    }

    public static let schemaIdentifier = "docverify.verdict/1"

    public var schema: String = Verdict.schemaIdentifier
    /// The file name as given (never a path beyond what the user typed).
    public var file: String
    public var sha256: String
    public var size: Int
    public var kind: Kind
    public var verdict: Value
    public var summary: String
    public var findings: [Finding]
    public var fields: [String: FieldValue]
    public var policy: PolicyRef
    public var checkedAt: Date
    public var engine: Engine
    /// Lines for the clerk under the first line of the text form (issuer, signer, signing
    /// time, score against threshold, report age). Absent when there is nothing to add.
    public var details: [String]?

    public init(
        file: String,
        sha256: String,
        size: Int,
        kind: Kind,
        verdict: Value,
        summary: String,
        findings: [Finding],
        fields: [String: FieldValue] = [:],
        policy: PolicyRef,
        checkedAt: Date,
        engine: Engine = .current
    ) {
        self.file = file
        self.sha256 = sha256
        self.size = size
        self.kind = kind
        self.verdict = verdict
        self.summary = Self.clipped(summary, to: Self.maximumMessageCharacters)
        self.findings = Self.bounded(findings)
        self.fields = fields
        self.policy = policy
        self.checkedAt = checkedAt
        self.engine = engine
    }

    /// Most findings of one code a verdict lists; the rest are counted in one more finding
    /// of that code. A file with 20,000 signature dictionaries would otherwise make a
    /// verdict of tens of megabytes that the outbox's reader refuses, and a clerk cannot
    /// read anyway.
    public static let maximumFindingsPerCode = 20
    /// Longest message or summary kept, in characters.
    public static let maximumMessageCharacters = 2000
    /// The largest verdict JSON a reader of the outbox needs to accept: findings and
    /// messages are bounded, so a verdict stays far below this.
    public static let maximumJSONBytes = 16 << 20

    /// `findings` with at most ``maximumFindingsPerCode`` of each code, in their order, each
    /// message clipped; the findings left out are counted in one finding of the same code
    /// and the highest severity among them, so the verdict value cannot change.
    public static func bounded(_ findings: [Finding]) -> [Finding] {
        var kept: [Finding] = []
        var seen: [FindingCode: Int] = [:]
        var dropped: [FindingCode: (count: Int, severity: Finding.Severity)] = [:]
        var order: [FindingCode] = []
        for var finding in findings {
            let count = seen[finding.code, default: 0]
            seen[finding.code] = count + 1
            if count < maximumFindingsPerCode {
                finding.message = clipped(finding.message, to: maximumMessageCharacters)
                kept.append(finding)
            } else {
                if dropped[finding.code] == nil { order.append(finding.code) }
                let previous = dropped[finding.code] ?? (0, finding.severity)
                dropped[finding.code] = (previous.count + 1, max(previous.severity, finding.severity))
            }
        }
        for code in order {
            guard let (count, severity) = dropped[code] else { continue }
            kept.append(
                Finding(
                    code, severity: severity,
                    "\(count) more finding\(count == 1 ? "" : "s") of this kind (\(maximumFindingsPerCode + count) in all; the first \(maximumFindingsPerCode) are listed).",
                    evidence: ["omitted": .int(count)]
                )
            )
        }
        return kept
    }

    /// `text` cut to `limit` characters, marked with an ellipsis when cut.
    static func clipped(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// The codes of the findings for a log line: each code once, in order, with `×N` when
    /// it occurs N > 1 times, so a line stays short whatever the document holds.
    public var codeSummary: String {
        var counts: [FindingCode: Int] = [:]
        var order: [FindingCode] = []
        for finding in findings {
            if counts[finding.code] == nil { order.append(finding.code) }
            counts[finding.code, default: 0] += 1
        }
        return order.map { code in
            let count = counts[code] ?? 1
            let omitted =
                findings.last { $0.code == code }?.evidence?["omitted"].flatMap { value -> Int? in
                    if case .int(let n) = value { return n } else { return nil }
                } ?? 0
            let total = count + max(0, omitted - 1)
            return total > 1 ? "\(code)×\(total)" : "\(code)"
        }.joined(separator: ",")
    }

    /// The verdict value the contract's rule gives for these findings.
    public static func value(for findings: [Finding]) -> Value {
        if findings.contains(where: { $0.severity == .fail }) { return .fail }
        if findings.contains(where: { $0.severity == .warn }) { return .review }
        return .pass
    }
}

/// One reason: a stable code from the catalogue, its severity and a sentence for the officer.
public struct Finding: Sendable, Codable, Equatable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, warn, fail, error

        var rank: Int {
            switch self {
            case .info: 0
            case .warn: 1
            case .fail: 2
            case .error: 3
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var code: FindingCode
    public var severity: Severity
    public var message: String
    public var page: Int?
    public var evidence: [String: FieldValue]?

    /// A finding with the catalogue's severity for its code.
    public init(_ code: FindingCode, _ message: String, page: Int? = nil, evidence: [String: FieldValue]? = nil) {
        self.code = code
        self.severity = FindingCatalogue.severity(of: code)
        self.message = message
        self.page = page
        self.evidence = evidence
    }

    /// A finding whose severity differs from the catalogue's default (e.g. a signature check
    /// that is `fail` on a report but `warn` on a statement). Use sparingly and say why.
    public init(_ code: FindingCode, severity: Severity, _ message: String, page: Int? = nil, evidence: [String: FieldValue]? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.page = page
        self.evidence = evidence
    }
}

/// A JSON scalar or small structure in `fields` and `evidence`.
public enum FieldValue: Sendable, Codable, Equatable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral
{
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([FieldValue])
    case object([String: FieldValue])
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FieldValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FieldValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    public var description: String {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): String(value)
        case .array(let value): "[" + value.map(\.description).joined(separator: ", ") + "]"
        case .object(let value): "{" + value.keys.sorted().map { "\($0): \(value[$0]!)" }.joined(separator: ", ") + "}"
        case .null: "null"
        }
    }
}
