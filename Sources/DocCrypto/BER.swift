/// Finds where one BER element ends (X.690 §8.1), for a PDF signature's `/Contents`:
/// CMS allows BER, and signers that stream (OpenSSL's `-stream`, many HSM toolkits)
/// write the outer ContentInfo and SignedData with indefinite lengths, closed by
/// end-of-contents octets `00 00`. Only the signed attributes must be DER, and OpenSSL
/// re-encodes them as DER when it checks the signature.
///
/// The walk only descends into indefinite-length elements (a definite length already
/// says where the element ends; OpenSSL checks what is inside). It is one forward pass
/// with a counter of open indefinite elements, so its cost is linear in the bytes it
/// passes; nesting is capped at ``maxDepth`` and lengths at ``maxLength`` so hostile
/// input can neither overflow an `Int` nor exhaust anything.
enum BERWalk {
    /// Most indefinite-length elements open at once (a SignedData needs about six).
    static let maxDepth = 32
    /// Largest definite length accepted (a `/Contents` is a few hundred KiB at most).
    static let maxLength = 1 << 28

    /// One element's identifier and length octets.
    struct Header: Equatable {
        var tag: UInt8
        /// Bytes of the identifier and length octets.
        var headerLength: Int
        /// The contents length; `nil` for the indefinite form.
        var length: Int?

        var isConstructed: Bool { tag & 0x20 != 0 }
        var isEndOfContents: Bool { tag == 0x00 && length == 0 }
    }

    /// The header at `offset`. BER allows a long length form that is not the shortest;
    /// the indefinite form is allowed only on constructed elements.
    static func header(in bytes: ArraySlice<UInt8>, at offset: Int) throws(DERError) -> Header {
        guard offset >= bytes.startIndex, offset < bytes.endIndex else { throw DERError("unexpected end of data") }
        let tag = bytes[offset]
        guard tag & 0x1F != 0x1F else { throw DERError("multi-byte tags are not supported") }
        var position = offset + 1
        guard position < bytes.endIndex else { throw DERError("missing length") }
        let first = bytes[position]
        position += 1
        if first < 0x80 {
            return Header(tag: tag, headerLength: position - offset, length: Int(first))
        }
        let count = Int(first & 0x7F)
        if count == 0 {
            guard tag & 0x20 != 0 else { throw DERError("indefinite length on a primitive element") }
            return Header(tag: tag, headerLength: position - offset, length: nil)
        }
        guard count < 0x7F else { throw DERError("reserved length octet 0xFF") }
        guard bytes.endIndex - position >= count else { throw DERError("truncated length") }
        var length = 0
        for _ in 0..<count {
            // Leading zero octets are legal BER; a value past maxLength is refused before it can grow.
            length = (length << 8) | Int(bytes[position])
            position += 1
            guard length <= maxLength else { throw DERError("length larger than \(maxLength) bytes") }
        }
        return Header(tag: tag, headerLength: position - offset, length: length)
    }

    /// The offset just past the element that starts at `offset`.
    static func end(of bytes: ArraySlice<UInt8>, at offset: Int) throws(DERError) -> Int {
        var position = offset
        var open = 0
        repeat {
            let header = try header(in: bytes, at: position)
            if header.tag == 0x00 {
                // End-of-contents: 00 00, and only inside an indefinite-length element.
                guard header.length == 0 else { throw DERError("end-of-contents octets with a length") }
                guard open > 0 else { throw DERError("end-of-contents octets outside an indefinite-length element") }
                open -= 1
                position += header.headerLength
            } else if let length = header.length {
                guard bytes.endIndex - (position + header.headerLength) >= length else {
                    throw DERError("element of \(length) bytes runs past the end of the data")
                }
                position += header.headerLength + length
            } else {
                guard open < maxDepth else { throw DERError("indefinite lengths nested deeper than \(maxDepth)") }
                open += 1
                position += header.headerLength
            }
        } while open > 0
        return position
    }
}

extension BERWalk {
    /// The one BER object (a SEQUENCE) at the start of `bytes` and what follows it, for a
    /// PDF `/Contents` string: the writer reserves room and pads the rest with zeros.
    static func leadingSequence(in bytes: ArraySlice<UInt8>) throws(DERError) -> (object: ArraySlice<UInt8>, rest: ArraySlice<UInt8>) {
        let start = bytes.startIndex
        guard try header(in: bytes, at: start).tag == 0x30 else { throw DERError("it does not start with a SEQUENCE") }
        let end = try end(of: bytes, at: start)
        return (bytes[start..<end], bytes[end...])
    }
}
