import ArgumentParser
import DocVerify
import DocVerifyDaemon

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch an inbox, judge each document, publish verdicts in an outbox.",
        discussion: """
            Example:
              docverify watch --inbox /var/spool/docverify/inbox --outbox /var/spool/docverify/outbox \\
                --state /var/spool/docverify/state --config /etc/docverify/docverify.toml
            """
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        throw ValidationError("watch is not implemented yet")
    }
}
