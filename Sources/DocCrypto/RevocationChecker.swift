internal import CLibCrypto
internal import CDocVerifyShims
public import Foundation

/// What the document's own revocation data says about one certificate of a validated path.
public enum RevocationVerdict: Sendable, Equatable {
    /// A believed CRL or OCSP response lists the certificate as revoked.
    case revoked(date: Date?, source: String)
    /// A believed, current CRL or OCSP response says the certificate is good.
    case good(source: String)
    /// Nothing usable (no item about it, or an OCSP "unknown").
    case none
}

/// Decides revocation from the CRLs and OCSP responses a document carries
/// (``RevocationData``), each verified against the validated path before it is believed:
///
/// - **CRL**: issued by the certificate's issuer (name), signed by that issuer's key (the
///   issuer is the next certificate of the path, which chains to an anchor), which, when it
///   states a key usage, allows cRLSign.
/// - **OCSP response**: successful, a BasicOCSPResponse whose signature verifies with its
///   signer's key (`OCSP_basic_verify` without OpenSSL's own chain building, which would
///   judge at the wall clock), the signer being the CA itself or a delegated responder
///   that the CA issued (its signature checked with the CA's key) with extendedKeyUsage
///   OCSPSigning and valid when the response was produced; the response for this
///   certificate (CertID by SHA-1 or SHA-256, serial and issuer key).
/// - **Time**: `good` needs an item current at the evaluation time (thisUpdate not after
///   it, nextUpdate not before it), or, with a proven signing time, issued after that time;
///   `revoked` is believed whatever the item's age, except that with a proven signing time a
///   revocation dated after it does not invalidate the signature (PAdES). Without a proven
///   time a listed certificate is revoked whatever its revocation date.
///
/// Anything that fails these checks is ignored, with a note saying why; it is never trusted.
struct RevocationChecker {
    let data: RevocationData
    let evaluationTime: Date
    /// A signing time proven by a verified timestamp (`nil`: every time is a claim).
    let provenTime: Date?
    /// Allowed clock difference for thisUpdate.
    static let skew: TimeInterval = 300

    /// Why items were ignored, for the officer (never trusted).
    private(set) var notes: [String] = []
    private let crls: [(crl: OpaquePointer, source: RevocationData.Source)]
    private let responses: [(basic: OpaquePointer, source: RevocationData.Source)]
    private let extraCertificates: [X509Certificate]
    private let owner: Owner

    /// Frees the parsed C objects when the checker goes.
    private final class Owner {
        var crls: [OpaquePointer] = []
        var basics: [OpaquePointer] = []
        deinit {
            for crl in crls { X509_CRL_free(crl) }
            for basic in basics { OCSP_BASICRESP_free(basic) }
        }
    }

    init(data: RevocationData, evaluationTime: Date, provenTime: Date?) {
        self.data = data
        self.evaluationTime = evaluationTime
        self.provenTime = provenTime
        let owner = Owner()
        var notes: [String] = []
        var crls: [(OpaquePointer, RevocationData.Source)] = []
        for item in data.crls {
            let parsed: OpaquePointer? = item.der.withUnsafeBufferPointer { buffer in
                var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_X509_CRL(nil, &cursor, buffer.count)
            }
            guard let parsed else {
                OpenSSLError.discard()
                notes.append("a CRL in \(item.source.rawValue) cannot be parsed and was ignored")
                continue
            }
            owner.crls.append(parsed)
            crls.append((parsed, item.source))
        }
        var responses: [(OpaquePointer, RevocationData.Source)] = []
        for item in data.ocspResponses {
            let response: OpaquePointer? = item.der.withUnsafeBufferPointer { buffer in
                var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_OCSP_RESPONSE(nil, &cursor, buffer.count)
            }
            guard let response else {
                OpenSSLError.discard()
                notes.append("an OCSP response in \(item.source.rawValue) cannot be parsed and was ignored")
                continue
            }
            defer { OCSP_RESPONSE_free(response) }
            guard OCSP_response_status(response) == OCSP_RESPONSE_STATUS_SUCCESSFUL, let basic = OCSP_response_get1_basic(response) else {
                OpenSSLError.discard()
                notes.append("an OCSP response in \(item.source.rawValue) is not a successful basic response and was ignored")
                continue
            }
            owner.basics.append(basic)
            responses.append((basic, item.source))
        }
        self.crls = crls
        self.responses = responses
        self.extraCertificates = data.certificates.compactMap { try? X509Certificate.parse(der: $0) }
        OpenSSLError.discard()
        self.notes = notes
        self.owner = owner
    }

