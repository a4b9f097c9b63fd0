public import Foundation

/// The content of an RFC 3161 timestamp token (§2.4.2): what the time-stamping authority
/// (TSA) signed.
///
/// ```
/// TSTInfo ::= SEQUENCE {
///   version INTEGER { v1(1) }, policy TSAPolicyId,
///   messageImprint MessageImprint,      -- SEQUENCE { hashAlgorithm, hashedMessage OCTET STRING }
///   serialNumber INTEGER, genTime GeneralizedTime,
///   accuracy Accuracy OPTIONAL, ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL,
///   tsa [0] GeneralName OPTIONAL, extensions [1] IMPLICIT Extensions OPTIONAL }
/// ```
public struct TSTInfo: Sendable, Equatable {
    /// RFC 3161 §2.4.2 `Accuracy`: how far `genTime` may be from the true time.
    public struct Accuracy: Sendable, Equatable {
        public var seconds = 0
        public var millis = 0
        public var micros = 0

        public var interval: TimeInterval { Double(seconds) + Double(millis) / 1_000 + Double(micros) / 1_000_000 }
    }

    public var version: Int
    /// The TSA's policy OID, dotted.
    public var policy: String
    /// The imprint's hash algorithm OID, dotted.
    public var hashAlgorithmOID: String
    /// The digest of the stamped data (for a PDF: the signature value, or the ByteRange bytes).
    public var hashedMessage: [UInt8]
    /// The token's serial number, lower-case hex.
    public var serialNumber: String
    /// When the TSA stamped the data (UTC; fractions of a second dropped).
    public var genTime: Date
    public var accuracy: Accuracy?
    public var ordering: Bool
    /// The requester's nonce, lower-case hex, when present.
    public var nonce: String?
    /// Whether the token names its TSA (`tsa [0] GeneralName`).
    public var namesTSA: Bool

    /// The imprint's hash algorithm, when docverify knows it.
    public var hashAlgorithm: Digest.Algorithm? { Digest.Algorithm(oid: hashAlgorithmOID) }

    /// Parses a DER TSTInfo; anything else (BER, missing fields, version other than 1, a
    /// time not in `YYYYMMDDHHMMSS[.f]Z` form, bytes after it) is refused.
    static func parse(_ der: ArraySlice<UInt8>) throws(DERError) -> TSTInfo {
        var reader = DERReader(der)
        let top = try reader.read()
        guard reader.isAtEnd else { throw DERError("bytes follow the TSTInfo") }
        guard top.tag == 0x30 else { throw DERError("the TSTInfo is not a SEQUENCE") }
        var fields = try top.children()[...]
        func take(_ tag: UInt8, _ name: String) throws(DERError) -> DERReader.Element {
            guard let field = fields.first, field.tag == tag else { throw DERError("the TSTInfo has no \(name)") }
            fields = fields.dropFirst()
            return field
        }
        func takeIf(_ tag: UInt8) -> DERReader.Element? {
            guard let field = fields.first, field.tag == tag else { return nil }
            fields = fields.dropFirst()
            return field
        }

        let version = try smallInteger(take(0x02, "version").contents, "version")
        guard version == 1 else { throw DERError("the TSTInfo has version \(version), not 1") }
        let policy = try take(0x06, "policy").objectIdentifier()
        let imprint = try take(0x30, "messageImprint").children()
        guard imprint.count == 2, imprint[0].tag == 0x30, imprint[1].tag == 0x04,
            let algorithm = try imprint[0].children().first
        else { throw DERError("the messageImprint is not { AlgorithmIdentifier, OCTET STRING }") }
        let hashAlgorithmOID = try algorithm.objectIdentifier()
        let serial = try take(0x02, "serialNumber")
        let genTime = try generalizedTime(take(0x18, "genTime").contents)

        var accuracy: Accuracy?
        if let field = takeIf(0x30) {
            var value = Accuracy()
            for part in try field.children() {
                switch part.tag {
                case 0x02: value.seconds = try smallInteger(part.contents, "accuracy seconds")
                case 0x80: value.millis = try smallInteger(part.contents, "accuracy millis")
                case 0x81: value.micros = try smallInteger(part.contents, "accuracy micros")
                default: throw DERError("the accuracy has an unknown field")
                }
            }
            accuracy = value
        }
        var ordering = false
        if let field = takeIf(0x01) {
            guard field.contents.count == 1 else { throw DERError("the ordering is not a BOOLEAN") }
            ordering = field.contents.first != 0
        }
        let nonce = takeIf(0x02).map { unsignedHex($0.contents) }
        let namesTSA = takeIf(0xA0) != nil
        _ = takeIf(0xA1)  // extensions: none is defined that changes what the token proves
        guard fields.isEmpty else { throw DERError("the TSTInfo has an unexpected field (tag \(fields.first?.tag ?? 0))") }
        return TSTInfo(
            version: version, policy: policy, hashAlgorithmOID: hashAlgorithmOID, hashedMessage: Array(imprint[1].contents),
            serialNumber: unsignedHex(serial.contents), genTime: genTime, accuracy: accuracy, ordering: ordering,
            nonce: nonce, namesTSA: namesTSA
        )
    }

    /// A non-negative INTEGER that fits an `Int` (version, accuracy).
    static func smallInteger(_ contents: ArraySlice<UInt8>, _ name: String) throws(DERError) -> Int {
        guard !contents.isEmpty, contents.count <= 4, contents.first! & 0x80 == 0 else {
            throw DERError("the \(name) is not a small non-negative INTEGER")
        }
        return contents.reduce(0) { $0 << 8 | Int($1) }
    }

    /// An INTEGER's value in hex, without the leading zero octet DER adds to keep it positive.
    static func unsignedHex(_ contents: ArraySlice<UInt8>) -> String {
        let trimmed = contents.drop { $0 == 0 }
        return trimmed.isEmpty ? "00" : trimmed.hexString
    }

    /// RFC 3161 §2.4.2: `YYYYMMDDhhmmss[.s...]Z`, UTC, no zone offset, no trailing zeros
    /// required of us (we accept any fraction and drop it).
    static func generalizedTime(_ contents: ArraySlice<UInt8>) throws(DERError) -> Date {
        let text = Array(contents)
        func number(_ range: Range<Int>) throws(DERError) -> Int {
            var value = 0
            for index in range {
                guard index < text.count, (0x30...0x39).contains(text[index]) else {
                    throw DERError("the genTime is not YYYYMMDDhhmmss[.f]Z")
                }
                value = value * 10 + Int(text[index] - 0x30)
            }
            return value
        }
        let year = try number(0..<4), month = try number(4..<6), day = try number(6..<8)
        let hour = try number(8..<10), minute = try number(10..<12), second = try number(12..<14)
        var position = 14
        if position < text.count, text[position] == UInt8(ascii: ".") {
            position += 1
            let digits = position
            while position < text.count, (0x30...0x39).contains(text[position]) { position += 1 }
            guard position > digits else { throw DERError("the genTime has an empty fraction") }
        }
        guard position == text.count - 1, text[position] == UInt8(ascii: "Z") else {
            throw DERError("the genTime is not in UTC (…Z)")
        }
        let daysInMonth = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...daysInMonth[month - 1]).contains(day), hour < 24, minute < 60, second < 60 else {
            throw DERError("the genTime is not a valid date and time")
        }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
