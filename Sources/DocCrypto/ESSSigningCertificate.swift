internal import CLibCrypto
internal import CDocVerifyShims

/// The ESS signing-certificate attribute (RFC 2634 §5.4, `SigningCertificate`, SHA-1) or
/// its successor (RFC 5035 §3, `SigningCertificateV2`, any hash, SHA-256 by default): the
/// signer binds, under its signature, which certificate the signature is to be verified
/// with, so that no other certificate with the same key or identifier can be substituted.
///
/// The rule is the RFCs': the **first** `ESSCertID` must identify the signer certificate by
/// its hash and, when its optional `issuerSerial` is present, by issuer and serial number
/// (an issuer directoryName that is not a valid `Name` is passed over: the hash binds).
/// Later entries may name other certificates (of the path, or attribute certificates) that
/// need not travel in the CMS at all. DSS and pyHanko check exactly that ("only the first
/// entry is relevant").
///
/// OpenSSL 3.0's `OSSL_ESS_check_signing_certs` is stricter than the RFCs: every entry must
/// name a certificate of the chain it is given, and an entry after the first that names
/// the signer again is refused ("ess cert id wrong order"). Real signers list the signer
/// twice (the ETSI plugtest files DSS keeps as `Signature-P-PK7-2.pdf` and `DSS-2025.pdf`),
/// so a valid signature would be refused; this check is ours instead.
struct ESSSigningCertificate {
    /// Which attribute the value came from.
    enum Version: String {
        case v1 = "signingCertificate"
        case v2 = "signingCertificateV2"

        /// The hash an `ESSCertID` uses when it names none (v1 has no field: always SHA-1).
        var defaultHashOID: String { self == .v1 ? "1.3.14.3.2.26" : "2.16.840.1.101.3.4.2.1" }
    }

    /// One `ESSCertID` / `ESSCertIDv2`.
    struct CertificateIdentifier: Equatable {
        var hashOID: String
        var certificateHash: [UInt8]
        /// The DER `Name`s of `issuerSerial.issuer`'s directory names, when `issuerSerial` is present.
        var issuerNames: [[UInt8]]?
        /// The DER INTEGER of `issuerSerial.serialNumber`, when `issuerSerial` is present.
        var serialNumber: [UInt8]?
    }

    var version: Version
    var identifiers: [CertificateIdentifier]

    /// Parses the DER of the attribute's value.
    init(der: [UInt8], version: Version) throws(DERError) {
        self.version = version
        var reader = DERReader(der)
        let value = try reader.read()
        guard reader.isAtEnd, value.tag == 0x30, let list = try value.children().first, list.tag == 0x30 else {
            throw DERError("not a SEQUENCE holding a SEQUENCE OF certificate identifiers")
        }
        var identifiers: [CertificateIdentifier] = []
        for element in try list.children() { identifiers.append(try Self.identifier(element, version: version)) }
        self.identifiers = identifiers
        guard !identifiers.isEmpty else { throw DERError("the list of certificate identifiers is empty") }
    }

    private static func identifier(_ element: DERReader.Element, version: Version) throws(DERError) -> CertificateIdentifier {
        guard element.tag == 0x30 else { throw DERError("a certificate identifier is not a SEQUENCE") }
        var fields = try element.children()[...]
        var hashOID = version.defaultHashOID
        if version == .v2, let algorithm = fields.first, algorithm.tag == 0x30 {
            guard let oid = try algorithm.children().first?.objectIdentifier() else {
                throw DERError("a hash AlgorithmIdentifier without an algorithm")
            }
            hashOID = oid
            fields = fields.dropFirst()
        }
        guard let hash = fields.first, hash.tag == 0x04 else { throw DERError("a certificate identifier without a certHash") }
        var identifier = CertificateIdentifier(hashOID: hashOID, certificateHash: Array(hash.contents))
        if let issuerSerial = fields.dropFirst().first {
            let parts = try issuerSerial.children()
            guard issuerSerial.tag == 0x30, parts.count == 2, parts[0].tag == 0x30, parts[1].tag == 0x02 else {
                throw DERError("an issuerSerial that is not GeneralNames and a serial number")
            }
            // GeneralName directoryName is [4] EXPLICIT Name (Name is a CHOICE).
            var names: [[UInt8]] = []
            for name in try parts[0].children() where name.tag == 0xA4 {
                if let inner = try name.children().first { names.append(Array(inner.encoded)) }
            }
            identifier.issuerNames = names
            identifier.serialNumber = Array(parts[1].encoded)
        }
        return identifier
    }

