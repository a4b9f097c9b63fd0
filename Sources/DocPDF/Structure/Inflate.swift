internal import CDocVerifyShims
internal import CZlib

/// Inflates zlib (`/FlateDecode`) data with a cap on the output size.
///
/// The cap is checked while inflating, chunk by chunk, so a decompression bomb costs
/// at most `maxOutputBytes` (plus one chunk) of memory and the time to produce them.
public struct FlateInflater: Sendable {
    /// Most bytes ``inflate(_:)`` produces before throwing ``PDFStructureError/limitExceeded(_:)``.
    public var maxOutputBytes: Int

    /// An inflater that produces at most `maxOutputBytes`.
    public init(maxOutputBytes: Int = PDFStructureLimits.default.maxInflatedPerStream) {
        self.maxOutputBytes = maxOutputBytes
    }

    /// The inflated bytes of `input`.
    ///
    /// Throws ``PDFStructureError/limitExceeded(_:)`` when the output would exceed
    /// ``maxOutputBytes`` and ``PDFStructureError/invalidFlateData(_:)`` when zlib rejects
    /// the data or it ends before the end of the compressed stream.
    public func inflate(_ input: [UInt8]) throws(PDFStructureError) -> [UInt8] {
        var output = [UInt8]()
        let outcome = Self.run(input[...], maxOutputBytes: maxOutputBytes) { output.append(contentsOf: $0) }
        switch outcome {
        case .complete: return output
        case .limitReached: throw .limitExceeded("inflated data larger than \(maxOutputBytes) bytes")
        case .truncated: throw .invalidFlateData("the data ends before the end of the compressed stream")
        case .corrupt(let why): throw .invalidFlateData(why)
        }
    }

    /// How one run of zlib ended.
    enum Outcome: Equatable {
        case complete
        /// The input ended before the end of the compressed stream.
        case truncated
        /// zlib rejected the data.
        case corrupt(String)
        /// Output reached the cap (at least `maxOutputBytes + 1` bytes would be produced).
        case limitReached
    }

    /// Inflates `input`, handing each chunk of output to `sink` (the chunk's memory is
    /// only valid during the call). Never hands over more than `maxOutputBytes` in total.
    static func run(
        _ input: ArraySlice<UInt8>, maxOutputBytes: Int, sink: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Outcome {
        guard maxOutputBytes >= 0 else { return .limitReached }
        guard let stream = InflateStream() else { return .corrupt("zlib could not be initialised") }
        let chunkSize = 64 << 10
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var produced = 0
        return input.withUnsafeBufferPointer { inputBuffer -> Outcome in
            guard let inputBase = inputBuffer.baseAddress, !inputBuffer.isEmpty else { return .truncated }
            var consumed = 0
            // zlib counts in 32-bit integers: feed large inputs in slices.
            let sliceLimit = 1 << 30
            return chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Outcome in
                guard let chunkBase = chunkBuffer.baseAddress else { return .corrupt("no output buffer") }
                while true {
                    if stream.pointer.pointee.avail_in == 0, consumed < inputBuffer.count {
                        let slice = min(sliceLimit, inputBuffer.count - consumed)
                        stream.pointer.pointee.next_in = UnsafeMutablePointer(mutating: inputBase + consumed)
                        stream.pointer.pointee.avail_in = uInt(slice)
                        consumed += slice
                    }
                    // Never ask for more than one byte past the cap.
                    let remaining = maxOutputBytes - produced
                    let room = remaining >= chunkSize ? chunkSize : remaining + 1
                    stream.pointer.pointee.next_out = chunkBase
                    stream.pointer.pointee.avail_out = uInt(room)
                    let status = CZlib.inflate(stream.pointer, Z_NO_FLUSH)
                    let written = room - Int(stream.pointer.pointee.avail_out)
                    if written > 0 {
                        let allowed = min(written, maxOutputBytes - produced)
                        if allowed > 0 { sink(UnsafeBufferPointer(start: chunkBase, count: allowed)) }
                        produced += written
                        if produced > maxOutputBytes { return .limitReached }
                    }
                    switch status {
                    case Z_STREAM_END:
                        return .complete
                    case Z_OK:
                        continue
                    case Z_BUF_ERROR:
                        // No progress possible: input exhausted (output room was non-zero).
                        if stream.pointer.pointee.avail_in == 0, consumed >= inputBuffer.count { return .truncated }
                        if written == 0 { return .corrupt("zlib made no progress") }
                    case Z_NEED_DICT:
                        return .corrupt("the data needs a preset dictionary")
                    case Z_MEM_ERROR:
                        return .corrupt("zlib is out of memory")
                    default:
                        let message = stream.pointer.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                        return .corrupt(message)
                    }
                }
            }
        }
    }
}

/// Owns one zlib inflate state. The `z_stream` lives at a fixed address (zlib keeps a
/// pointer back to it) and is released with `inflateEnd` exactly once, in `deinit`.
private final class InflateStream {
    let pointer: UnsafeMutablePointer<z_stream>

    init?() {
        pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        pointer.initialize(to: z_stream())
        guard CDocVerifyShims_inflateInit(pointer) == Z_OK else {
            pointer.deinitialize(count: 1)
            pointer.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(pointer)
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}
