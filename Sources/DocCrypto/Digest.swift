internal import CLibCrypto
internal import CDocVerifyShims

/// Digests and keyed hashes over OpenSSL's libcrypto.
public enum Digest {
    /// The digest algorithms docverify computes.
    public enum Algorithm: String, Sendable, CaseIterable {
        case sha1 = "SHA1"
        case sha224 = "SHA224"
        case sha256 = "SHA256"
        case sha384 = "SHA384"
        case sha512 = "SHA512"
        case md5 = "MD5"
        case sm3 = "SM3"
    }

    /// The digest of `bytes`; `nil` only if OpenSSL lacks the algorithm.
    public static func hash(_ algorithm: Algorithm, _ bytes: [UInt8]) -> [UInt8]? {
        hash(algorithm, chunks: [bytes[...]])
    }

    /// The digest of the concatenation of `chunks` (e.g. a signature's byte ranges), without copying them.
    public static func hash(_ algorithm: Algorithm, chunks: [ArraySlice<UInt8>]) -> [UInt8]? {
        guard let md = EVP_get_digestbyname(algorithm.rawValue), let context = EVP_MD_CTX_new() else {
            ERR_clear_error()
            return nil
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, md, nil) == 1 else {
            ERR_clear_error()
            return nil
        }
        for chunk in chunks {
            let ok = chunk.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
            guard ok == 1 else {
                ERR_clear_error()
                return nil
            }
        }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &out, &length) == 1 else {
            ERR_clear_error()
            return nil
        }
        return Array(out.prefix(Int(length)))
    }

    /// SHA-256 as 64 lower-case hex digits.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        (hash(.sha256, bytes) ?? []).hexString
    }

    /// HMAC-SHA-256 of `message` under `key`: for values compared across documents
    /// (an ID number's plain hash is brute-forced in seconds; its keyed hash is not).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBuffer in
            message.withUnsafeBytes { messageBuffer in
                HMAC(
                    EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                    messageBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBuffer.count,
                    &out, &length
                )
            }
        }
        precondition(result != nil, "HMAC-SHA-256 cannot fail with valid arguments")
        return Array(out.prefix(Int(length)))
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex digits.
    public var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
