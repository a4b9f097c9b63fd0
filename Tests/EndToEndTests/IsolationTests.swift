import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A crash or hang while parsing costs the worker, never the CLI: the document gets an
/// `error` verdict and the rest of the batch is judged by a fresh worker.
@Suite("Worker isolation")
struct IsolationTests {
    private func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("a worker that crashes gives PARSER_CRASHED; one that hangs gives TIMEOUT; the next file is still judged")
    func crashAndHang() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let crash = try write(Harness.minimalPDF(lines: ["x"], extraHeaderComment: "%DOCVERIFY-TEST-CRASH"), "crash.pdf", in: dir)
        let hang = try write(Harness.minimalPDF(lines: ["x"], extraHeaderComment: "%DOCVERIFY-TEST-HANG"), "hang.pdf", in: dir)
        let good = try write(Harness.minimalPDF(lines: ["Dear Sir,"]), "good.pdf", in: dir)
        let config = dir.appendingPathComponent("docverify.toml")
        try "[verify]\nworker_timeout = 2\nworkers = 1\n".write(to: config, atomically: true, encoding: .utf8)

        let result = try Harness.run(
            ["verify", "--format", "json", "--config", config.path, crash, hang, good],
            environment: ["DOCVERIFY_TEST_HOOKS": "1"], timeout: 60
        )
        #expect(result.exitedNormally)
        let verdicts = try result.verdicts()
        try #require(verdicts.count == 3)
        let codes = verdicts.map { ($0["findings"] as? [[String: Any]])?.first?["code"] as? String }
        #expect(verdicts[0]["verdict"] as? String == "error")
        #expect(codes[0] == "PARSER_CRASHED")
        #expect(verdicts[1]["verdict"] as? String == "error")
        #expect(codes[1] == "TIMEOUT")
        #expect(verdicts[2]["verdict"] as? String == "review")
        #expect(result.seconds < 30, "the hang must be cut at the time limit")
    }

    @Test("a worker that exhausts its memory limit gives PARSER_CRASHED, not a dead CLI")
    func memoryExhaustion() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let oom = try write(Harness.minimalPDF(lines: ["x"], extraHeaderComment: "%DOCVERIFY-TEST-OOM"), "oom.pdf", in: dir)
        let config = dir.appendingPathComponent("docverify.toml")
        try "[verify]\nworker_memory_mib = 512\nworker_timeout = 20\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try Harness.run(
            ["verify", "--format", "json", "--config", config.path, oom],
            environment: ["DOCVERIFY_TEST_HOOKS": "1"], timeout: 60
        )
        #expect(result.exitedNormally)
        let verdict = try #require(try result.verdicts().first)
        #expect(verdict["verdict"] as? String == "error")
        #expect(((verdict["findings"] as? [[String: Any]])?.first?["code"] as? String) == "PARSER_CRASHED")
    }

    @Test("every document gets its full CPU allowance, however much CPU the worker used on earlier ones")
    func cpuAllowanceRenewedPerDocument() throws {
        // Each document burns about 0.7 s of CPU against an allowance of 1 s; one worker
        // judges all six (4 s in all). The hard limit used to be reset per document, which
        // a process may not raise, so the second or third document died of SIGXCPU.
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try (0..<6).map { index in
            try write(Harness.minimalPDF(lines: ["Letter \(index)"], extraHeaderComment: "%DOCVERIFY-TEST-SPIN"), "spin-\(index).pdf", in: dir)
        }
        let config = dir.appendingPathComponent("docverify.toml")
        try "[verify]\nworker_cpu_seconds = 1\nworker_timeout = 30\nworkers = 1\n".write(to: config, atomically: true, encoding: .utf8)
        // As root the worker could raise its own hard limit and the bug would not show:
        // run as nobody where that user can reach the binary (setpriv, from util-linux).
        let arguments = ["verify", "--format", "json", "--config", config.path] + files
        var result = try Harness.run(arguments, environment: ["DOCVERIFY_TEST_HOOKS": "1"], timeout: 120)
        if getuid() == 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
            let nobody = ["--reuid", "65534", "--regid", "65534", "--clear-groups"]
            let asNobody = nobody + [Harness.binary]
            // The probe asks from a process without capabilities, as docverify is once running
            // (setpriv itself keeps root's until it execs), whether nobody can start the worker:
            // a clone in a private folder (mktemp -d) lets setpriv start docverify, but not
            // docverify its worker.
            let worker = URL(fileURLWithPath: Harness.binary).deletingLastPathComponent().appendingPathComponent("docverify-worker").path
            if let probe = try? Harness.run(executable: "/usr/bin/setpriv", nobody + ["/usr/bin/test", "-x", worker]), probe.status == 0 {
                result = try Harness.run(
                    executable: "/usr/bin/setpriv", asNobody + arguments, environment: ["DOCVERIFY_TEST_HOOKS": "1"], timeout: 120
                )
            } else {
                print("note: nobody cannot run \(Harness.binary); the CPU allowance is checked as root only")
            }
        }
        let verdicts = try result.verdicts()
        try #require(verdicts.count == files.count)
        for (index, verdict) in verdicts.enumerated() {
            #expect(verdict["verdict"] as? String == "review", "spin-\(index).pdf: \(verdict["findings"] ?? "")")
        }
    }

    @Test("a worker stopped (SIGSTOP) before it reads a large document is cut at the deadline; the next file is judged")
    func stoppedWorkerWhileSending() throws {
        // The document is larger than a pipe holds, so sending it blocks while the worker is
        // stopped: the deadline covered reading the answer only, and the job waited forever.
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = Harness.minimalPDF(lines: ["Padding"]) + [UInt8](repeating: 0x20, count: 2 << 20)
        let stopped = try write(big, "DOCVERIFY-TEST-STOP.pdf", in: dir)
        let good = try write(Harness.minimalPDF(lines: ["Dear Sir,"]), "good.pdf", in: dir)
        let config = dir.appendingPathComponent("docverify.toml")
        try "[verify]\nworker_timeout = 2\nworkers = 1\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try Harness.run(
            ["verify", "--format", "json", "--config", config.path, stopped, good], environment: ["DOCVERIFY_TEST_HOOKS": "1"], timeout: 60
        )
        let verdicts = try result.verdicts()
        try #require(verdicts.count == 2)
        #expect(((verdicts[0]["findings"] as? [[String: Any]])?.first?["code"] as? String) == "TIMEOUT")
        #expect(verdicts[1]["verdict"] as? String == "review")
        #expect(result.seconds < 30)
    }

    @Test("without DOCVERIFY_TEST_HOOKS the markers are inert")
    func hooksAreOffByDefault() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let crash = try write(Harness.minimalPDF(lines: ["Dear Sir,"], extraHeaderComment: "%DOCVERIFY-TEST-CRASH"), "crash.pdf", in: dir)
        let result = try Harness.run(["verify", "--format", "json", crash], environment: ["DOCVERIFY_TEST_HOOKS": "0"])
        let verdict = try #require(try result.verdicts().first)
        #expect(verdict["verdict"] as? String == "review")
    }
}
