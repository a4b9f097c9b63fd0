import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A fresh inbox/outbox/state under a unique folder, with the daemon's configuration file
/// and log. Spools are left in place for the suite's log audit, which removes them.
final class TestSpool: @unchecked Sendable {
    /// Every spool of this test process lives here; the audit scans it and removes it.
    static let runDirectory: String = {
        let path = NSTemporaryDirectory() + "dv-daemon-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    let root: String
    var inbox: String { root + "/spool/inbox" }
    var outbox: String { root + "/spool/outbox" }
    var state: String { root + "/spool/state" }
    var config: String { root + "/docverify.toml" }
    var log: String { root + "/daemon.log" }

    /// - Parameter configuration: TOML; small settle and rescan times keep tests fast.
    init(_ label: String, configuration: String = TestSpool.fastConfiguration) throws {
        root = Self.runDirectory + "/\(label)-\(UUID().uuidString.prefix(8))"
        for folder in [inbox, outbox] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try Self.withTrustStore(configuration).write(toFile: config, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: log, contents: nil)
    }

    /// The daemon refuses to start without trust anchors: a configuration that names no
    /// trust store gets the repository's test anchors.
    static func withTrustStore(_ configuration: String) -> String {
        guard !configuration.contains("keys =") else { return configuration }
        let keys = "keys = \"\(TestDocuments.keysDirectory)\"\nallow_test_keys = true\n"
        if let range = configuration.range(of: "[verify]\n") {
            return configuration.replacingCharacters(in: range, with: "[verify]\n" + keys)
        }
        return "[verify]\n" + keys + "\n" + configuration
    }

    static let fastConfiguration = """
        [verify]
        workers = 2
        worker_timeout = 20

        [daemon]
        settle = 0.2
        rescan_interval = 1
        stop_timeout = 5
        """

    // MARK: Writing into the inbox

    /// Drops a document the way a well-behaved writer does: into a dot-file, then renamed in.
    func drop(_ bytes: [UInt8], as name: String) throws {
        try drop(bytes, asRaw: Array(name.utf8))
    }

    func drop(_ bytes: [UInt8], asRaw name: [UInt8]) throws {
        let staged = Array(".staging-\(UUID().uuidString)".utf8)
        try write(bytes, to: inbox, name: staged)
        let rc = withCPath(inbox, staged) { from in withCPath(inbox, name) { to in rename(from, to) } }
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Writes a file in place (a scanner that cannot rename).
    func write(_ bytes: [UInt8], to directory: String, name: [UInt8]) throws {
        let fd = withCPath(directory, name) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += n
        }
    }

    // MARK: Reading the outbox and state

    /// Raw names in a folder (names need not be UTF-8).
    func names(in directory: String) -> [[UInt8]] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }

    /// The published JSON verdicts, keyed by outbox file name (lossy for display only).
    func verdicts() -> [String: [String: Any]] {
        var result: [String: [String: Any]] = [:]
        for name in names(in: outbox) where name.count > 13 && name.suffix(13).elementsEqual(".verdict.json".utf8) {
            let path = Array(outbox.utf8) + [0x2F] + name
            guard
                let data = FileManager.default.contents(atPath: String(decoding: path, as: UTF8.self))
                    ?? Self.read(path)
            else { continue }
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                result[String(decoding: name, as: UTF8.self)] = object
            }
        }
        return result
    }

    var verdictCount: Int { names(in: outbox).filter { $0.suffix(13).elementsEqual(".verdict.json".utf8) }.count }

    var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    func logLines(containing text: String) -> [String] {
        logText.split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }

    static func read(_ path: [UInt8]) -> Data? {
        let fd = (path + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY) } }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    /// Every line of this spool's log is one `<N>`-prefixed record, and the privacy marker
    /// planted in the test documents never appears.
    func expectCleanLog(sourceLocation: SourceLocation = #_sourceLocation) {
        let issues = LogAudit.problems(in: log)
        #expect(issues.isEmpty, "log problems: \(issues.prefix(5))", sourceLocation: sourceLocation)
    }
}

/// Calls `body` with `directory/name` as a C string, for names that are not UTF-8.
func withCPath<R>(_ directory: String, _ name: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
    let bytes = Array(directory.utf8) + [0x2F] + name + [0]
    return bytes.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
}

/// Runs blocking work (a child process, a paced writer) on its own thread, so it never
/// holds one of the few threads of Swift's cooperative pool that every test shares.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.start()
    }
}
