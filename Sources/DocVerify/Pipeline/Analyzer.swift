public import DocCrypto
internal import DocPDF
public import Foundation

/// Judges one document's bytes and returns its verdict. Never throws: every way a
/// document can be bad ends in an `error` verdict that says why.
///
/// This runs inside a worker process (see ``WorkerPool``): poppler and the structure
/// scanner see hostile bytes here, and a crash costs the worker, never the caller.
public struct Analyzer: Sendable {
    public let configuration: Configuration
    public let trustStore: TrustStore

    public init(configuration: Configuration, trustStore: TrustStore) {
        self.configuration = configuration
        self.trustStore = trustStore
    }

    /// The verdict for `bytes`, judged at `now` under `policy`.
    public func analyze(bytes: [UInt8], fileName: String, now: Date, policy: Policy) -> Verdict {
        let errorVerdict = { (code: FindingCode, message: String) in
            Verdict.error(code: code, message: message, file: fileName, bytes: bytes, policy: policy, checkedAt: now)
        }
        let structure: PDFStructure, document: PDFDocument, metadata: PDFMetadata
        switch open(bytes, errorVerdict: errorVerdict) {
        case .opened(let opened): (structure, document, metadata) = opened
        case .refused(let verdict): return verdict
        }
        let pageLimit = min(metadata.pageCount, configuration.maxPages)
        let pages = document.pages(limit: pageLimit, readers: configuration.effectivePageReaders)
        // A document says what it is on its first pages (the classifier reads no further).
        let classification = DocumentClassifier.classify(text: pages.prefix(3).map(\.text).joined(separator: "\u{0C}"))
        // A text layer of glyph codes says nothing the checks could read; judged over the same
        // pages. A Sesame report named in readable labels is not in question.
        let garbled = classification.kind == .sesameReport ? nil : GarbledTextDetector.garbled(pages.prefix(3))

        func makeContext(_ kind: Verdict.Kind) -> AnalysisContext {
            AnalysisContext(
                bytes: bytes, fileName: fileName, now: now, policy: policy, configuration: configuration,
                trustStore: trustStore, structure: structure, metadata: metadata, pages: pages, kind: kind
            )
        }
        if let garbled {
            let kind = Self.kindOfUnreadable(makeContext(.unknown))
            let context = makeContext(kind)
            return Verdict.compose(
                file: fileName, bytes: bytes, kind: kind,
                result: Self.analyzeUnreadable(context, garbled: garbled, pageLimitNote: pageLimitNote(metadata, pageLimit)),
                policy: policy, checkedAt: now
            )
        }
        var result = AnalysisResult()
        if let note = pageLimitNote(metadata, pageLimit) { result.findings.append(note) }
        result.merge(Self.runChecks(makeContext(classification.kind), classification: classification))
        if Self.missingSignatureMayBeCutOff(result, structure) {
            return errorVerdict(
                .truncated,
                "The file ends without its final %%EOF and carries no signature: a signature is added at the end of a file, so it may have been cut off. Ask for the complete file."
            )
        }
        return Verdict.compose(
            file: fileName, bytes: bytes, kind: classification.kind, result: result, policy: policy, checkedAt: now
        )
    }

    /// A document opened for the checks, or the `error` verdict that says why it cannot be.
    enum Opening {
        case opened((PDFStructure, PDFDocument, PDFMetadata))
        case refused(Verdict)
    }

    /// Size limits, the structure scan, truncation, the trust store a signed file needs, and
    /// poppler's reading of the file: each way the document cannot be analysed.
    func open(_ bytes: [UInt8], errorVerdict: (FindingCode, String) -> Verdict) -> Opening {
        func refuse(_ code: FindingCode, _ message: String) -> Opening { .refused(errorVerdict(code, message)) }
        if bytes.isEmpty {
            return refuse(.emptyFile, "The file is empty (0 bytes).")
        }
        if bytes.count > configuration.maxSize {
            return refuse(.tooLarge, "The file has \(bytes.count) bytes, more than the maximum of \(configuration.maxSize).")
        }
        var limits = PDFStructureLimits.default
        limits.maxInputBytes = max(configuration.maxSize, 1)
        let structure: PDFStructure
        do {
            structure = try PDFStructureScanner.scan(bytes, limits: limits)
        } catch {
            switch error {
            case .notPDF:
                return refuse(.notPDF, "The file is not a PDF: it has no %PDF- header in its first 1024 bytes.")
            case .limitExceeded(let what):
                return refuse(.structureLimit, "The file exceeds a safety limit of the structure scanner: \(what).")
            default:
                return refuse(.damaged, "The PDF structure cannot be read: \(error).")
            }
        }
        // A file cut short (a download broken off, a writer not finished) reads as an unsigned
        // document with a strange update, or as a signature that does not fit: a genuine
        // document must not be called forged for it (see PDFTruncation, which also says why
        // making a forgery end mid-object gains an attacker nothing).
        if let truncation = structure.truncation {
            return refuse(.truncated, truncation.message)
        }
        // With no anchor installed every signature would come out untrusted, and a genuine
        // report would read as not issued by its issuer: an installation fault is said as one
        // (docs/sesame-report.md, "Trust store"). Usage-rights signatures are not the author's.
        if trustStore.anchors.isEmpty, structure.signatures.contains(where: { !$0.isUsageRights }) {
            return refuse(
                .trustStoreEmpty,
                "No trust anchors are installed: signed documents cannot be judged. The trust store needs the issuers' anchors."
            )
        }

        let document: PDFDocument
        do {
            document = try PDFDocument(bytes: bytes)
        } catch {
            switch error {
            case .encrypted:
                return refuse(.encrypted, "The PDF is encrypted with a password, so its content cannot be read.")
            case .damaged(let message), .failed(_, let message):
                if structure.eofOffsets.isEmpty {
                    return refuse(
                        .truncated,
                        "The PDF ends early (no %%EOF marker) and the reader could not rebuild it: \(message)."
                    )
                }
                return refuse(.damaged, "The PDF reader could not open the document even after repair: \(message).")
            }
        }
        let metadata = document.metadata()
        guard metadata.pageCount > 0 else {
            return refuse(
                structure.eofOffsets.isEmpty ? .truncated : .damaged,
                "The PDF has no readable pages."
            )
        }
        return .opened((structure, document, metadata))
    }

