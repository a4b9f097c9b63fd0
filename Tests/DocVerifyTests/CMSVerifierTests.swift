import Foundation
import Testing

@testable import DocCrypto

/// The CMS and certificate-path layer with real OpenSSL: a test PKI and CMS signatures
/// made with the `openssl` command line in a temporary directory, then verified by
/// ``CMSVerifier`` as a PDF signature's `/Contents` (zero-padded) over detached bytes.
@Suite("CMS verification with OpenSSL")
struct CMSVerifierTests {
    /// Built once for the suite (key generation takes a few seconds).
    static let pki: Result<TestPKI, any Error> = Result { try TestPKI.make() }

    private func pki() throws -> TestPKI { try Self.pki.get() }

    private func verify(
        _ name: String, store: String = "store", content: [UInt8]? = nil, padding: Int = 2000,
        evaluationTime: Date? = nil, signingTime: Date? = nil
    ) throws -> CMSVerification {
        let pki = try pki()  // first: the PKI is made on first use, and its certificates start now
        let trust = try TrustStore.load(directory: pki.path(store), allowTestKeys: true)
        let cms = try pki.bytes(name) + [UInt8](repeating: 0, count: padding)
        return CMSVerifier(trustStore: trust).verifyDetached(
            contents: cms, signedBytes: [(content ?? pki.content)[...]], dictionarySigningTime: signingTime,
            evaluationTime: evaluationTime ?? Date()
        )
    }

    private func verifySHA1(_ name: String, content: [UInt8]? = nil) throws -> CMSVerification {
        let pki = try pki()
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        let cms = try pki.bytes(name) + [UInt8](repeating: 0, count: 2000)
        return CMSVerifier(trustStore: trust).verify(
            contents: cms, form: .encapsulatedSHA1, signedBytes: [(content ?? pki.content)[...]],
            dictionarySigningTime: nil, evaluationTime: Date()
        )
    }

    private func categories(_ verification: CMSVerification) -> Set<CMSFailure.Category> {
        Set(verification.failures.map(\.category))
    }

