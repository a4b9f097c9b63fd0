internal import CLibCrypto
internal import CDocVerifyShims
internal import Foundation

/// An owned `X509_STORE` holding a trust store's anchors and CRLs.
///
/// Built once per ``TrustStore`` and never changed afterwards; OpenSSL locks a store's
/// lookups internally, so concurrent `X509_verify_cert` calls may share it.
final class X509Store: @unchecked Sendable {
    let pointer: OpaquePointer

    init(certificates: [OpaquePointer], crls: [OpaquePointer]) {
        guard let store = X509_STORE_new() else { fatalError("X509_STORE_new: out of memory") }
        for certificate in certificates where X509_STORE_add_cert(store, certificate) != 1 {
            // A duplicate anchor (the same certificate in two files) is harmless.
            OpenSSLError.discard()
        }
        for crl in crls where X509_STORE_add_crl(store, crl) != 1 {
            OpenSSLError.discard()
        }
        self.pointer = store
    }

    deinit { X509_STORE_free(pointer) }
}

/// A `STACK_OF(X509)` of borrowed certificates, kept alive by holding their owners.
final class X509StackView {
    let pointer: OpaquePointer
    private let owners: [X509Certificate]

    init(_ certificates: [X509Certificate]) {
        guard let stack = CDocVerifyShims_sk_X509_new_null() else { fatalError("sk_X509_new_null: out of memory") }
        for certificate in certificates { _ = CDocVerifyShims_sk_X509_push(stack, certificate.pointer) }
        self.pointer = stack
        self.owners = certificates
    }

    /// Frees the stack only: the certificates belong to their owners.
    deinit { CDocVerifyShims_sk_X509_free(pointer) }
}

/// An owned `X509_STORE_CTX` for one verification.
final class X509StoreContext {
    let pointer: OpaquePointer

    init() throws(OpenSSLError) {
        guard let context = X509_STORE_CTX_new() else { throw OpenSSLError.drain("X509_STORE_CTX_new") }
        self.pointer = context
    }

    deinit { X509_STORE_CTX_free(pointer) }
}

/// Builds and checks the signer's certificate path with OpenSSL's `X509_verify_cert`,
/// against the trust store's anchors only (never the system's).
///
/// Decisions, in the order they are checked:
/// - **Anchors.** Every certificate in the trust store is an anchor, whether a root, an
///   intermediate or a pinned signer certificate (`X509_V_FLAG_PARTIAL_CHAIN`). Certificates
///   carried in the CMS are only untrusted path candidates.
/// - **Purpose.** `X509_PURPOSE_ANY`: S/MIME's purpose (CMS_verify's default) does not fit
///   document-signing certificates; key usage is checked by ``CMSVerifier`` itself.
/// - **Security level 2** (`X509_VERIFY_PARAM_set_auth_level`): every key of the path is at
///   least 112-bit strong (RSA ≥ 2048) and no certificate is signed with SHA-1 or MD5.
/// - **Time.** Validity is judged at the signing time (see ``CMSVerifier``), capped at the
///   evaluation time so that a signer cannot claim a future time.
/// - **Revocation** is judged by the trust store's CRLs *as they stand* (at the evaluation
///   time), not at the claimed signing time: without a trusted timestamp the signing time
///   is the signer's own claim, and a stolen key could be used with an earlier one. When
///   the store holds a CRL from any issuer of the path, a second `X509_verify_cert` run
///   checks every level (`X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL`); a level
///   whose issuer has no CRL in the store is skipped and reported as unchecked in
///   ``CMSVerification/revocation``, not as a failure (a pinned anchor may come without
///   one). A CRL that exists but is expired, not yet valid or badly signed makes the
///   status unknown (``CMSFailure/revocationUnknown(_:)``): the store must be refreshed.
struct ChainValidator {
    let trustStore: TrustStore

