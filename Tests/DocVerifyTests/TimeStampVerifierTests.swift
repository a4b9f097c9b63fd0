import Foundation
import Testing

@testable import DocCrypto

/// RFC 3161 timestamp tokens with real OpenSSL: a throwaway TSA made with the `openssl ts`
/// command line (critical timeStamping usage), the same TSTInfo re-signed by a certificate
/// with a non-critical timeStamping usage and by one without any, then verified by
/// ``TimeStampVerifier``; and the TSTInfo parser and imprint check on hand-made DER.
@Suite("RFC 3161 timestamp tokens")
struct TimeStampVerifierTests {
    static let tsa: Result<TestTSA, any Error> = Result { try TestTSA.make() }

    private func tsa() throws -> TestTSA { try Self.tsa.get() }

    private func verifier(_ store: String = "store") throws -> TimeStampVerifier {
        TimeStampVerifier(trustStore: try TrustStore.load(directory: try tsa().path(store), allowTestKeys: true))
    }

    private func document(
        _ token: String, data: [UInt8]? = nil, store: String = "store", padding: Int = 1000
    ) throws
        -> TimeStampVerification
    {
        let tsa = try tsa()
        return try verifier(store).verifyDocumentTimestamp(
            contents: try tsa.bytes(token) + [UInt8](repeating: 0, count: padding), signedBytes: [(data ?? tsa.data)[...]],
            evaluationTime: Date()
        )
    }

    @Test("a document timestamp from a TSA with the critical timeStamping usage: valid, TSTInfo read, time proven")
    func valid() throws {
        let result = try document("token.der")
        #expect(result.failures.isEmpty && result.token.failures.isEmpty, "\(result.reasons)")
        #expect(result.isValid && !result.isBroken)
        let info = try #require(result.info)
        #expect(info.version == 1 && info.policy == "1.2.3.4.1" && info.hashAlgorithm == .sha256)
        #expect(info.hashedMessage == Digest.hash(.sha256, try tsa().data))
        #expect(info.accuracy == TSTInfo.Accuracy(seconds: 1, millis: 500, micros: 100))
        #expect(info.ordering && info.namesTSA && info.nonce != nil)
        #expect(abs(info.genTime.timeIntervalSinceNow) < 3_600)
        #expect(result.provenTime == info.genTime)
        #expect(result.tsa?.commonName == "tsa")
        #expect(result.token.anchor?.fileName == "test-root.pem" && result.token.usesTestAnchor)
        #expect(result.kind == .document)
    }

    @Test("the same token as a signature timestamp: it must stamp the signature value given")
    func signatureTimestamp() throws {
        let tsa = try tsa()
        let token = try tsa.bytes("token.der")
        let verifier = try verifier()
        let stamped = verifier.verifySignatureTimestamp(token: token, signatureValue: tsa.data, evaluationTime: Date())
        #expect(stamped.isValid && stamped.kind == .signature, "\(stamped.reasons)")
        let other = verifier.verifySignatureTimestamp(token: token, signatureValue: tsa.data + [0x01], evaluationTime: Date())
        #expect(other.isBroken && !other.isValid && other.provenTime == nil)
        #expect(other.failures.contains { if case .imprintMismatch = $0 { true } else { false } }, "\(other.reasons)")
    }

    @Test("changed stamped bytes, a changed TSTInfo, junk after the token, a signature that is no token: broken (evidence)")
    func broken() throws {
        let changedData = try document("token.der", data: Array("the bytes a timestamp stamps, changed".utf8))
        #expect(changedData.isBroken, "\(changedData.reasons)")
        #expect(changedData.failures.contains { if case .imprintMismatch = $0 { true } else { false } })

        // The last digit of the genTime inside the encapsulated TSTInfo (GeneralizedTime, 15
        // bytes, "20…"): the TSA's messageDigest no longer holds.
        var token = try tsa().bytes("token.der")
        let time = try #require(token.firstRange(of: [0x18, 0x0F, 0x32, 0x30]).map(\.lowerBound))
        token[time + 15] = token[time + 15] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        let tampered = try verifier().verifyDocumentTimestamp(contents: token, signedBytes: [try tsa().data[...]], evaluationTime: Date())
        #expect(tampered.isBroken && tampered.token.failures.contains { $0.category == .digest }, "\(tampered.reasons)")

        let junk = try verifier().verifyDocumentTimestamp(
            contents: try tsa().bytes("token.der") + [0, 0, 7], signedBytes: [try tsa().data[...]], evaluationTime: Date()
        )
        #expect(junk.isBroken && junk.token.failures.contains { $0.category == .format })

        let plain = try document("plain.der")
        #expect(plain.isBroken && plain.failures.contains { if case .notTimeStampToken = $0 { true } else { false } }, "\(plain.reasons)")
    }