    @Test("an RSA signature with signed attributes verifies and chains to the test anchor")
    func validRSA() throws {
        let result = try verify("ok.der")
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.isValidAndTrusted)
        #expect(result.signerIdentifiedBy == .issuerAndSerialNumber)
        #expect(result.signer?.commonName == "signer")
        #expect(result.chain.count == 2)
        #expect(result.anchor?.fileName == "test-root.pem")
        #expect(result.usesTestAnchor)
        #expect(result.digestAlgorithm == .sha256)
        #expect(result.signatureScheme == .rsaPKCS1(digest: nil) || result.signatureScheme == .rsaPKCS1(digest: .sha256))
        #expect(result.signingTimeSource == .signedAttribute)
        #expect(result.revocation == .complete)
        #expect(result.crlFilesUsed == ["test-root.crl.pem"])
    }

    @Test("signer identified by subject key identifier; RSA-PSS with SHA-384; ECDSA P-256 and P-521; CAdES with ESS signingCertificateV2")
    func otherValidForms() throws {
        let ski = try verify("ski.der")
        #expect(ski.isValidAndTrusted && ski.signerIdentifiedBy == .subjectKeyIdentifier)
        let pss = try verify("pss.der")
        #expect(pss.isValidAndTrusted, "\(pss.failures)")
        #expect(pss.signatureScheme == .rsaPSS(hash: .sha384, mgf1Hash: .sha384))
        let ec = try verify("ec.der")
        #expect(ec.isValidAndTrusted, "\(ec.failures)")
        #expect(ec.signer?.publicKey == .ec(curve: "prime256v1", bits: 256))
        let cades = try verify("cades.der")
        #expect(cades.isValidAndTrusted, "\(cades.failures)")
        let p521 = try verify("ec521.der")
        #expect(p521.isValidAndTrusted, "\(p521.failures)")
        #expect(p521.signer?.publicKey == .ec(curve: "secp521r1", bits: 521))
        #expect(p521.digestAlgorithm == .sha512)
        // The same P-521 signature over other bytes is still a changed document.
        #expect(categories(try verify("ec521.der", content: Array("other bytes".utf8))) == [.digest])
    }

    @Test("adbe.pkcs7.sha1 (CMS over the SHA-1 digest as eContent), with and without signed attributes: intact and chained, but weak")
    func legacySHA1() throws {
        for name in ["pkcs7sha1.der", "pkcs7sha1-noattr.der"] {
            let result = try verifySHA1(name)
            #expect(categories(result) == [.weakAlgorithm], "\(name): \(result.failures)")
            #expect(result.isIntact && !result.isValidAndTrusted, "\(name)")
            #expect(result.anchor?.fileName == "test-root.pem", "\(name)")
            #expect(result.failures.contains { $0.description.contains("adbe.pkcs7.sha1") }, "\(name)")
        }
    }

    @Test("adbe.pkcs7.sha1 over changed bytes is a digest mismatch (the CMS itself still verifies); a detached CMS is malformed")
    func legacySHA1Broken() throws {
        var content = try pki().content
        content[0] ^= 0x01
        for name in ["pkcs7sha1.der", "pkcs7sha1-noattr.der"] {
            let changed = try verifySHA1(name, content: content)
            #expect(categories(changed) == [.digest, .weakAlgorithm], "\(name): \(changed.failures)")
            #expect(!changed.isIntact)
        }
        // A detached CMS carries no digest to compare: it cannot be an adbe.pkcs7.sha1 signature.
        let detached = try verifySHA1("ok.der")
        #expect(categories(detached) == [.format], "\(detached.failures)")
        #expect(!detached.isIntact)
        // And an encapsulating CMS is refused as a detached signature.
        let pki = try pki()
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        let asDetached = CMSVerifier(trustStore: trust).verifyDetached(
            contents: try pki.bytes("pkcs7sha1.der"), signedBytes: [pki.content[...]], dictionarySigningTime: nil,
            evaluationTime: Date()
        )
        #expect(!asDetached.isIntact)
    }

    /// `/Contents` of an adbe.x509.rsa_sha1 signature: a DER OCTET STRING, zero padded.
    private func verifyRSASHA1(
        value: [UInt8]? = nil, certificates: [String] = ["signer.pem"], content: [UInt8]? = nil, padding: [UInt8]? = nil
    ) throws -> CMSVerification {
        let pki = try pki()
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        let signature = try value ?? pki.bytes("rsasha1.sig")
        #expect(signature.count == 256)
        let contents = [0x04, 0x82, 0x01, 0x00] + signature + (padding ?? [UInt8](repeating: 0, count: 500))
        return CMSVerifier(trustStore: trust).verifyRSASHA1(
            contents: contents, certificates: try certificates.map { try pki.derCertificate($0) },
            signedBytes: [(content ?? pki.content)[...]], dictionarySigningTime: nil, evaluationTime: Date()
        )
    }

    @Test(
        "adbe.x509.rsa_sha1 (bare PKCS#1 SHA-1 value, signer in /Cert): intact and chained but weak; changed bytes, a wrong or missing certificate, junk after the value fail"
    )
    func legacyRSASHA1() throws {
        let valid = try verifyRSASHA1()
        #expect(categories(valid) == [.weakAlgorithm], "\(valid.failures)")
        #expect(valid.isIntact && !valid.isValidAndTrusted)
        #expect(valid.anchor?.fileName == "test-root.pem")
        #expect(valid.signer?.commonName == "signer")

        var content = try pki().content
        content[0] ^= 0x01
        let changed = try verifyRSASHA1(content: content)
        #expect(categories(changed).contains(.signature) && !changed.isIntact, "\(changed.failures)")

        var value = try pki().bytes("rsasha1.sig")
        value[10] ^= 0x01
        let flipped = try verifyRSASHA1(value: value)
        #expect(categories(flipped).contains(.signature) && !flipped.isIntact)

        let otherKey = try verifyRSASHA1(certificates: ["noku.pem"])
        #expect(categories(otherKey).contains(.signature) && !otherKey.isIntact)

        let noCertificate = try verifyRSASHA1(certificates: [])
        #expect(categories(noCertificate) == [.signature] && !noCertificate.isIntact)

        let junk = try verifyRSASHA1(padding: [0, 0, 1])
        #expect(categories(junk) == [.format] && !junk.isIntact)
    }

    @Test("changed content is a digest mismatch, not anything else")
    func digestMismatch() throws {
        var content = try pki().content
        content[0] ^= 0x01
        let result = try verify("ok.der", content: content)
        #expect(categories(result) == [.digest])
        #expect(!result.isIntact)
    }

    @Test("SHA-1 digests and 1024-bit RSA keys are weak: intact, never valid and trusted")
    func weak() throws {
        let sha1 = try verify("sha1.der")
        #expect(categories(sha1) == [.weakAlgorithm])
        #expect(sha1.isIntact && !sha1.isValidAndTrusted)
        let short = try verify("short.der")
        #expect(categories(short).contains(.weakAlgorithm))
        #expect(short.isIntact && !short.isValidAndTrusted)
    }

    @Test("a keyUsage without digitalSignature or nonRepudiation is refused; no keyUsage at all leaves the key unrestricted (RFC 5280 4.2.1.3)")
    func keyUsage() throws {
        #expect(categories(try verify("encipher.der")) == [.keyUsage])
        let unrestricted = try verify("noku.der")
        #expect(unrestricted.failures.isEmpty, "\(unrestricted.failures)")
        #expect(unrestricted.isValidAndTrusted)
    }

    @Test("a self-signed certificate with the issuer's exact name is not trusted")
    func spoofedName() throws {
        let result = try verify("spoof.der")
        #expect(categories(result) == [.trust])
        #expect(result.isIntact)
        #expect(result.anchor == nil)
    }

    @Test("revocation: a CRL in the store revokes; without a CRL the status is not checked; a stale CRL is unknown")
    func revocation() throws {
        let revoked = try verify("revoked.der")
        #expect(categories(revoked) == [.revocation])
        let noCRL = try verify("revoked.der", store: "store-no-crl")
        #expect(noCRL.failures.isEmpty)
        #expect(noCRL.revocation == RevocationCoverage.none)
        let stale = try verify("ok.der", store: "store-stale-crl", evaluationTime: Date().addingTimeInterval(3 * 86_400))  // after the stale CRL's nextUpdate
        #expect(categories(stale) == [.revocationUnknown], "\(stale.failures)")
    }

    @Test("the document's DSS certificates complete the signer's path as untrusted candidates, never as anchors")
    func documentCertificates() throws {
        let pki = try pki()
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        func check(_ name: String, dss: [[UInt8]]) throws -> CMSVerification {
            CMSVerifier(trustStore: trust).verify(
                contents: try pki.bytes(name) + [UInt8](repeating: 0, count: 2000), form: .detached,
                signedBytes: [pki.content[...]], dictionarySigningTime: nil, evaluationTime: Date(),
                revocationData: RevocationData(certificates: dss)
            )
        }
        // The CMS carries only the signer: its issuer, an intermediate, is missing.
        let alone = try check("deep.der", dss: [])
        #expect(categories(alone) == [.trust], "\(alone.failures)")
        let completed = try check("deep.der", dss: [try pki.derCertificate("inter.pem")])
        #expect(completed.isValidAndTrusted, "\(completed.failures)")
        #expect(completed.chain.count == 3)
        #expect(completed.anchor?.fileName == "test-root.pem")
        // A self-signed certificate named like the anchor, in the DSS too, anchors nothing.
        let spoof = try check("spoof.der", dss: [try pki.derCertificate("spoof.pem")])
        #expect(categories(spoof).contains(.trust))
        #expect(spoof.anchor == nil)
    }

    @Test(
        "a self-signed anchor without basicConstraints or keyUsage issues (RFC 5280: a trust anchor is trusted as configured); one that says CA:FALSE does not")
    func bareRootAnchor() throws {
        let bare = try verify("bare.der", store: "store-bare")
        #expect(bare.isValidAndTrusted, "\(bare.failures)")
        #expect(bare.anchor?.fileName == "test-bare-root.pem")
        let notCA = try verify("notca.der", store: "store-notca")
        #expect(categories(notCA) == [.trust], "\(notCA.failures)")
        #expect(notCA.anchor == nil)
    }

    @Test("validity is judged at the signing time, not at the evaluation time")
    func validityAtSigningTime() throws {
        // Five years on, the signer certificate has expired (and the CRL with it: use the store without one).
        let later = try verify("ok.der", store: "store-no-crl", evaluationTime: Date().addingTimeInterval(5 * 365 * 86_400))
        #expect(later.failures.isEmpty, "a certificate expired since signing does not invalidate the signature: \(later.failures)")
        let expired = try verify("expired.der")
        #expect(categories(expired) == [.validity], "\(expired.failures)")
    }

    @Test("an adbe.pkcs7.detached signature without signed attributes is verified over the content's digest")
    func noSignedAttributes() throws {
        let plain = try verify("noattr.der")
        #expect(plain.isValidAndTrusted, "\(plain.failures)")
        #expect(!plain.hasSignedAttributes)
        #expect(plain.signedSigningTime == nil)
        // The attack it must still stop: the signed bytes changed after signing.
        var changed = try pki().content
        changed[0] ^= 0x01
        let tampered = try verify("noattr.der", content: changed)
        #expect(!tampered.isIntact)
        #expect(categories(tampered) == [.signature], "\(tampered.failures)")
    }

    @Test("no certificate, zeros: each a distinct reason; bytes after the CMS are recorded, not refused")
    func malformed() throws {
        #expect(categories(try verify("nocerts.der")) == [.signature])
        let pinned = try verify("nocerts.der", store: "store-pinned")
        #expect(pinned.isValidAndTrusted, "a signer certificate pinned in the trust store is found there: \(pinned.failures)")

        let pki = try pki()
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        let verifier = CMSVerifier(trustStore: trust)
        let trailing = verifier.verifyDetached(
            contents: try pki.bytes("ok.der") + [0, 0, 7, 0], signedBytes: [pki.content[...]], dictionarySigningTime: nil,
            evaluationTime: Date()
        )
        // Outside the CMS and signed by nothing (DSS-2155.pdf): the signature is what it is, and
        // the bytes up to the last non-zero one are reported.
        #expect(trailing.isValidAndTrusted, "\(trailing.failures)")
        #expect(trailing.bytesAfterCMS == 3)
        #expect(try verify("ok.der").bytesAfterCMS == 0, "zero padding is not data")
        let zeros = verifier.verifyDetached(
            contents: [UInt8](repeating: 0, count: 512), signedBytes: [pki.content[...]], dictionarySigningTime: nil,
            evaluationTime: Date()
        )
        #expect(categories(zeros) == [.format])
    }

    @Test("a BER SignedData with indefinite lengths verifies like its DER form (issue 10, defect 1)")
    func berIndefiniteLength() throws {
        let pki = try pki()
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        let verifier = CMSVerifier(trustStore: trust)
        func check(_ contents: [UInt8]) -> CMSVerification {
            verifier.verifyDetached(
                contents: contents, signedBytes: [pki.content[...]], dictionarySigningTime: nil, evaluationTime: Date()
            )
        }
        // ok.der re-encoded with indefinite lengths on ContentInfo, [0], SignedData and
        // EncapsulatedContentInfo: the signed attributes and signature value untouched.
        let ber = try BERTestEncoder.indefinite(try pki.bytes("ok.der"))
        #expect(Array(ber.prefix(2)) == [0x30, 0x80])
        for padding in [0, 2, 2000] {
            let result = check(ber + [UInt8](repeating: 0, count: padding))
            #expect(result.failures.isEmpty, "padding \(padding): \(result.failures)")
            #expect(result.isValidAndTrusted)
            #expect(result.signer?.commonName == "signer")
        }
        // OpenSSL's own streaming encoder (`cms -sign -stream -outform DER`) writes BER too; it
        // embeds the content, so it must parse and then be refused for that reason alone.
        let streamed = try verify("stream.der")
        #expect(try Array(pki.bytes("stream.der").prefix(2)) == [0x30, 0x80])
        #expect(streamed.failures.contains(.embeddedContent), "\(streamed.failures)")
        #expect(!streamed.failures.contains { if case .malformed = $0 { true } else { false } }, "\(streamed.failures)")

        // Bytes after the object are outside it (recorded); still refused: a missing
        // end-of-contents, damage inside.
        let trailing = check(ber + [0, 0, 7, 0])
        #expect(trailing.isValidAndTrusted && trailing.bytesAfterCMS == 3, "\(trailing.failures)")
        #expect(categories(check(Array(ber.dropLast(2)))) == [.format])
        var broken = ber
        broken[ber.count - 40] ^= 0xFF
        #expect(!check(broken).isIntact)
        var badLength = ber
        badLength[18] = 0x84  // the SignedData version INTEGER (02 01 01) now claims a 4-octet length
        #expect(categories(check(badLength)) == [.format])
    }

    @Test("several SignerInfos: each verified on its own, all must verify, a repeated one is checked once")
    func severalSignerInfos() throws {
        let pki = try pki()
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        func check(_ der: [UInt8]) -> CMSVerification {
            CMSVerifier(trustStore: trust).verifyDetached(
                contents: der, signedBytes: [pki.content[...]], dictionarySigningTime: nil, evaluationTime: Date()
            )
        }
        // Two signers (RSA, then ECDSA P-256), each over the content.
        let two = try pki.bytes("two.der")
        let both = check(two)
        #expect(both.isValidAndTrusted, "\(both.failures)")
        #expect(both.signerInfoCount == 2 && both.intactSignerInfos == [1, 2] && both.signerInfoCopies.isEmpty)
        // OpenSSL writes the SET OF SignerInfos in DER order; the signer reported is the first written.
        #expect(["signer", "ec"].contains(both.signer?.commonName ?? ""))

        // The signature value is each SignerInfo's last field: break one, then the other.
        let infos = try Self.signerInfos(two)
        for (broken, kept) in [(1, 1), (0, 2)] {
            var der = two
            der[infos[broken].endIndex - 1] ^= 0x01
            let result = check(der)
            #expect(!result.isIntact, "SignerInfo \(broken + 1) broken: \(result.failures)")
            #expect(result.intactSignerInfos == [kept])
            // Reported as that SignerInfo's reason, in the signature category.
            #expect(
                result.failures.contains {
                    if case .inSignerInfo(broken + 1, 2, let reason) = $0 { reason.category == .signature } else { false }
                },
                "\(result.failures)"
            )
        }

        // The same SignerInfo written twice (DSS pdf-double-signer-info.pdf): one signature.
        let ok = try pki.bytes("ok.der")
        let single = try Self.signerInfos(ok)[0]
        let doubled = try Self.withSignerInfos(ok, [Array(single), Array(single)])
        let repeated = check(doubled)
        #expect(repeated.isValidAndTrusted, "\(repeated.failures)")
        #expect(repeated.signerInfoCount == 2 && repeated.signerInfoCopies == [2] && repeated.intactSignerInfos == [1, 2])
        // A forged SignerInfo placed first does not hide behind a genuine one after it.
        var forged = Array(single)
        forged[forged.count - 1] ^= 0x01
        let hidden = check(try Self.withSignerInfos(ok, [forged, Array(single)]))
        #expect(!hidden.isIntact && hidden.intactSignerInfos == [2], "\(hidden.failures)")

        // Each SignerInfo costs a chain validation: past the cap the signature cannot be checked here.
        let many = (0...CMSVerifier.maxSignerInfos).map { index in
            var info = Array(single)
            if index > 0 { info[info.count - index] ^= 0x01 }
            return info
        }
        let capped = check(try Self.withSignerInfos(ok, many))
        #expect(!capped.isIntact && capped.failures.map(\.category) == [.unsupported], "\(capped.failures)")
    }

    /// The encoded SignerInfos of a DER ContentInfo(SignedData), with their offsets in `der`.
    static func signerInfos(_ der: [UInt8]) throws -> [ArraySlice<UInt8>] {
        var reader = DERReader(der)
        let signedData = try #require(try reader.read().children()[1].children().first)
        return try #require(try signedData.children().last).children().map(\.encoded)
    }

    /// `der` with its signerInfos SET replaced by `infos`.
    static func withSignerInfos(_ der: [UInt8], _ infos: [[UInt8]]) throws -> [UInt8] {
        var reader = DERReader(der)
        let top = try reader.read().children()
        let fields = try #require(try top[1].children().first).children()
        let signedData = DERWriter.element(0x30, fields.dropLast().flatMap(\.encoded) + DERWriter.element(0x31, infos.flatMap { $0 }))
        return DERWriter.element(0x30, Array(top[0].encoded) + DERWriter.element(0xA0, signedData))
    }

    @Test("ESS signing certificate: the first ESSCertID must name the signer (by hash, and by issuer and serial when given); later ones are free")
    func essSigningCertificate() throws {
        let pki = try pki()
        let signer = try X509Certificate.parse(der: try pki.derCertificate("signer.pem"))
        let other = try X509Certificate.parse(der: try pki.derCertificate("ec.pem"))
        let sha256 = DERWriter.element(0x30, DERWriter.element(0x06, [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]))
        func certID(
            _ certificate: X509Certificate, serial: [UInt8]? = nil, algorithm: Bool = false, issuer named: X509Certificate? = nil,
            wrapIssuer: Bool = false
        ) throws -> [UInt8] {
            let hash = try #require(Digest.hash(.sha256, certificate.der))
            var fields = (algorithm ? sha256 : []) + DERWriter.element(0x04, hash)
            if let serial {
                // issuerSerial: GeneralNames { [4] the signer's issuer name }, serial; wrapped:
                // the Name inside one more SEQUENCE, as n2013.00849449.pdf's signer wrote it.
                let name = ESSSigningCertificate.issuerNameDER(named ?? certificate)
                let issuer = wrapIssuer ? DERWriter.element(0x30, name) : name
                fields += DERWriter.element(0x30, DERWriter.element(0x30, DERWriter.element(0xA4, issuer)) + serial)
            }
            return DERWriter.element(0x30, fields)
        }
        func mismatch(_ ids: [[UInt8]]) throws -> String? {
            let der = DERWriter.element(0x30, DERWriter.element(0x30, ids.flatMap { $0 }))
            return try ESSSigningCertificate(der: der, version: .v2).mismatch(for: signer)
        }
        let signerSerial = ESSSigningCertificate.serialDER(signer)

        #expect(try mismatch([certID(signer)]) == nil)
        #expect(try mismatch([certID(signer, serial: signerSerial, algorithm: true)]) == nil)
        // The signer listed twice (ETSI plugtest files): OpenSSL says "ess cert id wrong order"; the RFCs allow it.
        #expect(try mismatch([certID(signer, serial: signerSerial), certID(signer, serial: signerSerial)]) == nil)
        // Later entries may name certificates that are not in the CMS.
        #expect(try mismatch([certID(signer), certID(other)]) == nil)
        // The attack: the first entry names another certificate, or the right hash with another serial.
        #expect(try mismatch([certID(other), certID(signer)]) != nil)
        #expect(try mismatch([certID(signer, serial: DERWriter.element(0x02, [0x01, 0x02]))]) != nil)
        #expect(throws: DERError.self) { try mismatch([]) }
        // An issuer name that is not a Name names no issuer: the hash and serial still bind
        // the signer; a readable issuer that is another one, or the hash of another
        // certificate, still fails.
        #expect(try mismatch([certID(signer, serial: signerSerial, wrapIssuer: true)]) == nil)
        #expect(try mismatch([certID(other, serial: signerSerial, wrapIssuer: true)]) != nil)
        #expect(try mismatch([certID(signer, serial: DERWriter.element(0x02, [0x01, 0x02]), wrapIssuer: true)]) != nil)
        let otherIssuer = try X509Certificate.parse(der: try pki.derCertificate("sm2.pem"))  // issued by CN=sm2
        #expect(try mismatch([certID(signer, serial: signerSerial, issuer: otherIssuer)]) != nil)
    }

    @Test("SignedData.digestAlgorithms is advisory: a set that omits the SignerInfo's digest is verified with it added, and changed bytes still fail")
    func digestAlgorithmsNotListed() throws {
        let pki = try pki()
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        // ok.der (SHA-256) with its digestAlgorithms SET replaced by { sha1 }, as pdf.js's
        // signed_verified.pdf lists it.
        var reader = DERReader(try pki.bytes("ok.der"))
        let top = try reader.read().children()
        let fields = try top[1].children()[0].children()
        let sha1 = DERWriter.element(0x30, DERWriter.element(0x06, [0x2B, 0x0E, 0x03, 0x02, 0x1A]) + [0x05, 0x00])
        let body = Array(fields[0].encoded) + DERWriter.element(0x31, sha1) + fields.dropFirst(2).flatMap(\.encoded)
        let mismatched = DERWriter.element(0x30, Array(top[0].encoded) + DERWriter.element(0xA0, DERWriter.element(0x30, body)))
        func check(_ content: [UInt8]) -> CMSVerification {
            CMSVerifier(trustStore: trust).verifyDetached(
                contents: mismatched, signedBytes: [content[...]], dictionarySigningTime: nil, evaluationTime: Date()
            )
        }
        let result = check(pki.content)
        #expect(result.isValidAndTrusted, "\(result.failures)")
        #expect(categories(check(pki.content + [0x20])) == [.digest])
        // The set rewritten once: a set that lists the digest is left alone.
        let sha256 = DERWriter.element(0x30, DERWriter.element(0x06, [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]))
        let added = try #require(try CMSVerifier.withDigestAlgorithm(mismatched, sha256))
        #expect(try CMSVerifier.withDigestAlgorithm(added, sha256) == nil)
    }

    @Test("plain r||s ECDSA values become DER ECDSA-Sig-Values: minimal INTEGERs, a zero before a high bit, exact width only")
    func plainECDSAEncoding() {
        // P-256 (32-byte halves): r with leading zeros, s with its high bit set.
        let r = [UInt8](repeating: 0, count: 31) + [0x05]
        let s = [0x80] + [UInt8](repeating: 0x01, count: 31)
        let der = PlainECDSA.derSignature(plain: r + s, keyBits: 256)
        #expect(der == DERWriter.element(0x30, [0x02, 0x01, 0x05] + [0x02, 0x21, 0x00] + s))
        #expect(der.map(PlainECDSA.isDERSignature) == true)
        #expect(!PlainECDSA.isDERSignature(r + s), "a plain value is not DER")
        #expect(PlainECDSA.derSignature(plain: r + s + [0], keyBits: 256) == nil, "not twice the curve's width")
        #expect(PlainECDSA.derSignature(plain: [UInt8](repeating: 1, count: 132), keyBits: 521) != nil, "P-521: 66-byte halves")
        #expect(SignatureScheme(oid: "0.4.0.127.0.7.1.1.4.1.3", parameters: nil) == .ecdsaPlain(digest: .sha256))
        #expect(SignatureScheme(oid: "0.4.0.127.0.7.1.1.4.1.6", parameters: nil) == .other(oid: "0.4.0.127.0.7.1.1.4.1.6"), "RIPEMD-160: unknown")
        #expect(
            AlgorithmPolicy.judge(digest: .sha256, digestOID: "", scheme: .ecdsaPlain(digest: .sha256), key: .ec(curve: "prime256v1", bits: 256)) == .allowed)
        if case .unsupported = AlgorithmPolicy.judge(
            digest: .sha512, digestOID: "", scheme: .ecdsaPlain(digest: .sha256), key: .ec(curve: "prime256v1", bits: 256))
        {
        } else {
            Issue.record("a plain-ECDSA hash that differs from the SignerInfo's digest is unsupported")
        }
    }

    @Test("BER walk: indefinite lengths nest, end-of-contents closes them; limits keep hostile input cheap")
    func berWalk() throws {
        func end(_ bytes: [UInt8]) throws(DERError) -> Int { try BERWalk.end(of: bytes[...], at: 0) }
        #expect(try end([0x30, 0x03, 0x02, 0x01, 0x05, 0xFF]) == 5)
        #expect(try end([0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00]) == 7)
        #expect(try end([0x30, 0x80, 0xA0, 0x80, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09]) == 10)
        #expect(try end([0x30, 0x82, 0x00, 0x01, 0x05]) == 5, "a long length form that is not the shortest is BER")
        #expect(throws: DERError.self) { try end([0x04, 0x80, 0x00, 0x00]) }  // indefinite primitive
        #expect(throws: DERError.self) { try end([0x00, 0x00]) }  // end-of-contents at the top
        #expect(throws: DERError.self) { try end([0x30, 0x80, 0x02, 0x01, 0x05]) }  // never closed
        #expect(throws: DERError.self) { try end([0x30, 0x80, 0x00, 0x01, 0x00]) }  // EOC with a length
        #expect(throws: DERError.self) { try end([0x30, 0x03, 0x02, 0x01]) }
        #expect(throws: DERError.self) { try end([0x30, 0xFF]) }
        #expect(throws: DERError.self) { try end([0x04, 0x88] + [UInt8](repeating: 0xFF, count: 8)) }
        #expect(throws: DERError.self) { try end([0x04, 0x84, 0x7F, 0xFF, 0xFF, 0xFF]) }
        // Deep nesting stops at the cap; a megabyte of open elements or of small children is one pass.
        let nested = Array([[UInt8]](repeating: [0x30, 0x80], count: BERWalk.maxDepth).joined())
        #expect(try end(nested + [UInt8](repeating: 0, count: 2 * BERWalk.maxDepth)) == 4 * BERWalk.maxDepth)
        #expect(throws: DERError.self) { try end(nested + [0x30, 0x80] + [UInt8](repeating: 0, count: 70)) }
        #expect(throws: DERError.self) { try end(Array([[UInt8]](repeating: [0x30, 0x80], count: 500_000).joined())) }
        let wide: [UInt8] = [0x30, 0x80] + Array([[UInt8]](repeating: [0x04, 0x00], count: 500_000).joined()) + [0x00, 0x00]
        #expect(try end(wide) == wide.count)
    }

    @Test("a GM/T 0010 container is read as the CMS SignedData it is; an SM2 certificate's key is SM2")
    func gmContainer() throws {
        let pki = try pki()
        // Re-wrap the SignedData under the GM/T 0010 content type 1.2.156.10197.6.1.4.2.2.
        var reader = DERReader(try pki.bytes("ok.der"))
        let content = try reader.read().children()[1].encoded
        let gmOID: [UInt8] = [0x06, 0x0A, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x06, 0x01, 0x04, 0x02, 0x02]
        let trust = try TrustStore.load(directory: pki.path("store"), allowTestKeys: true)
        func verify(_ contents: [UInt8], _ signed: [UInt8]) -> CMSVerification {
            CMSVerifier(trustStore: trust).verifyDetached(
                contents: contents, signedBytes: [signed[...]], dictionarySigningTime: nil, evaluationTime: Date()
            )
        }
        let gm = DERTestEncoder.sequence(gmOID + Array(content))
        let result = verify(gm, pki.content)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.isValidAndTrusted)
        // The same container over changed bytes: a changed document, as for CMS.
        #expect(categories(verify(gm, pki.content + [0x20])) == [.digest])
        // A GM/T content type on anything but that shape is still refused.
        #expect(categories(verify(DERTestEncoder.sequence(gmOID), pki.content)) == [.format])

        let sm2 = try X509Certificate.parse(der: try pki.derCertificate("sm2.pem"))
        #expect(sm2.publicKeyAlgorithm == .sm2)
    }

    @Test("the algorithm allow-list")
    func allowList() {
        let rsa2048 = PublicKeyAlgorithm.rsa(bits: 2048)
        #expect(AlgorithmPolicy.judge(digest: .sha256, digestOID: "", scheme: .rsaPKCS1(digest: nil), key: rsa2048) == .allowed)
        #expect(AlgorithmPolicy.judge(digest: .sha512, digestOID: "", scheme: .rsaPKCS1(digest: .sha512), key: .rsa(bits: 4096)) == .allowed)
        #expect(AlgorithmPolicy.judge(digest: .sha384, digestOID: "", scheme: .ecdsa(digest: .sha384), key: .ec(curve: "secp384r1", bits: 384)) == .allowed)
        if case .weak = AlgorithmPolicy.judge(digest: .md5, digestOID: "", scheme: .rsaPKCS1(digest: nil), key: rsa2048) {
        } else {
            Issue.record("MD5 must be weak")
        }
        if case .weak = AlgorithmPolicy.judge(digest: .sha256, digestOID: "", scheme: .rsaPKCS1(digest: .sha1), key: rsa2048) {
        } else {
            Issue.record("sha1WithRSAEncryption must be weak")
        }
        if case .weak = AlgorithmPolicy.judge(digest: .sha256, digestOID: "", scheme: .rsaPKCS1(digest: nil), key: .rsa(bits: 2047)) {
        } else {
            Issue.record("RSA below 2048 must be weak")
        }
        if case .weak = AlgorithmPolicy.judge(digest: .sha256, digestOID: "", scheme: .rsaPSS(hash: .sha1, mgf1Hash: .sha1), key: rsa2048) {
        } else {
            Issue.record("PSS with SHA-1 must be weak")
        }
        // P-521 is on the allow-list (docs/sesame-report.md, "Algorithms"), with each allowed hash.
        for digest in [Digest.Algorithm.sha256, .sha384, .sha512] {
            #expect(AlgorithmPolicy.judge(digest: digest, digestOID: "", scheme: .ecdsa(digest: digest), key: .ec(curve: "secp521r1", bits: 521)) == .allowed)
        }
        if case .weak = AlgorithmPolicy.judge(digest: .sha1, digestOID: "", scheme: .ecdsa(digest: .sha1), key: .ec(curve: "secp521r1", bits: 521)) {
        } else {
            Issue.record("ECDSA P-521 with SHA-1 must be weak")
        }
        if case .unsupported = AlgorithmPolicy.judge(
            digest: .sha256, digestOID: "", scheme: .ecdsa(digest: .sha256), key: .ec(curve: "brainpoolP256r1", bits: 256))
        {
        } else {
            Issue.record("a curve off the list (brainpoolP256r1) is unsupported")
        }
        if case .unsupported = AlgorithmPolicy.judge(digest: nil, digestOID: "2.16.840.1.101.3.4.2.8", scheme: .rsaPKCS1(digest: nil), key: rsa2048) {
        } else {
            Issue.record("an unknown digest is unsupported")
        }
    }

    @Test("DER reader: lengths, OIDs, and refusal of truncated or non-minimal encodings")
    func der() throws {
        var reader = DERReader([0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02])
        #expect(try reader.read().objectIdentifier() == "1.2.840.113549.1.7.2")
        var truncated = DERReader([0x30, 0x82, 0x01, 0x00, 0x00])
        #expect(throws: DERError.self) { try truncated.read() }
        var nonMinimal = DERReader([0x30, 0x81, 0x05, 1, 2, 3, 4, 5])
        #expect(throws: DERError.self) { try nonMinimal.read() }
        var indefinite = DERReader([0x30, 0x80, 0x00, 0x00])
        #expect(throws: DERError.self) { try indefinite.read() }
    }

    @Test("OpenSSL errors are drained into a structured error where the call fails")
    func openSSLError() {
        #expect(throws: OpenSSLError.self) { try X509Certificate.parse(der: [0x30, 0x03, 0x02, 0x01, 0x01]) }
        do {
            _ = try X509Certificate.parse(der: [0x01])
        } catch {
            #expect(error.function == "d2i_X509")
            #expect(!error.entries.isEmpty)
        }
    }
}

