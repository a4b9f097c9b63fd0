import Logging
import Testing

@testable import DocVerify
@testable import DocVerifyCore

@Suite("Log lines")
struct LogEscapingTests {
    @Test(
        "hostile names stay on one printable line",
        arguments: [
            "a\nb", "\u{1B}[31mred\u{1B}[0m", "tab\there", "-rf", "quote\"s", "back\\slash", "\u{202E}gnp.exe",
        ])
    func escape(name: String) {
        let escaped = PriorityLogHandler.escape(name)
        #expect(!escaped.contains("\n"))
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(!escaped.unicodeScalars.contains { $0.properties.generalCategory == .format })
    }

    @Test(
        "text for a person: controls and format characters shown as escapes, the rest kept",
        arguments: [
            ("plain.pdf", "plain.pdf"),
            ("张伟-芝麻信用.pdf", "张伟-芝麻信用.pdf"),
            ("a\u{1B}[31mb", "a\\u{1b}[31mb"),
            ("x\ry", "x\\u{d}y"),
            ("bs\u{08}", "bs\\u{8}"),
            ("\u{202E}fdp", "\\u{202e}fdp"),
            ("c1\u{9B}", "c1\\u{9b}"),
            ("back\\u{1b}slash", "back\\\\u{1b}slash"),
        ])
    func printable(input: String, shown: String) {
        #expect(PrintableText.escape(input) == shown)
    }

    @Test("priorities follow syslog")
    func priorities() {
        #expect(PriorityLogHandler.priority(.error) == 3)
        #expect(PriorityLogHandler.priority(.info) == 6)
        #expect(PriorityLogHandler.priority(.warning) == 4)
    }
}
