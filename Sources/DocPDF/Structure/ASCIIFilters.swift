/// The `/ASCIIHexDecode` and `/ASCII85Decode` filters (ISO 32000-1 §7.4.2–7.4.3).
///
/// Both stop at their end-of-data marker (or the end of the input) and at `cap` output
/// bytes: `z` in ASCII85 expands one byte to four, so the output is capped like inflation.
enum ASCIIFilters {
    enum Outcome: Equatable {
        case complete
        case corrupt
        /// Output would exceed the cap.
        case limitReached
    }

    /// `/ASCIIHexDecode`: hex digit pairs, white space ignored, `>` ends the data, an odd
    /// final digit is followed by an implied 0.
    static func decodeHex(_ input: ArraySlice<UInt8>, cap: Int) -> (bytes: [UInt8], outcome: Outcome) {
        var output: [UInt8] = []
        output.reserveCapacity(min(cap, input.count / 2))
        var high: UInt8?
        for byte in input {
            if byte == UInt8(ascii: ">") { break }
            if PDFBytes.isWhitespace(byte) { continue }
            guard let nibble = PDFBytes.hexValue(byte) else { return (output, .corrupt) }
            if let pending = high {
                guard output.count < cap else { return (output, .limitReached) }
                output.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        if let high {
            guard output.count < cap else { return (output, .limitReached) }
            output.append(high << 4)
        }
        return (output, .complete)
    }

    /// `/ASCII85Decode`: groups of five characters `!`…`u` for four bytes, `z` for four
    /// zero bytes, white space ignored, `~>` ends the data; a final group of n characters
    /// gives n − 1 bytes.
    static func decode85(_ input: ArraySlice<UInt8>, cap: Int) -> (bytes: [UInt8], outcome: Outcome) {
        var output: [UInt8] = []
        output.reserveCapacity(min(cap, input.count))
        var group: UInt64 = 0
        var count = 0

        func emit(_ value: UInt64, bytes: Int) -> Bool {
            guard output.count <= cap - bytes else { return false }
            for shift in stride(from: 24, through: 32 - bytes * 8, by: -8) {
                output.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
            return true
        }

        // Some writers keep PostScript's `<~` opener; it is not data.
        var data = input
        if let start = data.firstIndex(where: { !PDFBytes.isWhitespace($0) }),
            data[start...].starts(with: [UInt8(ascii: "<"), UInt8(ascii: "~")])
        {
            data = data[(start + 2)...]
        }
        for byte in data {
            if PDFBytes.isWhitespace(byte) { continue }
            if byte == UInt8(ascii: "~") { break }
            if byte == UInt8(ascii: "z"), count == 0 {
                guard emit(0, bytes: 4) else { return (output, .limitReached) }
                continue
            }
            guard byte >= 0x21, byte <= 0x75 else { return (output, .corrupt) }
            group = group * 85 + UInt64(byte - 0x21)
            count += 1
            if count == 5 {
                guard group <= UInt64(UInt32.max) else { return (output, .corrupt) }
                guard emit(group, bytes: 4) else { return (output, .limitReached) }
                group = 0
                count = 0
            }
        }
        if count == 1 { return (output, .corrupt) }
        if count > 1 {
            for _ in count..<5 { group = group * 85 + 84 }
            guard group <= UInt64(UInt32.max) else { return (output, .corrupt) }
            guard emit(group, bytes: count - 1) else { return (output, .limitReached) }
        }
        return (output, .complete)
    }
}
