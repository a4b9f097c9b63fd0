/// A minimal, bounds-checked DER reader for the few places docverify must look inside
/// ASN.1 itself: the length of a PDF signature's CMS blob (to separate it from its zero
/// padding), the content type of a GM/T 0010 container OpenSSL does not know, and
/// the parameters of RSASSA-PSS and `CMSAlgorithmProtection`.
///
/// It reads definite lengths only (DER forbids the indefinite form) and never trusts a
/// length beyond the bytes it has.
struct DERReader {
    /// One tag-length-value.
    struct Element {
        /// The identifier octet (tags above 30 are not needed here and are rejected).
        var tag: UInt8
        /// The bytes of the whole element, header included.
        var encoded: ArraySlice<UInt8>
        /// The contents octets.
        var contents: ArraySlice<UInt8>

        var isConstructed: Bool { tag & 0x20 != 0 }

        /// The children of a constructed element.
        func children() throws(DERError) -> [Element] {
            guard isConstructed else { throw DERError("expected a constructed element") }
            var reader = DERReader(contents)
            var out: [Element] = []
            while !reader.isAtEnd { out.append(try reader.read()) }
            return out
        }

        /// The dotted form of an OBJECT IDENTIFIER element.
        func objectIdentifier() throws(DERError) -> String {
            guard tag == 0x06, !contents.isEmpty else { throw DERError("expected an OBJECT IDENTIFIER") }
            var arcs: [UInt64] = []
            var value: UInt64 = 0
            for byte in contents {
                guard value < (1 << 56) else { throw DERError("OBJECT IDENTIFIER arc too large") }
                value = (value << 7) | UInt64(byte & 0x7F)
                if byte & 0x80 == 0 {
                    arcs.append(value)
                    value = 0
                }
            }
            guard contents.last.map({ $0 & 0x80 == 0 }) == true, let first = arcs.first else {
                throw DERError("truncated OBJECT IDENTIFIER")
            }
            let head: [UInt64] = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80]
            return (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
        }
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    var isAtEnd: Bool { position >= bytes.endIndex }

    /// Reads the next element.
    mutating func read() throws(DERError) -> Element {
        let start = position
        guard position < bytes.endIndex else { throw DERError("unexpected end of data") }
        let tag = bytes[position]
        guard tag & 0x1F != 0x1F else { throw DERError("multi-byte tags are not supported") }
        position += 1
        guard position < bytes.endIndex else { throw DERError("missing length") }
        let first = bytes[position]
        position += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count > 0 else { throw DERError("indefinite length is not DER") }
            guard count <= 4 else { throw DERError("length of \(count) octets is too large") }
            guard bytes.endIndex - position >= count else { throw DERError("truncated length") }
            for _ in 0..<count {
                length = (length << 8) | Int(bytes[position])
                position += 1
            }
            guard length >= 0x80, count == 1 || bytes[position - count] != 0 else {
                throw DERError("length not in its shortest form")
            }
        }
        guard bytes.endIndex - position >= length else {
            throw DERError("element of \(length) bytes runs past the end of the data")
        }
        let contents = bytes[position..<(position + length)]
        position += length
        return Element(tag: tag, encoded: bytes[start..<position], contents: contents)
    }
}

/// Why a DER structure could not be read.
struct DERError: Error, Equatable, CustomStringConvertible {
    var reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }
}
