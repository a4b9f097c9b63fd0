#if canImport(Glibc)
internal import Glibc
#endif
package import Foundation

/// The frames a parent and its worker exchange over pipes.
///
/// Request: `u32 header length`, header JSON (``WorkerRequest``), `u64 body length`,
/// the document's bytes. Response: `u32 length`, the verdict as JSON. Lengths are
/// big-endian. The parent hashes the bytes it sends, so the verdict's hash is the
/// hash of exactly the bytes judged.
package struct WorkerRequest: Codable, Sendable {
    package var fileName: String
    package var now: Date
    package var policy: String
}

package enum FrameIO {
    package struct Closed: Error {}

    package static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Closed) {
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

    package static func readExactly(_ fd: Int32, _ count: Int) throws(Closed) -> [UInt8] {
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

    /// The frames of the protocol: a big-endian length of `lengthBytes` bytes, then `payload`.
    /// (The document itself is sent as its 8-byte length and then its bytes, to spare a copy.)
    package static func frame(_ payload: some Collection<UInt8>, lengthBytes: Int = 4) -> [UInt8] {
        bigEndian(UInt64(payload.count), width: lengthBytes) + payload
    }

    /// Reads one frame written by ``frame(_:lengthBytes:)`` from a blocking descriptor.
    package static func readFrame(_ fd: Int32, lengthBytes: Int = 4) throws(Closed) -> [UInt8] {
        let length = integer(try readExactly(fd, lengthBytes))
        guard length <= UInt64(Int.max) else { throw Closed() }
        return try readExactly(fd, Int(length))
    }

    package static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    package static func integer(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
