import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonTests {
    @Suite("Hostile file names and the outbox name rules")
    struct HostileNamesTests {
        struct Case {
            var name: [UInt8]
            /// The outbox base name expected: the name itself, or nil for "first 12 hex of the SHA-256".
            var keepsName: Bool
            /// The verdict's `file` field.
            var file: String
        }

        static let cases: [Case] = [
            Case(name: Array("new\nline.pdf".utf8), keepsName: false, file: "new\nline.pdf"),
            Case(name: Array("esc\u{1B}[31mred\u{1B}[0m\r.pdf".utf8), keepsName: false, file: "esc\u{1B}[31mred\u{1B}[0m\r.pdf"),
            Case(name: [0x62, 0x61, 0x64, 0xFF, 0xFE, 0x2E, 0x70, 0x64, 0x66], keepsName: false, file: "bad\\xff\\xfe.pdf"),
            Case(name: Array("-rf --no-preserve-root.pdf".utf8), keepsName: true, file: "-rf --no-preserve-root.pdf"),
            Case(name: Array((String(repeating: "n", count: 251) + ".pdf").utf8), keepsName: false, file: String(repeating: "n", count: 251) + ".pdf"),
            Case(name: Array("quote\"back\\slash 名前.pdf".utf8), keepsName: true, file: "quote\"back\\slash 名前.pdf"),
        ]

        @Test("newline, escape sequences, invalid UTF-8, a leading '-', 255 bytes: judged, named safely in the outbox, logged on one line")
        func hostileNames() async throws {
            // Names in the log only on request (they carry applicants' names); asked for here
            // to show they are escaped when they do appear.
            let spool = try TestSpool("hostile-names", configuration: TestSpool.fastConfiguration + "\nlog_file_names = true\n")
            var hashes: [String] = []
            for (index, item) in Self.cases.enumerated() {
                let document = TestDocuments.pdf(300 + index)
                hashes.append(sha256Hex(document))
                try spool.drop(document, asRaw: item.name)
            }
            let daemon = try DaemonProcess(spool: spool)
            #expect(await eventually(timeout: 30) { spool.verdictCount == Self.cases.count })
            try await Task.sleep(for: .milliseconds(1500))
            #expect(spool.verdictCount == Self.cases.count)

            let outbox = Set(spool.names(in: spool.outbox).map { String(decoding: $0, as: UTF8.self) })
            for (index, item) in Self.cases.enumerated() {
                let base = item.keepsName ? String(decoding: item.name, as: UTF8.self) : String(hashes[index].prefix(12))
                #expect(outbox.contains(base + ".verdict.json"), "missing \(base.prefix(40)).verdict.json")
                #expect(outbox.contains(base + ".verdict.txt"))
                let verdict = try #require(spool.verdicts()[base + ".verdict.json"])
                #expect(verdict["file"] as? String == item.file)
                #expect(verdict["sha256"] as? String == hashes[index])
                #expect(verdict["verdict"] as? String == "review")
            }
            // Every outbox name is printable and short enough.
            for name in spool.names(in: spool.outbox) {
                #expect(name.count <= 255)
                #expect(String(validating: name, as: UTF8.self) != nil)
                #expect(!name.contains { $0 < 0x20 || $0 == 0x7F })
            }
            // One record per document, each on one line, the name escaped.
            let published = spool.logLines(containing: "verdict published")
            #expect(published.count == Self.cases.count)
            #expect(published.contains { $0.contains(#"file="new\nline.pdf""#) || $0.contains(#"file=new\nline.pdf"#) })
            #expect(published.contains { $0.contains(#"bad\\xff\\xfe.pdf"#) })
            #expect(published.contains { $0.contains(#"\u{1b}[31mred"#) })
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("a reused name with different bytes gets its own verdict (name.<12 hex>); the same bytes under the same name keep the one verdict")
        func reusedNames() async throws {
            let spool = try TestSpool("reused-names")
            let daemon = try DaemonProcess(spool: spool)
            let first = TestDocuments.pdf(400)
            let second = TestDocuments.pdf(401)
            try spool.drop(first, as: "a.pdf")
            #expect(await eventually(timeout: 20) { spool.verdictCount == 1 })
            try spool.drop(second, as: "a.pdf")
            #expect(await eventually(timeout: 15) { spool.verdictCount == 2 })
            try spool.drop(first, as: "a.pdf")
            try spool.drop(first, as: "b.pdf")
            #expect(await eventually(timeout: 15) { spool.verdictCount == 3 })
            #expect(await eventually(timeout: 15) { spool.names(in: spool.inbox).filter { $0.first != 0x2E }.isEmpty })
            try await Task.sleep(for: .milliseconds(1500))
            let verdicts = spool.verdicts()
            #expect(Set(verdicts.keys) == ["a.pdf.verdict.json", "a.pdf.\(sha256Hex(second).prefix(12)).verdict.json", "b.pdf.verdict.json"])
            #expect(verdicts["a.pdf.verdict.json"]?["sha256"] as? String == sha256Hex(first))
            #expect(spool.logLines(containing: "verdict already published").count == 1)
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }

        @Test("a document whose name and 150 numbered names are taken by other documents still gets a verdict: outbox names never run out")
        func namesNeverRunOut() async throws {
            let spool = try TestSpool("names-run-out")
            let document = TestDocuments.pdf(500)
            let hash = sha256Hex(document)
            let short = String(hash.prefix(12))
            // Verdicts of other documents under every name this one could take before the
            // 152nd (the red team's 100 copies of one name exhausted a list of 99 numbers).
            let taken = ["c.pdf", "c.pdf.\(short)", hash] + (2...151).map { "\(short).\($0)" }
            let foreign = Array(#"{"schema":"docverify.verdict/1","file":"other.pdf","sha256":"00","verdict":"pass","findings":[]}"#.utf8)
            for base in taken {
                try spool.write(foreign, to: spool.outbox, name: Array((base + ".verdict.json").utf8))
            }
            let daemon = try DaemonProcess(spool: spool)
            try spool.drop(document, as: "c.pdf")
            #expect(await eventually(timeout: 30) { spool.verdicts()["\(short).152.verdict.json"] != nil })
            #expect(spool.verdicts()["\(short).152.verdict.json"]?["sha256"] as? String == hash)
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(timeout: 15) == .exited(0))
            spool.expectCleanLog()
        }
    }
}
