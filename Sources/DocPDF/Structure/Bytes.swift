#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Byte classes of PDF syntax (ISO 32000-1 §7.2.2) and small helpers over raw bytes.
///
/// Every helper checks its indices against the buffer: input is hostile, and an
/// out-of-range read must never trap.
enum PDFBytes {
    /// NUL, TAB, LF, FF, CR and SPACE.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20: true
        default: false
        }
    }

    /// `( ) < > [ ] { } / %`.
    @inline(__always)
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: true
        default: false
        }
    }

    /// Neither white space nor a delimiter: part of a name, number or keyword.
    @inline(__always)
    static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The value of a hex digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Whether `needle` occurs in `bytes` at `offset`.
    static func matches(_ needle: [UInt8], in bytes: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset <= bytes.count - needle.count else { return false }
        var index = 0
        while index < needle.count {
            if bytes[offset + index] != needle[index] { return false }
            index += 1
        }
        return true
    }

    /// Whether `keyword` occurs at `offset` as a whole token: not preceded or followed
    /// by a regular character.
    static func matchesKeyword(_ keyword: [UInt8], in bytes: [UInt8], at offset: Int) -> Bool {
        guard matches(keyword, in: bytes, at: offset) else { return false }
        if offset > 0, isRegular(bytes[offset - 1]) { return false }
        let after = offset + keyword.count
        if after < bytes.count, isRegular(bytes[after]) { return false }
        return true
    }

    /// Whether `keyword` starts at `offset` and is not followed by a regular character
    /// (the preceding byte is not examined).
    static func startsKeyword(_ keyword: [UInt8], in bytes: [UInt8], at offset: Int) -> Bool {
        guard matches(keyword, in: bytes, at: offset) else { return false }
        let after = offset + keyword.count
        return after >= bytes.count || !isRegular(bytes[after])
    }

    /// The first offset at or after `offset` (and before `limit`) that is not white space.
    static func skipWhitespace(in bytes: [UInt8], from offset: Int, limit: Int? = nil) -> Int {
        let end = min(limit ?? bytes.count, bytes.count)
        var index = max(offset, 0)
        while index < end, isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    /// Skips white space and `%` comments.
    static func skipWhitespaceAndComments(in bytes: [UInt8], from offset: Int, limit: Int? = nil) -> Int {
        let end = min(limit ?? bytes.count, bytes.count)
        var index = max(offset, 0)
        while index < end {
            let byte = bytes[index]
            if isWhitespace(byte) {
                index += 1
            } else if byte == UInt8(ascii: "%") {
                while index < end, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            } else {
                break
            }
        }
        return index
    }

    /// The offset after one end-of-line (CR LF, LF or CR) at `offset`, or `offset` itself.
    static func skipEOL(in bytes: [UInt8], at offset: Int) -> Int {
        guard offset >= 0, offset < bytes.count else { return offset }
        if bytes[offset] == 0x0D {
            return offset + 1 < bytes.count && bytes[offset + 1] == 0x0A ? offset + 2 : offset + 1
        }
        return bytes[offset] == 0x0A ? offset + 1 : offset
    }

    /// Reads an unsigned decimal integer of at most `maxDigits` digits at `offset`.
    /// Returns the value and the offset after the digits; `nil` when there is no digit
    /// or more than `maxDigits` of them.
    static func readUnsigned(in bytes: [UInt8], at offset: Int, maxDigits: Int = 18) -> (value: Int, end: Int)? {
        var index = offset
        var value = 0
        while index < bytes.count, isDigit(bytes[index]) {
            if index - offset >= maxDigits { return nil }
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        return index > offset ? (value, index) : nil
    }

    /// The first offset in `from..<to` where `needle` starts, found with `memchr` on
    /// its first byte.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, to: Int? = nil) -> Int? {
        guard let first = needle.first else { return nil }
        let end = min(to ?? bytes.count, bytes.count)
        let lastStart = end - needle.count
        var start = max(from, 0)
        guard start <= lastStart else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            while start <= lastStart {
                guard let hit = memchr(base + start, Int32(first), lastStart - start + 1) else { return nil }
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var index = 1
                while index < needle.count, base[offset + index] == needle[index] { index += 1 }
                if index == needle.count { return offset }
                start = offset + 1
            }
            return nil
        }
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text of raw bytes for reports: UTF-8 where valid, replacement characters elsewhere.
    static func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}

/// Keywords as byte arrays, built once.
enum Keyword {
    static let obj = Array("obj".utf8)
    static let endobj = Array("endobj".utf8)
    static let stream = Array("stream".utf8)
    static let endstream = Array("endstream".utf8)
    static let xref = Array("xref".utf8)
    static let trailer = Array("trailer".utf8)
    static let startxref = Array("startxref".utf8)
    static let eof = Array("%%EOF".utf8)
    static let pdfHeader = Array("%PDF-".utf8)
    static let touchUp = Array("TouchUp_TextEdit".utf8)
}

/// Finds successive occurrences of one needle with queries that only move forward,
/// so that the whole file is searched at most once however many objects ask.
///
/// Precondition: each query's `offset` is at least the previous query's.
struct ForwardFinder {
    let needle: [UInt8]
    private var lastFound: Int?
    private var searchFrom = 0
    private var exhausted = false

    init(_ needle: [UInt8]) { self.needle = needle }

    /// The first occurrence at or after `offset`, or `nil`.
    mutating func next(atOrAfter offset: Int, in bytes: [UInt8]) -> Int? {
        if let lastFound, lastFound >= offset { return lastFound }
        if exhausted { return nil }
        let start = max(offset, searchFrom)
        if let found = PDFBytes.find(needle, in: bytes, from: start) {
            lastFound = found
            searchFrom = found + 1
            return found
        }
        exhausted = true
        return nil
    }
}