    /// `nil` when the first identifier names `signer`, else why not (for the officer).
    func mismatch(for signer: X509Certificate) -> String? {
        let first = identifiers[0]
        guard let algorithm = Digest.Algorithm(oid: first.hashOID), let hash = Digest.hash(algorithm, signer.der) else {
            return "(\(version.rawValue)) identifies the signer by a hash docverify does not compute (\(first.hashOID))"
        }
        if hash != first.certificateHash {
            return
                "(\(version.rawValue)) names another certificate than the signer's: its first certificate hash is not the signer certificate's \(algorithm.rawValue)"
        }
        if let names = first.issuerNames, let serial = first.serialNumber {
            if serial != Self.serialDER(signer) {
                return "(\(version.rawValue)) names the signer certificate's hash but another serial number"
            }
            // A directoryName that is not a Name names no issuer at all: n2013.00849449.pdf's
            // signer wrapped the RDNSequence in one more SEQUENCE (so its RDNs are SEQUENCEs, not
            // SETs), which OpenSSL, BouncyCastle and pyHanko cannot parse. The certificate hash
            // (the binding the attribute exists for) and the serial number still name the
            // signer, so such a name is passed over; one that parses must be the issuer's.
            let issuer = X509_get_issuer_name(signer.pointer)
            let readable = names.filter(Self.isName)
            if names.isEmpty || (!readable.isEmpty && !readable.contains(where: { Self.sameName($0, issuer) })) {
                return "(\(version.rawValue)) names the signer certificate's hash but another issuer"
            }
        }
        return nil
    }

    /// The attribute value parsed by OpenSSL (which takes BER, as signed attributes may
    /// arrive) and written back as DER for ``init(der:version:)``; `nil` when OpenSSL cannot parse it.
    static func canonicalDER(_ encoded: [UInt8], version: Version) -> [UInt8]? {
        var out: UnsafeMutablePointer<UInt8>?
        let length: Int32 = encoded.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            switch version {
            case .v1:
                guard let parsed = d2i_ESS_SIGNING_CERT(nil, &cursor, buffer.count) else { return -1 }
                defer { ESS_SIGNING_CERT_free(parsed) }
                return i2d_ESS_SIGNING_CERT(parsed, &out)
            case .v2:
                guard let parsed = d2i_ESS_SIGNING_CERT_V2(nil, &cursor, buffer.count) else { return -1 }
                defer { ESS_SIGNING_CERT_V2_free(parsed) }
                return i2d_ESS_SIGNING_CERT_V2(parsed, &out)
            }
        }
        guard length > 0, let out else {
            OpenSSLError.discard()
            return nil
        }
        defer { CDocVerifyShims_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// The DER INTEGER of the certificate's serial number.
    static func serialDER(_ certificate: X509Certificate) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_ASN1_INTEGER(X509_get0_serialNumber(certificate.pointer), &out)
        guard length > 0, let out else {
            OpenSSLError.discard()
            return []
        }
        defer { CDocVerifyShims_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// The DER of the certificate's issuer name.
    static func issuerNameDER(_ certificate: X509Certificate) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509_NAME(X509_get_issuer_name(certificate.pointer), &out)
        guard length > 0, let out else {
            OpenSSLError.discard()
            return []
        }
        defer { CDocVerifyShims_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// Whether `der` parses as an X.509 `Name`.
    private static func isName(_ der: [UInt8]) -> Bool {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509_NAME(nil, &cursor, buffer.count)
        }
        guard let parsed else {
            OpenSSLError.discard()
            return false
        }
        X509_NAME_free(parsed)
        return true
    }

    /// Names compare as OpenSSL compares them (canonical form), not byte for byte: a signer
    /// may re-encode its issuer's name (PrintableString as UTF8String) in the attribute.
    private static func sameName(_ der: [UInt8], _ issuer: OpaquePointer?) -> Bool {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509_NAME(nil, &cursor, buffer.count)
        }
        guard let parsed, let issuer else {
            OpenSSLError.discard()
            return false
        }
        defer { X509_NAME_free(parsed) }
        return X509_NAME_cmp(parsed, issuer) == 0
    }
}
