import Foundation
import Testing

/// `docverify verify` as an officer runs it: arguments, exit status, output forms.
@Suite("CLI through the built binary")
struct CLITests {
    @Test("--version prints the engine version and exits 0")
    func version() throws {
        let result = try Harness.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test("with no usable trust anchor, a signed report is an error (TRUST_STORE_EMPTY), never 'untrusted'; an unsigned document is judged as usual")
    func emptyTrustStore() throws {
        // An empty store, and a store of test anchors without --allow-test-keys (they do not
        // count), would otherwise make every genuine report fail as SIG_UNTRUSTED.
        let empty = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let report = Harness.path("testdata/sesame/genuine-en-rsa2048-pkcs7.pdf")
        let unsigned = Harness.path("testdata/samples/invitation-letter.pdf")
        for keys in [[empty.path], [Harness.path("keys")]] {
            let result = try Harness.run(["verify", "--format", "json", "--now", "2026-11-25T12:00:00Z", "--keys"] + keys + [report, unsigned])
            let verdicts = try result.verdicts()
            try #require(verdicts.count == 2)
            #expect(verdicts[0]["verdict"] as? String == "error", "\(keys): \(verdicts[0]["verdict"] ?? "?")")
            let codes = (verdicts[0]["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["TRUST_STORE_EMPTY"])
            #expect(verdicts[1]["verdict"] as? String == "review", "an unsigned document does not need the trust store")
            #expect(result.status == 2)
        }
        // The same report with its anchor allowed passes: the error is about the store only.
        let trusted = try Harness.run([
            "verify", "--format", "json", "--now", "2026-11-25T12:00:00Z", "--keys", Harness.path("keys"), "--allow-test-keys", report,
        ])
        #expect(try trusted.verdicts().first?["verdict"] as? String == "pass")
    }

    @Test("the same documents judged by two processes give the same verdicts, evidence order included (no hash-seed order leaks out)")
    func deterministicAcrossProcesses() throws {
        // Swift seeds its hashing per process, so a dictionary or set walked into a verdict's
        // evidence comes out in another order in the next run: UpdateReview once did this with
        // the reasons of REVISED_CONTENT. Incremental updates and signature forms exercise it.
        let folders = ["testdata/layouts", "testdata/sigforms", "testdata/ltv", "testdata/latersig"]
        var files: [String] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: Harness.path(folder))) ?? []
            files += names.filter { $0.hasSuffix(".pdf") && ($0.contains("incremental") || folder != "testdata/layouts") }.sorted().map {
                Harness.path(folder + "/" + $0)
            }
        }
        try #require(files.count >= 20, "the fixture folders are missing")
        func run() throws -> [String] {
            let result = try Harness.run(["verify"] + Harness.fixtureFlags + files, timeout: 600)
            return try result.verdicts().map { verdict in
                var verdict = verdict
                verdict["checkedAt"] = nil
                return String(decoding: try JSONSerialization.data(withJSONObject: verdict, options: [.sortedKeys]), as: UTF8.self)
            }
        }
        let first = try run()
        let second = try run()
        #expect(first.count == files.count)
        for (index, (a, b)) in zip(first, second).enumerated() where a != b {
            Issue.record("\(files[index]) differs between two runs")
        }
    }

    @Test("--help shows an example for every subcommand")
    func help() throws {
        let top = try Harness.run(["--help"])
        #expect(top.status == 0)
        for sub in ["verify", "watch", "codes"] {
            #expect(top.stdout.contains("docverify \(sub)"), "no example for \(sub) in --help")
            let own = try Harness.run([sub, "--help"])
            #expect(own.status == 0)
            #expect(own.stdout.contains("Example"), "\(sub) --help has no example")
        }
        #expect(!top.stdout.contains("__worker"), "the internal worker subcommand must stay hidden")
    }