    /// The checks of the document's kind, with the record of what it was recognised as.
    static func runChecks(_ context: AnalysisContext, classification: DocumentClassifier.Classification) -> AnalysisResult {
        var result = AnalysisResult()
        if classification.kind != .unknown {
            result.findings.append(
                Finding(
                    .documentKind,
                    "Recognised as a \(classification.kind.rawValue) from its labels.",
                    evidence: ["labels": .array(classification.evidence.prefix(8).map { .string($0) })]
                )
            )
        }
        let signatures = SignatureChecks.run(context)
        switch classification.kind {
        case .sesameReport:
            result.merge(SesameChecks.run(context, signatures: signatures))
            result.merge(ForensicChecks.run(context, signatures: signatures))
        case .bankStatement:
            // The table is read once, for the statement checks and the forensic checks that
            // need it; the forensic checks that do not run meanwhile.
            let (statement, forensics) = ForensicChecks.run(context, signatures: signatures) {
                StatementReader.read(pages: context.pages, threads: context.configuration.effectivePageReaders)
            }
            result.merge(StatementChecks.run(statement, context, signatures: signatures))
            result.merge(forensics)
        case .unknown:
            result.findings.append(
                Finding(
                    .unknownKind,
                    "The document is readable but is neither a Sesame report nor a bank statement; a person must decide what it is."
                )
            )
            result.merge(signatures.result)
            result.merge(ForensicChecks.run(context, signatures: signatures))
        }
        return result
    }
}

extension Analyzer {
    /// Whether a missing signature is the only evidence against a file that does not end in
    /// `%%EOF`. A signature comes in the last update, so such a file may simply be cut before
    /// it: that is no evidence of forgery. (A forger who strips the `%%EOF` gets `error`, not
    /// `pass`.)
    static func missingSignatureMayBeCutOff(_ result: AnalysisResult, _ structure: PDFStructure) -> Bool {
        guard structure.revisions.last?.eofOffset == nil else { return false }
        let failing = result.findings.filter { $0.severity == .fail }
        return !failing.isEmpty && failing.allSatisfy { $0.code == .sigMissing }
    }
}

extension Analyzer {
    /// The note that only the first pages were read, when `max_pages` cut the document short.
    func pageLimitNote(_ metadata: PDFMetadata, _ pageLimit: Int) -> Finding? {
        guard metadata.pageCount > pageLimit else { return nil }
        return Finding(.documentKind, "Only the first \(pageLimit) of \(metadata.pageCount) pages were read (max_pages).")
    }
}

extension Verdict {
    /// The verdict the contract's rule gives for an analysis, with a summary sentence.
    static func compose(
        file: String, bytes: [UInt8], kind: Kind, result: AnalysisResult, policy: Policy, checkedAt: Date
    ) -> Verdict {
        let findings = result.findings.sorted { $0.severity > $1.severity }
        let value = Verdict.value(for: findings)
        let summary: String
        switch value {
        case .fail:
            let reasons = findings.filter { $0.severity == .fail }
            summary =
                "Evidence of forgery or tampering: "
                + reasons.prefix(2).map(\.message).joined(separator: " ")
                + (reasons.count > 2 ? " (\(reasons.count - 2) more)" : "")
        case .review:
            summary = result.summary ?? ("A person must look: " + (findings.first { $0.severity == .warn }?.message ?? ""))
        case .pass, .error:
            summary = result.summary ?? "No sign of tampering found by any check."
        }
        var verdict = Verdict(
            file: file, sha256: Digest.sha256Hex(bytes), size: bytes.count, kind: kind, verdict: value,
            summary: summary, findings: findings, fields: result.fields,
            policy: PolicyRef(name: policy.name, version: policy.version), checkedAt: checkedAt
        )
        verdict.details = result.details.isEmpty ? nil : result.details
        return verdict
    }
}
