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

        /// Whether the phrase occurs at `offset` in `haystack`, respecting its boundary rule.
        func matches(_ haystack: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
            guard offset + bytes.count <= haystack.count else { return false }
            for k in bytes.indices where haystack[offset + k] != bytes[k] { return false }
            guard needsBoundary else { return true }
            let end = offset + bytes.count
            return (offset == 0 || !PhraseSearch.isWordByte(haystack[offset - 1]))
                && (end == haystack.count || !PhraseSearch.isWordByte(haystack[end]))
        }
    }

    /// Many phrases searched in one pass over a line: each byte of the line is compared
    /// only with the phrases that start with it.
    struct PhraseSet: Sendable {
        let phrases: [Phrase]
        /// For each first byte, the indices of the phrases starting with it.
        private let byFirstByte: [[Int]]

        init(_ phrases: [Phrase]) {
            self.phrases = phrases
            var buckets = [[Int]](repeating: [], count: 256)
            for (index, phrase) in phrases.enumerated() {
                if let first = phrase.bytes.first { buckets[Int(first)].append(index) }
            }
            byFirstByte = buckets
        }

        init(_ texts: [String]) { self.init(texts.map(Phrase.init)) }

        /// Plain substrings: every phrase matches wherever its bytes occur, boundaries or not.
        init(substrings texts: [String]) {
            self.init(
                texts.map {
                    var phrase = Phrase($0)
                    phrase.needsBoundary = false
                    return phrase
                }
            )
        }

        /// Every occurrence as (phrase index, byte offset), by offset.
        func occurrences(in haystack: [UInt8]) -> [(phrase: Int, offset: Int)] {
            var out: [(phrase: Int, offset: Int)] = []
            haystack.withUnsafeBufferPointer { buffer in
                for offset in buffer.indices {
                    for index in byFirstByte[Int(buffer[offset])] where phrases[index].matches(buffer, at: offset) {
                        out.append((index, offset))
                    }
                }
            }
            return out
        }

        /// The phrases that occur in `haystack`, in the order they are listed.
        func found(in haystack: [UInt8]) -> [String] {
            let present = Set(occurrences(in: haystack).map(\.phrase))
            return phrases.indices.filter(present.contains).map { phrases[$0].text }
        }

        /// Whether any phrase occurs in `haystack`.
        func occurs(in haystack: [UInt8]) -> Bool {
            haystack.withUnsafeBufferPointer { buffer in
                for offset in buffer.indices {
                    for index in byFirstByte[Int(buffer[offset])] where phrases[index].matches(buffer, at: offset) {
                        return true
                    }
                }
                return false
            }
        }
    }

    /// ASCII letters and digits, and any byte of a multi-byte character (accented letters).
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
    }
}
