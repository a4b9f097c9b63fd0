import ArgumentParser
import DocVerifyCore
import DocVerifyDaemon
import Foundation

@main
struct DocVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docverify",
        abstract: "Check Sesame credit reports and bank statements for signs of forgery.",
        discussion: """
            Verdicts are advice to an officer: pass, review, fail or error, each with its reasons.

            Examples:
              docverify verify --allow-test-keys --keys keys testdata/samples/*.pdf
              docverify verify --format json --policy singapore report.pdf
              docverify watch --inbox /srv/dv/inbox --outbox /srv/dv/outbox --state /srv/dv/state
              docverify codes > docs/FINDINGS.md
            """,
        version: DocVerifyVersion.string,
        subcommands: [Verify.self, Watch.self, Codes.self]
    )

    static func main() {
        // A worker starts loading while the arguments, configuration and trust store are
        // read: for one document that is most of the CLI's own start-up time.
        if CommandLine.arguments.dropFirst().first == "verify" { WorkerPool.prestart() }
        main(nil)
    }

}

/// Options `verify` and `watch` share.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Trust store directory (anchors and CRLs).", valueName: "DIR"))
    var keys: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (TOML).", valueName: "FILE"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Policy name: luxembourg (default), canada, singapore, or one from the configuration.", valueName: "NAME"))
    var policy: String?

    @Flag(name: .long, help: "Load test- anchors from the trust store (never in production).")
    var allowTestKeys = false

    @Option(name: .long, help: ArgumentHelp("Largest document judged, in bytes.", valueName: "BYTES"))
    var maxSize: Int?

    @Option(name: .long, help: ArgumentHelp("Worker processes (default: one per core).", valueName: "N"))
    var workers: Int?

    /// The configuration file with the command line's overrides applied.
    func resolvedConfiguration() throws -> Configuration {
        var configuration: Configuration
        if let config {
            do {
                configuration = try Configuration.load(path: config)
            } catch {
                throw ValidationError("--config: \(error)")
            }
        } else {
            configuration = Configuration()
        }
        // The built-in default trust store may be absent on a workstation: judge with an empty
        // store (every signature untrusted). A directory someone named must exist.
        if keys == nil && configuration.keysDirectory == Configuration().keysDirectory
            && !FileManager.default.fileExists(atPath: configuration.keysDirectory)
        {
            configuration.keysDirectory = ""
        }
        if let keys { configuration.keysDirectory = keys }
        if allowTestKeys { configuration.allowTestKeys = true }
        do throws(ConfigurationError) {
            if let maxSize { configuration.maxSize = try Configuration.checked(maxSize, key: "verify.max_size", source: "--max-size") }
            if let workers {
                guard workers > 0 else { throw ConfigurationError(reason: "--workers must be at least 1") }
                configuration.workers = try Configuration.checked(workers, key: "verify.workers", source: "--workers")
            }
        } catch {
            throw ValidationError(error.description)
        }
        if let policy {
            guard configuration.policies[policy] != nil else {
                let known = configuration.policies.keys.sorted().joined(separator: ", ")
                throw ValidationError("--policy: unknown policy '\(policy)' (known: \(known))")
            }
            configuration.policyName = policy
        }
        return configuration
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge documents and print one verdict per file.",
        discussion: """
            Exit status: 0 every document pass; 1 at least one fail; 2 no fail, at least one review;
            3 no fail or review, at least one error; 64 usage error.

            Example:
              docverify verify --format json --now 2026-11-25T12:00:00Z --allow-test-keys --keys keys report.pdf
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .long, help: "Output format: text (for a clerk) or json (JSON Lines).")
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("Evaluation time for every date check (ISO 8601), to replay a past day.", valueName: "ISO8601"))
    var now: String?

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("Documents to judge.", valueName: "FILE"))
    var files: [String] = []

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("no FILE given: name at least one document to verify") }
        if let now, Verdict.parseTimestamp(now) == nil {
            throw ValidationError("--now: '\(now)' is not an ISO 8601 time such as 2026-11-30T16:00:00Z")
        }
    }

    func run() throws {
        let configuration = try common.resolvedConfiguration()
        try Setup.checkTrustStore(configuration)
        let evaluationTime = now.flatMap(Verdict.parseTimestamp) ?? Date()
        let policy = configuration.policy()!
        let pool = WorkerPool(configuration: configuration)
        defer { pool.shutdown(waitForExit: false) }
        let values = ValueBox()
        let format = format
        BatchVerifier(pool: pool, policy: policy, now: evaluationTime).run(paths: files) { verdict in
            values.append(verdict.verdict)
            let output = format == .json ? verdict.jsonLine() + "\n" : verdict.text() + "\n\n"
            FileHandle.standardOutput.write(Data(output.utf8))
        }
        throw ExitCode(Verdict.Value.exitStatus(for: values.all))
    }
}

/// Collects verdict values from the emitting thread.
final class ValueBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Verdict.Value] = []
    func append(_ value: Verdict.Value) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }
    var all: [Verdict.Value] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}

enum Setup {
    /// A trust store that cannot be read is a usage error, not a per-document one.
    @discardableResult
    static func checkTrustStore(_ configuration: Configuration) throws -> Int {
        do {
            return try configuration.validateTrustStore()
        } catch {
            throw ValidationError("--keys: \(error)")
        }
    }
}

struct Codes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the catalogue of finding codes (Markdown).",
        discussion: "Example:\n  docverify codes > docs/FINDINGS.md"
    )

    func run() throws {
        print(FindingCatalogue.markdown(), terminator: "")
    }
}
