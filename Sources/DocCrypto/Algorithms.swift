internal import CLibCrypto

/// A subject public key's algorithm, as far as the allow-list needs to know it.
public enum PublicKeyAlgorithm: Sendable, Equatable, CustomStringConvertible {
    case rsa(bits: Int)
    /// An RSA key restricted to RSASSA-PSS (`id-RSASSA-PSS` in the certificate).
    case rsaPSS(bits: Int)
    /// An elliptic-curve key on `curve` (OpenSSL's group name, e.g. `prime256v1`).
    case ec(curve: String, bits: Int)
    /// SM2 (GB/T 32918), the Chinese national elliptic-curve algorithm.
    case sm2
    case ed25519
    case ed448
    case other(String)

    init(key: OpaquePointer) {
        let bits = Int(EVP_PKEY_get_bits(key))
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA: self = .rsa(bits: bits)
        case EVP_PKEY_RSA_PSS: self = .rsaPSS(bits: bits)
        case EVP_PKEY_SM2: self = .sm2
        case EVP_PKEY_ED25519: self = .ed25519
        case EVP_PKEY_ED448: self = .ed448
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else {
                OpenSSLError.discard()
                self = .ec(curve: "unknown", bits: bits)
                return
            }
            let curve = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // OpenSSL 3.0 reports an SM2 certificate key as EC on the SM2 curve.
            self = curve == "SM2" ? .sm2 : .ec(curve: curve, bits: bits)
        default:
            // Provider-implemented keys (OpenSSL 3) may report no legacy id: ask by name.
            if EVP_PKEY_is_a(key, "SM2") == 1 {
                self = .sm2
                return
            }
            let name = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
            self = .other(name)
        }
    }

    public var description: String {
        switch self {
        case .rsa(let bits): "RSA \(bits)"
        case .rsaPSS(let bits): "RSA-PSS \(bits)"
        case .ec(let curve, _): "ECDSA \(Self.curveDisplayName(curve))"
        case .sm2: "SM2"
        case .ed25519: "Ed25519"
        case .ed448: "Ed448"
        case .other(let name): name
        }
    }

    static func curveDisplayName(_ curve: String) -> String {
        switch curve {
        case "prime256v1", "P-256": "P-256"
        case "secp384r1", "P-384": "P-384"
        case "secp521r1", "P-521": "P-521"
        default: curve
        }
    }
}

/// The signature scheme named by a SignerInfo's `signatureAlgorithm`.
public enum SignatureScheme: Sendable, Equatable, CustomStringConvertible {
    /// RSASSA-PKCS1-v1_5; `digest` when the OID names one (`sha256WithRSAEncryption`),
    /// `nil` for plain `rsaEncryption` (the SignerInfo's digest algorithm applies).
    case rsaPKCS1(digest: Digest.Algorithm?)
    /// RSASSA-PSS with the hash and MGF1 hash from its parameters (`nil`: absent or unknown).
    case rsaPSS(hash: Digest.Algorithm?, mgf1Hash: Digest.Algorithm?)
    /// ECDSA whose value is an `ECDSA-Sig-Value` (DER); `digest` `nil` for the bare
    /// `id-ecPublicKey` OID (the SignerInfo's digest algorithm applies).
    case ecdsa(digest: Digest.Algorithm?)
    /// ECDSA whose value is the plain `r || s` of BSI TR-03111 (§5.2.1), each half as wide
    /// as the curve's order, named by an `ecdsa-plain-*` OID (`0.4.0.127.0.7.1.1.4.1.x`).
    case ecdsaPlain(digest: Digest.Algorithm)
    /// SM2 signature (`1.2.156.10197.1.501` SM2-with-SM3, or `…301.1` / `…301`).
    case sm2
    case other(oid: String)

