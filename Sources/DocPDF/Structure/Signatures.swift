extension StructureScan {
    /// Records every signature dictionary inside `node` (the value of object `owner`),
    /// walking nested arrays and dictionaries with an explicit stack.
    ///
    /// - Parameters:
    ///   - buffer: the bytes `node`'s spans refer to: the file, or an object stream's decoded data.
    ///   - objectStreamNumber: the containing object stream; its spans are not file offsets.
    mutating func collectSignatures(
        in node: PDFNode, buffer: [UInt8], owner: ObjectRef, objectSpan: Range<Int>, objectStreamNumber: Int?
    ) {
        var found: [(span: Range<Int>, dictionary: PDFDictionary)] = []
        var pending = [node]
        while let next = pending.popLast() {
            switch next.value {
            case .array(let items):
                pending.append(contentsOf: items)
            case .dictionary(let dictionary):
                if Self.isSignature(dictionary) { found.append((next.span, dictionary)) }
                pending.append(contentsOf: dictionary.entries.lazy.map(\.node))
            default:
                break
            }
        }
        let inFile = objectStreamNumber == nil
        for (span, dictionary) in found.sorted(by: { $0.span.lowerBound < $1.span.lowerBound }) {
            let byteRangeNode = dictionary["ByteRange"]
            var byteRange: [Int]?
            if let items = dictionary.array("ByteRange") {
                let integers = items.compactMap(\.integer)
                if integers.count == items.count { byteRange = integers }
            }
            var contentsSpan: Range<Int>?
            var contents: [UInt8]?
            var contentsIsHex = false
            if let contentsNode = dictionary["Contents"], case .string(let string) = contentsNode.value {
                contents = string.bytes
                contentsIsHex = string.isHex
                if inFile { contentsSpan = contentsNode.span }
            }
            var certificates: [[UInt8]] = []
            if let certificate = dictionary.string("Cert") {
                certificates = [certificate.bytes]
            } else if let items = dictionary.array("Cert") {
                certificates = items.compactMap { item in
                    if case .string(let string) = item.value { string.bytes } else { nil }
                }
            }
            result.signatures.append(
                PDFSignatureDictionary(
                    objectNumber: owner.number,
                    generation: owner.generation,
                    objectSpan: objectSpan,
                    dictionarySpan: inFile ? span : nil,
                    byteRange: byteRange,
                    byteRangeRaw: byteRangeNode.map { Self.rawText($0.span, in: buffer) },
                    contentsSpan: contentsSpan,
                    contents: contents,
                    contentsIsHex: contentsIsHex,
                    subFilter: dictionary.name("SubFilter"),
                    filter: dictionary.name("Filter"),
                    type: dictionary.name("Type"),
                    signingTimeRaw: dictionary.string("M").map { PDFTextString.decode($0.bytes) },
                    name: dictionary.string("Name").map { PDFTextString.decode($0.bytes) },
                    reason: dictionary.string("Reason").map { PDFTextString.decode($0.bytes) },
                    location: dictionary.string("Location").map { PDFTextString.decode($0.bytes) },
                    contactInfo: dictionary.string("ContactInfo").map { PDFTextString.decode($0.bytes) },
                    hasReference: dictionary.has("Reference"),
                    revisionIndex: result.revisions.count,
                    objectStreamNumber: objectStreamNumber,
                    isUsageRights: Self.isUsageRights(dictionary),
                    certificates: certificates
                )
            )
        }
    }

    /// `/Type /Sig` or `/DocTimeStamp`, or `/ByteRange` together with `/Contents`.
    static func isSignature(_ dictionary: PDFDictionary) -> Bool {
        if let type = dictionary.name("Type"), type == "Sig" || type == "DocTimeStamp" { return true }
        return dictionary.has("ByteRange") && dictionary.has("Contents")
    }

    /// `/Reference` holds a signature reference whose `/TransformMethod` is `/UR3` (or the
    /// older `/UR`): Adobe's usage-rights signature (ISO 32000-1 §12.8.2.3).
    static func isUsageRights(_ dictionary: PDFDictionary) -> Bool {
        guard let references = dictionary.array("Reference") else { return false }
        return references.contains { node in
            guard let method = node.dictionary?.name("TransformMethod") else { return false }
            return method == "UR3" || method == "UR"
        }
    }

    /// The bytes of `span` as text, clamped to `buffer` and to 4 KiB.
    private static func rawText(_ span: Range<Int>, in buffer: [UInt8]) -> String {
        let lower = max(0, min(span.lowerBound, buffer.count))
        let upper = max(lower, min(span.upperBound, buffer.count, lower + 4096))
        return PDFBytes.text(buffer[lower..<upper])
    }
}

/// Decodes PDF text strings (ISO 32000-1 §7.9.2.2): UTF-16BE with a byte-order mark,
/// UTF-8 with a byte-order mark (PDF 2.0), else PDFDocEncoding, read here as Latin-1
/// (they agree on every printable ASCII and most Latin-1 characters).
enum PDFTextString {
    static func decode(_ bytes: [UInt8]) -> String {
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            var units: [UInt16] = []
            units.reserveCapacity((bytes.count - 2) / 2)
            var index = 2
            while index + 1 < bytes.count {
                units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return String(decoding: bytes[3...], as: UTF8.self)
        }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