    func validate(
        signer: X509Certificate, candidates: [X509Certificate], at time: Date, evaluationTime: Date,
        revocationData: RevocationData = RevocationData(), provenTime: Date? = nil, purpose: AnchorSettings.Role = .signer,
        into result: inout CMSVerification
    ) {
        let untrusted = X509StackView(candidates)
        let chain: [X509Certificate]
        var store = trustStore.x509Store
        var outcome = run(signer: signer, untrusted: untrusted, time: time, flags: 0, tolerateValidityPeriod: false, store: store)
        // Anchors that share a name: a path through the one OpenSSL did not offer (see
        // ``TrustStore/sameNameStores``). Every store holds anchors only, so this trusts
        // nothing more; it finds the path the full store hid.
        if case .failure = outcome {
            for alternative in trustStore.sameNameStores {
                let retry = run(signer: signer, untrusted: untrusted, time: time, flags: 0, tolerateValidityPeriod: false, store: alternative)
                if case .success = retry {
                    store = alternative
                    outcome = retry
                    break
                }
            }
        }
        switch outcome {
        case .success(let built):
            chain = built
        case .failure(let failure):
            result.failures.append(failure)
            return
        }
        result.chain = chain.map(\.summary)
        let anchors = chain.compactMap { trustStore.anchor(matching: $0) }
        // An anchor given a role in its sidecar vouches for that only: a TSA's root does not
        // make a document signer trusted, nor a signing CA a timestamp (docs/sesame-report.md,
        // "Trust store"). Anchors without a role serve both.
        if let other = anchors.first(where: { $0.settings.role != nil && $0.settings.role != purpose }) {
            result.failures.append(
                .untrusted(
                    "the path ends at \"\(other.subject)\" (\(other.fileName)), an anchor for \(other.settings.role == .tsa ? "timestamp authorities" : "document signers") only"
                )
            )
            return
        }
        result.anchor = anchors.last
        result.usesTestAnchor = anchors.contains { $0.isTest }

        // Revocation from the document's own CRLs and OCSP responses, each verified against
        // the validated path first (RevocationChecker): a believed "revoked" fails, a believed
        // "good" covers its level.
        var checkedByDocument = Array(repeating: false, count: chain.count)
        if !revocationData.isEmpty {
            var checker = RevocationChecker(data: revocationData, evaluationTime: evaluationTime, provenTime: provenTime)
            for level in 0..<max(0, chain.count - 1) where trustStore.anchor(matching: chain[level]) == nil {
                let who = level == 0 ? "the signer certificate" : "the certificate \"\(chain[level].subject)\" (level \(level) of the path)"
                switch checker.verdict(for: chain[level], issuer: chain[level + 1]) {
                case .revoked(let date, let source):
                    result.revocationNotes = checker.notes
                    result.revocationSources.append("\(who): revoked (\(source))")
                    result.failures.append(.revoked("\(who) was revoked\(date.map { " on \(Self.day($0))" } ?? "") (\(source))"))
                    return
                case .good(let source):
                    checkedByDocument[level] = true
                    result.revocationSources.append("\(who): good (\(source))")
                case .none:
                    break
                }
            }
            result.revocationNotes = checker.notes
        }

        // Revocation by the trust store's CRLs: which certificates of the path have a CRL from their issuer in the store?
        let inStore = chain.map { trustStore.hasCRL(issuedTo: $0) }
        let covered = zip(inStore, checkedByDocument).map { $0 || $1 }
        guard covered.contains(true) else {
            result.revocation = .none
            return
        }
        let unchecked = zip(chain, covered).filter { !$0.1 }.map(\.0.subject)
        result.revocation = unchecked.isEmpty ? .complete : .partial(unchecked: unchecked)
        guard inStore.contains(true) else { return }
        // Check every level; a level whose issuer has no CRL in the store is tolerated by the
        // callback (see `run`).
        let flags = UInt(X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL)
        result.crlFilesUsed = trustStore.crlFiles(coveringAny: chain)
        if case .failure(let failure) = run(
            signer: signer, untrusted: untrusted, time: evaluationTime, flags: flags, tolerateValidityPeriod: true, store: store
        ) {
            // With a proven signing time, a revocation dated after it does not invalidate the signature (PAdES).
            let dates = failure.category == .revocation ? chain.compactMap { trustStore.revocationDate(of: $0) } : []
            if let provenTime, !dates.isEmpty, dates.allSatisfy({ $0 > provenTime }) {
                result.revocationNotes.append("a CRL in the trust store lists a certificate of the path as revoked after the proven signing time")
                return
            }
            result.failures.append(failure)
        }
    }

