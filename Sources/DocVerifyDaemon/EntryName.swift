#if canImport(Glibc)
internal import Glibc
#endif

/// A directory entry's name exactly as the kernel gave it: bytes, not a `String`.
///
/// Clerks' scanners and hostile senders can produce names that are not valid UTF-8, hold
/// newlines or escape sequences, start with `-` or use all 255 bytes. The daemon keeps the
/// raw bytes for every system call (so the file it renames is the file it saw) and derives
/// a printable form only for verdicts and logs.
struct EntryName: Hashable, Sendable, Comparable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }
    init(_ text: String) { self.bytes = Array(text.utf8) }

    static func < (lhs: EntryName, rhs: EntryName) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// Suffixes writers use while a file is incomplete (`docs/daemon.md`, "Folders").
    private static let stagingSuffixes: [[UInt8]] = [".part", ".tmp", ".crdownload", "~"].map { Array($0.utf8) }

    /// Dot-files and staging names are never touched: not claimed, not opened, not moved.
    var isIgnored: Bool {
        guard let first = bytes.first else { return true }
        if first == UInt8(ascii: ".") { return true }
        return Self.stagingSuffixes.contains { suffix in
            bytes.count >= suffix.count && bytes.suffix(suffix.count).elementsEqual(suffix)
        }
    }

    /// The name as text: itself when it is valid UTF-8, otherwise with every byte that is not
    /// part of a valid sequence written `\xNN` (and `\` doubled so the form is unambiguous).
    /// Control characters stay as they are here; JSON and the log handler escape them.
    var display: String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var index = 0
        while index < bytes.count {
            let length = Self.validSequenceLength(bytes, at: index)
            if length > 0 {
                let piece = String(decoding: bytes[index..<index + length], as: UTF8.self)
                out += piece == "\\" ? "\\\\" : piece
                index += length
            } else {
                out += "\\x" + Self.hex(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// True when the name can appear in an outbox file name as it is: valid UTF-8 without
    /// control characters (C0, DEL, C1).
    var isPrintableUTF8: Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return !text.unicodeScalars.contains { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
        }
    }

    /// Calls `body` with the name as a NUL-terminated C string.
    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// Length of the valid UTF-8 sequence starting at `index`, or 0.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        return String(validating: bytes[index..<index + length], as: UTF8.self) == nil ? 0 : length
    }
}
