internal import Foundation

/// Finds `label: value` pairs in a text line, for the labels of ``SesameField``.
///
/// Rules (`sesame-report.md`, "Text layer"): a label is English, Chinese or both in
/// either order (`芝麻分 Sesame Score: 782`, `Name / 姓名：张伟`); the separator is `:` or
/// the full-width `：` (a cell boundary from ``SesameTextLines`` counts as one too); a
/// line may hold several fields side by side. A value ends at the next label that is
/// followed by a separator, or at the end of its cell. Matching is by label only, never
/// by position or by the rest of a generator's wording.
enum SesameFieldParser {
    struct Match: Equatable {
        var field: SesameField
        /// The value text, trimmed (the first cell after the separator).
        var value: String
    }

    /// Every field found in `line`, left to right.
    static func fields(in line: String) -> [Match] {
        // NFKC folds full-width forms: "：" → ":", "（" → "(", full-width digits → ASCII.
        let chars = Array(line.precomposedStringWithCompatibilityMapping)
        var starts: [(field: SesameField, labelStart: Int, valueStart: Int)] = []
        var index = 0
        while index < chars.count {
            if let group = labelGroup(chars, at: index) {
                if let valueStart = separator(chars, after: group.end) {
                    starts.append((group.field, index, valueStart))
                    index = valueStart
                    continue
                }
                index = group.end
                continue
            }
            index += 1
        }
        return starts.enumerated().map { offset, start in
            let end = offset + 1 < starts.count ? starts[offset + 1].labelStart : chars.count
            var value = chars[start.valueStart..<max(start.valueStart, end)]
            // Skip leading blanks and cell gaps, then keep the first cell.
            while let first = value.first, first == " " || first == SesameTextLines.cellSeparator { value = value.dropFirst() }
            if let gap = value.firstIndex(of: SesameTextLines.cellSeparator) { value = value[..<gap] }
            return Match(field: start.field, value: String(value).trimmingCharacters(in: .whitespaces))
        }
    }

    /// A run of labels of one field (`芝麻分 Sesame Score`, `Name / 姓名`, `姓名(Name)`).
    private static func labelGroup(_ chars: [Character], at start: Int) -> (field: SesameField, end: Int)? {
        guard let first = longestLabel(chars, at: start) else { return nil }
        var end = first.end
        while true {
            var probe = end
            while probe < chars.count, " /|(（".contains(chars[probe]) { probe += 1 }
            guard let next = longestLabel(chars, at: probe), next.field == first.field else { break }
            end = next.end
        }
        // A closing bracket of `姓名(Name)` belongs to the label.
        while end < chars.count, chars[end] == ")" || chars[end] == "）" { end += 1 }
        return (first.field, end)
    }

    /// The longest label starting exactly at `start`.
    private static func longestLabel(_ chars: [Character], at start: Int) -> (field: SesameField, end: Int)? {
        guard start < chars.count else { return nil }
        // English labels start at a word boundary.
        if start > 0, chars[start - 1].isLetter, chars[start - 1].isASCII, chars[start].isASCII { return nil }
        var best: (field: SesameField, end: Int)?
        for field in SesameField.allCases {
            for label in field.labels {
                guard let end = match(label, in: chars, at: start) else { continue }
                if end > (best?.end ?? -1) { best = (field, end) }
            }
        }
        return best
    }

    /// Where `label` ends when it occurs at `start`: case-insensitive for ASCII, one or more
    /// blanks for each blank of the label, optional blanks between CJK characters, and an
    /// English label must not run into a following letter (`Names` is not `Name`).
    private static func match(_ label: String, in chars: [Character], at start: Int) -> Int? {
        var position = start
        var previousWasCJK = false
        for character in label {
            if character == " " {
                guard position < chars.count, chars[position] == " " else { return nil }
                while position < chars.count, chars[position] == " " { position += 1 }
                previousWasCJK = false
                continue
            }
            if previousWasCJK && !character.isASCII {
                while position < chars.count, chars[position] == " " { position += 1 }
            }
            guard position < chars.count, fold(chars[position]) == fold(character) else { return nil }
            position += 1
            previousWasCJK = !character.isASCII
        }
        if let last = label.last, last.isASCII, last.isLetter, position < chars.count, chars[position].isASCII, chars[position].isLetter {
            return nil
        }
        return position
    }

    /// After a label: blanks, then `:` (NFKC-folded `：`) or a cell boundary. Returns where the value starts.
    private static func separator(_ chars: [Character], after end: Int) -> Int? {
        var position = end
        while position < chars.count, chars[position] == " " { position += 1 }
        guard position < chars.count else { return nil }
        if chars[position] == ":" { return position + 1 }
        if chars[position] == SesameTextLines.cellSeparator { return position + 1 }
        return nil
    }

    private static func fold(_ character: Character) -> Character {
        character.isASCII ? Character(character.lowercased()) : character
    }
}
