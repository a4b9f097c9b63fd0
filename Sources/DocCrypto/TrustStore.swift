internal import CLibCrypto
internal import CDocVerifyShims
internal import Foundation

/// The trust anchors and revocation lists of one trust-store directory (`keys/`).
///
/// Every `*.pem` / `*.crt` file holds anchors (PEM, one or more certificates); every
/// `*.crl` / `*.crl.pem` file holds a CRL (PEM or DER). Files whose names start with
/// `test-` are loaded only when test keys are allowed, and anchors from them are
/// marked ``Anchor/isTest``. An anchor file may have a sidecar `<file>.toml` beside it
/// (``AnchorSettings``: the SM2 distinguishing ID, a role); a sidecar that cannot be
/// parsed, or one beside no anchor file, is a load error. Owns its OpenSSL objects and frees them in `deinit`;
/// immutable after `load`, so it is shared read-only between threads.
public final class TrustStore: @unchecked Sendable {
    /// One anchor certificate and where it came from.
    public struct Anchor: Sendable {
        public let fileName: String
        public let isTest: Bool
        public let subject: String
        public let der: [UInt8]
        /// From the anchor file's sidecar (empty when it has none).
        public let settings: AnchorSettings
    }

    public let directory: String
    public let anchors: [Anchor]
    /// CRLs, with the file each came from.
    public let crlFiles: [String]
    let certificates: [OpaquePointer]  // X509*, owned
    let crls: [OpaquePointer]  // X509_CRL*, owned
    /// The anchors and CRLs as one `X509_STORE`, built once for every verification.
    let x509Store: X509Store
    /// When anchors share a subject name (a root re-keyed under the same name), OpenSSL's
    /// store offers the first of them as the issuer of a certificate without an authority
    /// key identifier, and a path through another one fails. These stores each keep one
    /// member of such a group (and every other anchor), for ``ChainValidator`` to try when
    /// the path fails in the full store; at most 8. Empty when no two anchors share a name.
    let sameNameStores: [X509Store]

    private init(directory: String, anchors: [Anchor], crlFiles: [String], certificates: [OpaquePointer], crls: [OpaquePointer]) {
        self.directory = directory
        self.anchors = anchors
        self.crlFiles = crlFiles
        self.certificates = certificates
        self.crls = crls
        self.x509Store = X509Store(certificates: certificates, crls: crls)
        self.sameNameStores = Self.sameNameStores(certificates, crls: crls)
    }

    private static func sameNameStores(_ certificates: [OpaquePointer], crls: [OpaquePointer]) -> [X509Store] {
        var groups: [[OpaquePointer]] = []
        for certificate in certificates {
            if let index = groups.firstIndex(where: { X509_NAME_cmp(X509_get_subject_name($0[0]), X509_get_subject_name(certificate)) == 0 }) {
                groups[index].append(certificate)
            } else {
                groups.append([certificate])
            }
        }
        var stores: [X509Store] = []
        for group in groups where group.count > 1 {
            for kept in group where stores.count < 8 {
                let subset = certificates.filter { certificate in !group.contains(certificate) || certificate == kept }
                stores.append(X509Store(certificates: subset, crls: crls))
            }
        }
        return stores
    }

    deinit {
        for certificate in certificates { X509_free(certificate) }
        for crl in crls { X509_CRL_free(crl) }
    }

    /// An empty store: every signature is untrusted.
    public static func empty() -> TrustStore {
        TrustStore(directory: "", anchors: [], crlFiles: [], certificates: [], crls: [])
    }