    /// The verdict for `certificate`, whose issuer is `issuer` (the next certificate of a path
    /// that reached an anchor).
    mutating func verdict(for certificate: X509Certificate, issuer: X509Certificate) -> RevocationVerdict {
        var good: String?
        for (crl, source) in crls {
            switch crlVerdict(crl, source: source, certificate: certificate, issuer: issuer) {
            case .revoked(let date, let source):
                if let proven = provenTime, let date, date > proven {
                    notes.append(
                        "\(source) lists the certificate \"\(certificate.subject)\" as revoked on \(ChainValidator.day(date)), after the proven signing time")
                    continue
                }
                return .revoked(date: date, source: source)
            case .good(let source): good = good ?? source
            case .none: break
            }
        }
        for (basic, source) in responses {
            switch ocspVerdict(basic, source: source, certificate: certificate, issuer: issuer) {
            case .revoked(let date, let source):
                if let proven = provenTime, let date, date > proven {
                    notes.append(
                        "\(source) says the certificate \"\(certificate.subject)\" was revoked on \(ChainValidator.day(date)), after the proven signing time")
                    continue
                }
                return .revoked(date: date, source: source)
            case .good(let source): good = good ?? source
            case .none: break
            }
        }
        return good.map { .good(source: $0) } ?? .none
    }

    /// Whether an item dated `thisUpdate`…`nextUpdate` may say "good" now.
    private func current(thisUpdate: Date?, nextUpdate: Date?) -> Bool {
        guard let thisUpdate, thisUpdate <= evaluationTime.addingTimeInterval(Self.skew) else { return false }
        if let proven = provenTime, thisUpdate >= proven { return true }
        return nextUpdate.map { $0 >= evaluationTime } ?? false
    }

    private mutating func crlVerdict(
        _ crl: OpaquePointer, source: RevocationData.Source, certificate: X509Certificate, issuer: X509Certificate
    ) -> RevocationVerdict {
        guard let issuerName = X509_get_issuer_name(certificate.pointer), X509_NAME_cmp(X509_CRL_get_issuer(crl), issuerName) == 0 else {
            return .none
        }
        let label = "a CRL in \(source.rawValue)"
        if let usage = issuer.keyUsage, usage & UInt32(KU_CRL_SIGN) == 0 {
            notes.append("\(label) is signed by a key not allowed to sign CRLs and was ignored")
            return .none
        }
        guard let key = X509_get0_pubkey(issuer.pointer), X509_CRL_verify(crl, key) == 1 else {
            OpenSSLError.discard()
            notes.append("\(label) does not verify with its issuer's key and was ignored")
            return .none
        }
        var entry: OpaquePointer?
        if X509_CRL_get0_by_cert(crl, &entry, certificate.pointer) == 1, let entry {
            return .revoked(date: X509Certificate.date(X509_REVOKED_get0_revocationDate(entry)), source: label)
        }
        OpenSSLError.discard()
        let thisUpdate = X509Certificate.date(X509_CRL_get0_lastUpdate(crl))
        let nextUpdate = X509Certificate.date(X509_CRL_get0_nextUpdate(crl))
        guard current(thisUpdate: thisUpdate, nextUpdate: nextUpdate) else {
            notes.append("\(label) is not current at the evaluation time and was not used to say the certificate is good")
            return .none
        }
        return .good(source: label)
    }

