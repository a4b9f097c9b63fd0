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

    @Test("defaults are the spec's policy table")
    func defaults() {
        let config = Configuration()
        #expect(config.policy()?.name == "luxembourg")
        #expect(config.policies["luxembourg"]?.minimumScore == 750)
        #expect(config.policies["canada"]?.minimumScore == 750)
        #expect(config.policies["singapore"]?.minimumScore == 700)
        #expect(config.policies.values.allSatisfy { $0.maximumReportAgeDays == 30 })
    }

    @Test("mistakes are errors that name the line or key", arguments: [
        ("[verify]\nmax_sise = 1\n", "max_sise"),
        ("[verify]\nmax_size = \"big\"\n", "max_size"),
        ("[verify]\npolicy = \"atlantis\"\n", "atlantis"),
        ("[verify\n", "line 1"),
        ("[verify]\npolicy = luxembourg\n", "line 2"),
        ("[verify]\npolicy = \"a\"\npolicy = \"b\"\n", "twice"),
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