    @Test("a non-critical timeStamping usage is accepted; no extendedKeyUsage, an unknown TSA, a SHA-1 imprint: not relied on, not broken")
    func unreliable() throws {
        let noncritical = try document("token-tsanoncritical.der")
        #expect(noncritical.isValid, "\(noncritical.reasons)")

        let noEKU = try document("token-noeku.der")
        #expect(!noEKU.isValid && !noEKU.isBroken && noEKU.provenTime == nil)
        #expect(noEKU.failures.contains { if case .timeStampingUsage = $0 { true } else { false } }, "\(noEKU.reasons)")

        let unknown = try document("token.der", store: "store-other")
        #expect(!unknown.isValid && !unknown.isBroken && unknown.token.failures.contains { $0.category == .trust }, "\(unknown.reasons)")

        let sha1 = try document("token-sha1.der")
        #expect(!sha1.isValid && !sha1.isBroken, "\(sha1.reasons)")
        #expect(sha1.failures.contains { if case .imprintAlgorithm(let why) = $0 { why.category == .weakAlgorithm } else { false } })
    }

    @Test("a TSA under an intermediate only the document carries (its DSS): the document's certificates complete the path, never trust it")
    func documentCertificates() throws {
        let tsa = try tsa()
        let contents = try tsa.bytes("token-ica.der") + [UInt8](repeating: 0, count: 100)
        func verify(store: String, with certificates: [[UInt8]]) throws -> TimeStampVerification {
            try verifier(store).verifyDocumentTimestamp(
                contents: contents, signedBytes: [tsa.data[...]], evaluationTime: Date(), documentCertificates: certificates
            )
        }
        let alone = try verify(store: "store", with: [])
        #expect(!alone.isValid && !alone.isBroken && alone.token.failures.contains { $0.category == .trust }, "\(alone.reasons)")
        let completed = try verify(store: "store", with: [try tsa.bytes("ica.der")])
        #expect(completed.isValid, "\(completed.reasons)")
        #expect(completed.token.anchor?.fileName == "test-root.pem")
        // A candidate is no anchor: the intermediate given, the root not trusted, still untrusted.
        let untrusted = try verify(store: "store-other", with: [try tsa.bytes("ica.der")])
        #expect(!untrusted.isValid && untrusted.token.failures.contains { $0.category == .trust }, "\(untrusted.reasons)")
    }

    @Test("a genTime after the evaluation time is not believed")
    func future() throws {
        let tsa = try tsa()
        let earlier = try verifier().verifyDocumentTimestamp(
            contents: try tsa.bytes("token.der"), signedBytes: [tsa.data[...]], evaluationTime: Date().addingTimeInterval(-86_400)
        )
        #expect(!earlier.isValid && !earlier.isBroken)
        #expect(earlier.failures.contains { if case .genTimeInFuture = $0 { true } else { false } }, "\(earlier.reasons)")
    }

