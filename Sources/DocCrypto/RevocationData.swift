internal import Foundation

/// Revocation information carried by the document itself (`docs/sesame-report.md`,
/// "Revocation": a consulate works offline): CRLs and OCSP responses from the signature and from
/// the document's DSS, with where each came from. Nothing here is believed as it stands:
/// ``RevocationChecker`` verifies each item against the trust store first.
public struct RevocationData: Sendable, Equatable {
    /// Where an item was found; the text names it for the officer.
    public enum Source: String, Sendable, Equatable {
        /// The signed attribute adbe-revocationInfoArchival (1.2.840.113583.1.1.8).
        case signatureAttribute = "the signature's adbe-revocationInfoArchival attribute"
        /// The CMS SignedData `crls` field (a CRL, or an OCSP response as RevocationInfoChoice other).
        case cmsRevocationField = "the signature's CMS crls field"
        /// The document security store (`/DSS /CRLs`, `/OCSPs`, VRI entries).
        case dss = "the document's DSS"
        /// The trust store's own CRL files.
        case trustStore = "the trust store"
    }

    /// One DER item and its source.
    public struct Item: Sendable, Equatable {
        public var der: [UInt8]
        public var source: Source
        public init(der: [UInt8], source: Source) {
            self.der = der
            self.source = source
        }
    }

    public var crls: [Item]
    public var ocspResponses: [Item]
    /// Certificates the document carries (`/DSS /Certs`): candidates for an OCSP responder's
    /// certificate and for the signer's and its timestamps' paths, never anchors.
    public var certificates: [[UInt8]]

    public init(crls: [Item] = [], ocspResponses: [Item] = [], certificates: [[UInt8]] = []) {
        self.crls = crls
        self.ocspResponses = ocspResponses
        self.certificates = certificates
    }

    /// Both lists together.
    public static func + (lhs: RevocationData, rhs: RevocationData) -> RevocationData {
        RevocationData(
            crls: lhs.crls + rhs.crls, ocspResponses: lhs.ocspResponses + rhs.ocspResponses,
            certificates: lhs.certificates + rhs.certificates
        )
    }

    public var isEmpty: Bool { crls.isEmpty && ocspResponses.isEmpty }

    static let oidRevocationInfoArchival = "1.2.840.113583.1.1.8"
    static let oidOCSPResponseFormat = "1.3.6.1.5.5.7.16.2"

    /// The CRLs and OCSP responses of an adbe-revocationInfoArchival value:
    /// `SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CertificateList OPTIONAL,
    /// ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] ... }`.
    static func fromArchival(_ der: [UInt8]) -> RevocationData {
        var out = RevocationData()
        var reader = DERReader(der)
        guard let outer = try? reader.read(), let fields = try? outer.children() else { return out }
        for field in fields {
            guard let list = try? field.children().first?.children() else { continue }
            let items = list.map { Item(der: Array($0.encoded), source: .signatureAttribute) }
            switch field.tag {
            case 0xA0: out.crls += items
            case 0xA1: out.ocspResponses += items
            default: break
            }
        }
        return out
    }

    /// The OCSP responses among a DER SignedData's `crls` field (RevocationInfoChoice
    /// `other [1] { id-ri-ocsp-response, OCSPResponse }`); CRLs there are read by OpenSSL.
    static func ocspFromRevocationField(cms der: ArraySlice<UInt8>) -> [Item] {
        var reader = DERReader(der)
        guard let contentInfo = try? reader.read(), let parts = try? contentInfo.children(), parts.count == 2,
            let signedData = try? parts[1].children().first, let fields = try? signedData.children(),
            let crls = fields.first(where: { $0.tag == 0xA1 }), let choices = try? crls.children()
        else { return [] }
        return choices.compactMap { choice in
            guard choice.tag == 0xA1, let inner = try? choice.children(), inner.count == 2,
                (try? inner[0].objectIdentifier()) == oidOCSPResponseFormat
            else { return nil }
            return Item(der: Array(inner[1].encoded), source: .cmsRevocationField)
        }
    }
}
