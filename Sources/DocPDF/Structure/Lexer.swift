/// A decoded PDF string: literal `( … )` or hex `< … >`.
struct PDFStringValue: Equatable {
    var bytes: [UInt8]
    var isHex: Bool
}

/// One lexical token of PDF object syntax.
struct PDFToken {
    enum Kind {
        case integer(Int)
        case real(Double)
        case name(String)
        case string(PDFStringValue)
        case arrayOpen
        case arrayClose
        case dictionaryOpen
        case dictionaryClose
        /// A run of regular characters that is not a number: `true`, `null`, `R`, `obj`, `endobj`, `stream`…
        case keyword
        /// A string or hex string the bound cut off.
        case unterminated
        /// A byte that cannot start a token here (`)`, a lone `>`, `{`, `}`).
        case unexpected
    }

    var kind: Kind
    /// Bytes `[start, end)` of the token.
    var start: Int
    var end: Int
}

/// Splits bytes into PDF tokens (ISO 32000-1 §7.2–7.3), never reading at or past `end`.
///
/// Every token is consumed in one forward pass over its bytes: literal strings track
/// their parenthesis depth with a counter, so nothing here recurses.
struct PDFLexer {
    let bytes: [UInt8]
    /// Where the next token is looked for.
    var position: Int
    /// Exclusive bound: the lexer never reads here or beyond.
    let end: Int

    init(bytes: [UInt8], position: Int, end: Int? = nil) {
        self.bytes = bytes
        self.end = max(0, min(end ?? bytes.count, bytes.count))
        self.position = max(0, min(position, self.end))
    }

    /// Skips white space and comments before the next token.
    mutating func skipWhitespaceAndComments() {
        position = PDFBytes.skipWhitespaceAndComments(in: bytes, from: position, limit: end)
    }

    /// The next token, or `nil` at the bound.
    mutating func next() -> PDFToken? {
        skipWhitespaceAndComments()
        guard position < end else { return nil }
        let start = position
        let byte = bytes[start]
        switch byte {
        case UInt8(ascii: "["):
            position += 1
            return PDFToken(kind: .arrayOpen, start: start, end: position)
        case UInt8(ascii: "]"):
            position += 1
            return PDFToken(kind: .arrayClose, start: start, end: position)
        case UInt8(ascii: "<"):
            if start + 1 < end, bytes[start + 1] == UInt8(ascii: "<") {
                position += 2
                return PDFToken(kind: .dictionaryOpen, start: start, end: position)
            }
            return lexHexString(from: start)
        case UInt8(ascii: ">"):
            if start + 1 < end, bytes[start + 1] == UInt8(ascii: ">") {
                position += 2
                return PDFToken(kind: .dictionaryClose, start: start, end: position)
            }
            position += 1
            return PDFToken(kind: .unexpected, start: start, end: position)
        case UInt8(ascii: "("):
            return lexLiteralString(from: start)
        case UInt8(ascii: "/"):
            return lexName(from: start)
        case UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            position += 1
            return PDFToken(kind: .unexpected, start: start, end: position)
        default:
            var index = start
            while index < end, PDFBytes.isRegular(bytes[index]) { index += 1 }
            position = index
            return PDFToken(kind: Self.classifyRegular(bytes, start..<index), start: start, end: index)
        }
    }

    /// After an integer token, consumes `G R` when it follows (bounded look-ahead of
    /// digits and white space only) and returns the reference.
    mutating func readReference(objectNumber: Int) -> ObjectRef? {
        guard objectNumber >= 0 else { return nil }
        var index = position
        guard index < end, PDFBytes.isWhitespace(bytes[index]) else { return nil }
        index = PDFBytes.skipWhitespace(in: bytes, from: index, limit: end)
        guard let generation = PDFBytes.readUnsigned(in: bytes, at: index, maxDigits: 10), generation.end < end,
            PDFBytes.isWhitespace(bytes[generation.end])
        else { return nil }
        index = PDFBytes.skipWhitespace(in: bytes, from: generation.end, limit: end)
        guard index < end, bytes[index] == UInt8(ascii: "R") else { return nil }
        let after = index + 1
        if after < end, PDFBytes.isRegular(bytes[after]) { return nil }
        position = after
        return ObjectRef(number: objectNumber, generation: generation.value)
    }

