import Foundation
import Testing

@testable import DocVerify

@Suite("Configuration file")
struct ConfigurationTests {
    @Test("the documented example parses and overrides defaults")
    func parse() throws {
        let config = try Configuration.parse(
            """
            # docverify
            [verify]
            policy = "singapore"   # a comment
            max_size = 10_000_000
            allow_test_keys = false
            worker_timeout = 12.5

            [daemon]
            settle = 0.5
            max_attempts = 4

            [policy.luxembourg]
            min_score = 760

            [policy.iceland]
            min_score = 800
            max_report_age_days = 14
            """
        )
        #expect(config.policyName == "singapore")
        #expect(config.maxSize == 10_000_000)
        #expect(config.workerTimeoutSeconds == 12.5)
        #expect(config.settleSeconds == 0.5)
        #expect(config.maxAttempts == 4)
        #expect(config.policies["luxembourg"]?.minimumScore == 760)
        #expect(config.policies["singapore"]?.minimumScore == 700)
        #expect(config.policies["iceland"]?.maximumReportAgeDays == 14)
    }

    @Test("the shipped configuration and the defaults lie inside every range")
    func shippedValuesInRange() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shipped = try String(contentsOf: root.appendingPathComponent("systemd/docverify.toml"), encoding: .utf8)
        _ = try Configuration.parse(shipped, source: "systemd/docverify.toml")
        let defaults = Configuration()
        for (key, value) in [
            ("verify.max_size", Double(defaults.maxSize)), ("verify.worker_timeout", defaults.workerTimeoutSeconds),
            ("verify.worker_memory_mib", Double(defaults.workerMemoryMiB)), ("daemon.settle", defaults.settleSeconds),
            ("daemon.rescan_interval", defaults.rescanIntervalSeconds), ("daemon.stop_timeout", defaults.stopTimeoutSeconds),
        ] {
            #expect(Configuration.ranges[key]?.contains(value) == true, "default \(key) = \(value)")
        }
    }

    @Test("defaults are the policy table of docs/sesame-report.md")
    func defaults() {
        let config = Configuration()
        #expect(config.policy()?.name == "luxembourg")
        #expect(config.policies["luxembourg"]?.minimumScore == 750)
        #expect(config.policies["canada"]?.minimumScore == 750)
        #expect(config.policies["singapore"]?.minimumScore == 700)
        #expect(config.policies.values.allSatisfy { $0.maximumReportAgeDays == 30 })
    }

    @Test(
        "mistakes are errors that name the line or key",
        arguments: [
            ("[verify]\nmax_sise = 1\n", "max_sise"),
            ("[verify]\nmax_size = \"big\"\n", "max_size"),
            ("[verify]\npolicy = \"atlantis\"\n", "atlantis"),
            ("[verify\n", "line 1"),
            ("[verify]\npolicy = luxembourg\n", "line 2"),
            ("[verify]\npolicy = \"a\"\npolicy = \"b\"\n", "twice"),
            // Values that load but break the service later (issue 11, item 11).
            ("[verify]\nworker_timeout = 1e11\n", "verify.worker_timeout"),
            ("[verify]\nworker_timeout = inf\n", "verify.worker_timeout"),
            ("[verify]\nworker_timeout = nan\n", "verify.worker_timeout"),
            ("[verify]\nworker_timeout = 0\n", "verify.worker_timeout"),
            ("[verify]\nworker_memory_mib = 1\n", "verify.worker_memory_mib"),
            ("[verify]\nworker_cpu_seconds = 0\n", "verify.worker_cpu_seconds"),
            ("[verify]\nmax_size = 0\n", "verify.max_size"),
            ("[verify]\nmax_pages = 0\n", "verify.max_pages"),
            ("[verify]\nworkers = -1\n", "verify.workers"),
            ("[daemon]\nsettle = -1\n", "daemon.settle"),
            ("[daemon]\nrescan_interval = 0\n", "daemon.rescan_interval"),
            ("[daemon]\nmax_attempts = 0\n", "daemon.max_attempts"),
            ("[daemon]\nstop_timeout = 1e300\n", "daemon.stop_timeout"),
            ("[policy.luxembourg]\nmin_score = 2000\n", "policy.luxembourg.min_score"),
        ])
    func errors(text: String, mentions: String) {
        do {
            _ = try Configuration.parse(text)
            Issue.record("accepted an invalid configuration: \(text)")
        } catch {
            #expect(error.reason.contains(mentions), "\(error.reason)")
        }
    }
}
