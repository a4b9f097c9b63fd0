internal import CLibCrypto

/// A libcrypto call that failed, with everything OpenSSL's thread-local error queue
/// held at that moment.
///
/// Build one with ``drain(_:)`` in the same function as the failing call, before any
/// other libcrypto call can add to (or clear) the queue. Equality is by the failing
/// function and the queue's (library, reason) pairs, not by the human text.
public struct OpenSSLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One entry of the error queue.
    public struct Entry: Sendable, Equatable, CustomStringConvertible {
        /// OpenSSL's library number (`ERR_LIB_CMS`, `ERR_LIB_X509` …).
        public var library: Int32
        /// The library's reason code.
        public var reason: Int32
        /// OpenSSL's own description, e.g. `error:1C800064:Provider routines::bad decrypt`.
        public var text: String

        public var description: String { text }

        public static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.library == rhs.library && lhs.reason == rhs.reason
        }
    }

    /// The libcrypto function whose failure this records.
    public var function: String
    /// The queue, oldest first (OpenSSL pushes the root cause first).
    public var entries: [Entry]

    public init(function: String, entries: [Entry]) {
        self.function = function
        self.entries = entries
    }

    public var description: String {
        entries.isEmpty ? "\(function) failed" : "\(function) failed: " + entries.map(\.text).joined(separator: "; ")
    }

    /// Empties the calling thread's error queue into an error for `function`.
    static func drain(_ function: String) -> OpenSSLError {
        var entries: [Entry] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            var text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if flags & ERR_TXT_STRING != 0, let data, data.pointee != 0 {
                text += " (\(String(cString: data)))"
            }
            // Keep a runaway queue from growing an error without bound.
            if entries.count < 16 {
                entries.append(Entry(library: ERR_GET_LIB(code), reason: ERR_GET_REASON(code), text: text))
            }
        }
        return OpenSSLError(function: function, entries: entries)
    }

    /// Clears the calling thread's error queue where a failure is expected and handled
    /// (e.g. probing PEM before DER), so it cannot be blamed on a later call.
    static func discard() {
        ERR_clear_error()
    }
}