    // MARK: TSTInfo and imprint, on hand-made DER

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        precondition(content.count < 0x100)
        return [tag] + (content.count < 0x80 ? [UInt8(content.count)] : [0x81, UInt8(content.count)]) + content
    }

    static let sha256OID: [UInt8] = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]
    static let policyOID: [UInt8] = [0x06, 0x03, 0x2A, 0x03, 0x04]  // 1.2.3.4

    static func tstInfo(
        version: UInt8 = 1, hashed: [UInt8] = [UInt8](repeating: 0xAB, count: 32), genTime: String = "20261120021530.25Z",
        tail: [UInt8] = [], imprintOID: [UInt8] = sha256OID
    ) -> [UInt8] {
        let imprint = tlv(0x30, tlv(0x30, imprintOID + [0x05, 0x00]) + tlv(0x04, hashed))
        return tlv(
            0x30,
            tlv(0x02, [version]) + policyOID + imprint + tlv(0x02, [0x00, 0xFF]) + tlv(0x18, Array(genTime.utf8)) + tail
        )
    }

    @Test("TSTInfo: the required fields, the optional ones, the time in UTC with its fraction dropped")
    func parseTSTInfo() throws {
        let minimal = try TSTInfo.parse(Self.tstInfo()[...])
        #expect(minimal.version == 1 && minimal.policy == "1.2.3.4" && minimal.hashAlgorithmOID == "2.16.840.1.101.3.4.2.1")
        #expect(minimal.hashAlgorithm == .sha256 && minimal.hashedMessage == [UInt8](repeating: 0xAB, count: 32))
        #expect(minimal.serialNumber == "ff")
        #expect(minimal.genTime == Date(timeIntervalSince1970: 1_795_140_930))  // 2026-11-20T02:15:30Z
        #expect(minimal.accuracy == nil && !minimal.ordering && minimal.nonce == nil && !minimal.namesTSA)

        let accuracy = Self.tlv(0x30, Self.tlv(0x02, [0x02]) + Self.tlv(0x80, [0x01, 0xF4]) + Self.tlv(0x81, [0x07]))
        let full = try TSTInfo.parse(
            Self.tstInfo(tail: accuracy + [0x01, 0x01, 0xFF] + Self.tlv(0x02, [0x00, 0x9A, 0x01]) + Self.tlv(0xA0, Self.tlv(0xA4, Self.tlv(0x30, []))))[...]
        )
        #expect(full.accuracy == TSTInfo.Accuracy(seconds: 2, millis: 500, micros: 7))
        #expect(abs((full.accuracy?.interval ?? 0) - 2.500007) < 1e-9)
        #expect(full.ordering && full.nonce == "9a01" && full.namesTSA)

        #expect(try TSTInfo.generalizedTime(Array("20280229000000Z".utf8)[...]) == Date(timeIntervalSince1970: 1_835_395_200))
    }

    @Test("TSTInfo: a wrong version, a local or impossible time, trailing bytes, a missing or misshapen field are refused")
    func refuseTSTInfo() {
        func refused(_ der: [UInt8]) -> Bool { (try? TSTInfo.parse(der[...])) == nil }
        #expect(refused(Self.tstInfo(version: 2)))
        #expect(refused(Self.tstInfo(genTime: "20261120101530+0800")))
        #expect(refused(Self.tstInfo(genTime: "20261120021530")))
        #expect(refused(Self.tstInfo(genTime: "20270229000000Z")))
        #expect(refused(Self.tstInfo(genTime: "20261131000000Z")))
        #expect(refused(Self.tstInfo(genTime: "20261120021530.Z")))
        #expect(refused(Self.tstInfo() + [0x00]))
        #expect(refused(Self.tstInfo(tail: [0x05, 0x00])))
        #expect(refused(Self.tlv(0x30, Self.tlv(0x02, [1]) + Self.policyOID)))
        #expect(refused(Self.tlv(0x31, Array(Self.tstInfo().dropFirst(2)))))
    }

    @Test("imprint: a match under SHA-256 holds; a mismatch is evidence even under SHA-1; SHA-1 alone is weak; an unknown hash unsupported")
    func imprint() throws {
        let data = Array("stamped".utf8)
        func info(_ hashed: [UInt8], oid: [UInt8] = Self.sha256OID) throws -> TSTInfo {
            try TSTInfo.parse(Self.tstInfo(hashed: hashed, imprintOID: oid)[...])
        }
        let sha1OID: [UInt8] = [0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A]
        let right = try #require(Digest.hash(.sha256, data))
        #expect(TimeStampVerifier.imprintProblem(try info(right), stamped: [data[...]]) == nil)
        // Split into ranges as a ByteRange is: the digest is over their concatenation.
        #expect(TimeStampVerifier.imprintProblem(try info(right), stamped: [data[0..<3], data[3...]]) == nil)

        let wrong = TimeStampVerifier.imprintProblem(try info(right), stamped: [Array("stampeD".utf8)[...]])
        #expect(wrong?.isEvidence == true)
        let sha1 = try #require(Digest.hash(.sha1, data))
        #expect(TimeStampVerifier.imprintProblem(try info(sha1, oid: sha1OID), stamped: [data[...]]).map { !$0.isEvidence } == true)
        if case .imprintAlgorithm(let failure) = TimeStampVerifier.imprintProblem(try info(sha1, oid: sha1OID), stamped: [data[...]]) {
            #expect(failure.category == .weakAlgorithm)
        } else {
            Issue.record("a SHA-1 imprint is not judged weak")
        }
        #expect(TimeStampVerifier.imprintProblem(try info(right, oid: sha1OID), stamped: [data[...]])?.isEvidence == true)
        let unknown = TimeStampVerifier.imprintProblem(try info(right, oid: Self.policyOID), stamped: [data[...]])
        if case .imprintAlgorithm(let failure) = unknown { #expect(failure.category == .unsupported) } else { Issue.record("\(String(describing: unknown))") }
    }
}