    private mutating func ocspVerdict(
        _ basic: OpaquePointer, source: RevocationData.Source, certificate: X509Certificate, issuer: X509Certificate
    ) -> RevocationVerdict {
        let label = "an OCSP response in \(source.rawValue)"
        // The response for this certificate, by a CertID under either common hash.
        var found: (status: Int32, revoked: Date?, thisUpdate: Date?, nextUpdate: Date?)?
        for md in [EVP_sha1(), EVP_sha256()] {
            guard let id = OCSP_cert_to_id(md, certificate.pointer, issuer.pointer) else { continue }
            defer { OCSP_CERTID_free(id) }
            var status: Int32 = -1
            var reason: Int32 = -1
            var revocationTime: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
            var thisUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
            var nextUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
            if OCSP_resp_find_status(basic, id, &status, &reason, &revocationTime, &thisUpdate, &nextUpdate) == 1 {
                found = (
                    status, X509Certificate.date(UnsafePointer(revocationTime)), X509Certificate.date(UnsafePointer(thisUpdate)),
                    X509Certificate.date(UnsafePointer(nextUpdate))
                )
                break
            }
        }
        OpenSSLError.discard()
        guard let found else { return .none }
        if let why = responderProblem(basic, issuer: issuer) {
            notes.append("\(label) about \"\(certificate.subject)\" is not believed: \(why)")
            return .none
        }
        switch found.status {
        case V_OCSP_CERTSTATUS_REVOKED:
            return .revoked(date: found.revoked, source: label)
        case V_OCSP_CERTSTATUS_GOOD:
            guard current(thisUpdate: found.thisUpdate, nextUpdate: found.nextUpdate) else {
                notes.append("\(label) is not current at the evaluation time and was not used to say the certificate is good")
                return .none
            }
            return .good(source: label)
        default:
            notes.append("\(label) says the status of \"\(certificate.subject)\" is unknown")
            return .none
        }
    }

    /// `nil` when the response is signed by `issuer` itself or by a responder `issuer`
    /// delegated (issued by it, OCSPSigning, valid when the response was produced); else why not.
    private func responderProblem(_ basic: OpaquePointer, issuer: X509Certificate) -> String? {
        let candidates = X509StackView([issuer] + extraCertificates)
        // The signature with the signer's own key; the chain is ours to judge, not OpenSSL's
        // (OCSP_NOVERIFY: its chain check would use the wall clock and the system's notion of trust).
        guard OCSP_basic_verify(basic, candidates.pointer, nil, UInt(OCSP_NOVERIFY)) == 1 else {
            return "its signature does not verify (\(OpenSSLError.drain("OCSP_basic_verify")))"
        }
        var signerPointer: OpaquePointer?
        guard OCSP_resp_get0_signer(basic, &signerPointer, candidates.pointer) == 1, let signerPointer else {
            OpenSSLError.discard()
            return "its signer certificate is not at hand"
        }
        let signer = X509Certificate(retaining: signerPointer)
        if signer.isSame(as: issuer) { return nil }
        guard let issuerKey = X509_get0_pubkey(issuer.pointer),
            X509_check_issued(issuer.pointer, signer.pointer) == X509_V_OK, X509_verify(signer.pointer, issuerKey) == 1
        else {
            OpenSSLError.discard()
            return "its signer \"\(signer.subject)\" is neither the certificate's issuer nor a responder that issuer certified"
        }
        guard X509_get_extension_flags(signer.pointer) & UInt32(EXFLAG_XKUSAGE) != 0,
            X509_get_extended_key_usage(signer.pointer) & UInt32(XKU_OCSP_SIGN) != 0
        else {
            return "its signer \"\(signer.subject)\" lacks the OCSPSigning extended key usage"
        }
        let produced = X509Certificate.date(OCSP_resp_get0_produced_at(basic)) ?? evaluationTime
        if let notBefore = signer.notBefore, produced < notBefore { return "its responder certificate was not yet valid when it was produced" }
        if let notAfter = signer.notAfter, produced > notAfter { return "its responder certificate had expired when it was produced" }
        return nil
    }
}