    /// Loads every anchor and CRL in `directory`. A file that cannot be parsed is an
    /// error (a broken trust store must be noticed, not silently shrink).
    public static func load(directory: String, allowTestKeys: Bool) throws(TrustStoreError) -> TrustStore {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw TrustStoreError(reason: "cannot read trust store directory \(directory): \(error.localizedDescription)")
        }
        var anchors: [Anchor] = []
        var certificates: [OpaquePointer] = []
        var crls: [OpaquePointer] = []
        var crlFiles: [String] = []
        var anchorFiles: Set<String> = []
        for name in names {
            let isTest = name.hasPrefix("test-")
            if isTest && !allowTestKeys { continue }
            let path = directory + "/" + name
            let isCRL = name.hasSuffix(".crl") || name.hasSuffix(".crl.pem")
            let isCert = !isCRL && (name.hasSuffix(".pem") || name.hasSuffix(".crt"))
            guard isCRL || isCert, let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = [UInt8](data)
            if isCRL {
                guard let crl = parseCRL(bytes) else {
                    throw TrustStoreError(reason: "\(name): not a CRL in PEM or DER form")
                }
                crls.append(crl)
                crlFiles.append(name)
            } else {
                let parsed = parseCertificates(bytes)
                if parsed.isEmpty {
                    // A private key or anything else in the trust store is refused outright.
                    throw TrustStoreError(reason: "\(name): holds no certificate (private keys never belong in the trust store)")
                }
                let settings = try sidecarSettings(directory: directory, anchorFile: name)
                anchorFiles.insert(name)
                for certificate in parsed {
                    certificates.append(certificate)
                    anchors.append(
                        Anchor(
                            fileName: name, isTest: isTest, subject: subjectString(certificate), der: derBytes(certificate),
                            settings: settings
                        )
                    )
                }
            }
        }
        // Before the store is shared: the ID each SM2-signed anchor's own signature is checked
        // with, when a path runs through it to another anchor.
        SM2.setCertificateIDs(certificates, issuers: certificates)
        // A sidecar beside no anchor (a misspelt name) would be silently ignored otherwise.
        for name in names where name.hasSuffix(".toml") && (allowTestKeys || !name.hasPrefix("test-")) {
            if !anchorFiles.contains(String(name.dropLast(".toml".count))) {
                throw TrustStoreError(reason: "\(name): a sidecar beside no anchor file (it must be named <anchor file>.toml, e.g. issuer.pem.toml)")
            }
        }
        return TrustStore(directory: directory, anchors: anchors, crlFiles: crlFiles, certificates: certificates, crls: crls)
    }

    /// The settings in `anchorFile`'s sidecar, if it has one.
    private static func sidecarSettings(directory: String, anchorFile: String) throws(TrustStoreError) -> AnchorSettings {
        let name = AnchorSettings.sidecarName(for: anchorFile)
        guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { return AnchorSettings() }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TrustStoreError(reason: "\(name): not UTF-8 text")
        }
        return try AnchorSettings.parse(text, file: name)
    }

    private static func parseCertificates(_ bytes: [UInt8]) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return }
            defer { BIO_free(bio) }
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                out.append(certificate)
            }
        }
        ERR_clear_error()
        if out.isEmpty {
            bytes.withUnsafeBufferPointer { buffer in
                var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
                if let certificate = d2i_X509(nil, &pointer, buffer.count) { out.append(certificate) }
            }
            ERR_clear_error()
        }
        return out
    }

    private static func parseCRL(_ bytes: [UInt8]) -> OpaquePointer? {
        var crl: OpaquePointer? = bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_X509_CRL(bio, nil, nil, nil)
        }
        if crl == nil {
            crl = bytes.withUnsafeBufferPointer { buffer in
                var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_X509_CRL(nil, &pointer, buffer.count)
            }
        }
        ERR_clear_error()
        return crl
    }

    static func subjectString(_ certificate: OpaquePointer) -> String {
        guard let name = X509_get_subject_name(certificate), let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, UInt(CDocVerifyShims_XN_FLAG_RFC2253()))
        var data: UnsafeMutablePointer<CChar>?
        let length = CDocVerifyShims_BIO_get_mem_data(bio, &data)
        guard length > 0, let data else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }

    static func derBytes(_ certificate: OpaquePointer) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(certificate, &out)
        guard length > 0, let out else { return [] }
        defer { CDocVerifyShims_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }
}

/// A trust store that cannot be used, with the reason for the administrator.
public struct TrustStoreError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
