import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("Settle window and the writer contract")
    struct SettleTests {
        @Test("a slow writer (pauses shorter than settle) yields exactly one verdict, for the final bytes")
        func slowWriter() async throws {
            let spool = try TestSpool(
                "slow-writer",
                configuration: """
                    [verify]
                    workers = 1
                    [daemon]
                    settle = 1.5
                    rescan_interval = 1
                    """)
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.logText.contains("docverify watch started") })

            let document = TestDocuments.pdf(1, padding: 3000)
            let path = spool.inbox + "/slow.pdf"
            // The writer: 10 chunks, pausing 0.3 s (less than settle) after each, on its own
            // thread so that its pace does not depend on the test scheduler.
            let report = await onOwnThread { () -> (gaps: [Double], verdictsSeen: Int) in
                let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard fd >= 0 else { return ([], -1) }
                defer { close(fd) }
                let size = document.count / 10 + 1
                var last = Date()
                var gaps: [Double] = []
                var seen = 0
                for start in stride(from: 0, to: document.count, by: size) {
                    let chunk = Array(document[start..<min(start + size, document.count)])
                    _ = chunk.withUnsafeBytes { write(fd, $0.baseAddress!, chunk.count) }
                    gaps.append(Date().timeIntervalSince(last))
                    last = Date()
                    usleep(300_000)
                    seen = max(seen, spool.verdictCount)
                }
                return (gaps, seen)
            }
            try #require(report.gaps.count == 10)
            #expect(report.gaps.max()! < 1.5, "the writer itself paused longer than settle: \(report.gaps)")
            #expect(report.verdictsSeen == 0, "a verdict appeared while the file was still being written")
            #expect(await eventually(timeout: 15) { spool.verdictCount == 1 })
            // Several rescans later, still exactly one.
            try await Task.sleep(for: .milliseconds(2500))
            let verdicts = spool.verdicts()
            #expect(verdicts.count == 1)
            let verdict = try #require(verdicts["slow.pdf.verdict.json"])
            #expect(verdict["sha256"] as? String == sha256Hex(document), "the verdict is for the final bytes")
            #expect(verdict["size"] as? Int == document.count)
            #expect(verdict["verdict"] as? String != "error")

            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        /// `testdata/tools/clockstep.c`, built for this run with the toolchain's clang; nil
        /// (the test is skipped, saying why) when no compiler is found.
        static let clockStepLibrary: String? = {
            let source = TestDocuments.repositoryRoot.appendingPathComponent("testdata/tools/clockstep.c").path
            let output = TestSpool.runDirectory + "/clockstep-\(getpid()).so"
            // The Swift toolchain brings clang; look for it (or any cc) on PATH.
            let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
            let candidates = ["clang", "cc", "gcc"].flatMap { name in folders.map { $0 + "/" + name } }
            for compiler in candidates where FileManager.default.isExecutableFile(atPath: compiler) {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: compiler)
                process.arguments = ["-shared", "-fPIC", "-o", output, source, "-ldl"]
                guard (try? process.run()) != nil else { continue }
                process.waitUntilExit()
                if process.terminationStatus == 0 { return output }
            }
            return nil
        }()

        @Test(
            "the wall clock steps 2 h forward, then back, while writers reopen their files per chunk: one verdict each, for the final bytes",
            .enabled(if: clockStepLibrary != nil, "no C compiler to build testdata/tools/clockstep.c")
        )
        func clockSteps() async throws {
            // The red team's forward clock step made a growing file look settled: the daemon
            // compared the file's ctime with the wall clock. The daemon here runs with its wall
            // clock shifted by a file the test rewrites (clockstep.c); file times and
            // CLOCK_MONOTONIC stay real, as in a real step. Each writer closes the file between
            // chunks (no writer holds it during the pauses) and pauses less than settle, so
            // only the settle window stands between its first chunk and a verdict.
            let library = try #require(Self.clockStepLibrary)
            let spool = try TestSpool(
                "clock-steps",
                configuration: """
                    [verify]
                    workers = 1
                    [daemon]
                    settle = 2
                    rescan_interval = 1
                    """)
            let offsetFile = spool.root + "/clock-offset"
            try "0\n".write(toFile: offsetFile, atomically: true, encoding: .utf8)
            let daemon = try DaemonProcess(
                spool: spool, environment: ["LD_PRELOAD": library, "DOCVERIFY_CLOCK_OFFSET_FILE": offsetFile]
            )
            #expect(await eventually(timeout: 20) { spool.logText.contains("docverify watch started") })

            var documents: [String: [UInt8]] = [:]
            for (index, offset) in [7200, 0].enumerated() {
                let name = "step-\(index).pdf"
                let document = TestDocuments.pdf(3100 + index, padding: 6000)
                documents[name] = document
                async let seen = OpenWriterTests.write(document, to: spool.inbox + "/" + name, chunks: 8, pause: 0.6, reopen: true, spool: spool)
                // The step comes after the first chunks, while the file is still growing.
                try await Task.sleep(for: .milliseconds(1300))
                try "\(offset)\n".write(toFile: offsetFile, atomically: true, encoding: .utf8)
                #expect(await seen == index, "a verdict appeared for \(name) while it was still being written")
                #expect(await eventually(timeout: 15) { spool.verdictCount == index + 1 })
            }
            try await Task.sleep(for: .milliseconds(2500))
            let verdicts = spool.verdicts()
            #expect(verdicts.count == 2)
            for (name, document) in documents {
                let verdict = try #require(verdicts[name + ".verdict.json"])
                #expect(verdict["sha256"] as? String == sha256Hex(document), "\(name): the verdict is for the final bytes")
            }
            // The step reached the daemon: the first verdict was checked two hours ahead.
            let checked = (verdicts["step-0.pdf.verdict.json"]?["checkedAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
            #expect((checked?.timeIntervalSinceNow ?? 0) > 3600, "the daemon's clock did not move")
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("a scanner that creates an empty file and writes the pages later gets one verdict for the full file")
        func emptyPlaceholderThenPages() async throws {
            let spool = try TestSpool(
                "scanner-pattern",
                configuration: """
                    [daemon]
                    settle = 0.5
                    rescan_interval = 1
                    """)
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 20) { spool.logText.contains("docverify watch started") })
            let document = TestDocuments.pdf(2)
            try spool.write([], to: spool.inbox, name: Array("scan.pdf".utf8))
            // Longer than settle: an empty placeholder must still not be judged.
            try await Task.sleep(for: .milliseconds(2000))
            #expect(spool.verdictCount == 0, "the empty placeholder was judged")
            let fd = open(spool.inbox + "/scan.pdf", O_WRONLY | O_APPEND | O_CLOEXEC)
            try #require(fd >= 0)
            _ = document.withUnsafeBytes { write(fd, $0.baseAddress!, document.count) }
            close(fd)
            #expect(await eventually(timeout: 15) { spool.verdictCount == 1 })
            let verdict = try #require(spool.verdicts()["scan.pdf.verdict.json"])
            #expect(verdict["sha256"] as? String == sha256Hex(document))
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("dot-files and .part/.tmp/.crdownload/~ files are never touched; a staged file renamed in is judged once")
        func ignoredNames() async throws {
            let spool = try TestSpool("ignored-names")
            let ignored = [".hidden.pdf", "upload.pdf.part", "copy.pdf.tmp", "download.pdf.crdownload", "backup.pdf~"]
            var before: [String: stat] = [:]
            for (index, name) in ignored.enumerated() {
                try spool.write(TestDocuments.pdf(100 + index), to: spool.inbox, name: Array(name.utf8))
                var info = stat()
                stat(spool.inbox + "/" + name, &info)
                before[name] = info
            }
            try FileManager.default.createDirectory(atPath: spool.inbox + "/.tmp", withIntermediateDirectories: true)
            let staged = TestDocuments.pdf(110)
            try spool.write(staged, to: spool.inbox + "/.tmp", name: Array("a.pdf".utf8))

            let daemon = try DaemonProcess(spool: spool)
            try spool.drop(TestDocuments.pdf(111), as: "marker.pdf")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 1 })
            // Several rescans (rescan_interval = 1 s) and settle windows pass.
            try await Task.sleep(for: .milliseconds(3000))
            #expect(spool.verdictCount == 1, "only the ordinary file got a verdict")
            for name in ignored {
                var info = stat()
                let exists = stat(spool.inbox + "/" + name, &info) == 0
                #expect(exists, "\(name) was moved")
                #expect(info.st_ino == before[name]!.st_ino && info.st_ctim.tv_nsec == before[name]!.st_ctim.tv_nsec, "\(name) was changed")
            }
            #expect(FileManager.default.fileExists(atPath: spool.inbox + "/.tmp/a.pdf"))

            // The writer's contract: stage, then rename in.
            try FileManager.default.moveItem(atPath: spool.inbox + "/.tmp/a.pdf", toPath: spool.inbox + "/a.pdf")
            #expect(await eventually(timeout: 15) { spool.verdictCount == 2 })
            try await Task.sleep(for: .milliseconds(1500))
            #expect(spool.verdictCount == 2)
            #expect(spool.verdicts()["a.pdf.verdict.json"]?["sha256"] as? String == sha256Hex(staged))
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }
    }
}