    public var description: String {
        switch self {
        case .rsaPKCS1(let digest): "RSA PKCS#1 v1.5" + (digest.map { " with \($0.rawValue)" } ?? "")
        case .rsaPSS(let hash, _): "RSA-PSS" + (hash.map { " with \($0.rawValue)" } ?? "")
        case .ecdsa(let digest): "ECDSA" + (digest.map { " with \($0.rawValue)" } ?? "")
        case .ecdsaPlain(let digest): "ECDSA (plain r||s) with \(digest.rawValue)"
        case .sm2: "SM2"
        case .other(let oid): "unknown algorithm \(oid)"
        }
    }

    /// Reads an `AlgorithmIdentifier`'s OID and, for PSS, its parameters.
    init(oid: String, parameters: ArraySlice<UInt8>?) {
        switch oid {
        case "1.2.840.113549.1.1.1": self = .rsaPKCS1(digest: nil)
        case "1.2.840.113549.1.1.4": self = .rsaPKCS1(digest: .md5)
        case "1.2.840.113549.1.1.5": self = .rsaPKCS1(digest: .sha1)
        case "1.2.840.113549.1.1.11": self = .rsaPKCS1(digest: .sha256)
        case "1.2.840.113549.1.1.12": self = .rsaPKCS1(digest: .sha384)
        case "1.2.840.113549.1.1.13": self = .rsaPKCS1(digest: .sha512)
        case "1.2.840.113549.1.1.14": self = .rsaPKCS1(digest: .sha224)
        case "1.2.840.113549.1.1.10":
            let (hash, mgf) = Self.pssHashes(parameters)
            self = .rsaPSS(hash: hash, mgf1Hash: mgf)
        case "1.2.840.10045.2.1": self = .ecdsa(digest: nil)
        case "1.2.840.10045.4.1": self = .ecdsa(digest: .sha1)
        case "1.2.840.10045.4.3.1": self = .ecdsa(digest: .sha224)
        case "1.2.840.10045.4.3.2": self = .ecdsa(digest: .sha256)
        case "1.2.840.10045.4.3.3": self = .ecdsa(digest: .sha384)
        case "1.2.840.10045.4.3.4": self = .ecdsa(digest: .sha512)
        // BSI TR-03111 ecdsa-plain-SHA1 … -SHA512 (RIPEMD-160 and SHA-3 variants stay unknown).
        case "0.4.0.127.0.7.1.1.4.1.1": self = .ecdsaPlain(digest: .sha1)
        case "0.4.0.127.0.7.1.1.4.1.2": self = .ecdsaPlain(digest: .sha224)
        case "0.4.0.127.0.7.1.1.4.1.3": self = .ecdsaPlain(digest: .sha256)
        case "0.4.0.127.0.7.1.1.4.1.4": self = .ecdsaPlain(digest: .sha384)
        case "0.4.0.127.0.7.1.1.4.1.5": self = .ecdsaPlain(digest: .sha512)
        case "1.2.156.10197.1.501", "1.2.156.10197.1.301.1", "1.2.156.10197.1.301": self = .sm2
        default: self = .other(oid: oid)
        }
    }

    /// RSASSA-PSS-params: `[0] hashAlgorithm` (default SHA-1) and `[1] maskGenAlgorithm`
    /// (default MGF1 with SHA-1). Unreadable parameters give `nil`s, which the allow-list refuses.
    private static func pssHashes(_ parameters: ArraySlice<UInt8>?) -> (Digest.Algorithm?, Digest.Algorithm?) {
        guard let parameters else { return (nil, nil) }
        do {
            var reader = DERReader(parameters)
            let sequence = try reader.read()
            guard sequence.tag == 0x30 else { return (nil, nil) }
            var hash: Digest.Algorithm? = .sha1
            var mgf: Digest.Algorithm? = .sha1
            for field in try sequence.children() {
                switch field.tag {
                case 0xA0:
                    let algorithm = try field.children().first?.children()
                    hash = try algorithm?.first.map { Digest.Algorithm(oid: try $0.objectIdentifier()) } ?? nil
                case 0xA1:
                    // MaskGenAlgorithm: SEQUENCE { id-mgf1, AlgorithmIdentifier(hash) }
                    let mask = try field.children().first?.children() ?? []
                    guard mask.count == 2, try mask[0].objectIdentifier() == "1.2.840.113549.1.1.8" else {
                        mgf = nil
                        continue
                    }
                    mgf = try mask[1].children().first.map { Digest.Algorithm(oid: try $0.objectIdentifier()) } ?? nil
                default:
                    continue
                }
            }
            return (hash, mgf)
        } catch {
            return (nil, nil)
        }
    }
}

