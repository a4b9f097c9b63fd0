internal import Foundation
internal import DocCrypto

/// Everything an administrator can set, from the TOML configuration file and the
/// command line. Every default is documented in
/// `systemd/docverify.toml`.
public struct Configuration: Sendable, Equatable, Codable {
    // [verify]
    /// Policy used when none is named on the command line.
    public var policyName = Policy.defaultName
    /// Trust store directory.
    public var keysDirectory = "/etc/docverify/keys"
    /// Load `test-` anchors from the trust store (never in production).
    public var allowTestKeys = false
    /// Largest document judged, in bytes.
    public var maxSize = 50 * 1024 * 1024
    /// Wall-clock limit for one document in a worker, in seconds.
    public var workerTimeoutSeconds = 30.0
    /// CPU-time limit for one document in a worker, in seconds.
    public var workerCPUSeconds = 30
    /// Address-space limit of a worker process, in MiB.
    public var workerMemoryMiB = 2048
    /// Number of worker processes (0: one per CPU core).
    public var workers = 0
    /// Documents a worker judges before it is replaced (bounds slow leaks in the PDF library).
    public var workerRecycleAfter = 500
    /// Most pages read from one document.
    public var maxPages = 2000
    /// Threads reading one long document's pages (0: one per CPU core, at most 4).
    public var pageReaders = 0

    // [daemon]
    public var inbox = "/var/spool/docverify/inbox"
    public var outbox = "/var/spool/docverify/outbox"
    public var stateDirectory = "/var/spool/docverify/state"
    /// Seconds a file's size and mtime must be stable before it is taken.
    public var settleSeconds = 2.0
    /// Seconds between full rescans of the inbox (inotify is only a hint).
    public var rescanIntervalSeconds = 60.0
    /// Attempts before a document that crashes or hangs the worker is quarantined.
    public var maxAttempts = 3
    /// Days originals stay in `state/done/` before they are purged.
    public var retentionDays = 30
    /// Seconds SIGTERM waits for documents in flight before leaving them for recovery.
    public var stopTimeoutSeconds = 20.0
    /// Put inbox file names into log lines (they often carry applicants' names: off by
    /// default; documents are then named by SHA-256 prefix and spool inode).
    public var logFileNames = false

    /// Per-policy overrides and extra policies, by name.
    public var policies: [String: Policy] = Policy.builtIn

    public init() {}

    /// The number of threads that read one document's pages: `page_readers`, or one per
    /// core (at most 4) when it is 0.
    public var effectivePageReaders: Int {
        pageReaders > 0 ? pageReaders : min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// The policy called `name`, or the configured default.
    public func policy(named name: String? = nil) -> Policy? {
        policies[name ?? policyName]
    }

    /// Reads a configuration file; unknown keys and wrong types are errors.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(reason: "cannot read configuration file \(path): \(error.localizedDescription)")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String = "configuration") throws(ConfigurationError) -> Configuration {
        let values: [String: TOML.Value]
        do {
            values = try TOML.parse(text)
        } catch {
            throw ConfigurationError(reason: "\(source) \(error)")
        }
        var config = Configuration()
        for key in values.keys.sorted() {
            let value = values[key]!
            func fail(_ expected: String) -> ConfigurationError {
                ConfigurationError(reason: "\(source): '\(key)' must be \(expected)")
            }
            func int() throws(ConfigurationError) -> Int {
                guard case .integer(let v) = value else { throw fail("an integer") }
                return try Self.checked(v, key: key, source: source)
            }
            func double() throws(ConfigurationError) -> Double {
                let v: Double
                switch value {
                case .integer(let i): v = Double(i)
                case .float(let f): v = f
                default: throw fail("a number")
                }
                return try Self.checked(v, key: key, source: source)
            }
            func string() throws(ConfigurationError) -> String {
                guard case .string(let v) = value else { throw fail("a string in quotes") }
                return v
            }
            func bool() throws(ConfigurationError) -> Bool {
                guard case .boolean(let v) = value else { throw fail("true or false") }
                return v
            }
            switch key {
            case "verify.policy": config.policyName = try string()
            case "verify.keys": config.keysDirectory = try string()
            case "verify.allow_test_keys": config.allowTestKeys = try bool()
            case "verify.max_size": config.maxSize = try int()
            case "verify.worker_timeout": config.workerTimeoutSeconds = try double()
            case "verify.worker_cpu_seconds": config.workerCPUSeconds = try int()
            case "verify.worker_memory_mib": config.workerMemoryMiB = try int()
            case "verify.workers": config.workers = try int()
            case "verify.worker_recycle_after": config.workerRecycleAfter = try int()
            case "verify.max_pages": config.maxPages = try int()
            case "verify.page_readers": config.pageReaders = try int()
            case "daemon.inbox": config.inbox = try string()
            case "daemon.outbox": config.outbox = try string()
            case "daemon.state": config.stateDirectory = try string()
            case "daemon.settle": config.settleSeconds = try double()
            case "daemon.rescan_interval": config.rescanIntervalSeconds = try double()
            case "daemon.max_attempts": config.maxAttempts = try int()
            case "daemon.retention_days": config.retentionDays = try int()
            case "daemon.stop_timeout": config.stopTimeoutSeconds = try double()
            case "daemon.log_file_names": config.logFileNames = try bool()
            default:
                let parts = key.split(separator: ".")
                guard parts.count == 3, parts[0] == "policy" else {
                    throw ConfigurationError(reason: "\(source): unknown setting '\(key)'")
                }
                let name = String(parts[1])
                var policy = config.policies[name] ?? Policy(name: name, minimumScore: 750)
                switch parts[2] {
                case "min_score": policy.minimumScore = try int()
                case "max_report_age_days": policy.maximumReportAgeDays = try int()
                case "max_statement_age_days": policy.maximumStatementAgeDays = try int()
                case "min_statement_period_days": policy.minimumStatementPeriodDays = try int()
                case "version": policy.version = try string()
                default: throw ConfigurationError(reason: "\(source): unknown policy setting '\(key)'")
                }
                config.policies[name] = policy
            }
        }
        guard config.policies[config.policyName] != nil else {
            throw ConfigurationError(reason: "\(source): verify.policy names an unknown policy '\(config.policyName)'")
        }
        return config
    }
}

