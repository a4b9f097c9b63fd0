import Foundation
import Testing

@testable import DocCrypto

/// SM2 with SM3 and the trust store's sidecars, at the DocCrypto level: the signatures of
/// the committed `testdata/sm2/` reports (made with the `openssl` CLI by `gen/sm2.py`)
/// verified by ``CMSVerifier`` against trust stores built here, and the SM2 primitive
/// against signatures `openssl pkeyutl` makes with a chosen distinguishing ID.
@Suite("SM2/SM3 signatures and trust-store sidecars")
struct SM2Tests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let evaluation = Date(timeIntervalSince1970: 1_795_608_000)  // 2026-11-25T12:00:00Z

    /// A fixture's `/Contents` (decoded) and the two `/ByteRange` pieces.
    struct Signed {
        var contents: [UInt8]
        var pieces: [ArraySlice<UInt8>]
    }

    static func signed(_ name: String) throws -> Signed {
        let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("testdata/sm2/\(name)")))
        let text = String(decoding: bytes, as: Unicode.ASCII.self)
        let range = try #require(text.firstMatch(of: /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/))
        let (a, b, c) = (Int(range.1)!, Int(range.2)!, Int(range.3)!)
        let hex = bytes[(a + 1)..<(b - 1)]
        var contents: [UInt8] = []
        var index = hex.startIndex
        while index + 1 < hex.endIndex {
            contents.append(UInt8(String(decoding: hex[index...(index + 1)], as: UTF8.self), radix: 16)!)
            index += 2
        }
        return Signed(contents: contents, pieces: [bytes[0..<a], bytes[b..<(b + c)]])
    }

    /// A trust store holding the SM2 test anchors, with `sidecars` (file name → text).
    static func store(
        _ sidecars: [String: String], anchors: [String] = ["test-sm2-root.pem", "test-sm2-custom-root.pem"]
    )
        throws -> String
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dv-sm2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for anchor in anchors {
            try FileManager.default.copyItem(
                at: root.appendingPathComponent("keys/\(anchor)"), to: directory.appendingPathComponent(anchor)
            )
        }
        for (name, text) in sidecars { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        return directory.path
    }

    static let customSidecar = ["test-sm2-custom-root.pem.toml": "sm2_id = \"ZHIMA-TEST-SM2-0001\"\n"]

    func verify(_ name: String, store directory: String) throws -> CMSVerification {
        let signed = try Self.signed(name)
        let trust = try TrustStore.load(directory: directory, allowTestKeys: true)
        return CMSVerifier(trustStore: trust).verifyDetached(
            contents: signed.contents, signedBytes: signed.pieces, dictionarySigningTime: nil, evaluationTime: Self.evaluation
        )
    }

    func categories(_ result: CMSVerification) -> Set<CMSFailure.Category> { Set(result.failures.map(\.category)) }

    @Test("SM2 with the default ID, SM2 chains (GM/T and openssl-CLI IDs), the curve OID, no signed attributes, GM/T 0010: valid")
    func genuine() throws {
        let directory = try Self.store(Self.customSidecar)
        for name in [
            "sm2-default-id.pdf", "sm2-chain.pdf", "sm2-cli-default-chain.pdf", "sm2-curve-oid.pdf", "sm2-no-signed-attributes.pdf",
            "sm2-gmt0010.pdf",
        ] {
            let result = try verify(name, store: directory)
            #expect(result.failures.isEmpty, "\(name): \(result.failures)")
            #expect(result.isValidAndTrusted, "\(name)")
            #expect(result.signatureScheme == .sm2 && result.digestAlgorithm == .sm3, "\(name)")
        }
        #expect(try verify("sm2-chain.pdf", store: directory).chain.count == 3)
        #expect(try verify("sm2-no-signed-attributes.pdf", store: directory).hasSignedAttributes == false)
    }

    @Test("the distinguishing ID comes from the sidecar of the anchor the signer chains to")
    func sidecarID() throws {
        let withSidecar = try Self.store(Self.customSidecar)
        #expect(try verify("sm2-custom-id.pdf", store: withSidecar).failures.isEmpty)
        // The same signature against the same anchor without its sidecar: the default ID, which fails.
        let without = try Self.store([:])
        #expect(categories(try verify("sm2-custom-id.pdf", store: without)) == [.signature])
        // A signer of the custom-ID issuer that signed with the default ID fails under the issuer's ID.
        #expect(categories(try verify("sm2-custom-id-signed-with-default.pdf", store: withSidecar)) == [.signature])
        #expect(try verify("sm2-custom-id-signed-with-default.pdf", store: without).failures.isEmpty)
        // The sidecar of another anchor does not apply to the default-ID issuer.
        #expect(try verify("sm2-default-id.pdf", store: withSidecar).failures.isEmpty)
    }

    @Test("a wrong ID is an invalid signature, a changed document a digest mismatch, SM2 with SHA-256 unsupported")
    func failures() throws {
        let directory = try Self.store(Self.customSidecar)
        #expect(categories(try verify("sm2-wrong-id.pdf", store: directory)) == [.signature])
        #expect(categories(try verify("sm2-tampered.pdf", store: directory)) == [.digest])
        #expect(categories(try verify("sm2-with-sha256.pdf", store: directory)) == [.unsupported])
        // Untrusted: the signature still checks with the default ID, the path fails.
        let other = try Self.store([:], anchors: ["test-sm2-custom-root.pem"])
        #expect(categories(try verify("sm2-default-id.pdf", store: other)) == [.trust])
        // Untrusted and not verifying under the default ID: with no anchor, the signer's ID is
        // unknown, so "cannot be checked", not "forged" (the path fails it anyway).
        #expect(categories(try verify("sm2-wrong-id.pdf", store: other)) == [.trust, .unsupported])
        let custom = try verify("sm2-custom-id.pdf", store: try Self.store([:], anchors: ["test-sm2-root.pem"]))
        #expect(categories(custom) == [.trust, .unsupported])
    }

    @Test("the SM2 primitive: a signature holds only under the ID it was made with")
    func primitive() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dv-sm2p-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let message = Array("SM2 signed attributes stand-in".utf8)
        try Data(message).write(to: directory.appendingPathComponent("m"))
        try TestPKI.openssl(["genpkey", "-algorithm", "SM2", "-out", "k.pem"], in: directory)
        try TestPKI.openssl(["req", "-x509", "-new", "-key", "k.pem", "-sm3", "-subj", "/CN=sm2", "-days", "1", "-out", "c.pem"], in: directory)
        for (id, file) in [("1234567812345678", "default.sig"), ("ALICE123@YAHOO.COM", "alice.sig")] {
            try TestPKI.openssl(
                ["pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", "k.pem", "-in", "m", "-out", file, "-pkeyopt", "distid:\(id)"],
                in: directory
            )
        }
        let certificate = try X509Certificate.parse(der: try TestPKI(directory: directory, content: []).derCertificate("c.pem"))
        let byDefault = [UInt8](try Data(contentsOf: directory.appendingPathComponent("default.sig")))
        let byAlice = [UInt8](try Data(contentsOf: directory.appendingPathComponent("alice.sig")))
        let alice = Array("ALICE123@YAHOO.COM".utf8)
        func verify(_ signature: [UInt8], _ message: [UInt8], id: [UInt8], split: Int? = nil) -> OpenSSLError? {
            let chunks = split.map { [message[..<$0], message[$0...]] } ?? [message[...]]
            return SM2.verify(signature: signature, over: chunks, certificate: certificate, id: id)
        }
        #expect(verify(byDefault, message, id: SM2.defaultID) == nil)
        #expect(verify(byDefault, message, id: alice) != nil)
        #expect(verify(byAlice, message, id: alice) == nil)
        #expect(verify(byAlice, message, id: SM2.defaultID) != nil)
        // Split into chunks as the ByteRange pieces are: the same verdict.
        #expect(verify(byDefault, message, id: SM2.defaultID, split: 7) == nil)
        var changed = message
        changed[0] ^= 1
        #expect(verify(byDefault, changed, id: SM2.defaultID) != nil)
    }

    @Test("DER lengths of the rewritten GM/T 0010 container: short form below 128, long form above")
    func derLength() {
        func header(_ count: Int) -> [UInt8] { Array(DERWriter.element(0x30, [UInt8](repeating: 0, count: count)).dropLast(count)) }
        #expect(header(5) == [0x30, 5])
        #expect(header(0x80) == [0x30, 0x81, 0x80])
        #expect(header(0x1234) == [0x30, 0x82, 0x12, 0x34])
    }

    // MARK: Sidecars

    @Test("the sidecar parser: strings, comments, escapes, role")
    func sidecarParser() throws {
        let settings = try AnchorSettings.parse(
            """
            # issuer settings
            sm2_id = "A\\"B\\\\C"   # a comment
               role="tsa"

            """, file: "x.pem.toml"
        )
        #expect(settings.sm2ID == Array("A\"B\\C".utf8))
        #expect(settings.role == .tsa)
        #expect(try AnchorSettings.parse("", file: "x") == AnchorSettings())
        #expect(try AnchorSettings.parse("sm2_id = \"1234567812345678\"\r\n", file: "x").sm2ID == SM2.defaultID)
    }

    @Test(
        "a malformed sidecar is a load error naming the file and line",
        arguments: [
            ("sm2_id = 12345", "line 1"), ("sm2_id = \"abc", "line 1"), ("\n\nsm2_id", "line 3"),
            ("role = \"root\"", "role"), ("colour = \"red\"", "unknown key"), ("sm2_id = \"\"", "1 to 8191"),
            ("sm2_id = \"a\"\nsm2_id = \"b\"", "twice"), ("sm2_id = \"a\" trailing", "line 1"), ("[table]", "line 1"),
            ("sm2_id = \"a\\q\"", "line 1"), ("sm2_id = \"\(String(repeating: "x", count: 8192))\"", "8191"),
        ]
    )
    func malformedSidecar(_ text: String, _ expected: String) throws {
        #expect(throws: TrustStoreError.self) { try AnchorSettings.parse(text, file: "x") }
        let directory = try Self.store(["test-sm2-root.pem.toml": text], anchors: ["test-sm2-root.pem"])
        do {
            _ = try TrustStore.load(directory: directory, allowTestKeys: true)
            Issue.record("a malformed sidecar loaded: \(text)")
        } catch {
            #expect(error.reason.hasPrefix("test-sm2-root.pem.toml"), "\(error.reason)")
            #expect(error.reason.contains(expected), "\(error.reason)")
        }
    }

    @Test("a sidecar beside no anchor is refused; a test anchor's sidecar is skipped with it")
    func orphanSidecar() throws {
        let directory = try Self.store(["test-sm2-root.toml": "sm2_id = \"x\"\n"], anchors: ["test-sm2-root.pem"])
        #expect(throws: TrustStoreError.self) { try TrustStore.load(directory: directory, allowTestKeys: true) }
        // Without test keys neither the test anchor nor its (here orphaned) sidecar is read.
        let store = try TrustStore.load(directory: directory, allowTestKeys: false)
        #expect(store.anchors.isEmpty)
        let loaded = try TrustStore.load(directory: try Self.store(Self.customSidecar), allowTestKeys: true)
        let custom = try #require(loaded.anchors.first { $0.fileName == "test-sm2-custom-root.pem" })
        #expect(custom.settings.sm2ID == Array("ZHIMA-TEST-SM2-0001".utf8))
        #expect(loaded.anchors.first { $0.fileName == "test-sm2-root.pem" }?.settings == AnchorSettings())
    }

    @Test("the policy: SM2 with SM3 allowed; SM2 with another digest, SM3 with RSA, SM2 by an EC key unsupported")
    func policy() {
        #expect(AlgorithmPolicy.judge(digest: .sm3, digestOID: "1.2.156.10197.1.401", scheme: .sm2, key: .sm2) == .allowed)
        for (digest, scheme, key) in [
            (Digest.Algorithm.sha256, SignatureScheme.sm2, PublicKeyAlgorithm.sm2),
            (.sha1, .sm2, .sm2),
            (.sm3, .rsaPKCS1(digest: nil), .rsa(bits: 2048)),
            (.sm3, .sm2, .ec(curve: "prime256v1", bits: 256)),
            (.sm3, .ecdsa(digest: nil), .sm2),
        ] {
            guard case .unsupported = AlgorithmPolicy.judge(digest: digest, digestOID: "", scheme: scheme, key: key) else {
                Issue.record("\(digest) \(scheme) \(key) must be unsupported")
                continue
            }
        }
    }
}