extension Digest.Algorithm {
    /// The algorithm with this dotted OID, if docverify knows it.
    init?(oid: String) {
        switch oid {
        case "1.2.840.113549.2.5": self = .md5
        case "1.3.14.3.2.26": self = .sha1
        case "2.16.840.1.101.3.4.2.4": self = .sha224
        case "2.16.840.1.101.3.4.2.1": self = .sha256
        case "2.16.840.1.101.3.4.2.2": self = .sha384
        case "2.16.840.1.101.3.4.2.3": self = .sha512
        case "1.2.156.10197.1.401": self = .sm3
        default: return nil
        }
    }
}

/// The algorithm allow-list of `docs/sesame-report.md`, "Algorithms": RSA ≥ 2048 bits
/// (PKCS#1 v1.5 or PSS), ECDSA on P-256, P-384 or P-521, with SHA-256, SHA-384 or SHA-512.
///
/// SM2 with SM3 (verified by hand, see ``SM2``) is allowed too.
///
/// Broken or too-short choices (MD5, SHA-1, SHA-224, RSA below 2048 bits, curves below
/// 256 bits) are ``Judgement/weak(_:)``; choices that may be sound but are not verified
/// (SM2 with another digest, EdDSA, other curves, unknown OIDs) are
/// ``Judgement/unsupported(_:)``, never silently accepted.
public enum AlgorithmPolicy {
    public enum Judgement: Sendable, Equatable {
        case allowed
        case weak(String)
        case unsupported(String)
    }

    static let allowedDigests: Set<Digest.Algorithm> = [.sha256, .sha384, .sha512]
    static let weakDigests: Set<Digest.Algorithm> = [.md5, .sha1, .sha224]
    static let allowedCurves: Set<String> = ["prime256v1", "secp384r1", "secp521r1"]

    /// Judges a signer's digest, signature scheme and key together.
    public static func judge(
        digest: Digest.Algorithm?, digestOID: String, scheme: SignatureScheme, key: PublicKeyAlgorithm
    ) -> Judgement {
        if key == .sm2 || scheme == .sm2 || digest == .sm3 {
            return judgeSM2(digest: digest, digestOID: digestOID, scheme: scheme, key: key)
        }
        if let judgement = judge(digest: digest, oid: digestOID, role: "digest") { return judgement }
        switch (scheme, key) {
        case (.rsaPKCS1(let named), .rsa(let bits)):
            if let judgement = judgeSchemeDigest(named, against: digest) { return judgement }
            return judgeRSA(bits: bits)
        case (.rsaPSS(let hash, let mgf), .rsa(let bits)), (.rsaPSS(let hash, let mgf), .rsaPSS(let bits)):
            guard let hash, let mgf else { return .unsupported("RSA-PSS parameters could not be read") }
            if let judgement = judgeSchemeDigest(hash, against: digest) { return judgement }
            if let judgement = judge(digest: mgf, oid: mgf.rawValue, role: "PSS mask generation hash") {
                return judgement
            }
            return judgeRSA(bits: bits)
        case (.ecdsa(let named), .ec(let curve, let bits)):
            return judgeECDSA(named: named, digest: digest, curve: curve, bits: bits)
        case (.ecdsaPlain(let named), .ec(let curve, let bits)):
            return judgeECDSA(named: named, digest: digest, curve: curve, bits: bits)
        case (.other(let oid), _):
            return .unsupported("signature algorithm \(oid) is not on the allow-list")
        case (_, .ed25519), (_, .ed448), (_, .other):
            return .unsupported("\(key) keys are not on the allow-list")
        default:
            return .unsupported("signature algorithm \(scheme) does not match the signer's \(key) key")
        }
    }

