/// Finding label phrases in a line of text by bytes: the statement reader looks for a
/// hundred-odd labels on every line, and Foundation's `range(of:)` is too slow for that.
enum PhraseSearch {
    /// A label, lower-cased, as UTF-8.
    struct Phrase: Sendable {
        var text: String
        var bytes: [UInt8]
        /// Latin labels must not touch a letter or digit on either side; CJK labels run into
        /// their neighbours (Chinese has no spaces).
        var needsBoundary: Bool

        init(_ text: String) {
            self.text = text
            self.bytes = Array(text.utf8)
            self.needsBoundary = text.unicodeScalars.first.map { $0.value < 0x2E80 } ?? true
        }
    }

    /// Byte offsets where `phrase` starts in `haystack`, respecting its boundary rule.
    static func occurrences(of phrase: Phrase, in haystack: [UInt8]) -> [Int] {
        let needle = phrase.bytes
        guard let first = needle.first, needle.count <= haystack.count else { return [] }
        var out: [Int] = []
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count {
                    if !phrase.needsBoundary
                        || ((i == 0 || !isWordByte(haystack[i - 1]))
                            && (i + needle.count == haystack.count || !isWordByte(haystack[i + needle.count])))
                    {
                        out.append(i)
                    }
                }
            }
            i += 1
        }
        return out
    }

    static func contains(_ phrases: [Phrase], in haystack: [UInt8]) -> Bool {
        phrases.contains { !occurrences(of: $0, in: haystack).isEmpty }
    }

    /// ASCII letters and digits, and any byte of a multi-byte character (accented letters).
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
    }
}