    @Test("the CLI and daemon binary does not load the PDF library; only its worker does")
    func pdfLibraryOnlyInWorker() throws {
        // A hostile document can only crash the process that parses it: the long-running
        // daemon must not even have poppler mapped (ldd lists every library a binary loads).
        func libraries(_ binary: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
            process.arguments = [binary]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: output, as: UTF8.self)
        }
        let worker = URL(fileURLWithPath: Harness.binary).deletingLastPathComponent()
            .appendingPathComponent("docverify-worker").path
        #expect(FileManager.default.isExecutableFile(atPath: worker), "docverify-worker is not built next to docverify")
        let cli = try libraries(Harness.binary)
        #expect(cli.contains("libcrypto"), "ldd gave no library list: \(cli)")
        #expect(!cli.contains("poppler"), "docverify links poppler")
        #expect(try libraries(worker).contains("libpoppler-glib"), "docverify-worker does not link poppler-glib")
    }

    @Test("usage errors exit 64 and name the flag")
    func usageErrors() throws {
        let noFile = try Harness.run(["verify"])
        #expect(noFile.status == 64)
        #expect(noFile.stderr.contains("FILE"))

        let badFlag = try Harness.run(["verify", "--frobnicate", "x.pdf"])
        #expect(badFlag.status == 64)
        #expect(badFlag.stderr.contains("--frobnicate"))

        let badFormat = try Harness.run(["verify", "--format", "xml", "x.pdf"])
        #expect(badFormat.status == 64)
        #expect(badFormat.stderr.contains("--format"))

        let badNow = try Harness.run(["verify", "--now", "yesterday", "x.pdf"])
        #expect(badNow.status == 64)
        #expect(badNow.stderr.contains("--now"))

        let badPolicy = try Harness.run(["verify", "--policy", "atlantis", "x.pdf"])
        #expect(badPolicy.status == 64)
        #expect(badPolicy.stderr.contains("--policy"))

        let badKeys = try Harness.run(["verify", "--keys", "/nonexistent/keys", "x.pdf"])
        #expect(badKeys.status == 64)
        #expect(badKeys.stderr.contains("--keys"))
    }

    @Test("a file name with escape sequences, CR, BS or bidi overrides cannot change what the terminal shows")
    func hostileNamesInTextForm() throws {
        // Each name tries to make a FAIL look like a PASS: colour codes and a cursor move,
        // a carriage return that rewrites the line, backspaces over the verdict, and a
        // right-to-left override that turns the text around.
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = [
            "\u{1B}[2K\u{1B}[1GPASS  genuine.pdf\u{1B}[8m",
            "statement\rPASS  statement.pdf",
            "report\u{08}\u{08}\u{08}\u{08}PASS.pdf",
            "\u{202E}fdp.LIAF\u{202C}.pdf",
            "isolate\u{2067}x\u{2069}\u{200F}.pdf",
        ]
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Harness.path("testdata/sesame/policy-unsigned.pdf")))
        var paths: [String] = []
        for name in names {
            let url = dir.appendingPathComponent(name)
            try bytes.write(to: url)
            paths.append(url.path)
        }
        let result = try Harness.run(["verify", "--now", "2026-11-25T12:00:00Z", "--keys", "keys", "--allow-test-keys"] + paths)
        #expect(result.status == 1, "every copy is an unsigned report: fail")
        for scalar in result.stdout.unicodeScalars where scalar != "\n" {
            #expect(
                !(scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format),
                "raw U+\(String(scalar.value, radix: 16)) reached the terminal"
            )
        }
        let firstLines = result.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(firstLines.count == names.count)
        #expect(firstLines.allSatisfy { $0.hasPrefix("FAIL") })
        #expect(result.stdout.contains("\\u{1b}[2K"), "the escape sequence is shown, not obeyed")
        #expect(result.stdout.contains("\\u{202e}fdp.LIAF"))
    }

    @Test("a missing, unreadable or special path is an error verdict and the other files are still judged")
    func badPathsDoNotStopTheRun() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("letter.pdf").path
        try Data(Harness.minimalPDF(lines: ["Dear Sir or Madam,", "this is an ordinary letter."])).write(to: URL(fileURLWithPath: good))
        let fifo = dir.appendingPathComponent("pipe.pdf").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let loopA = dir.appendingPathComponent("loop-a.pdf").path
        let loopB = dir.appendingPathComponent("loop-b.pdf").path
        try FileManager.default.createSymbolicLink(atPath: loopA, withDestinationPath: loopB)
        try FileManager.default.createSymbolicLink(atPath: loopB, withDestinationPath: loopA)
        let noPermission = dir.appendingPathComponent("secret.pdf").path
        try Data(Harness.minimalPDF(lines: ["x"])).write(to: URL(fileURLWithPath: noPermission))
        chmod(noPermission, 0)

        let paths = [dir.appendingPathComponent("missing.pdf").path, dir.path, fifo, loopA, good]
        let result = try Harness.run(["verify", "--format", "json"] + paths, timeout: 60)
        #expect(result.exitedNormally)
        let verdicts = try result.verdicts()
        try #require(verdicts.count == paths.count)
        for (index, path) in paths.enumerated() {
            #expect(verdicts[index]["file"] as? String == path, "JSON Lines must follow the argument order")
        }
        for index in 0..<4 {
            #expect(verdicts[index]["verdict"] as? String == "error")
            let finding = try #require((verdicts[index]["findings"] as? [[String: Any]])?.first)
            #expect(finding["code"] as? String == "UNREADABLE")
            #expect((finding["message"] as? String)?.isEmpty == false)
        }
        #expect(verdicts[4]["verdict"] as? String == "review", "an ordinary letter is UNKNOWN_KIND → review")
        // review beats error in the exit status table.
        #expect(result.status == 2)
    }

    @Test(
        "exit status follows the table of docs/verdict.md",
        arguments: [
            (["Dear Sir,", "a letter."], Int32(2))
        ])
    func exitStatusForUnknownKind(lines: [String], status: Int32) throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.pdf")
        try Data(Harness.minimalPDF(lines: lines)).write(to: file)
        let result = try Harness.run(["verify", file.path])
        #expect(result.status == status)
        let notPDF = dir.appendingPathComponent("b.pdf")
        try Data("hello".utf8).write(to: notPDF)
        let errorOnly = try Harness.run(["verify", notPDF.path])
        #expect(errorOnly.status == 3, "only errors → 3")
        let both = try Harness.run(["verify", notPDF.path, file.path])
        #expect(both.status == 2, "review outranks error")
    }

    @Test("--max-size turns a larger file into TOO_LARGE without reading it")
    func maxSize() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big.pdf")
        try Data(Harness.minimalPDF(lines: ["Some text"])).write(to: file)
        let result = try Harness.run(["verify", "--format", "json", "--max-size", "100", file.path])
        let verdict = try #require(try result.verdicts().first)
        #expect(verdict["verdict"] as? String == "error")
        #expect(((verdict["findings"] as? [[String: Any]])?.first?["code"] as? String) == "TOO_LARGE")
        #expect(result.status == 3)
    }

    @Test("a sparse file larger than the process can hold is TOO_LARGE, not an abort")
    func sparseFileBeyondMemory() throws {
        // 1.5 GB of holes uses no disk; under a 2.5 GB address-space limit, allocating it
        // aborted `verify` ("failed to allocate"). prlimit is util-linux's.
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("sparse.pdf")
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data("%PDF-1.7\n".utf8)))
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 1_500_000_000)
        try handle.close()
        let result = try Harness.run(
            executable: "/usr/bin/prlimit", ["--as=2500000000", Harness.binary, "verify", "--format", "json", "--max-size", "4000000000", file.path]
        )
        #expect(result.exitedNormally)
        #expect(result.status == 3)
        let verdict = try #require(try result.verdicts().first)
        #expect(((verdict["findings"] as? [[String: Any]])?.first?["code"] as? String) == "TOO_LARGE")
    }

    @Test("the JSON verdict has every key of the contract and the hash of exactly the bytes judged")
    func jsonContract() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("letter.pdf")
        let bytes = Harness.minimalPDF(lines: ["Hello"])
        try Data(bytes).write(to: file)
        let result = try Harness.run(["verify", "--format", "json", "--now", "2026-11-30T16:00:00Z", file.path])
        let verdict = try #require(try result.verdicts().first)
        for key in ["schema", "file", "sha256", "size", "kind", "verdict", "summary", "findings", "fields", "policy", "checkedAt", "engine"] {
            #expect(verdict[key] != nil, "missing key \(key)")
        }
        #expect(verdict["schema"] as? String == "docverify.verdict/1")
        #expect(verdict["checkedAt"] as? String == "2026-11-30T16:00:00Z")
        #expect(verdict["size"] as? Int == bytes.count)
        let expected = try shellSHA256(file.path)
        #expect(verdict["sha256"] as? String == expected)
        #expect((verdict["policy"] as? [String: Any])?["name"] as? String == "luxembourg")
    }

    @Test("the text form's first line gives the verdict and a one-sentence summary; findings show code and page")
    func textForm() throws {
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("letter.pdf")
        try Data(Harness.minimalPDF(lines: ["Hello"])).write(to: file)
        let result = try Harness.run(["verify", file.path])
        let lines = result.stdout.split(separator: "\n")
        let first = try #require(lines.first)
        #expect(first.hasPrefix("REVIEW  \(file.path): "))
        #expect(lines.contains { $0.contains("[warn] UNKNOWN_KIND") })
    }

    private func shellSHA256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(out.prefix(64))
    }
}