    /// What a digest-algorithm field names when it holds a signature algorithm's OID instead
    /// (`sha256WithRSAEncryption` in place of `sha256`): a malformed container.
    public static func misplacedInDigestField(_ oid: String) -> String? {
        if oid.hasPrefix("1.2.840.113549.1.1.") { return "an RSA signature algorithm" }
        if oid.hasPrefix("1.2.840.10045.4.") { return "an ECDSA signature algorithm" }
        if oid.hasPrefix("1.2.840.10040.4.") { return "a DSA signature algorithm" }
        return nil
    }

    /// What a signature-algorithm field names when it holds an elliptic curve's OID (`prime256v1`)
    /// instead of a signature algorithm: a malformed container.
    public static func misplacedInSignatureField(_ oid: String) -> String? {
        if oid.hasPrefix("1.2.840.10045.3.") || oid.hasPrefix("1.3.132.0.") || oid.hasPrefix("1.3.36.3.3.2.8.1.1.") {
            return "an elliptic curve"
        }
        if oid.hasPrefix("2.16.840.1.101.3.4.2.") || oid.hasPrefix("1.3.14.3.2.26") || oid == "1.2.840.113549.2.5" {
            return "a digest algorithm"
        }
        return nil
    }

    private static func judge(digest: Digest.Algorithm?, oid: String, role: String) -> Judgement? {
        guard let digest else { return .unsupported("\(role) \(oid) is not on the allow-list") }
        if allowedDigests.contains(digest) { return nil }
        if weakDigests.contains(digest) { return .weak("\(role) \(digest.rawValue) is broken or too weak") }
        return .unsupported("\(role) \(digest.rawValue) is not on the allow-list")
    }

    /// A digest named by the signature OID (or PSS parameters) must be allowed and equal
    /// the SignerInfo's digest algorithm.
    private static func judgeSchemeDigest(_ named: Digest.Algorithm?, against digest: Digest.Algorithm?) -> Judgement? {
        guard let named else { return nil }
        if let judgement = judge(digest: named, oid: named.rawValue, role: "signature hash") { return judgement }
        if named != digest {
            return .unsupported("signature hash \(named.rawValue) differs from the digest algorithm \(digest?.rawValue ?? "?")")
        }
        return nil
    }

    /// SM2 is defined with SM3 only (GB/T 35276, GM/T 0009): SM2 with another digest, SM3
    /// under another signature algorithm, or an SM2 signature with a non-SM2 key is a
    /// combination no GM/T profile defines, so docverify does not vouch for it
    /// (unsupported, `warn`), rather than weak: nothing known about it is broken.
    private static func judgeSM2(
        digest: Digest.Algorithm?, digestOID: String, scheme: SignatureScheme, key: PublicKeyAlgorithm
    ) -> Judgement {
        guard key == .sm2 else { return .unsupported("an SM2/SM3 signature by a \(key) key is not on the allow-list") }
        guard scheme == .sm2 else { return .unsupported("signature algorithm \(scheme) with an SM2 key is not on the allow-list") }
        guard digest == .sm3 else {
            return .unsupported("SM2 with digest \(digest?.rawValue ?? digestOID) is not on the allow-list (SM2 is used with SM3)")
        }
        return .allowed
    }

    /// ECDSA (DER or plain value alike: the same signature, written two ways).
    private static func judgeECDSA(named: Digest.Algorithm?, digest: Digest.Algorithm?, curve: String, bits: Int) -> Judgement {
        if let judgement = judgeSchemeDigest(named, against: digest) { return judgement }
        if allowedCurves.contains(curve) { return .allowed }
        if bits < 256 { return .weak("ECDSA on \(curve) (\(bits) bits) is too short") }
        return .unsupported("ECDSA on \(PublicKeyAlgorithm.curveDisplayName(curve)) is not on the allow-list (P-256, P-384, P-521)")
    }

    private static func judgeRSA(bits: Int) -> Judgement {
        bits >= 2048 ? .allowed : .weak("RSA key of \(bits) bits is shorter than 2048")
    }
}
