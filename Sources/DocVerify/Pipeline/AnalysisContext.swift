public import DocCrypto
public import DocPDF
public import Foundation

/// Everything a check may look at for one document. Built once per document by
/// ``Analyzer``; checks read it and return findings, they never change it.
public struct AnalysisContext {
    /// Exactly the bytes judged (their SHA-256 is the verdict's).
    public let bytes: [UInt8]
    public let fileName: String
    /// The evaluation time every date check uses (`--now`).
    public let now: Date
    public let policy: Policy
    public let configuration: Configuration
    public let trustStore: TrustStore
    /// What the raw-byte scanner found: revisions, signatures, markers.
    public let structure: PDFStructure
    public let metadata: PDFMetadata
    /// Every page's positioned words and reading-order text.
    public let pages: [PDFPageText]
    public let kind: Verdict.Kind

    public init(
        bytes: [UInt8], fileName: String, now: Date, policy: Policy, configuration: Configuration,
        trustStore: TrustStore, structure: PDFStructure, metadata: PDFMetadata,
        pages: [PDFPageText], kind: Verdict.Kind
    ) {
        self.bytes = bytes
        self.fileName = fileName
        self.now = now
        self.policy = policy
        self.configuration = configuration
        self.trustStore = trustStore
        self.structure = structure
        self.metadata = metadata
        self.pages = pages
        self.kind = kind
    }

    /// All pages' reading-order text, joined with form feeds.
    public var fullText: String { pages.map(\.text).joined(separator: "\u{0C}") }
}

/// What one family of checks contributes to a verdict.
public struct AnalysisResult: Sendable {
    public var findings: [Finding] = []
    /// Extracted fields (personal data already masked).
    public var fields: [String: FieldValue] = [:]
    /// A one-sentence summary, when this family has the best one for the officer.
    public var summary: String?
    /// Lines the text form shows under the first line (issuer, signer, score against threshold …).
    public var details: [String] = []

    public init(findings: [Finding] = [], fields: [String: FieldValue] = [:], summary: String? = nil, details: [String] = []) {
        self.findings = findings
        self.fields = fields
        self.summary = summary
        self.details = details
    }

    public mutating func merge(_ other: AnalysisResult) {
        findings += other.findings
        fields.merge(other.fields, uniquingKeysWith: { _, new in new })
        details += other.details
        if summary == nil { summary = other.summary }
    }
}
