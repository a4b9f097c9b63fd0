/// Finds `label: value` pairs in a text line, for the labels of ``SesameField``.
///
/// Rules (`docs/sesame-report.md`, "Text layer"): a label is English, Chinese or both in
/// either order (`芝麻分 Sesame Score: 782`, `Name / 姓名：张伟`); the separator is `:` or
/// the full-width `：` (a cell boundary from ``SesameTextLines`` counts as one too); a
/// line may hold several fields side by side. A value ends at the next label that is
/// followed by a separator, or at the end of its cell. Matching is by label only, never
/// by position or by the rest of a generator's wording.
///
/// Works on Unicode scalars with full-width forms folded to ASCII (`：` → `:`, `（` → `(`,
/// full-width digits and letters) and ASCII letters compared case-insensitively.
enum SesameFieldParser {
    struct Match: Equatable {
        var field: SesameField
        /// The value text, trimmed (the first cell after the separator).
        var value: String
    }

    private typealias Scalars = [UInt32]

    private static let space: UInt32 = 0x20
    private static let tab = UInt32(SesameTextLines.cellSeparator.unicodeScalars.first!.value)
    private static let colon: UInt32 = 0x3A

    /// Every label, folded, with its field, grouped by first scalar.
    private static let labelsByFirst: [UInt32: [(field: SesameField, label: Scalars)]] = {
        var table: [UInt32: [(field: SesameField, label: Scalars)]] = [:]
        for field in SesameField.allCases {
            for label in field.labels {
                let folded = widthFolded(label).map(lowercased)
                table[folded[0], default: []].append((field, folded))
            }
        }
        return table
    }()

    /// Every field found in `line`, left to right.
    static func fields(in line: String) -> [Match] {
        let original = widthFolded(line)
        let chars = original.map(lowercased)
        var starts: [(field: SesameField, labelStart: Int, valueStart: Int)] = []
        var index = 0
        while index < chars.count {
            if let group = labelGroup(chars, at: index) {
                if let valueStart = separator(chars, after: group.end) {
                    starts.append((group.field, index, valueStart))
                    index = valueStart
                } else {
                    index = group.end
                }
                continue
            }
            index += 1
        }
        return starts.enumerated().map { offset, start in
            let end = offset + 1 < starts.count ? starts[offset + 1].labelStart : chars.count
            var lower = start.valueStart
            var upper = max(lower, end)
            // Skip leading blanks and cell gaps, then keep the first cell.
            while lower < upper, chars[lower] == space || chars[lower] == tab { lower += 1 }
            if let gap = chars[lower..<upper].firstIndex(of: tab) { upper = gap }
            while upper > lower, chars[upper - 1] == space { upper -= 1 }
            var value = String.UnicodeScalarView()
            for scalar in original[lower..<upper] { value.append(Unicode.Scalar(scalar)!) }
            return Match(field: start.field, value: String(value))
        }
    }

    /// A run of labels of one field (`芝麻分 Sesame Score`, `Name / 姓名`, `姓名(Name)`).
    private static func labelGroup(_ chars: Scalars, at start: Int) -> (field: SesameField, end: Int)? {
        guard let first = longestLabel(chars, at: start) else { return nil }
        var end = first.end
        while true {
            var probe = end
            // Blanks, '/', '|', '(' between a label and its translation.
            while probe < chars.count, [space, 0x2F, 0x7C, 0x28].contains(chars[probe]) { probe += 1 }
            guard let next = longestLabel(chars, at: probe), next.field == first.field else { break }
            end = next.end
        }
        // A closing bracket of `姓名(Name)` belongs to the label.
        while end < chars.count, chars[end] == 0x29 { end += 1 }
        return (first.field, end)
    }

    /// The longest label starting exactly at `start`.
    private static func longestLabel(_ chars: Scalars, at start: Int) -> (field: SesameField, end: Int)? {
        guard start < chars.count, let candidates = labelsByFirst[chars[start]] else { return nil }
        // English labels start at a word boundary.
        if start > 0, isASCIILetter(chars[start - 1]), chars[start] < 0x80 { return nil }
        var best: (field: SesameField, end: Int)?
        for candidate in candidates {
            guard let end = match(candidate.label, in: chars, at: start) else { continue }
            if end > (best?.end ?? -1) { best = (candidate.field, end) }
        }
        return best
    }

    /// Where `label` ends when it occurs at `start`: one or more blanks for each blank of
    /// the label, optional blanks between CJK characters, and an English label must not
    /// run into a following letter (`Names` is not `Name`).
    private static func match(_ label: Scalars, in chars: Scalars, at start: Int) -> Int? {
        var position = start
        var previousWasWide = false
        for scalar in label {
            if scalar == space {
                guard position < chars.count, chars[position] == space else { return nil }
                while position < chars.count, chars[position] == space { position += 1 }
                previousWasWide = false
                continue
            }
            if previousWasWide && scalar >= 0x80 {
                while position < chars.count, chars[position] == space { position += 1 }
            }
            guard position < chars.count, chars[position] == scalar else { return nil }
            position += 1
            previousWasWide = scalar >= 0x80
        }
        if let last = label.last, isASCIILetter(last), position < chars.count, isASCIILetter(chars[position]) {
            return nil
        }
        return position
    }

    /// After a label: blanks, then `:` or a cell boundary. Returns where the value starts.
    private static func separator(_ chars: Scalars, after end: Int) -> Int? {
        var position = end
        while position < chars.count, chars[position] == space { position += 1 }
        guard position < chars.count, chars[position] == colon || chars[position] == tab else { return nil }
        return position + 1
    }

    private static func isASCIILetter(_ scalar: UInt32) -> Bool {
        (0x41...0x5A).contains(scalar) || (0x61...0x7A).contains(scalar)
    }

    /// Scalars with full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space folded to ASCII.
    private static func widthFolded(_ text: String) -> Scalars {
        text.unicodeScalars.map { scalar in
            let value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { return value - 0xFEE0 }
            if value == 0x3000 || value == 0xA0 { return 0x20 }
            return value
        }
    }

    private static func lowercased(_ scalar: UInt32) -> UInt32 {
        (0x41...0x5A).contains(scalar) ? scalar + 0x20 : scalar
    }
}
