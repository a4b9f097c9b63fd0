import Logging
import Testing

@testable import DocVerify
@testable import DocVerifyCore

@Suite("Log lines")
struct LogEscapingTests {
    @Test("hostile names stay on one printable line", arguments: [
        "a\nb", "\u{1B}[31mred\u{1B}[0m", "tab\there", "-rf", "quote\"s", "back\\slash", "\u{202E}gnp.exe",
    ])
    func escape(name: String) {
        let escaped = PriorityLogHandler.escape(name)
        #expect(!escaped.contains("\n"))
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(!escaped.unicodeScalars.contains { $0.properties.generalCategory == .format })
    }

    @Test("priorities follow syslog")
    func priorities() {
        #expect(PriorityLogHandler.priority(.error) == 3)
        #expect(PriorityLogHandler.priority(.info) == 6)
        #expect(PriorityLogHandler.priority(.warning) == 4)
    }
}
