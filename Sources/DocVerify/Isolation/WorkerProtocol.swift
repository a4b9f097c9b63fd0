#if canImport(Glibc)
internal import Glibc
#endif
internal import Foundation

/// The frames a parent and its worker exchange over pipes.
///
/// Request: `u32 header length`, header JSON (``WorkerRequest``), `u64 body length`,
/// the document's bytes. Response: `u32 length`, the verdict as JSON. Lengths are
/// big-endian. The parent hashes the bytes it sends, so the verdict's hash is the
/// hash of exactly the bytes judged.
struct WorkerRequest: Codable, Sendable {
    var fileName: String
    var now: Date
    var policy: String
}

enum FrameIO {
    struct Closed: Error {}

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Closed) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Closed()
            }
            offset += n
        }
    }

    static func readExactly(_ fd: Int32, _ count: Int) throws(Closed) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Closed()
            }
            if n == 0 { throw Closed() }
            offset += n
        }
        return bytes
    }

    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    static func integer(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