    /// One `X509_verify_cert` run. `tolerateValidityPeriod` marks the revocation run: it
    /// ignores certificate validity periods (already judged at the signing time) and a
    /// missing CRL for an issuer that has none in the store.
    private func run(
        signer: X509Certificate, untrusted: X509StackView, time: Date, flags: UInt, tolerateValidityPeriod: Bool, store: X509Store
    ) -> Result<[X509Certificate], CMSFailure> {
        let context: X509StoreContext
        do {
            context = try X509StoreContext()
        } catch {
            return .failure(.untrusted("the certificate path could not be checked: \(error)"))
        }
        guard X509_STORE_CTX_init(context.pointer, store.pointer, signer.pointer, untrusted.pointer) == 1 else {
            return .failure(.untrusted("the certificate path could not be checked: \(OpenSSLError.drain("X509_STORE_CTX_init"))"))
        }
        guard let parameters = X509_STORE_CTX_get0_param(context.pointer) else {
            return .failure(.untrusted("the certificate path could not be checked: no verification parameters"))
        }
        X509_VERIFY_PARAM_set_time(parameters, time_t(time.timeIntervalSince1970.rounded(.down)))
        X509_VERIFY_PARAM_set_flags(parameters, UInt(X509_V_FLAG_PARTIAL_CHAIN) | flags)
        X509_VERIFY_PARAM_set_auth_level(parameters, 2)
        X509_STORE_CTX_set_purpose(context.pointer, X509_PURPOSE_ANY)
        if !tolerateValidityPeriod {
            X509_STORE_CTX_set_verify_cb(context.pointer) { ok, context in
                guard ok == 0, let context else { return ok }
                return ChainValidator.isBareRootAtTop(context) ? 1 : ok
            }
        } else {
            X509_STORE_CTX_set_verify_cb(context.pointer) { ok, context in
                guard ok == 0, let context else { return ok }
                if ChainValidator.isBareRootAtTop(context) { return 1 }
                switch X509_STORE_CTX_get_error(context) {
                case X509_V_ERR_CERT_HAS_EXPIRED, X509_V_ERR_CERT_NOT_YET_VALID:
                    return 1
                case X509_V_ERR_UNABLE_TO_GET_CRL:
                    // Tolerated only when the store holds no CRL at all from this issuer;
                    // a CRL that exists but cannot be used leaves the status unknown.
                    guard let certificate = X509_STORE_CTX_get_current_cert(context),
                        let issuer = X509_get_issuer_name(certificate)
                    else { return 0 }
                    guard let found = X509_STORE_CTX_get1_crls(context, issuer) else { return 1 }
                    defer { CDocVerifyShims_sk_X509_CRL_pop_free(found) }
                    return CDocVerifyShims_sk_X509_CRL_num(found) == 0 ? 1 : 0
                default:
                    return ok
                }
            }
        }
        let verdict = X509_verify_cert(context.pointer)
        if verdict == 1 {
            OpenSSLError.discard()
            return .success(X509Certificate.consume(stack: X509_STORE_CTX_get1_chain(context.pointer)))
        }
        if verdict < 0 {
            return .failure(.untrusted("the certificate path could not be checked: \(OpenSSLError.drain("X509_verify_cert"))"))
        }
        OpenSSLError.discard()
        let error = X509_STORE_CTX_get_error(context.pointer)
        let depth = X509_STORE_CTX_get_error_depth(context.pointer)
        let current = X509_STORE_CTX_get_current_cert(context.pointer).map { X509Certificate(retaining: $0) }
        return .failure(classify(error: error, depth: depth, certificate: current ?? signer, time: time))
    }