/// A throwaway TSA made with the `openssl` command line.
struct TestTSA: Sendable {
    let directory: URL
    let data: [UInt8]

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func make() throws -> TestTSA {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dv-tsa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(script.utf8).write(to: directory.appendingPathComponent("make.sh"))
        try TestPKI.run("/bin/bash", ["make.sh"], in: directory)
        return TestTSA(directory: directory, data: [UInt8](try Data(contentsOf: directory.appendingPathComponent("data.bin"))))
    }

    /// A root, a TSA with the critical timeStamping usage (what `openssl ts` insists on), one
    /// with a non-critical usage, one without; tokens over `data.bin` (SHA-256 and SHA-1
    /// imprints), the SHA-256 TSTInfo re-signed by the other two, and a plain CMS signature.
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
        [tsa]
        basicConstraints=CA:FALSE
        keyUsage=critical,digitalSignature
        extendedKeyUsage=critical,timeStamping
        subjectKeyIdentifier=hash
        [tsanoncritical]
        basicConstraints=CA:FALSE
        keyUsage=critical,digitalSignature
        extendedKeyUsage=timeStamping
        subjectKeyIdentifier=hash
        [noeku]
        basicConstraints=CA:FALSE
        keyUsage=critical,digitalSignature,nonRepudiation
        subjectKeyIdentifier=hash
        X
        cat > ts.cnf <<'X'
        [tsa]
        default_tsa=t
        [t]
        serial=./tsaserial
        crypto_device=builtin
        signer_digest=sha256
        default_policy=1.2.3.4.1
        digests=sha1, sha256, sha384, sha512
        accuracy=secs:1, millisecs:500, microsecs:100
        ordering=yes
        tsa_name=yes
        ess_cert_id_chain=no
        ess_cert_id_alg=sha256
        X
        echo 01 > tsaserial
        openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj "/O=Test TSA Issuer/CN=Test Root" -days 3650 -set_serial 1 -extensions ca -config ext.cnf
        openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -subj "/O=Other/CN=Other Root" -days 3650 -set_serial 2 -extensions ca -config ext.cnf
        mk() {
          openssl req -new -newkey rsa:2048 -nodes -keyout $1.key -out $1.csr -subj "/O=Test TSA Issuer/CN=$1"
          openssl x509 -req -in $1.csr -CA root.pem -CAkey root.key -out $1.pem -days 365 -set_serial 0x$(openssl rand -hex 8) -extfile ext.cnf -extensions $1
        }
        mk tsa; mk tsanoncritical; mk noeku
        printf 'the bytes a timestamp stamps' > data.bin
        openssl ts -query -data data.bin -sha256 -cert -out req.tsq
        openssl ts -reply -queryfile req.tsq -signer tsa.pem -inkey tsa.key -config ts.cnf -token_out -out token.der
        openssl ts -query -data data.bin -sha1 -cert -out req-sha1.tsq
        openssl ts -reply -queryfile req-sha1.tsq -signer tsa.pem -inkey tsa.key -config ts.cnf -token_out -out token-sha1.der
        openssl cms -verify -noverify -inform DER -in token.der -binary -out tstinfo.der
        for s in tsanoncritical noeku; do
          openssl cms -sign -binary -nodetach -econtent_type id-smime-ct-TSTInfo -in tstinfo.der -signer $s.pem -inkey $s.key -md sha256 -outform DER -out token-$s.der
        done
        openssl cms -sign -binary -in data.bin -signer tsa.pem -inkey tsa.key -md sha256 -outform DER -out plain.der
        # A TSA under an intermediate CA: its token carries only the TSA's certificate.
        openssl req -new -newkey rsa:2048 -nodes -keyout ica.key -out ica.csr -subj "/O=Test TSA Issuer/CN=Test Intermediate"
        openssl x509 -req -in ica.csr -CA root.pem -CAkey root.key -out ica.pem -days 365 -set_serial 3 -extfile ext.cnf -extensions ca
        openssl x509 -in ica.pem -outform DER -out ica.der
        openssl req -new -newkey rsa:2048 -nodes -keyout tsaica.key -out tsaica.csr -subj "/O=Test TSA Issuer/CN=tsaica"
        openssl x509 -req -in tsaica.csr -CA ica.pem -CAkey ica.key -out tsaica.pem -days 365 -set_serial 4 -extfile ext.cnf -extensions tsa
        openssl ts -reply -queryfile req.tsq -signer tsaica.pem -inkey tsaica.key -config ts.cnf -token_out -out token-ica.der
        mkdir store store-other
        cp root.pem store/test-root.pem
        cp other.pem store-other/test-other.pem
        """#
}