/// Re-encodes DER as BER with indefinite lengths, as a streaming CMS encoder writes it.
enum BERTestEncoder {
    /// `ContentInfo`, its `[0]`, the `SignedData` and its `EncapsulatedContentInfo` in the
    /// indefinite-length form; everything else (certificates, SignerInfos) byte for byte.
    static func indefinite(_ der: [UInt8]) throws -> [UInt8] {
        var reader = DERReader(der)
        let contentInfo = try reader.read().children()
        let signedData = try contentInfo[1].children()[0].children()
        var inner: [UInt8] = []
        for (index, child) in signedData.enumerated() {
            inner += index == 2 ? wrap(0x30, try child.children().flatMap(\.encoded)) : Array(child.encoded)
        }
        return wrap(0x30, Array(contentInfo[0].encoded) + wrap(0xA0, wrap(0x30, inner)))
    }

    static func wrap(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag, 0x80] + content + [0x00, 0x00] }
}

/// Minimal DER building for tests.
enum DERTestEncoder {
    static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        var bytes: [UInt8] = []
        var value = count
        while value > 0 {
            bytes.insert(UInt8(value & 0xFF), at: 0)
            value >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    static func sequence(_ content: [UInt8]) -> [UInt8] { [0x30] + length(content.count) + content }
}

/// A throwaway PKI made with the `openssl` command line.
struct TestPKI: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: URL
    let content: [UInt8]

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    func derCertificate(_ name: String) throws -> [UInt8] {
        try Self.openssl(["x509", "-in", name, "-outform", "DER", "-out", name + ".der"], in: directory)
        return try bytes(name + ".der")
    }

