internal import CLibCrypto
internal import CDocVerifyShims
internal import Foundation

/// A SignedData with several SignerInfos.
///
/// ISO 32000 and PAdES expect one SignerInfo in a PDF signature; DSS validates the first
/// and pyHanko refuses the container. Real files carry two (DSS keeps one as
/// `pdf-double-signer-info.pdf`: the same SignerInfo written twice), so refusing them
/// refuses valid signatures, and validating the first alone would let a second SignerInfo
/// ride along unverified. docverify verifies **every** SignerInfo as if it were alone
/// (container, its own digest of the ByteRange, signer, ESS, signature value, algorithms,
/// key usage, chain) and the signature is intact only if all of them are: a SignerInfo
/// that does not verify is never hidden behind one that does, whichever comes first. A
/// SignerInfo that repeats an earlier one byte for byte is that one, checked once.
extension CMSVerifier {
    /// Most different SignerInfos verified in one signature (real files carry one, rarely two).
    static let maxSignerInfos = 8

    func verifyEachSignerInfo(
        _ cms: CMSContentInfo, bytesAfterCMS: Int, form: Form, signedBytes: [ArraySlice<UInt8>],
        dictionarySigningTime: Date?, evaluationTime: Date, revocationData: RevocationData, provenTime: Date?
    ) -> CMSVerification {
        let containers: [SingleSignerContainer]
        do {
            containers = try Self.singleSignerContainers(cms.derBytes(), fileOrder: Self.signatureValues(cms))
        } catch {
            var result = CMSVerification()
            result.bytesAfterCMS = bytesAfterCMS
            result.failures.append(.malformed("its SignerInfos cannot be separated: \(error.reason)"))
            return result
        }
        let count = containers.count
        let distinct = containers.filter { $0.copyOf == nil }.count
        guard distinct <= Self.maxSignerInfos else {
            // Each costs a chain validation: a hostile container must not buy unbounded work.
            var result = CMSVerification()
            result.bytesAfterCMS = bytesAfterCMS
            result.signerInfoCount = count
            result.failures.append(
                .unsupportedAlgorithm("the CMS holds \(distinct) different SignerInfos; docverify verifies at most \(Self.maxSignerInfos)")
            )
            return result
        }
        // The first SignerInfo's verification (signer, chain, times) with every SignerInfo's
        // reasons, each labelled with its SignerInfo; what the container itself gets wrong
        // is the same for all of them and reported once.
        var merged: CMSVerification?
        var reasons: [CMSFailure] = []
        var copies: [Int] = []
        var intact: [Int] = []
        for (offset, container) in containers.enumerated() {
            let index = offset + 1
            if let original = container.copyOf {
                copies.append(index)
                if intact.contains(original + 1) { intact.append(index) }
                continue
            }
            var single = verify(
                contents: container.der, form: form, signedBytes: signedBytes,
                dictionarySigningTime: dictionarySigningTime, evaluationTime: evaluationTime,
                revocationData: revocationData, provenTime: provenTime
            )
            if single.isIntact { intact.append(index) }
            let new = single.failures.filter { !reasons.contains($0) }
            reasons += new
            single.failures = new.map { .inSignerInfo(index: index, count: count, $0) }
            guard var first = merged else {
                merged = single
                continue
            }
            first.failures += single.failures
            merged = first
        }
        var result = merged ?? CMSVerification()
        result.bytesAfterCMS = bytesAfterCMS
        result.signerInfoCount = count
        result.signerInfoCopies = copies
        result.intactSignerInfos = intact
        return result
    }

    /// One SignerInfo's ContentInfo: the original with every other SignerInfo left out.
    struct SingleSignerContainer: Equatable {
        var der: [UInt8]
        /// The 0-based index of an earlier SignerInfo this one repeats byte for byte.
        var copyOf: Int?
    }

