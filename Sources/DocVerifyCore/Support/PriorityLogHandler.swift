public import Logging
#if canImport(Glibc)
internal import Glibc
#endif

/// A swift-log handler that writes one line per record to stderr with a `<N>` syslog
/// priority prefix, as journald reads it (`sd-daemon(3)`), and metadata as `key=value`.
///
/// Values are escaped so that a hostile file name (newline, escape sequences, invalid
/// UTF-8) can never forge or break a log line. Callers log documents by SHA-256 prefix
/// and never put document content or personal data into messages or metadata.
public struct PriorityLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra, uniquingKeysWith: { _, new in new }) }
        var line = "<\(Self.priority(event.level))>\(Self.escape(event.message.description))"
        for key in all.keys.sorted() {
            line += " \(key)=\(Self.escape(all[key]!.description))"
        }
        line += "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Control characters, backslashes, quotes and spaces are escaped; the result is one
    /// printable line. (Invalid UTF-8 has already become U+FFFD in a Swift String.)
    /// Beyond ``PrintableText/escape(_:)``: the short forms of newline, return and tab,
    /// escaped quotes, and quotes around a value that holds a space or is empty.
    public static func escape(_ text: String) -> String {
        var out = ""
        var needsQuotes = text.isEmpty
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case " ": out += " "; needsQuotes = true
            default: out += PrintableText.escape(String(scalar))
            }
        }
        return needsQuotes ? "\"\(out)\"" : out
    }
}
