import Foundation
import Testing

@testable import DocCrypto

/// The revocation checker with real OpenSSL over the test PKI (`testdata/pki`) and the OCSP
/// responses and CRLs `testdata/gen/ltv.py` makes (`testdata/ltv/revocation/`): each item is
/// believed only after it is verified against the signer's issuer, and a forgery with the
/// right CertID is not.
@Suite("Revocation from the document's own CRLs and OCSP responses")
struct RevocationCheckerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The evaluation time of every fixture set.
    static let now = ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z")!

    static func bytes(_ relative: String) throws -> [UInt8] {
        let path = root.appendingPathComponent("testdata/\(relative)").path
        return try #require(FileManager.default.contents(atPath: path).map { [UInt8]($0) }, "\(relative) missing: run the ltv generator")
    }

    static func certificate(_ slug: String) throws -> X509Certificate {
        let pem = String(decoding: try bytes("pki/\(slug).cert.pem"), as: UTF8.self)
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return try X509Certificate.parse(der: [UInt8](try #require(Data(base64Encoded: body))))
    }

    static func item(_ name: String, _ source: RevocationData.Source = .dss) throws -> RevocationData.Item {
        RevocationData.Item(der: try bytes("ltv/revocation/\(name)"), source: source)
    }

    /// The verdict on `slug` (issued by the intermediate) from `data`, and the checker's notes.
    func verdict(
        _ data: RevocationData, of slug: String = "signer-rsa2048", provenTime: Date? = nil
    ) throws -> (RevocationVerdict, [String]) {
        var checker = RevocationChecker(data: data, evaluationTime: Self.now, provenTime: provenTime)
        let verdict = checker.verdict(for: try Self.certificate(slug), issuer: try Self.certificate("intermediate"))
        return (verdict, checker.notes)
    }

    @Test("a current 'good' OCSP response from the CA's delegated responder (OCSPSigning) is believed")
    func delegatedGood() throws {
        let (verdict, notes) = try verdict(RevocationData(ocspResponses: [try Self.item("ocsp-good.der")]))
        #expect(verdict == .good(source: "an OCSP response in the document's DSS"), "\(notes)")
    }

    @Test("a 'revoked' OCSP response from the delegated responder revokes, naming its source and date")
    func delegatedRevoked() throws {
        let (verdict, _) = try verdict(RevocationData(ocspResponses: [try Self.item("ocsp-revoked.der", .signatureAttribute)]))
        guard case .revoked(let date, let source) = verdict else {
            Issue.record("expected revoked, got \(verdict)")
            return
        }
        #expect(source == "an OCSP response in the signature's adbe-revocationInfoArchival attribute")
        #expect(date == ISO8601DateFormatter().date(from: "2026-11-01T00:00:00Z"))
    }

    @Test("an OCSP response for the right certificate from a responder the CA never certified is not believed")
    func untrustedResponder() throws {
        let (verdict, notes) = try verdict(RevocationData(ocspResponses: [try Self.item("ocsp-untrusted-responder.der")]))
        #expect(verdict == RevocationVerdict.none)
        #expect(notes.contains { $0.contains("not believed") && $0.contains("neither the certificate's issuer") }, "\(notes)")
    }

    @Test("a forged OCSP response: right CertID, signed by an unrelated key behind a certificate that copies the CA's name")
    func forgedCA() throws {
        let (verdict, notes) = try verdict(RevocationData(ocspResponses: [try Self.item("ocsp-forged-ca.der")]))
        #expect(verdict == RevocationVerdict.none)
        #expect(notes.contains { $0.contains("not believed") }, "\(notes)")
    }

    @Test("a 'good' OCSP response past its nextUpdate says nothing; with a proven signing time before it, it does")
    func staleGood() throws {
        let data = RevocationData(ocspResponses: [try Self.item("ocsp-stale-good.der")])
        let (stale, notes) = try verdict(data)
        #expect(stale == RevocationVerdict.none)
        #expect(notes.contains { $0.contains("not current") }, "\(notes)")
        let proven = ISO8601DateFormatter().date(from: "2025-12-31T00:00:00Z")!
        let (withProof, _) = try verdict(data, provenTime: proven)
        #expect(withProof == .good(source: "an OCSP response in the document's DSS"))
    }

    @Test("a CRL signed by the issuer: listed is revoked, unlisted is good; a CRL with the issuer's name and another key is ignored")
    func crls() throws {
        let store = RevocationData(crls: [try Self.item("crl-revoking-rsa3072.der", .cmsRevocationField)])
        let (listed, _) = try verdict(store, of: "signer-rsa3072")
        #expect(listed == .revoked(date: ISO8601DateFormatter().date(from: "2026-10-01T00:00:00Z"), source: "a CRL in the signature's CMS crls field"))
        let (unlisted, _) = try verdict(store, of: "signer-rsa2048")
        #expect(unlisted == .good(source: "a CRL in the signature's CMS crls field"))

        let (forged, notes) = try verdict(RevocationData(crls: [try Self.item("crl-forged.der")]))
        #expect(forged == RevocationVerdict.none)
        #expect(notes.contains { $0.contains("does not verify with its issuer's key") }, "\(notes)")
    }

    @Test("with a proven signing time, a revocation dated after it does not invalidate; without one it does")
    func provenTimeRule() throws {
        let data = RevocationData(ocspResponses: [try Self.item("ocsp-revoked.der")])
        let before = ISO8601DateFormatter().date(from: "2026-10-15T00:00:00Z")!
        let (kept, notes) = try verdict(data, provenTime: before)
        #expect(kept == RevocationVerdict.none)
        #expect(notes.contains { $0.contains("after the proven signing time") }, "\(notes)")
        let after = ISO8601DateFormatter().date(from: "2026-11-10T00:00:00Z")!
        let (revoked, _) = try verdict(data, provenTime: after)
        guard case .revoked = revoked else {
            Issue.record("a revocation before the proven time must revoke, got \(revoked)")
            return
        }
    }

    @Test("garbage in the DSS is ignored with a note, never trusted")
    func garbage() throws {
        let data = RevocationData(crls: [.init(der: [0x30, 0x03, 0x02, 0x01, 0x00], source: .dss)], ocspResponses: [.init(der: [1, 2, 3], source: .dss)])
        let (verdict, notes) = try verdict(data)
        #expect(verdict == RevocationVerdict.none)
        #expect(notes.count == 2)
    }

    @Test("adbe-revocationInfoArchival: the CRLs under [0] and the OCSP responses under [1]")
    func archival() throws {
        let crl = try Self.bytes("ltv/revocation/crl-revoking-rsa3072.der")
        let response = try Self.bytes("ltv/revocation/ocsp-good.der")
        func wrap(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { DERWriter.element(tag, content) }
        let value = wrap(0x30, wrap(0xA0, wrap(0x30, crl)) + wrap(0xA1, wrap(0x30, response)))
        let parsed = RevocationData.fromArchival(value)
        #expect(parsed.crls == [.init(der: crl, source: .signatureAttribute)])
        #expect(parsed.ocspResponses == [.init(der: response, source: .signatureAttribute)])
    }
}