extension Configuration {
    /// The values each numeric setting may take. A value that loads but breaks the service
    /// later (a timeout of 1e11 seconds that overflows a deadline, an infinity, a worker
    /// with 1 MiB that cannot even map poppler, zero attempts) is refused when the file is
    /// read, at start and on SIGHUP, naming the setting. Policy settings are keyed by their
    /// last part (`policy.<name>.min_score`).
    public static let ranges: [String: ClosedRange<Double>] = [
        "verify.max_size": 1...4_294_967_296,  // up to 4 GiB
        "verify.worker_timeout": 1...3600,
        "verify.worker_cpu_seconds": 1...3600,
        "verify.worker_memory_mib": 256...1_048_576,
        "verify.workers": 0...256,
        "verify.worker_recycle_after": 1...1_000_000,
        "verify.max_pages": 1...100_000,
        "verify.page_readers": 0...64,
        "daemon.settle": 0...3600,
        "daemon.rescan_interval": 1...86_400,
        "daemon.max_attempts": 1...100,
        "daemon.retention_days": 0...36_500,
        "daemon.stop_timeout": 0...3600,
        "min_score": 350...950,
        "max_report_age_days": 1...36_500,
        "max_statement_age_days": 1...36_500,
        "min_statement_period_days": 0...36_500,
    ]

    /// `value` if it lies in the range of `key` (and is finite), else an error naming both.
    public static func checked<Value: BinaryInteger>(_ value: Value, key: String, source: String) throws(ConfigurationError) -> Value {
        try check(Double(value), key: key, source: source)
        return value
    }

    public static func checked(_ value: Double, key: String, source: String) throws(ConfigurationError) -> Double {
        try check(value, key: key, source: source)
        return value
    }

    private static func check(_ value: Double, key: String, source: String) throws(ConfigurationError) {
        let rangeKey = key.hasPrefix("policy.") ? String(key.split(separator: ".").last ?? "") : key
        guard let range = ranges[rangeKey] else { return }
        guard value.isFinite, range.contains(value) else {
            throw ConfigurationError(
                reason:
                    "\(source): '\(key)' is \(value.isFinite ? Self.shown(value) : String(describing: value)); it must lie between \(Self.shown(range.lowerBound)) and \(Self.shown(range.upperBound))"
            )
        }
    }

    private static func shown(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A configuration that cannot be used, with the reason for the administrator.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension Configuration {
    /// Loads the configured trust store once to prove it is readable; the error names the
    /// problem. Returns how many anchors it holds (test anchors only when allowed).
    @discardableResult
    public func validateTrustStore() throws(ConfigurationError) -> Int {
        guard !keysDirectory.isEmpty else { return 0 }
        do {
            return try TrustStore.load(directory: keysDirectory, allowTestKeys: allowTestKeys).anchors.count
        } catch {
            throw ConfigurationError(reason: error.reason)
        }
    }

    /// Why the daemon must not run with this trust store, or nil: with no usable anchor every
    /// signed report would be judged against nothing (docs/sesame-report.md, "Trust store").
    public func trustStoreRefusal(anchors: Int) -> String? {
        guard anchors == 0 else { return nil }
        let place = keysDirectory.isEmpty ? "no trust store is configured (verify.keys)" : "the trust store \(keysDirectory) holds none"
        return
            "no trust anchors are installed: \(place)\(allowTestKeys ? "" : " (test- anchors count only with allow_test_keys)"); signed reports cannot be judged"
    }
}