    /// Whether the error being reported is "invalid CA certificate" for the top of the path: a
    /// self-signed certificate without basicConstraints and keyUsage (an old root, e.g. DSS's
    /// `PAdES-LT.pdf` "CN=Nowina Solutions", v3 with a subject key identifier only). The top of a
    /// path OpenSSL accepts is a trust-store anchor, and a trust anchor is trusted by configuration,
    /// not by its extensions (RFC 5280 §6.1: the CA checks apply to the certificates below it);
    /// OpenSSL itself accepts such roots without a purpose, and v1 roots with one, but not with
    /// `X509_PURPOSE_ANY`. A self-signed certificate that says `CA:FALSE`, or whose keyUsage
    /// lacks keyCertSign, stays refused (a pinned signer certificate issues nothing).
    static func isBareRootAtTop(_ context: OpaquePointer) -> Bool {
        guard X509_STORE_CTX_get_error(context) == X509_V_ERR_INVALID_CA,
            let certificate = X509_STORE_CTX_get_current_cert(context),
            let chain = X509_STORE_CTX_get0_chain(context)
        else { return false }
        guard X509_STORE_CTX_get_error_depth(context) == CDocVerifyShims_sk_X509_num(chain) - 1 else { return false }
        let flags = X509_get_extension_flags(certificate)
        return flags & UInt32(EXFLAG_SS) != 0 && flags & UInt32(EXFLAG_BCONS | EXFLAG_KUSAGE) == 0
    }

    /// Maps an `X509_V_ERR_*` code to a typed reason.
    private func classify(error: Int32, depth: Int32, certificate: X509Certificate, time: Date) -> CMSFailure {
        let reason = X509_verify_cert_error_string(Int(error)).map { String(cString: $0) } ?? "error \(error)"
        let who = depth == 0 ? "the signer certificate" : "the certificate \"\(certificate.subject)\" (level \(depth) of the path)"
        switch error {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            let end = certificate.notAfter.map { " on \(Self.day($0))" } ?? ""
            return .expired("\(who) had expired\(end), before the signing time \(Self.day(time))")
        case X509_V_ERR_CERT_NOT_YET_VALID:
            let start = certificate.notBefore.map { " until \(Self.day($0))" } ?? ""
            return .expired("\(who) was not yet valid\(start) at the signing time \(Self.day(time))")
        case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD, X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
            return .expired("\(who) has an unreadable validity period")
        case X509_V_ERR_CERT_REVOKED:
            let date = trustStore.revocationDate(of: certificate).map { " on \(Self.day($0))" } ?? ""
            return .revoked("\(who) was revoked\(date) (CRL in the trust store)")
        case X509_V_ERR_UNABLE_TO_GET_CRL, X509_V_ERR_CRL_HAS_EXPIRED, X509_V_ERR_CRL_NOT_YET_VALID,
            X509_V_ERR_CRL_SIGNATURE_FAILURE, X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE,
            X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD, X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD,
            X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER, X509_V_ERR_KEYUSAGE_NO_CRL_SIGN,
            X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION, X509_V_ERR_DIFFERENT_CRL_SCOPE,
            X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
            return .revocationUnknown("the revocation status of \(who) cannot be established: \(reason)")
        case X509_V_ERR_EE_KEY_TOO_SMALL, X509_V_ERR_CA_KEY_TOO_SMALL, X509_V_ERR_CA_MD_TOO_WEAK:
            return .weakAlgorithm("\(who): \(reason)")
        default:
            return .untrusted("\(who) does not chain to an anchor of the trust store: \(reason)")
        }
    }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash))
    }
}

extension TrustStore {
    /// The anchor whose certificate is `certificate`, if any.
    func anchor(matching certificate: X509Certificate) -> Anchor? {
        for (index, pointer) in certificates.enumerated() where X509_cmp(pointer, certificate.pointer) == 0 {
            return anchors[index]
        }
        return nil
    }

    /// Whether a CRL in the store is issued by `certificate`'s issuer (by name).
    func hasCRL(issuedTo certificate: X509Certificate) -> Bool {
        guard let issuer = X509_get_issuer_name(certificate.pointer) else { return false }
        return crls.contains { X509_NAME_cmp(X509_CRL_get_issuer($0), issuer) == 0 }
    }

    func crlFiles(coveringAny certificates: [X509Certificate]) -> [String] {
        zip(crls, crlFiles).filter { crl, _ in
            certificates.contains { X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name($0.pointer)) == 0 }
        }.map(\.1)
    }

    /// When a CRL of the store lists `certificate`, the revocation date it gives.
    func revocationDate(of certificate: X509Certificate) -> Date? {
        for crl in crls {
            var entry: OpaquePointer?
            if X509_CRL_get0_by_cert(crl, &entry, certificate.pointer) == 1, let entry,
                let date = X509_REVOKED_get0_revocationDate(entry)
            {
                return X509Certificate.date(date)
            }
        }
        OpenSSLError.discard()
        return nil
    }
}