    /// Whether the bytes of `token` spell `keyword`.
    func token(_ token: PDFToken, is keyword: [UInt8]) -> Bool {
        token.end - token.start == keyword.count && PDFBytes.matches(keyword, in: bytes, at: token.start)
    }

    // MARK: Token kinds

    private mutating func lexName(from start: Int) -> PDFToken {
        var index = start + 1
        var name = [UInt8]()
        while index < end, PDFBytes.isRegular(bytes[index]) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#"), index + 2 < end, PDFBytes.isRegular(bytes[index + 1]),
                let high = PDFBytes.hexValue(bytes[index + 1]), let low = PDFBytes.hexValue(bytes[index + 2])
            {
                name.append(high << 4 | low)
                index += 3
            } else {
                name.append(byte)
                index += 1
            }
        }
        position = index
        return PDFToken(kind: .name(String(decoding: name, as: UTF8.self)), start: start, end: index)
    }

    private mutating func lexHexString(from start: Int) -> PDFToken {
        var index = start + 1
        var decoded = [UInt8]()
        var high: UInt8?
        while index < end {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ">") {
                if let high { decoded.append(high << 4) }
                position = index
                return PDFToken(kind: .string(PDFStringValue(bytes: decoded, isHex: true)), start: start, end: index)
            }
            // White space is ignored; so, leniently, is any other non-hex byte.
            guard let nibble = PDFBytes.hexValue(byte) else { continue }
            if let pending = high {
                decoded.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        position = end
        return PDFToken(kind: .unterminated, start: start, end: end)
    }

    private mutating func lexLiteralString(from start: Int) -> PDFToken {
        var index = start + 1
        var depth = 1
        var decoded = [UInt8]()
        while index < end {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                decoded.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 {
                    position = index
                    return PDFToken(kind: .string(PDFStringValue(bytes: decoded, isHex: false)), start: start, end: index)
                }
                decoded.append(byte)
            case 0x0D:
                // An unescaped end-of-line of any kind reads as LF.
                if index < end, bytes[index] == 0x0A { index += 1 }
                decoded.append(0x0A)
            case UInt8(ascii: "\\"):
                guard index < end else { break }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case 0x30...0x37:
                    var value = Int(escaped - 0x30)
                    var digits = 1
                    while digits < 3, index < end, bytes[index] >= 0x30, bytes[index] <= 0x37 {
                        value = value * 8 + Int(bytes[index] - 0x30)
                        index += 1
                        digits += 1
                    }
                    decoded.append(UInt8(truncatingIfNeeded: value))
                case 0x0D:
                    // Line continuation: backslash, end-of-line.
                    if index < end, bytes[index] == 0x0A { index += 1 }
                case 0x0A:
                    break
                default:
                    // `\(`, `\)`, `\\` and, leniently, any other byte stand for themselves.
                    decoded.append(escaped)
                }
            default:
                decoded.append(byte)
            }
        }
        position = end
        return PDFToken(kind: .unterminated, start: start, end: end)
    }

    /// A number when the run is one (`+12`, `-3`, `4.`, `.5`), else a keyword.
    /// Integers of more than 18 digits become reals, so nothing overflows.
    static func classifyRegular(_ bytes: [UInt8], _ range: Range<Int>) -> PDFToken.Kind {
        var index = range.lowerBound
        guard index < range.upperBound else { return .keyword }
        var negative = false
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var integerPart = 0
        var integerDigits = 0
        var real = 0.0
        var sawPoint = false
        var fractionScale = 1.0
        var digits = 0
        while index < range.upperBound {
            let byte = bytes[index]
            if PDFBytes.isDigit(byte) {
                let digit = Int(byte - 0x30)
                digits += 1
                if sawPoint {
                    if fractionScale > 1e-30 {
                        fractionScale /= 10
                        real += Double(digit) * fractionScale
                    }
                } else {
                    integerDigits += 1
                    if integerDigits <= 18 { integerPart = integerPart * 10 + digit }
                    real = real * 10 + Double(digit)
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return .keyword
            }
            index += 1
        }
        guard digits > 0 else { return .keyword }
        if !sawPoint, integerDigits <= 18 { return .integer(negative ? -integerPart : integerPart) }
        return .real(negative ? -real : real)
    }
}