    /// Splits a DER ContentInfo(SignedData) into one ContentInfo per SignerInfo: the same
    /// version, digest algorithms, encapsulated content, certificates and CRLs, and a
    /// `signerInfos` SET of that SignerInfo alone. DER sorts a SET OF, so OpenSSL's
    /// re-encoding may have reordered them: they are put back in `fileOrder` (the signature
    /// values as the file lists its SignerInfos), so "SignerInfo 2" is the file's second.
    static func singleSignerContainers(_ der: [UInt8], fileOrder: [[UInt8]]) throws(DERError) -> [SingleSignerContainer] {
        let parts = try SignedDataParts(der)
        let fields = parts.fields
        guard let signerInfos = fields.last, signerInfos.tag == 0x31 else {
            throw DERError("the SignedData does not end with its signerInfos SET")
        }
        var remaining = try signerInfos.children()
        var ordered: [DERReader.Element] = []
        for signature in fileOrder {
            // The signature value is a SignerInfo's only top-level OCTET STRING.
            var match: Int?
            for (index, info) in remaining.enumerated()
            where try info.children().contains(where: { $0.tag == 0x04 && $0.contents.elementsEqual(signature) }) {
                match = index
                break
            }
            guard let match else { throw DERError("a SignerInfo was lost when the container was written back") }
            ordered.append(remaining.remove(at: match))
        }
        guard remaining.isEmpty else { throw DERError("the container written back holds more SignerInfos") }
        let head = fields.dropLast().flatMap(\.encoded)
        return ordered.enumerated().map { index, info in
            let set = DERWriter.element(0x31, Array(info.encoded))
            let copyOf = ordered[..<index].firstIndex { $0.encoded.elementsEqual(info.encoded) }
            return SingleSignerContainer(der: parts.contentInfo(signedDataBody: head + set), copyOf: copyOf)
        }
    }

    /// The signature value of each SignerInfo, in the order the file lists them.
    static func signatureValues(_ cms: CMSContentInfo) -> [[UInt8]] {
        guard let stack = CMS_get0_SignerInfos(cms.pointer) else {
            OpenSSLError.discard()
            return []
        }
        return (0..<CDocVerifyShims_sk_CMS_SignerInfo_num(stack)).map { index in
            guard let info = CDocVerifyShims_sk_CMS_SignerInfo_value(stack, index),
                let value = CMS_SignerInfo_get0_signature(info)
            else { return [] }
            return X509Certificate.bytes(of: UnsafePointer(value))
        }
    }
}

extension CMSContentInfo {
    /// The container written back as DER by OpenSSL (a BER input comes back with definite lengths).
    func derBytes() throws(DERError) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_CMS_ContentInfo(pointer, &out)
        guard length > 0, let out else {
            throw DERError("OpenSSL cannot write it back: \(OpenSSLError.drain("i2d_CMS_ContentInfo"))")
        }
        defer { CDocVerifyShims_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }
}

/// A DER ContentInfo(SignedData) taken apart, to be written back with other SignedData fields.
struct SignedDataParts {
    /// The ContentInfo's contentType, encoded.
    let contentType: [UInt8]
    /// The SignedData's fields: version, digestAlgorithms, encapContentInfo, [certificates],
    /// [crls], signerInfos.
    let fields: [DERReader.Element]

    init(_ der: [UInt8]) throws(DERError) {
        var reader = DERReader(der)
        let top = try reader.read().children()
        guard top.count == 2, top[1].tag == 0xA0, let signedData = try top[1].children().first, signedData.tag == 0x30
        else { throw DERError("not a ContentInfo holding a SignedData") }
        contentType = Array(top[0].encoded)
        fields = try signedData.children()
    }

    /// A ContentInfo of the same content type around a SignedData whose fields are `body`.
    func contentInfo(signedDataBody body: [UInt8]) -> [UInt8] {
        DERWriter.element(0x30, contentType + DERWriter.element(0xA0, DERWriter.element(0x30, body)))
    }
}

/// Writes DER tag-length-value elements (definite lengths in their shortest form).
enum DERWriter {
    static func element(_ tag: UInt8, _ contents: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [tag]
        if contents.count < 0x80 {
            out.append(UInt8(contents.count))
        } else {
            var length: [UInt8] = []
            var remaining = contents.count
            while remaining > 0 {
                length.insert(UInt8(remaining & 0xFF), at: 0)
                remaining >>= 8
            }
            out.append(0x80 | UInt8(length.count))
            out += length
        }
        return out + contents
    }
}
