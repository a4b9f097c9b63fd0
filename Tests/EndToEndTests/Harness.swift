import Foundation
import PDFTestSupport
import Testing

/// Runs the built `docverify` binary as a clerk or a script would, and finds the
/// repository's fixtures from this file's path.
enum Harness {
    /// The repository root (three levels above this file).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The `docverify` executable built next to the test bundle (or `DOCVERIFY_BIN`).
    static let binary: String = {
        if let override = ProcessInfo.processInfo.environment["DOCVERIFY_BIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test bundle may sit inside a .xctest directory on some toolchains.
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("docverify").path
    }()

    struct Result {
        var status: Int32
        /// True when the process exited (rather than being killed by a signal).
        var exitedNormally: Bool
        var stdout: String
        var stderr: String
        var seconds: Double

        /// The JSON Lines on stdout, decoded.
        func verdicts() throws -> [[String: Any]] {
            try stdout.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                return try #require(object as? [String: Any])
            }
        }
    }

    /// Runs `docverify` with `arguments`, waiting at most `timeout` seconds.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 300) throws -> Result {
        try run(executable: binary, arguments, environment: environment, timeout: timeout)
    }

    /// Runs `executable` (docverify under a wrapper such as setpriv) the same way.
    static func run(executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 300) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env.merge(environment, uniquingKeysWith: { _, new in new })
        process.environment = env
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("dv-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let outURL = tmp.appendingPathComponent("out")
        let errURL = tmp.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("docverify \(arguments.prefix(3)) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            exitedNormally: process.terminationReason == .exit,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
            seconds: Date().timeIntervalSince(start)
        )
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dv-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// One fixture manifest entry (`testdata/*/manifest.json`).
    struct Expectation: Decodable, CustomTestStringConvertible, Sendable {
        var file: String
        var expect: String
        var codes: [String]
        /// Codes that must not be reported (optional).
        var absent: [String]?
        var why: String?
        var testDescription: String { file }
    }

    static func manifest(_ set: String) -> [Expectation] {
        let url = root.appendingPathComponent("testdata/\(set)/manifest.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Expectation].self, from: data)) ?? []
    }

    /// A trust store whose one anchor (the TEST SM2 root) issued none of the documents it is
    /// used with: "an issuer this consulate does not trust". With no anchor at all a signed
    /// document would be `TRUST_STORE_EMPTY` (an installation fault), which is not what the
    /// statement and real-world manifests describe.
    static let otherIssuerStore: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dv-other-issuer-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["test-sm2-root.pem", "test-sm2-root.pem.toml"] where !FileManager.default.fileExists(atPath: folder + "/" + name) {
            try? FileManager.default.copyItem(atPath: path("keys/" + name), toPath: folder + "/" + name)
        }
        return folder
    }()

    /// `verify` flags for a store of ``otherIssuerStore``.
    static let otherIssuerFlags = ["--allow-test-keys", "--keys", otherIssuerStore]

    /// The flags every fixture test uses: the manifests assume this evaluation time.
    static let fixtureFlags = ["--format", "json", "--now", "2026-11-25T12:00:00Z", "--allow-test-keys", "--keys", path("keys")]

    /// A minimal valid one-page PDF whose page shows `lines` (Helvetica), with a correct xref.
    static func minimalPDF(lines: [String], extraHeaderComment: String? = nil) -> [UInt8] {
        MinimalPDF.build(lines: lines, headerComment: extraHeaderComment)
    }

    /// One run of `docverify verify --format json` over a fixture set, shared by a suite's
    /// tests: the process result and each file's JSON line by file name.
    struct VerdictRun: Sendable {
        var status: Int32
        var exitedNormally: Bool
        var stderr: String
        var lines: [String: String]

        func verdict(_ file: String) -> [String: Any]? {
            guard let line = lines[file] else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Runs `verify` over the files of `set` (a folder under `testdata/`) at the fixtures'
    /// evaluation time; `nil` when there is nothing to run or the binary could not run.
    static func verdicts(of set: String, files: [String]) -> VerdictRun? {
        let paths = files.map { path("testdata/\(set)/\($0)") }
        guard !paths.isEmpty, let result = try? run(["verify", "--format", "json", "--now", "2026-11-25T12:00:00Z"] + otherIssuerFlags + paths)
        else { return nil }
        var lines: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            if let file = object?["file"] as? String { lines[URL(fileURLWithPath: file).lastPathComponent] = String(line) }
        }
        return VerdictRun(status: result.status, exitedNormally: result.exitedNormally, stderr: result.stderr, lines: lines)
    }

    /// The rows of a tab-separated manifest under `testdata/` as column → value, header first;
    /// rows whose width differs from the header's are left out.
    static func tsvRows(_ relative: String) -> [[String: String]] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("testdata/\(relative)"), encoding: .utf8) else {
            return []
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// Runs `verify --format json` over `paths` at the fixtures' evaluation time: each file's
    /// JSON line by file name without extension (a real-world manifest id); `nil` when it did not run.
    static func verdictLinesByID(_ paths: [String], timeout: Double) -> [String: String]? {
        guard let result = try? run(["verify", "--format", "json", "--now", "2026-11-25T12:00:00Z"] + otherIssuerFlags + paths, timeout: timeout)
        else { return nil }
        var byID: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                let file = object["file"] as? String
            else { continue }
            byID[URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent] = String(line)
        }
        return byID
    }
}
