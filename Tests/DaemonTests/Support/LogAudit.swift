import Foundation
import Testing

/// Every test in this target runs the real daemon, whose stderr lands in its spool's
/// `daemon.log`. After the whole suite, this trait reads ALL of those logs and checks the
/// two promises of `docs/daemon.md`, "Logs and privacy": one `<N>`-prefixed record per line, and no
/// document content or personal data (the marker planted in every test document's text,
/// Info dictionary and the fixtures' name fields never appears). Then it removes the spools.
struct DaemonLogAudit: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await function()
        let logs = LogAudit.allLogs()
        var problems: [String] = []
        for log in logs { problems += LogAudit.problems(in: log) }
        #expect(!logs.isEmpty || ProcessInfo.processInfo.environment["DOCVERIFY_AUDIT_ALLOW_EMPTY"] != nil, "no daemon logs were captured")
        #expect(problems.isEmpty, "daemon log problems (\(problems.count)): \(problems.prefix(10))")
        if problems.isEmpty && ProcessInfo.processInfo.environment["DOCVERIFY_KEEP_SPOOLS"] == nil {
            try? FileManager.default.removeItem(atPath: TestSpool.runDirectory)
        }
    }
}

extension Trait where Self == DaemonLogAudit {
    /// Audits all daemon log output of the suite once it has run.
    static var auditedDaemonLogs: Self { Self() }
}

enum LogAudit {
    static func allLogs() -> [String] {
        let root = TestSpool.runDirectory
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return entries.map { "\(root)/\($0)/daemon.log" }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// What is wrong with one log file: lines without a `<0-7>` prefix, control characters
    /// (an escape sequence or carriage return that could forge or hide a record), the marker.
    static func problems(in path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return ["\(path): unreadable"] }
        var problems: [String] = []
        let marker = Array(TestDocuments.privacyMarker.utf8)
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty { continue }
            let text = String(decoding: line, as: UTF8.self)
            let prefix = Array(line.prefix(3))
            if prefix.count < 3 || prefix[0] != UInt8(ascii: "<") || !(UInt8(ascii: "0")...UInt8(ascii: "7")).contains(prefix[1])
                || prefix[2] != UInt8(ascii: ">")
            {
                problems.append("\(path):\(number + 1): no <N> prefix: \(text.prefix(120))")
            }
            if line.contains(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) {
                problems.append("\(path):\(number + 1): control character in a log line")
            }
            if line.count >= marker.count
                && (0...(line.count - marker.count)).contains(where: { start in
                    line.dropFirst(start).prefix(marker.count).elementsEqual(marker)
                })
            {
                problems.append("\(path):\(number + 1): privacy marker in the log")
            }
        }
        return problems
    }
}

/// The daemon tests: each runs the built `docverify watch` on its own spool.
@Suite("docverify watch (real daemon process)", .auditedDaemonLogs)
struct DaemonTests {}
