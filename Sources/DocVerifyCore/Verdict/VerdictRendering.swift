public import Foundation

extension Verdict {
    /// One line of JSON (the JSON Lines form of `docverify verify --format json`).
    public func jsonLine() -> String {
        String(decoding: Verdict.encode(self, pretty: false), as: UTF8.self)
    }

    /// Pretty-printed JSON, as the daemon writes to the outbox.
    public func prettyJSON() -> [UInt8] {
        Verdict.encode(self, pretty: true) + [UInt8(ascii: "\n")]
    }

    private static func encode(_ verdict: Verdict, pretty: Bool) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Verdict.isoTimestamp(date))
        }
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail; a failure here is a bug worth stopping for.
        return [UInt8](try! encoder.encode(verdict))
    }

    /// Reads a verdict from JSON (unknown keys are ignored, as the contract asks).
    public static func decode(_ bytes: [UInt8]) throws -> Verdict {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Verdict.parseTimestamp(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad timestamp \(text)"))
            }
            return date
        }
        return try decoder.decode(Verdict.self, from: Data(bytes))
    }

    /// `2026-11-30T16:00:00Z`.
    public static func isoTimestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// Reads `2026-11-30T16:00:00Z`, `2026-11-30T16:00:00+08:00` or `2026-11-30`.
    public static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return date }
        return nil
    }

    /// The text form a clerk reads: first line verdict and summary, then facts, then
    /// each finding with its code and page. The file name and every string that can come
    /// from a document are passed through ``PrintableText/escape(_:)``: a name holding an
    /// escape sequence, a carriage return or a bidi override cannot make the terminal
    /// show another verdict.
    public func text() -> String {
        var label = verdict.rawValue.uppercased()
        if findings.contains(where: { $0.code == .testIssuer }) {
            label += " (TEST ISSUER: not valid for real applications)"
        }
        var lines = ["\(label)  \(PrintableText.escape(file)): \(PrintableText.escape(summary))"]
        lines.append("  kind \(kind.rawValue) · policy \(policy.name) · sha256 \(sha256.prefix(16))… · \(size) bytes")
        for detail in details ?? [] {
            lines.append("  \(PrintableText.escape(detail))")
        }
        for finding in findings {
            let page = finding.page.map { " p.\($0)" } ?? ""
            lines.append("  [\(finding.severity.rawValue)] \(finding.code)\(page): \(PrintableText.escape(finding.message))")
        }
        return lines.joined(separator: "\n")
    }
}

extension Verdict.Value {
    /// The exit status of `docverify verify` for a set of verdicts (`docs/verdict.md`, "Exit status").
    public static func exitStatus(for values: [Verdict.Value]) -> Int32 {
        if values.contains(.fail) { return 1 }
        if values.contains(.review) { return 2 }
        if values.contains(.error) { return 3 }
        return 0
    }
}
