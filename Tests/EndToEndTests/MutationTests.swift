import Foundation
import PDFTestSupport
import Testing

/// Random mutations of valid documents through the built binary: the CLI never dies,
/// every file gets exactly one verdict, and each is bounded by the worker time limit.
@Suite("Mutation fuzzing through the built binary")
struct MutationTests {
    static func seeds() -> [[UInt8]] {
        var seeds = [
            Harness.minimalPDF(lines: ["Sesame Credit Report", "Report No.: ZM20261120ABCDEF", "Sesame Score: 782"]),
            Harness.minimalPDF(lines: ["Account Statement", "Account No.: 6222020200112233", "Date Description Amount Balance"]),
        ]
        for dir in ["testdata/samples", "testdata/sesame"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: Harness.path(dir))) ?? []
            for name in names.sorted().filter({ $0.hasSuffix(".pdf") }).prefix(3) {
                if let data = FileManager.default.contents(atPath: Harness.path("\(dir)/\(name)")), data.count < 400_000 {
                    seeds.append([UInt8](data))
                }
            }
        }
        return seeds
    }

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let tokens: [[UInt8]] = ["%%EOF", "startxref\n0\n", " 0 obj", "<<", ">>", "[[[[[[[[", "/Prev 0", "endstream", "xref\n0 1\n", "/ByteRange [0 1 2 3]"].map
        { Array($0.utf8) }
        for _ in 0...rng.below(4) {
            guard !bytes.isEmpty else { break }
            switch rng.below(6) {
            case 0:
                for _ in 0...rng.below(16) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
            case 1:
                bytes.removeLast(rng.below(bytes.count))
            case 2:
                bytes.insert(contentsOf: tokens[rng.below(tokens.count)], at: rng.below(bytes.count))
            case 3:
                let start = rng.below(bytes.count)
                let end = min(bytes.count, start + rng.below(2048))
                bytes.insert(contentsOf: bytes[start..<end], at: rng.below(bytes.count))
            case 4:
                let start = rng.below(bytes.count)
                bytes.removeSubrange(start..<min(bytes.count, start + rng.below(512)))
            default:
                let at = rng.below(bytes.count)
                bytes.replaceSubrange(at..<min(bytes.count, at + 1), with: Array(String(rng.below(1_000_000_000)).utf8))
            }
        }
        return bytes
    }

    @Test("≥ 1,000 mutations through the binary: one verdict each, no crash of the CLI, bounded time")
    func thousandMutations() throws {
        let seed: UInt64 = 0x00D0_C0E1_F1ED
        var rng = SplitMix64(seed: seed)
        let seeds = Self.seeds()
        let dir = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("docverify.toml")
        try "[verify]\nworker_timeout = 10\nworker_memory_mib = 1024\n".write(to: config, atomically: true, encoding: .utf8)
        let total = 1_000
        var paths: [String] = []
        for index in 0..<total {
            let url = dir.appendingPathComponent(String(format: "m%04d.pdf", index))
            try Data(Self.mutate(seeds[index % seeds.count], &rng)).write(to: url)
            paths.append(url.path)
        }
        var counts: [String: Int] = [:]
        for batch in stride(from: 0, to: total, by: 250) {
            let slice = Array(paths[batch..<min(total, batch + 250)])
            let result = try Harness.run(["verify", "--format", "json", "--config", config.path] + slice, timeout: 900)
            #expect(result.exitedNormally, "seed \(seed): the CLI died")
            #expect([0, 1, 2, 3].contains(result.status), "seed \(seed): exit status \(result.status)")
            let verdicts = try result.verdicts()
            #expect(verdicts.count == slice.count, "seed \(seed): \(verdicts.count) verdicts for \(slice.count) files")
            for (path, verdict) in zip(slice, verdicts) {
                #expect(verdict["file"] as? String == path)
                let value = verdict["verdict"] as? String ?? "?"
                #expect(["pass", "review", "fail", "error"].contains(value))
                counts[value, default: 0] += 1
                if value == "error" {
                    let code = (verdict["findings"] as? [[String: Any]])?.first?["code"] as? String ?? "?"
                    counts["error:" + code, default: 0] += 1
                }
            }
            // Each document is bounded by the 10 s worker limit; a batch of 250 on 2 workers far less.
            #expect(result.seconds < 600)
        }
        print("mutation fuzz seed \(seed): \(counts.sorted { $0.key < $1.key })")
    }
}