    static func make() throws -> TestPKI {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dv-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(script.utf8).write(to: directory.appendingPathComponent("make.sh"))
        try run("/bin/bash", ["make.sh"], in: directory)
        return TestPKI(directory: directory, content: [UInt8](try Data(contentsOf: directory.appendingPathComponent("content.bin"))))
    }

    static func openssl(_ arguments: [String], in directory: URL) throws {
        try run("/usr/bin/openssl", arguments, in: directory)
    }

    static func run(_ executable: String, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")): " + String(decoding: stderr, as: UTF8.self))
        }
    }

    /// Root CA, signers for every case, CRLs, and the CMS files.
    static let script = #"""
        set -e
        cat > ext.cnf <<'X'
        [req]
        distinguished_name=dn
        [dn]
        [ca]
        basicConstraints=critical,CA:TRUE
        keyUsage=critical,keyCertSign,cRLSign
        subjectKeyIdentifier=hash
        [signer]
        basicConstraints=CA:FALSE
        keyUsage=critical,digitalSignature,nonRepudiation
        subjectKeyIdentifier=hash
        authorityKeyIdentifier=keyid
        [noku]
        basicConstraints=CA:FALSE
        subjectKeyIdentifier=hash
        [encipher]
        basicConstraints=CA:FALSE
        keyUsage=critical,keyEncipherment
        subjectKeyIdentifier=hash
        X
        openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj "/O=Test Issuer/CN=Test Root" -days 3650 -set_serial 1 -extensions ca -config ext.cnf
        mk() {
          openssl req -new -newkey $2 -nodes -keyout $1.key -out $1.csr -subj "/O=Test Issuer/CN=$1"
          openssl x509 -req -in $1.csr -CA root.pem -CAkey root.key -out $1.pem -days 365 -set_serial 0x$(openssl rand -hex 8) -extfile ext.cnf -extensions $3
        }
        mk signer rsa:2048 signer
        mk noku rsa:2048 noku
        mk encipher rsa:2048 encipher
        mk short rsa:1024 signer
        mk revoked rsa:2048 signer
        mk ec "ec -pkeyopt ec_paramgen_curve:P-256" signer
        mk ec521 "ec -pkeyopt ec_paramgen_curve:P-521" signer
        # An intermediate CA and a signer under it, for paths completed by the document's DSS.
        openssl req -new -newkey rsa:2048 -nodes -keyout inter.key -out inter.csr -subj "/O=Test Issuer/CN=Test Intermediate"
        openssl x509 -req -in inter.csr -CA root.pem -CAkey root.key -out inter.pem -days 365 -set_serial 0x$(openssl rand -hex 8) -extfile ext.cnf -extensions ca
        openssl req -new -newkey rsa:2048 -nodes -keyout deep.key -out deep.csr -subj "/O=Test Issuer/CN=deep"
        openssl x509 -req -in deep.csr -CA inter.pem -CAkey inter.key -out deep.pem -days 365 -set_serial 0x$(openssl rand -hex 8) -extfile ext.cnf -extensions signer
        # A self-signed root with a subject key identifier only (no basicConstraints, no keyUsage),
        # and one that says CA:FALSE, each issuing a signer.
        cat >> ext.cnf <<'X'
        [skidonly]
        subjectKeyIdentifier=hash
        [notca]
        basicConstraints=critical,CA:FALSE
        subjectKeyIdentifier=hash
        X
        for r in bare:skidonly notca:notca; do
          n=${r%%:*}; e=${r##*:}
          openssl req -new -newkey rsa:2048 -nodes -keyout $n-root.key -out $n-root.csr -subj "/O=Old Issuer/CN=$n root"
          openssl x509 -req -in $n-root.csr -signkey $n-root.key -out $n-root.pem -days 365 -extfile ext.cnf -extensions $e
          openssl req -new -newkey rsa:2048 -nodes -keyout $n-signer.key -out $n-signer.csr -subj "/O=Old Issuer/CN=$n signer"
          openssl x509 -req -in $n-signer.csr -CA $n-root.pem -CAkey $n-root.key -out $n-signer.pem -days 365 -set_serial 0x$(openssl rand -hex 8) -extfile ext.cnf -extensions signer
          mkdir store-$n; cp $n-root.pem store-$n/test-$n-root.pem
        done
        openssl req -x509 -newkey rsa:2048 -nodes -keyout spoof.key -out spoof.pem -subj "/O=Test Issuer/CN=Test Root" -days 365 -set_serial 2 -extensions signer -config ext.cnf
        openssl genpkey -algorithm SM2 -out sm2.key
        openssl req -x509 -new -key sm2.key -sm3 -sigopt distid:1234567812345678 -subj "/CN=sm2" -days 30 -out sm2.pem -config ext.cnf
        mkdir -p ca; : > ca/index.txt; echo 1000 > ca/crlnumber
        cat > ca.cnf <<X
        [ca]
        default_ca=d
        [d]
        database=ca/index.txt
        crlnumber=ca/crlnumber
        certificate=root.pem
        private_key=root.key
        default_md=sha256
        default_crl_days=30
        new_certs_dir=ca
        policy=p
        serial=ca/serial
        copy_extensions=copy
        [p]
        commonName=supplied
        organizationName=optional
        [signer]
        basicConstraints=CA:FALSE
        keyUsage=critical,digitalSignature,nonRepudiation
        X
        echo 2000 > ca/serial
        openssl req -new -newkey rsa:2048 -nodes -keyout expired.key -out expired.csr -subj "/O=Test Issuer/CN=expired"
        openssl ca -batch -config ca.cnf -in expired.csr -out expired.pem -startdate 20200101000000Z -enddate 20210101000000Z -extensions signer -notext
        openssl ca -config ca.cnf -revoke revoked.pem
        openssl ca -config ca.cnf -gencrl -out root.crl.pem
        openssl ca -config ca.cnf -gencrl -crlhours 1 -out stale.crl.pem
        printf 'the signed bytes of a PDF, both ranges' > content.bin
        sign() { openssl cms -sign -binary -in content.bin -signer $2.pem -inkey $2.key -md $3 -outform DER -out $1 "${@:4}"; }
        sign ok.der signer sha256 -certfile root.pem
        sign pss.der signer sha384 -keyopt rsa_padding_mode:pss
        sign sha1.der signer sha1
        sign noku.der noku sha256
        sign encipher.der encipher sha256
        sign short.der short sha256
        sign ec.der ec sha256
        sign ec521.der ec521 sha512
        sign revoked.der revoked sha256
        sign spoof.der spoof sha256
        sign deep.der deep sha256
        sign bare.der bare-signer sha256
        sign notca.der notca-signer sha256
        sign expired.der expired sha256
        sign noattr.der signer sha256 -noattr
        sign ski.der signer sha256 -keyid
        sign nocerts.der signer sha256 -nocerts
        sign cades.der signer sha256 -cades
        sign stream.der signer sha256 -stream
        sign two.der signer sha256 -signer ec.pem -inkey ec.key
        # adbe.pkcs7.sha1: the CMS encapsulates the 20-byte SHA-1 digest of the signed bytes.
        openssl dgst -sha1 -binary -out content.sha1 content.bin
        openssl cms -sign -binary -nodetach -in content.sha1 -signer signer.pem -inkey signer.key -md sha1 -outform DER -out pkcs7sha1.der
        # adbe.x509.rsa_sha1: a bare PKCS#1 v1.5 SHA-1 signature over the signed bytes.
        openssl dgst -sha1 -sign signer.key -out rsasha1.sig content.bin
        openssl cms -sign -binary -nodetach -noattr -in content.sha1 -signer signer.pem -inkey signer.key -md sha1 -outform DER -out pkcs7sha1-noattr.der
        mkdir store store-no-crl store-stale-crl store-pinned
        cp root.pem store/test-root.pem; cp root.crl.pem store/test-root.crl.pem
        cp root.pem store-no-crl/test-root.pem
        cp root.pem store-stale-crl/test-root.pem; cp stale.crl.pem store-stale-crl/test-root.crl.pem
        cp signer.pem store-pinned/test-signer.pem
        """#
}
