import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("Same verdicts as docverify verify; nothing personal in the logs")
    struct ParityPrivacyTests {
        /// Copies of the fixtures and some generated documents in one folder.
        static func corpus(in folder: String) throws -> [String] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var names: [String] = []
            for url in TestDocuments.fixtures() {
                try FileManager.default.copyItem(atPath: url.path, toPath: folder + "/" + url.lastPathComponent)
                names.append(url.lastPathComponent)
            }
            for index in 0..<5 {
                let name = "generated-\(index).pdf"
                try Data(TestDocuments.pdf(900 + index)).write(to: URL(fileURLWithPath: folder + "/" + name))
                names.append(name)
            }
            try Data("not a pdf at all \(TestDocuments.privacyMarker)\n".utf8).write(to: URL(fileURLWithPath: folder + "/junk.pdf"))
            names.append("junk.pdf")
            return names
        }

        @Test("--exit-when-idle judges the inbox and exits 0; each verdict equals docverify verify's except checkedAt")
        func parityWithVerify() async throws {
            let spool = try TestSpool("parity")
            let copies = spool.root + "/copies"
            let names = try Self.corpus(in: copies)
            for name in names {
                try FileManager.default.copyItem(atPath: copies + "/" + name, toPath: spool.inbox + "/" + name)
            }
            let keys = ["--allow-test-keys", "--keys", TestDocuments.keysDirectory]
            let daemon = try DaemonProcess(spool: spool, extra: ["--exit-when-idle"] + keys)
            #expect(await daemon.wait(timeout: 120) == .exited(0))
            #expect(spool.verdictCount == names.count)

            // The CLI over the same files, named the same way (run in their folder).
            let config = spool.config
            let data = await onOwnThread { () -> Data in
                let cli = Process()
                cli.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
                cli.arguments = ["verify", "--format", "json", "--config", config] + keys + names
                cli.currentDirectoryURL = URL(fileURLWithPath: copies)
                let output = Pipe()
                cli.standardOutput = output
                cli.standardError = FileHandle.nullDevice
                guard (try? cli.run()) != nil else { return Data() }
                let data = output.fileHandleForReading.readDataToEndOfFile()
                cli.waitUntilExit()
                return data
            }
            let lines = data.split(separator: UInt8(ascii: "\n"))
            try #require(lines.count == names.count)
            let daemonVerdicts = spool.verdicts()
            for line in lines {
                var expected = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                let file = try #require(expected["file"] as? String)
                var actual = try #require(daemonVerdicts["\(file).verdict.json"], "no daemon verdict for \(file)")
                expected["checkedAt"] = nil
                actual["checkedAt"] = nil
                #expect(NSDictionary(dictionary: expected).isEqual(to: actual), "\(file) differs")
            }
            spool.expectCleanLog()
        }

        @Test("no document text or personal data in the log: the marker in the documents' text, metadata and names fields never appears")
        func privacy() async throws {
            let spool = try TestSpool(
                "privacy",
                configuration: """
                    [verify]
                    workers = 1
                    worker_timeout = 2
                    max_size = 2000000
                    [daemon]
                    settle = 0.2
                    rescan_interval = 1
                    max_attempts = 2
                    """)
            _ = try Self.corpus(in: spool.inbox)
            // Failure paths too: a crashing worker, a symlink, a document too large to read.
            try spool.drop(TestDocuments.pdf(950, hook: "%DOCVERIFY-TEST-CRASH"), as: "crash.pdf")
            #expect(symlink(spool.inbox + "/junk.pdf", spool.inbox + "/link.pdf") == 0)
            try spool.drop(TestDocuments.pdf(951, padding: 2_100_000), as: "large.pdf")
            let daemon = try DaemonProcess(spool: spool, extra: ["--exit-when-idle"], environment: ["DOCVERIFY_TEST_HOOKS": "1"])
            #expect(await daemon.wait(timeout: 120) == .exited(0))
            let verdicts = spool.verdicts()
            #expect(verdicts["large.pdf.verdict.json"].flatMap { ($0["findings"] as? [[String: Any]])?.first?["code"] as? String } == "TOO_LARGE")
            // The verdicts themselves may carry masked fields; the log must carry none of it.
            let log = spool.logText
            #expect(!log.isEmpty)
            #expect(!log.contains(TestDocuments.privacyMarker))
            #expect(!log.contains("Zhang Wei"))
            #expect(!log.contains("passport"))
            // Documents are named by SHA-256 prefix and spool inode, never by file name.
            let published = spool.logLines(containing: "verdict published")
            #expect(!published.isEmpty)
            #expect(published.allSatisfy { $0.contains("entry=ino:") && !$0.contains("file=") })
            #expect(!log.contains("crash.pdf") && !log.contains("large.pdf") && !log.contains("link.pdf"))
            spool.expectCleanLog()
        }
    }
}
