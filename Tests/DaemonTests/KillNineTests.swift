import Foundation
import PDFTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("kill -9 at any moment")
    struct KillNineTests {
        @Test("documents a killed daemon left in state/work without reaching a worker have used no attempt: judged, not quarantined")
        func unsentDocumentsCostNoAttempt() async throws {
            // Three kill -9s once quarantined all four documents in state/work, three of which
            // never reached a worker: each was counted as an attempt on recovery. With
            // max_attempts = 1 one wrongly counted attempt is enough to show it.
            let spool = try TestSpool("unsent-recovery", configuration: TestSpool.fastConfiguration + "\nmax_attempts = 1\n")
            let work = spool.state + "/work"
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            for index in 0..<4 {
                try spool.write(TestDocuments.pdf(1200 + index), to: work, name: Array("left-\(index).pdf".utf8))
            }
            let daemon = try DaemonProcess(spool: spool, extra: ["--exit-when-idle"])
            #expect(await daemon.wait(timeout: 60) == .exited(0))
            let verdicts = spool.verdicts()
            #expect(verdicts.count == 4)
            #expect(verdicts.values.allSatisfy { $0["verdict"] as? String == "review" })
            #expect(spool.names(in: spool.state + "/quarantine").isEmpty)
            spool.expectCleanLog()
        }

        @Test("kill -9 at random moments while documents flow: exactly one verdict per input, none lost, no partial or temporary files")
        func randomKills() async throws {
            let documents = Randomized.long ? 1000 : 200
            let kills = Randomized.long ? 100 : 24
            let seed = Randomized.seed()
            var random = SplitMix64(seed: seed)
            let spool = try TestSpool("kill9-seed\(seed)")
            var expected: [String: String] = [:]  // name → sha256

            // The writer side: documents keep arriving (most renamed in, some written in place).
            let feeder = Task {
                await onOwnThread { () -> Set<String> in
                    var written = Set<String>()
                    var rng = SplitMix64(seed: seed ^ 0xFEED)
                    for index in 0..<documents {
                        let bytes = TestDocuments.pdf(50_000 + index)
                        let name = "doc-\(index).pdf"
                        if index % 5 == 0 {
                            try? spool.write(bytes, to: spool.inbox, name: Array(name.utf8))
                        } else {
                            try? spool.drop(bytes, as: name)
                        }
                        written.insert(name)
                        usleep(UInt32(Int.random(in: 5...40, using: &rng) * 1000))
                    }
                    return written
                }
            }

            var killed = 0
            while killed < kills {
                let daemon = try DaemonProcess(spool: spool)
                // Random moments: during start-up and recovery, claiming, judging, publishing.
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...450, using: &random)))
                await daemon.killNine()
                killed += 1
            }
            let names = await feeder.value
            for index in 0..<documents { expected["doc-\(index).pdf"] = sha256Hex(TestDocuments.pdf(50_000 + index)) }
            #expect(names.count == documents)

            // A last run that is allowed to finish.
            let daemon = try DaemonProcess(spool: spool)
            let finished = await eventually(timeout: 120, every: .milliseconds(100)) {
                spool.verdictCount >= documents && spool.names(in: spool.inbox).filter { $0.first != 0x2E }.isEmpty
                    && spool.names(in: spool.state + "/work").isEmpty
            }
            #expect(finished, "seed \(seed): \(spool.verdictCount) verdicts for \(documents) documents")
            try await Task.sleep(for: .milliseconds(1500))
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 20) == .exited(0))

            // Exactly one verdict per input, for its bytes.
            let verdicts = spool.verdicts()
            #expect(verdicts.count == documents, "seed \(seed)")
            var byFile: [String: [String]] = [:]
            for verdict in verdicts.values {
                byFile[verdict["file"] as? String ?? "?", default: []].append(verdict["sha256"] as? String ?? "")
            }
            for (name, sha) in expected {
                #expect(byFile[name] == [sha], "seed \(seed): \(name) has \(byFile[name]?.count ?? 0) verdicts")
            }
            // Only complete verdict files in the outbox: pairs of .json and .txt, each parses.
            let outbox = spool.names(in: spool.outbox).map { String(decoding: $0, as: UTF8.self) }
            #expect(
                outbox.allSatisfy { $0.hasSuffix(".verdict.json") || $0.hasSuffix(".verdict.txt") },
                "seed \(seed): \(outbox.filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".txt") })")
            #expect(outbox.filter { $0.hasSuffix(".verdict.txt") }.count == documents)
            #expect(spool.names(in: spool.state + "/tmp").isEmpty)
            // No input lost: every original is retired (or, if kills hit it repeatedly while it was judged, quarantined).
            let retired = spool.names(in: spool.state + "/done").count
            let quarantined = spool.names(in: spool.state + "/quarantine").filter { !String(decoding: $0, as: UTF8.self).hasSuffix(".reason") }.count
            #expect(retired + quarantined == documents, "seed \(seed): \(retired) retired + \(quarantined) quarantined")
            #expect(killed >= 20)
            spool.expectCleanLog()
        }
    }
}
