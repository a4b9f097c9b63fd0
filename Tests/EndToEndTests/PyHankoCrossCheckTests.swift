import Foundation
import Testing

/// The independent validator agrees: `scripts/crosscheck-pyhanko.sh` runs pyHanko
/// (`testdata/validate_with_pyhanko.py`) and the built docverify over every Sesame, attack
/// and sample fixture and fails on any disagreement not marked as a known pyHanko gap.
@Suite("pyHanko cross-check")
struct PyHankoCrossCheckTests {
    static let python = Harness.path(".venv/bin/python")
    static let haveVenv = FileManager.default.isExecutableFile(atPath: python)

    @Test(
        "docverify and pyHanko agree on every signed, tampered and unsigned fixture",
        .enabled(if: haveVenv, "skipped: .venv with pyHanko is absent (run `make venv`; CI installs it)")
    )
    func agree() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Harness.path("scripts/crosscheck-pyhanko.sh")]
        process.currentDirectoryURL = Harness.root
        var environment = ProcessInfo.processInfo.environment
        environment["DOCVERIFY_BIN"] = Harness.binary
        environment["PYTHON"] = Self.python
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)\n\(stdout.suffix(2000))")
        let summary = stdout.split(separator: "\n").last { $0.contains(" files: ") }.map(String.init) ?? ""
        #expect(summary.contains("0 disagreements"), "\(summary)")
    }
}
