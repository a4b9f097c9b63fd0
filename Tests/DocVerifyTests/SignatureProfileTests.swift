import DocCrypto
import DocPDF
import Foundation
import Testing

@testable import DocVerify

/// The signature profile over the generated fixtures (`testdata/sesame`, `testdata/attacks`):
/// each check in isolation, the CMS layer on real fixture signatures, and the wording for
/// each document kind (`docs/verdict.md`, "From findings to the verdict": same checks, kind-specific severity).
@Suite("Signature profile")
struct SignatureProfileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let now = Verdict.parseTimestamp("2026-11-25T12:00:00Z")!

    static func fixture(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: root.appendingPathComponent("testdata/\(relative)").path).map { [UInt8]($0) }
    }

    static let haveFixtures = fixture("sesame/genuine-en-rsa2048-pkcs7.pdf") != nil

    static func trustStore() throws -> TrustStore {
        try TrustStore.load(directory: root.appendingPathComponent("keys").path, allowTestKeys: true)
    }

    /// The context the analyzer would build, without poppler (signature checks need only bytes and structure).
    static func context(_ bytes: [UInt8], kind: Verdict.Kind) throws -> AnalysisContext {
        AnalysisContext(
            bytes: bytes, fileName: "x.pdf", now: now, policy: Policy.builtIn["luxembourg"]!, configuration: Configuration(),
            trustStore: try trustStore(), structure: try PDFStructureScanner.scan(bytes),
            metadata: PDFMetadata(pageCount: 1, pdfVersion: "1.7"), pages: [], kind: kind
        )
    }

    static func codes(_ outcome: SignatureOutcome) -> Set<String> { Set(outcome.result.findings.map(\.code.rawValue)) }

    @Test(
        "a genuine report: one intact, whole-file, trusted signature; the outcome names signer, issuer and time",
        .enabled(if: haveFixtures, "fixtures missing: make fixtures"))
    func genuine() throws {
        let bytes = try #require(Self.fixture("sesame/genuine-en-rsa2048-pkcs7.pdf"))
        let outcome = SignatureChecks.run(try Self.context(bytes, kind: .sesameReport))
        #expect(outcome.signatureCount == 1)
        #expect(outcome.trustedWholeFile && outcome.intactWholeFile && !outcome.anyBroken)
        #expect(outcome.usesTestAnchor)
        #expect(Self.codes(outcome) == ["SIG_VALID", "TEST_ISSUER"])
        #expect(outcome.signer?.commonName?.contains("Visa Report Signer") == true)
        #expect(outcome.issuerDisplayName?.contains("Root CA") == true)
        #expect(outcome.signingTime != nil)
        #expect(outcome.result.details.contains { $0.hasPrefix("Issuer:") })
        #expect(outcome.result.details.contains { $0.hasPrefix("Signer:") })
        #expect(outcome.result.details.contains { $0.hasPrefix("Signed:") })
    }

    @Test(
        "every attack on the signature gives its own code through the signature checks alone",
        .enabled(if: haveFixtures, "fixtures missing: make fixtures"),
        arguments: [
            ("attacks/isa1-incremental-update.pdf", "SIG_NOT_WHOLE_FILE"), ("attacks/isa2-body-append.pdf", "SIG_NOT_WHOLE_FILE"),
            ("attacks/usf1-byterange-renamed.pdf", "SIG_BYTERANGE_INVALID"), ("attacks/usf2-contents-renamed.pdf", "SIG_BYTERANGE_INVALID"),
            ("attacks/usf3-byterange-zeros.pdf", "SIG_BYTERANGE_INVALID"), ("attacks/usf4-byterange-null.pdf", "SIG_BYTERANGE_INVALID"),
            ("attacks/usf5-byterange-one-pair.pdf", "SIG_BYTERANGE_INVALID"), ("attacks/usf6-contents-zeros.pdf", "SIG_CRYPTO_INVALID"),
            ("attacks/tamper-score-in-place.pdf", "SIG_DIGEST_MISMATCH"), ("attacks/swa-signature-wrapping.pdf", "SIG_BYTERANGE_INVALID"),
            ("attacks/gap-too-big.pdf", "SIG_BYTERANGE_INVALID"), ("attacks/sha1-forge-cve-2025-43903.pdf", "SIG_CRYPTO_INVALID"),
            ("attacks/signature-value-bitflip.pdf", "SIG_CRYPTO_INVALID"), ("attacks/shadow-xref.pdf", "SIG_NOT_WHOLE_FILE"),
            ("attacks/two-signatures.pdf", "SIG_MULTIPLE"), ("attacks/spoof-dn-selfsigned.pdf", "SIG_UNTRUSTED"),
            ("attacks/trust-expired-signer.pdf", "SIG_CERT_EXPIRED"), ("attacks/trust-revoked-signer.pdf", "SIG_CERT_REVOKED"),
            ("attacks/trust-wrong-key-usage.pdf", "SIG_KEY_USAGE"), ("attacks/weak-rsa1024.pdf", "SIG_WEAK_ALGORITHM"),
            ("attacks/weak-md5-digest.pdf", "SIG_WEAK_ALGORITHM"),
        ]
    )
    func attacks(file: String, code: String) throws {
        let bytes = try #require(Self.fixture(file))
        let outcome = SignatureChecks.run(try Self.context(bytes, kind: .sesameReport))
        #expect(Self.codes(outcome).contains(code), "\(file): \(Self.codes(outcome))")
        #expect(!Self.codes(outcome).contains("SIG_VALID") || code == "SIG_MULTIPLE" || code == "SIG_NOT_WHOLE_FILE")
        #expect(!outcome.trustedWholeFile)
        // A weak algorithm leaves the signature intact but unproven: never pass, not a forgery.
        #expect(Verdict.value(for: outcome.result.findings) == (code == "SIG_WEAK_ALGORITHM" ? .review : .fail))
    }

    @Test(
        "SHA1-FORGE (CVE-2025-43903): the adbe.pkcs7.sha1 forgery fails on its signature value, not as unsupported",
        .enabled(if: haveFixtures, "fixtures missing: make fixtures"))
    func sha1Forge() throws {
        let bytes = try #require(Self.fixture("attacks/sha1-forge-cve-2025-43903.pdf"))
        let outcome = SignatureChecks.run(try Self.context(bytes, kind: .sesameReport))
        #expect(Self.codes(outcome).contains("SIG_CRYPTO_INVALID"), "\(Self.codes(outcome))")
        #expect(!Self.codes(outcome).contains("SIG_UNSUPPORTED"))
        #expect(outcome.anyBroken && !outcome.trustedWholeFile)
        #expect(Verdict.value(for: outcome.result.findings) == .fail)
    }

    /// The genuine report re-signed as adbe.pkcs7.sha1 by its own signer (testdata/pki,
    /// openssl CLI): /SubFilter renamed in place, a non-detached CMS with SHA-1 over the
    /// SHA-1 digest of the ranges written into /Contents; `tamper` then changes a signed byte.
    static func resignedSHA1(tamper: Bool) throws -> [UInt8] {
        var bytes = try #require(fixture("sesame/genuine-en-rsa2048-pkcs7.pdf"))
        func replace(_ old: String, _ new: String) throws {
            let (o, n) = (Array(old.utf8), Array(new.utf8))
            let at = try #require(bytes.indices.first { bytes[$0..<min($0 + o.count, bytes.count)].elementsEqual(o) })
            bytes.replaceSubrange(at..<(at + o.count), with: n)
        }
        try replace("/adbe.pkcs7.detached", "/adbe.pkcs7.sha1    ")
        let range = try #require(try PDFStructureScanner.scan(bytes).signatures.first?.byteRange)
        let digest = try #require(
            Digest.hash(.sha1, chunks: [bytes[range[0]..<(range[0] + range[1])], bytes[range[2]..<(range[2] + range[3])]])
        )
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dv-sha1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(digest).write(to: directory.appendingPathComponent("digest.bin"))
        let pki = root.appendingPathComponent("testdata/pki").path
        try TestPKI.openssl(
            [
                "cms", "-sign", "-binary", "-nodetach", "-md", "sha1", "-in", "digest.bin",
                "-signer", "\(pki)/signer-rsa2048.cert.pem", "-inkey", "\(pki)/signer-rsa2048.key.pem",
                "-certfile", "\(pki)/intermediate.cert.pem", "-outform", "DER", "-out", "cms.der",
            ],
            in: directory
        )
        let cms = [UInt8](try Data(contentsOf: directory.appendingPathComponent("cms.der")))
        var hex = Array(cms.map { String(format: "%02x", $0) }.joined().utf8)
        let gap = (range[0] + range[1] + 1)..<(range[2] - 1)  // inside < >
        try #require(hex.count <= gap.count)
        hex += [UInt8](repeating: UInt8(ascii: "0"), count: gap.count - hex.count)
        bytes.replaceSubrange(gap, with: hex)
        if tamper { try replace("(Hangzhou", "(Hangzhoo") }
        return bytes
    }

    @Test(
        "a report signed adbe.pkcs7.sha1 is verified: intact is SIG_WEAK_ALGORITHM (review), a changed signed byte is SIG_DIGEST_MISMATCH (fail)",
        .enabled(if: haveFixtures, "fixtures missing: make fixtures"))
    func legacySHA1Report() throws {
        let intact = SignatureChecks.run(try Self.context(try Self.resignedSHA1(tamper: false), kind: .sesameReport))
        #expect(Self.codes(intact).contains("SIG_WEAK_ALGORITHM"), "\(Self.codes(intact))")
        #expect(Self.codes(intact).isDisjoint(with: ["SIG_UNSUPPORTED", "SIG_CRYPTO_INVALID", "SIG_DIGEST_MISMATCH", "SIG_VALID", "SIG_UNTRUSTED"]))
        #expect(intact.reports.first?.isIntact == true && intact.intactWholeFile && !intact.trustedWholeFile && !intact.anyBroken)
        #expect(Verdict.value(for: intact.result.findings) == .review)
        let weak = try #require(intact.result.findings.first { $0.code == .sigWeakAlgorithm })
        #expect(weak.message.contains("intact") && weak.message.contains("adbe.pkcs7.sha1"))

        let changed = SignatureChecks.run(try Self.context(try Self.resignedSHA1(tamper: true), kind: .sesameReport))
        #expect(Self.codes(changed).contains("SIG_DIGEST_MISMATCH"), "\(Self.codes(changed))")
        #expect(!Self.codes(changed).contains("SIG_CRYPTO_INVALID") && !Self.codes(changed).contains("SIG_UNSUPPORTED"))
        #expect(changed.anyBroken)
        #expect(Verdict.value(for: changed.result.findings) == .fail)
    }

    @Test(
        "a signature that cannot be checked here is a warning: a Sesame report is review, never pass; a statement is neither broken nor signed",
        .enabled(if: haveFixtures, "fixtures missing: make fixtures"))
    func unsupportedIsReview() throws {
        // The genuine report with its /SubFilter renamed to one docverify does not implement
        // (Adobe's obsolete PKCS#7 s5 format; same length, so every offset holds).
        var bytes = try #require(Self.fixture("sesame/genuine-en-rsa2048-pkcs7.pdf"))
        let old = Array("/adbe.pkcs7.detached".utf8)
        let new = Array("/adbe.pkcs7.s5      ".utf8)
        let at = try #require(bytes.indices.first { bytes[$0..<min($0 + old.count, bytes.count)].elementsEqual(old) })
        bytes.replaceSubrange(at..<(at + old.count), with: new)
        let report = SignatureChecks.run(try Self.context(bytes, kind: .sesameReport))
        #expect(Self.codes(report).contains("SIG_UNSUPPORTED"), "\(Self.codes(report))")
        #expect(!report.trustedWholeFile && !report.anyBroken)
        #expect(Verdict.value(for: report.result.findings) == .review)
        let finding = try #require(report.result.findings.first { $0.code == .sigUnsupported })
        #expect(finding.message.contains("cannot be checked here") && !finding.message.contains("forged"))
        let statement = SignatureChecks.run(try Self.context(bytes, kind: .bankStatement))
        #expect(statement.statementFinding == nil)
        #expect(Self.codes(statement).isDisjoint(with: ["SIGNATURE_INVALID", "SIGNED_BY_BANK"]))
        #expect(Verdict.value(for: statement.result.findings) == .review)
    }

    @Test(
        "a signature relabelled as a document timestamp (/SubFilter /ETSI.RFC3161) is a broken timestamp, not a signature",
        .enabled(if: haveFixtures, "fixtures missing: make fixtures"))
    func signatureDressedAsTimestamp() throws {
        // The genuine report's CMS is no RFC 3161 token: a timestamp that does not hold, and the
        // report then carries no signature at all (SIG_MISSING is the Sesame checks' finding).
        var bytes = try #require(Self.fixture("sesame/genuine-en-rsa2048-pkcs7.pdf"))
        let old = Array("/adbe.pkcs7.detached".utf8)
        let new = Array("/ETSI.RFC3161       ".utf8)
        let at = try #require(bytes.indices.first { bytes[$0..<min($0 + old.count, bytes.count)].elementsEqual(old) })
        bytes.replaceSubrange(at..<(at + old.count), with: new)
        let report = SignatureChecks.run(try Self.context(bytes, kind: .sesameReport))
        #expect(Self.codes(report) == ["SIG_TIMESTAMP_INVALID"], "\(Self.codes(report))")
        #expect(report.signatureCount == 0 && report.reports.isEmpty && report.timestampReports.count == 1)
        #expect(report.anyBroken && !report.trustedWholeFile)
        let finding = try #require(report.result.findings.first { $0.code == .sigTimestampInvalid })
        #expect(finding.message.contains("not an RFC 3161 timestamp token"), "\(finding.message)")
    }

    @Test(
        "other kinds: an intact signature followed by later revisions is review, an untrusted issuer is recorded, a statement gets its own code",
        .enabled(if: haveFixtures, "fixtures missing: make fixtures"))
    func otherKinds() throws {
        // An incremental update after an intact signature: a person compares the revisions.
        let updated = try #require(Self.fixture("attacks/metadata-update-after-signing.pdf"))
        let letter = SignatureChecks.run(try Self.context(updated, kind: .unknown))
        #expect(Self.codes(letter).contains("SIG_UPDATED_AFTER_SIGNING"))
        #expect(!Self.codes(letter).contains("SIG_NOT_WHOLE_FILE"))
        #expect(Verdict.value(for: letter.result.findings) == .review)

        // An intact signature from an issuer outside the trust store: info, not fail.
        let foreign = try #require(Self.fixture("attacks/trust-untrusted-root.pdf"))
        let unknown = SignatureChecks.run(try Self.context(foreign, kind: .unknown))
        #expect(Self.codes(unknown) == ["SIG_VALID_UNTRUSTED_ISSUER"])
        #expect(Verdict.value(for: unknown.result.findings) == .pass)

        // A bank statement: the statement-level finding is in the result.
        let genuine = try #require(Self.fixture("sesame/genuine-en-rsa2048-pkcs7.pdf"))
        let signed = SignatureChecks.run(try Self.context(genuine, kind: .bankStatement))
        #expect(signed.statementFinding?.code == .signedByBank)
        #expect(Self.codes(signed).contains("SIGNED_BY_BANK"))
        let tampered = try #require(Self.fixture("attacks/tamper-score-in-place.pdf"))
        let broken = SignatureChecks.run(try Self.context(tampered, kind: .bankStatement))
        #expect(broken.statementFinding?.code == .signatureInvalid)
        #expect(Self.codes(broken).isSuperset(of: ["SIGNATURE_INVALID", "SIG_DIGEST_MISMATCH"]))
        #expect(broken.anyBroken)
    }

    @Test(
        "a usage-rights (UR3) signature and its inline copies are recorded, never judged; alone they sign nothing",
        .enabled(if: fixture("sigforms/ur3-before-signing.pdf") != nil, "fixtures missing: make fixtures"))
    func usageRights() throws {
        let bytes = try #require(Self.fixture("sigforms/ur3-before-signing.pdf"))
        let context = try Self.context(bytes, kind: .sesameReport)
        #expect(context.structure.signatures.filter(\.isUsageRights).count >= 2, "the UR3 dictionary and its inline copies")
        let outcome = SignatureChecks.run(context)
        #expect(outcome.signatureCount == 1)
        #expect(outcome.trustedWholeFile)
        #expect(Self.codes(outcome).isSuperset(of: ["SIG_USAGE_RIGHTS", "SIG_VALID"]))
        #expect(Self.codes(outcome).isDisjoint(with: ["SIG_WEAK_ALGORITHM", "SIG_BYTERANGE_INVALID", "SIG_MULTIPLE"]))

        // Without the author's signature, the usage rights prove nothing: no signature at all.
        var structure = context.structure
        structure.signatures.removeAll { !$0.isUsageRights }
        let alone = AnalysisContext(
            bytes: bytes, fileName: "x.pdf", now: Self.now, policy: Policy.builtIn["luxembourg"]!, configuration: Configuration(),
            trustStore: try Self.trustStore(), structure: structure,
            metadata: PDFMetadata(pageCount: 1, pdfVersion: "1.7"), pages: [], kind: .sesameReport
        )
        let none = SignatureChecks.run(alone)
        #expect(none.signatureCount == 0 && !none.trustedWholeFile && none.signer == nil)
        #expect(Self.codes(none) == ["SIG_USAGE_RIGHTS"])
    }

    @Test("ByteRange shape and gap rules, one problem each")
    func byteRangeRules() {
        // A 100-byte file with "<0102>" at [40, 46).
        var bytes = [UInt8](repeating: UInt8(ascii: " "), count: 100)
        bytes.replaceSubrange(40..<46, with: Array("<0102>".utf8))
        func check(_ range: [Int]?, contents: Range<Int>? = 40..<46, raw: String? = nil) -> ByteRangeCheck.Outcome {
            let signature = PDFSignatureDictionary(
                objectNumber: 7, generation: 0, objectSpan: 30..<60, dictionarySpan: 32..<58, byteRange: range,
                byteRangeRaw: raw, contentsSpan: contents, contents: [1, 2], contentsIsHex: true
            )
            return ByteRangeCheck.check(signature, fileLength: bytes.count, bytes: bytes)
        }
        #expect(check([0, 40, 46, 54]).problems.isEmpty)
        #expect(check([0, 40, 46, 54]).ranges?.signedEnd == 100)
        #expect(check(nil, raw: "null").problems.first?.contains("null") == true)
        #expect(check([0, 40, 46]).ranges == nil)
        #expect(check([1, 40, 46, 53]).ranges == nil)
        #expect(check([0, 46, 40, 54]).ranges == nil)
        #expect(check([0, 40, 46, 55]).ranges == nil, "beyond the end of the file")
        #expect(check([0, 40, 46, Int.max]).ranges == nil, "overflow")
        #expect(check([0, 39, 46, 54]).problems.count >= 1, "gap not exactly the hex string")
        #expect(check([0, 40, 46, 54], contents: 20..<26).problems.contains { $0.contains("wrapped") })
        #expect(check([0, 40, 46, 40]).problems.isEmpty, "not reaching the end is coverage's concern")
        // Only the hex digits unsigned, "<" and ">" signed (pdf.js signed_verified.pdf): still
        // nothing unsigned but this /Contents' digits.
        #expect(check([0, 41, 45, 55]).problems.isEmpty)
        // The attacks that relaxation must not let through: the digits of another string (a
        // wrapped signature), one delimiter inside the gap, a digit signed.
        #expect(check([0, 41, 45, 55], contents: 20..<26).problems.contains { $0.contains("wrapped") })
        #expect(!check([0, 41, 46, 54]).problems.isEmpty)
        #expect(!check([0, 40, 45, 55]).problems.isEmpty)
        #expect(!check([0, 42, 45, 55]).problems.isEmpty)
    }

    @Test("coverage: whole file, a revision followed by updates, or a cut inside a revision")
    func coverage() {
        var structure = PDFStructure()
        structure.revisions = [PDFRevision(span: 0..<60, eofOffset: 54), PDFRevision(span: 60..<100, eofOffset: 94)]
        let whole = ByteRangeCheck.Ranges(first: 0..<10, second: 20..<100)
        #expect(CoverageCheck.coverage(of: whole, structure: structure, fileLength: 100) == .wholeFile)
        let first = ByteRangeCheck.Ranges(first: 0..<10, second: 20..<60)
        #expect(CoverageCheck.coverage(of: first, structure: structure, fileLength: 100) == .revision(index: 0, laterRevisions: 1, bytesAfter: 40))
        let cut = ByteRangeCheck.Ranges(first: 0..<10, second: 20..<50)
        #expect(CoverageCheck.coverage(of: cut, structure: structure, fileLength: 100) == .partial(bytesAfter: 50))
    }

    @Test("PDF dates of /M")
    func pdfDates() {
        #expect(PDFDate.parse("D:20261120103000+08'00'").map(Verdict.isoTimestamp) == "2026-11-20T02:30:00Z")
        #expect(PDFDate.parse("D:20261120103000Z").map(Verdict.isoTimestamp) == "2026-11-20T10:30:00Z")
        #expect(PDFDate.parse("D:20261120").map(Verdict.isoTimestamp) == "2026-11-20T00:00:00Z")
        #expect(PDFDate.parse("D:2026112010-05'00").map(Verdict.isoTimestamp) == "2026-11-20T15:00:00Z")
        #expect(PDFDate.parse("D:20261320") == nil)
        #expect(PDFDate.parse("yesterday") == nil)
    }

    @Test(
        "the CMS layer on real fixture signatures: the test PKI's signers through libcrypto",
        .enabled(if: haveFixtures, "fixtures missing: make fixtures"),
        arguments: [
            ("sesame/genuine-zh-p256-cades.pdf", nil), ("sesame/genuine-bilingual-rsa3072pss-cades.pdf", nil),
            ("sesame/genuine-table-p384-pkcs7.pdf", nil), ("sesame/genuine-fpdf-rsa2048-cades-sha512.pdf", nil),
            ("attacks/trust-revoked-signer.pdf", CMSFailure.Category.revocation),
            ("attacks/trust-expired-signer.pdf", .validity), ("attacks/trust-wrong-key-usage.pdf", .keyUsage),
            ("attacks/spoof-dn-fake-intermediate.pdf", .trust), ("attacks/weak-sha1-digest.pdf", .weakAlgorithm),
        ] as [(String, CMSFailure.Category?)]
    )
    func cmsOnFixtures(file: String, expected: CMSFailure.Category?) throws {
        let bytes = try #require(Self.fixture(file))
        let context = try Self.context(bytes, kind: .sesameReport)
        let signature = try #require(context.structure.signatures.first)
        let ranges = try #require(ByteRangeCheck.check(signature, fileLength: bytes.count, bytes: bytes).ranges)
        let verification = try #require(CMSCheck.verify(signature, ranges: ranges, context: context))
        let categories = Set(verification.failures.map(\.category))
        if let expected {
            #expect(categories == [expected], "\(file): \(verification.failures)")
        } else {
            #expect(verification.isValidAndTrusted, "\(file): \(verification.failures)")
            #expect(verification.chain.count == 3, "signer, intermediate from the CMS, root from the trust store")
            #expect(verification.revocation == .partial(unchecked: [verification.chain[1].subject, verification.chain[2].subject]))
        }
    }
}
extension SignatureProfileTests {
    @Test("the Signed: line never shows the evaluation time as the signing time")
    func signedLineWithoutTime() {
        // A signature with no signingTime and no /M used to read "Signed: <--now value>".
        let now = Date(timeIntervalSince1970: 1_795_608_000)
        let unstated = SignatureChecks.details(SignatureOutcome(signingTime: now, signingTimeSource: .evaluationTime))
        #expect(unstated == ["Signed: time not stated in the signature (certificates checked at 2026-11-25T12:00:00Z, the evaluation time)"])
        let claimed = SignatureChecks.details(SignatureOutcome(signingTime: now, signingTimeSource: .signedAttribute))
        #expect(claimed == ["Signed: 2026-11-25T12:00:00Z (signingTime attribute, claimed by the signer)"])
    }
}
