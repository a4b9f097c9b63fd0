internal import DocPDF

/// `docs/sesame-report.md`, "Coverage", first half: the shape of `/ByteRange` and
/// its gap (`docs/signature-checks.md`, checks 3 and 4).
///
/// `/ByteRange` must be a direct array of exactly four non-negative integers `[0 a b c]`
/// with `a < b`, its second range inside the file, and the gap `[a, b)` exactly
/// `<` hex digits `>` — the very bytes of *this* dictionary's `/Contents` — or only those
/// hex digits, the `<` and `>` around them signed (some writers, pdf.js's
/// `signed_verified.pdf`; nothing more is left unsigned). The gap check
/// is what stops signature wrapping: a wrapped file passes "starts at 0, ends at the file
/// end" but its gap holds more than the signature (`docs/signature-checks.md`, "Why structure decides").
enum ByteRangeCheck {
    /// The two signed ranges of a well-formed `/ByteRange`.
    struct Ranges: Sendable, Equatable {
        var first: Range<Int>
        var second: Range<Int>
        var gap: Range<Int> { first.upperBound..<second.lowerBound }
        /// One past the last signed byte.
        var signedEnd: Int { second.upperBound }
    }

    struct Outcome: Sendable {
        /// The ranges, when the four numbers can be hashed (shape and bounds correct),
        /// even if the gap is wrong: the CMS is still checked over them.
        var ranges: Ranges?
        /// Every rule broken, for the officer.
        var problems: [String]
    }

    static func check(_ signature: PDFSignatureDictionary, fileLength: Int, bytes: [UInt8]) -> Outcome {
        guard let values = signature.byteRange else {
            let raw = signature.byteRangeRaw.map { "is \"\($0.prefix(60))\", not a direct array of four integers" } ?? "is missing"
            return Outcome(ranges: nil, problems: ["/ByteRange \(raw)"])
        }
        guard values.count == 4 else {
            return Outcome(ranges: nil, problems: ["/ByteRange has \(values.count) numbers instead of four"])
        }
        let (start, a, b, c) = (values[0], values[1], values[2], values[3])
        guard values.allSatisfy({ $0 >= 0 }) else {
            return Outcome(ranges: nil, problems: ["/ByteRange has a negative number"])
        }
        guard start == 0 else {
            return Outcome(ranges: nil, problems: ["/ByteRange starts at byte \(start) instead of 0: the file's beginning is not signed"])
        }
        guard a < b else {
            return Outcome(ranges: nil, problems: ["/ByteRange's gap [\(a), \(b)) is empty or reversed"])
        }
        let (end, overflow) = b.addingReportingOverflow(c)
        guard !overflow, end <= fileLength else {
            return Outcome(ranges: nil, problems: ["/ByteRange reaches beyond the end of the file (\(fileLength) bytes)"])
        }
        let ranges = Ranges(first: 0..<a, second: b..<end)
        var problems: [String] = []

        // The gap is exactly "<hex>", or only the hex digits of this very string with its
        // "<" and ">" signed (pdf.js's signed_verified.pdf): either way nothing unsigned but
        // the digits of this dictionary's /Contents.
        let delimitersSigned = Self.isDigitsOnly(a..<b, of: signature.contentsSpan, in: bytes)
        let gap = bytes[a..<b]
        let hexDigits = delimitersSigned ? gap : gap.dropFirst().dropLast()
        if !delimitersSigned && (gap.count < 2 || gap.first != UInt8(ascii: "<") || gap.last != UInt8(ascii: ">")) {
            problems.append("the unsigned gap [\(a), \(b)) is not a hex string")
        } else if !hexDigits.allSatisfy(Self.isHexDigit) || hexDigits.count % 2 != 0 {
            problems.append("the unsigned gap [\(a), \(b)) holds more than hex digits")
        }
        // ... and it is this dictionary's own /Contents.
        if !signature.contentsIsHex || signature.contents == nil {
            problems.append("/Contents is missing or not a hex string")
        } else if signature.contentsSpan != a..<b && !delimitersSigned {
            let span = signature.contentsSpan.map { "[\($0.lowerBound), \($0.upperBound))" } ?? "not a direct string in the file"
            problems.append("the unsigned gap [\(a), \(b)) is not this signature's /Contents (at \(span)): the signature was wrapped")
        }
        // The dictionary holding the gap must itself be signed around it.
        if let dictionary = signature.dictionarySpan, !(dictionary.lowerBound <= a && b <= dictionary.upperBound && dictionary.upperBound <= end) {
            problems.append("the signature dictionary is not inside the signed bytes")
        }
        return Outcome(ranges: ranges, problems: problems)
    }

    /// Whether `gap` is the inside of the hex string at `contents` (its `<` and `>` outside
    /// the gap, so signed).
    private static func isDigitsOnly(_ gap: Range<Int>, of contents: Range<Int>?, in bytes: [UInt8]) -> Bool {
        guard let contents, contents.count >= 2, gap == (contents.lowerBound + 1)..<(contents.upperBound - 1) else { return false }
        return bytes[contents.lowerBound] == UInt8(ascii: "<") && bytes[contents.upperBound - 1] == UInt8(ascii: ">")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
