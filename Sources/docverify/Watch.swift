import ArgumentParser
import DocVerifyCore
import DocVerifyDaemon
import Foundation
import Logging

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch an inbox, judge each document, publish verdicts in an outbox.",
        discussion: """
            Runs until SIGTERM (systemd Type=notify; SIGHUP reloads the configuration and trust store).
            Folders default to the [daemon] section of the configuration file; the flags override it.
            Exit status: 0 after a clean stop; 64 usage error; 78 the folders cannot be used, or the
            trust store holds no anchor (signed reports could not be judged).

            Examples:
              docverify watch --config /etc/docverify/docverify.toml
              docverify watch --inbox /srv/dv/inbox --outbox /srv/dv/outbox --state /srv/dv/state --workers 2
              docverify watch --inbox spool/inbox --outbox spool/outbox --state spool/state --exit-when-idle
            """
    )

    @Option(name: .long, help: ArgumentHelp("Folder clerks drop documents into.", valueName: "DIR"))
    var inbox: String?

    @Option(name: .long, help: ArgumentHelp("Folder verdicts are published in.", valueName: "DIR"))
    var outbox: String?

    @Option(name: .long, help: ArgumentHelp("The daemon's own folder (work, done, quarantine); same filesystem as the inbox.", valueName: "DIR"))
    var state: String?

    @Flag(name: .long, help: "Judge what is in the inbox, then exit (batch runs and the demo).")
    var exitWhenIdle = false

    @OptionGroup var common: CommonOptions

    /// The configuration file, the common flags and this command's folder flags, in that order.
    func loadConfiguration() throws -> Configuration {
        var configuration = try common.resolvedConfiguration()
        if let inbox { configuration.inbox = inbox }
        if let outbox { configuration.outbox = outbox }
        if let state { configuration.stateDirectory = state }
        return configuration
    }

    func run() throws {
        let configuration = try loadConfiguration()
        let anchors = try Setup.checkTrustStore(configuration)
        let logger = Logger(label: "docverify") { PriorityLogHandler(label: $0) }
        // As clamd refuses to run without its database: judging signed reports against no
        // anchor would call every genuine one untrusted.
        if let refusal = configuration.trustStoreRefusal(anchors: anchors) {
            logger.critical("cannot start: \(refusal)")
            throw ExitCode(Daemon.configurationErrorStatus)
        }
        let status = Daemon.run(
            paths: SpoolPaths(inbox: configuration.inbox, outbox: configuration.outbox, state: configuration.stateDirectory),
            configuration: configuration,
            exitWhenIdle: exitWhenIdle,
            logger: logger,
            reload: loadConfiguration
        )
        if status != 0 { throw ExitCode(status) }
    }
}
