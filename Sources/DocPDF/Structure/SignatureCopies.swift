extension PDFSignatureDictionary {
    /// Whether this dictionary is an unchanged copy of `earlier`: a later revision rewrote
    /// the same object (a catalog or field rewritten whole, the signature dictionary inline
    /// in it) and wrote the signature dictionary again as it was.
    ///
    /// A copy has the same object number and generation, a later revision, the same
    /// `/ByteRange` and `/Contents`, and the same values in every field the signature shows
    /// (`/Type`, `/Filter`, `/SubFilter`, `/M`, `/Name`, `/Reason`, `/Location`,
    /// `/ContactInfo`, `/Cert`, whether it has `/Reference`). Layout and white space may
    /// differ, and so may how `/Reference` is written (inline or by reference). A rewrite
    /// that changes any shown field is not a copy: it is the spoofing DSS's
    /// `pades-spoofing-replaced-reason.pdf` shows (a `/Reason` replaced after signing), and
    /// stays a dictionary of its own whose gap is not its `/Contents`.
    public func isUnchangedCopy(of earlier: PDFSignatureDictionary) -> Bool {
        guard revisionIndex > earlier.revisionIndex, objectNumber == earlier.objectNumber,
            generation == earlier.generation, let byteRange, byteRange == earlier.byteRange,
            let contents, contents == earlier.contents
        else { return false }
        return contentsIsHex == earlier.contentsIsHex && type == earlier.type && filter == earlier.filter
            && subFilter == earlier.subFilter && signingTimeRaw == earlier.signingTimeRaw && name == earlier.name
            && reason == earlier.reason && location == earlier.location && contactInfo == earlier.contactInfo
            && certificates == earlier.certificates && hasReference == earlier.hasReference
    }
}

extension PDFStructure {
    /// For each entry of ``signatures``, the index of the earliest dictionary it is an
    /// unchanged copy of (``PDFSignatureDictionary/isUnchangedCopy(of:)``), or `nil` for an
    /// original: the same signature, to be judged once.
    public var signatureOriginals: [Int?] {
        // Only definitions of the same object can be copies: compare within each object number.
        var originalsByObject: [ObjectRef: [Int]] = [:]
        return signatures.enumerated().map { index, signature in
            let key = ObjectRef(number: signature.objectNumber, generation: signature.generation)
            if let original = originalsByObject[key, default: []].first(where: { signature.isUnchangedCopy(of: signatures[$0]) }) {
                return original
            }
            originalsByObject[key, default: []].append(index)
            return nil
        }
    }
}
