internal import CLibCrypto
internal import CDocVerifyShims
public import Foundation

/// An owned X.509 certificate (`X509*`).
///
/// Holds one reference on the C object and drops it in `deinit`; borrowed pointers
/// (`get0`) are wrapped with ``init(retaining:)``, which takes a reference of its own.
/// The certificate is never mutated after wrapping, and libcrypto's reference counts
/// are atomic, so instances may be shared between threads.
final class X509Certificate: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes over `pointer`'s reference (a `get1`/`d2i` result).
    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Takes a reference of its own on a borrowed (`get0`) pointer.
    init(retaining pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }

    /// Parses one DER certificate.
    static func parse(der: [UInt8]) throws(OpenSSLError) -> X509Certificate {
        let parsed: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let parsed else { throw OpenSSLError.drain("d2i_X509") }
        return X509Certificate(owning: parsed)
    }

    /// Every certificate of a `STACK_OF(X509)` the caller owns (a `get1` result); frees the stack.
    static func consume(stack: OpaquePointer?) -> [X509Certificate] {
        guard let stack else { return [] }
        defer { CDocVerifyShims_sk_X509_pop_free(stack) }
        return (0..<CDocVerifyShims_sk_X509_num(stack)).compactMap { index in
            CDocVerifyShims_sk_X509_value(stack, index).map { X509Certificate(retaining: $0) }
        }
    }

    var der: [UInt8] { TrustStore.derBytes(pointer) }

    var subject: String { Self.nameString(X509_get_subject_name(pointer)) }
    var issuer: String { Self.nameString(X509_get_issuer_name(pointer)) }

    /// The first value of `nid` (e.g. `NID_commonName`) in the subject name.
    func subjectAttribute(_ nid: Int32) -> String? {
        guard let name = X509_get_subject_name(pointer) else { return nil }
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
            let data = X509_NAME_ENTRY_get_data(entry)
        else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else {
            OpenSSLError.discard()
            return nil
        }
        defer { CDocVerifyShims_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    var serialHex: String {
        guard let serial = X509_get0_serialNumber(pointer), let bignum = ASN1_INTEGER_to_BN(serial, nil) else {
            OpenSSLError.discard()
            return ""
        }
        defer { BN_free(bignum) }
        guard let hex = BN_bn2hex(bignum) else { return "" }
        defer { CDocVerifyShims_OPENSSL_free(hex) }
        return String(cString: hex).lowercased()
    }

    var subjectKeyIdentifier: [UInt8]? {
        guard let ski = X509_get0_subject_key_id(pointer) else { return nil }
        return Self.bytes(of: ski)
    }

    var notBefore: Date? { Self.date(X509_get0_notBefore(pointer)) }
    var notAfter: Date? { Self.date(X509_get0_notAfter(pointer)) }

    /// The key usage bits, or `nil` when the certificate has no keyUsage extension.
    var keyUsage: UInt32? {
        let flags = X509_get_extension_flags(pointer)
        guard flags & UInt32(EXFLAG_KUSAGE) != 0 else { return nil }
        return X509_get_key_usage(pointer)
    }

    /// The subject public key's algorithm and size.
    var publicKeyAlgorithm: PublicKeyAlgorithm {
        guard let key = X509_get0_pubkey(pointer) else {
            OpenSSLError.discard()
            return .other("unreadable public key")
        }
        return PublicKeyAlgorithm(key: key)
    }

    var sha256Fingerprint: String { Digest.sha256Hex(der) }

    /// Whether this certificate's DER equals `other`'s.
    func isSame(as other: X509Certificate) -> Bool { X509_cmp(pointer, other.pointer) == 0 }

    /// The summary a verdict may show.
    var summary: CertificateSummary {
        CertificateSummary(
            subject: subject, issuer: issuer,
            commonName: subjectAttribute(NID_commonName), organization: subjectAttribute(NID_organizationName),
            serialNumber: serialHex, subjectKeyIdentifier: subjectKeyIdentifier?.hexString,
            notBefore: notBefore, notAfter: notAfter, publicKey: publicKeyAlgorithm,
            sha256Fingerprint: sha256Fingerprint
        )
    }

    static func nameString(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, UInt(CDocVerifyShims_XN_FLAG_RFC2253()))
        var data: UnsafeMutablePointer<CChar>?
        let length = CDocVerifyShims_BIO_get_mem_data(bio, &data)
        guard length > 0, let data else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }

    static func bytes(of string: UnsafePointer<ASN1_STRING>) -> [UInt8] {
        let length = Int(ASN1_STRING_length(string))
        guard length > 0, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    /// An `ASN1_TIME` as a date (UTC).
    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else {
            OpenSSLError.discard()
            return nil
        }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}

/// What a verdict may say about a certificate: names, serial, validity, key.
///
/// The signer of an issuer-signed report is the issuer's signing service, not the
/// applicant, so its names are not personal data of the applicant.
public struct CertificateSummary: Sendable, Equatable {
    /// Subject distinguished name, RFC 2253 form.
    public var subject: String
    /// Issuer distinguished name, RFC 2253 form.
    public var issuer: String
    public var commonName: String?
    public var organization: String?
    /// Serial number, lower-case hex.
    public var serialNumber: String
    /// Subject key identifier, lower-case hex.
    public var subjectKeyIdentifier: String?
    public var notBefore: Date?
    public var notAfter: Date?
    public var publicKey: PublicKeyAlgorithm
    public var sha256Fingerprint: String

    /// `CN, O` or, failing both, the whole subject.
    public var displayName: String {
        let parts = [commonName, organization].compactMap { $0 }
        return parts.isEmpty ? subject : parts.joined(separator: ", ")
    }
}
