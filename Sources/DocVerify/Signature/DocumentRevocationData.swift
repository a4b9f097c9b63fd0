internal import DocCrypto
internal import DocPDF

/// The revocation data a document keeps beside its signatures: the document security
/// store of its last revision (`/DSS /Certs`, `/CRLs`, `/OCSPs`, and the same arrays in
/// each `/VRI` entry), read from the raw bytes. Handed to ``CMSCheck`` for every
/// signature; ``DocCrypto/RevocationChecker`` verifies each item before it is believed.
enum DocumentRevocationData {
    static func read(_ context: AnalysisContext) -> RevocationData {
        let structure = context.structure
        // Most signed files have no DSS: nothing to read.
        guard structure.revisions.contains(where: { $0.objects.contains { $0.kinds.contains(.dss) } }),
            let last = structure.revisions.indices.last,
            let root = structure.revisions.last(where: { $0.trailer?.root != nil })?.trailer?.root
        else { return RevocationData() }
        var reader = PDFObjectReader(bytes: context.bytes, structure: structure)
        guard let catalog = reader.object(root.number, asOf: last)?.value.dictionary,
            let dss = reader.resolve(catalog["DSS"], asOf: last)?.dictionary
        else { return RevocationData() }
        var data = RevocationData()
        var seen = Set<Int>()
        func streams(_ value: PDFObject?) -> [[UInt8]] {
            (reader.resolve(value, asOf: last)?.array ?? []).compactMap { item in
                guard let ref = item.reference, seen.insert(ref.number).inserted else { return nil }
                return reader.object(ref.number, asOf: last)?.streamData
            }
        }
        var dictionaries = [dss]
        for (_, entry) in reader.resolve(dss["VRI"], asOf: last)?.dictionary ?? [:] {
            if let dictionary = reader.resolve(entry, asOf: last)?.dictionary { dictionaries.append(dictionary) }
        }
        for dictionary in dictionaries {
            data.certificates += streams(dictionary["Certs"] ?? dictionary["Cert"])
            data.crls += streams(dictionary["CRLs"] ?? dictionary["CRL"]).map { .init(der: $0, source: .dss) }
            data.ocspResponses += streams(dictionary["OCSPs"] ?? dictionary["OCSP"]).map { .init(der: $0, source: .dss) }
        }
        return data
    }
}
