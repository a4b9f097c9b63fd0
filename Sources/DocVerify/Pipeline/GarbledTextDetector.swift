public import DocPDF

/// Tells a text layer that cannot be read from one that can, from evidence a clerk can be
/// told (`TEXT_LAYER_GARBLED`).
///
/// A font without a usable Unicode map makes the reader return glyph codes instead of
/// letters. Two ways this shows, both measured over the pages the classifier reads:
///
/// - **Unreadable characters**: control codes, private-use code points, U+FFFD and
///   unassigned code points make up a tenth or more of the characters (a subset font whose
///   `/ToUnicode` is missing gives its glyph numbers, 1, 2, 3 …).
/// - **Shifted letters**: a map that is off by some code points (a real Postbank statement
///   reads `hontoauszugW mostbank diro` for `Kontoauszug: Postbank Giro`, its digits as the
///   letters M–V) leaves letters, but a tenth or more of the words are neither words nor
///   numbers (a lower-case letter before a capital inside a word, letters and digits mixed)
///   while under 5 % of the characters are digits — on a statement, where dates and amounts
///   make a fifth to two fifths of the text. A quarter or more odd words is junk whatever the
///   digits (a subset font numbering its glyphs by first use from `!` gives `!"#$"%&'(&)*` for
///   `Kontoauszug:`, digits among them).
///
/// Words are what white space delimits; a word of punctuation alone counts only when it is
/// four or more characters of three kinds or more (glyph codes), never a dash or a rule.
///
/// Text that is merely foreign is readable: Chinese, Japanese, Arabic (letters without case),
/// accented Latin, Greek and Cyrillic count as words. A document with little text (under 200
/// characters) is never judged: there is too little to tell.
public enum GarbledTextDetector {
    /// What was measured, for the finding's message and evidence.
    public struct Assessment: Sendable, Equatable {
        /// How many pages were examined (the first ones, with or without text).
        public var pages: Int
        /// Characters other than white space.
        public var characters: Int
        /// Of ``characters``: control, private-use, replacement and unassigned code points.
        public var unreadableCharacters: Int
        /// Of ``characters``: decimal digits.
        public var digits: Int
        /// Words holding a letter, a digit or an unreadable character.
        public var words: Int
        /// Of ``words``: neither a word nor a number nor a code.
        public var oddWords: Int

        public var unreadableShare: Double { characters == 0 ? 0 : Double(unreadableCharacters) / Double(characters) }
        public var digitShare: Double { characters == 0 ? 0 : Double(digits) / Double(characters) }
        public var oddWordShare: Double { words == 0 ? 0 : Double(oddWords) / Double(words) }

        /// Whether the text layer is glyph codes rather than text (see ``GarbledTextDetector``).
        public var isGarbled: Bool {
            guard characters >= GarbledTextDetector.minimumCharacters else { return false }
            if unreadableShare >= GarbledTextDetector.unreadableThreshold { return true }
            guard words >= GarbledTextDetector.minimumWords else { return false }
            return oddWordShare >= GarbledTextDetector.junkWordThreshold
                || (oddWordShare >= GarbledTextDetector.oddWordThreshold && digitShare < GarbledTextDetector.digitCeiling)
        }
    }

    static let minimumCharacters = 200
    static let minimumWords = 50
    static let unreadableThreshold = 0.10
    static let oddWordThreshold = 0.10
    static let junkWordThreshold = 0.25
    static let digitCeiling = 0.05

    /// The measurements over `pages` (the first pages of a document).
    public static func assess(_ pages: some Collection<PDFPageText>) -> Assessment {
        var result = Assessment(pages: pages.count, characters: 0, unreadableCharacters: 0, digits: 0, words: 0, oddWords: 0)
        for page in pages {
            // The positioned words where there are any: the reading-order text runs a table's
            // cells together (`03/08/2026Salaire`), the layout's words do not.
            let texts = page.words.isEmpty ? [page.text] : page.words.map(\.text)
            for word in texts.lazy.flatMap({ $0.unicodeScalars.split(whereSeparator: isSpace) }) {
                var unreadable = 0
                for scalar in word {
                    result.characters += 1
                    if isUnreadable(scalar) {
                        unreadable += 1
                    } else if scalar.properties.numericType == .decimal {
                        result.digits += 1
                    }
                }
                result.unreadableCharacters += unreadable
                if unreadable == 0 && !word.contains(where: isAlphanumeric) {
                    // Punctuation and symbols alone: a dash, a currency sign, `(£)`, a rule of
                    // dots are not words; four or more of three kinds (`%&'(`) are glyph codes.
                    guard isSymbolJunk(word) else { continue }
                    result.words += 1
                    result.oddWords += 1
                    continue
                }
                result.words += 1
                if unreadable > 0 || !isPlausible(word) { result.oddWords += 1 }
            }
        }
        return result
    }

    /// The assessment, when the text layer is garbled; `nil` when it reads as text.
    public static func garbled(_ pages: some Collection<PDFPageText>) -> Assessment? {
        let assessment = assess(pages)
        return assessment.isGarbled ? assessment : nil
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar == "\u{0C}"
    }

    /// Control codes (other than white space), private use, U+FFFD, unassigned.
    static func isUnreadable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .privateUse, .unassigned, .surrogate: return true
        default: return scalar == "\u{FFFD}" || scalar.properties.isNoncharacterCodePoint
        }
    }

    /// Four or more punctuation or symbol characters of at least three kinds.
    static func isSymbolJunk(_ word: Substring.UnicodeScalarView) -> Bool {
        var kinds: Set<Unicode.Scalar> = []
        var count = 0
        for scalar in word {
            count += 1
            kinds.insert(scalar)
        }
        return count >= 4 && kinds.count >= 3
    }

    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        shape(scalar) != nil
    }

    /// The shape of a word's character: `U` upper (or title) case, `l` lower case, `o` a
    /// letter without case (CJK, Arabic, Thai …), `d` a digit, `m` a combining mark; `nil`
    /// for punctuation and symbols.
    static func shape(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return UInt8(ascii: "U")
        case .lowercaseLetter: return UInt8(ascii: "l")
        case .otherLetter, .modifierLetter: return UInt8(ascii: "o")
        case .decimalNumber: return UInt8(ascii: "d")
        case .nonspacingMark, .spacingMark, .enclosingMark: return UInt8(ascii: "m")
        default: return nil
        }
    }

    /// Whether a white-space-delimited word reads as text: each run of letters and digits
    /// between punctuation is a number, a code (capitals and digits), a word in lower case,
    /// Capitalised, in capitals or with one inner capital (`McDonald`, `eBay`), a number with
    /// a letter suffix or prefix (`1st`, `10am`), or letters without case. Mail and web
    /// addresses are text.
    static func isPlausible(_ word: Substring.UnicodeScalarView) -> Bool {
        if word.contains("@") { return true }
        let string = String(word).lowercased()
        if string.hasPrefix("www.") || string.contains("://") { return true }
        // Words and numbers hold stops, commas, dashes, slashes, brackets, quotes, masking
        // stars, typographic and full-width punctuation (`：（）`), and at most one other kind
        // of ASCII sign or symbol (`S$22.00`, `AP#123`, `HKD→USD`); glyph codes hold many.
        var signs: Set<Unicode.Scalar> = []
        for scalar in word where shape(scalar) == nil && isSign(scalar) { signs.insert(scalar) }
        if signs.count >= 2 { return false }
        var run: [UInt8] = []
        for scalar in word {
            if let s = shape(scalar) {
                if s != UInt8(ascii: "m") { run.append(s) }
            } else {
                if !isPlausibleRun(run) { return false }
                run.removeAll(keepingCapacity: true)
            }
        }
        return isPlausibleRun(run)
    }

    static let ordinaryPunctuation: Set<Unicode.Scalar> = [
        ".", ",", "-", "/", ":", ";", "(", ")", "[", "]", "'", "\"", "!", "?", "*", "_",
    ]

    /// An ASCII sign other than ordinary punctuation, or a symbol (currency, maths, arrows).
    static func isSign(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return !ordinaryPunctuation.contains(scalar) }
        switch scalar.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }

    static func isPlausibleRun(_ run: [UInt8]) -> Bool {
        let upper = UInt8(ascii: "U"), lower = UInt8(ascii: "l"), other = UInt8(ascii: "o"), digit = UInt8(ascii: "d")
        guard !run.isEmpty, !run.contains(other) else { return true }
        if !run.contains(lower) { return true }  // digits, capitals, codes
        if run.contains(digit) {
            // Lower-case letters with digits: only a number with a suffix or prefix (1st, 10am, v2).
            let letters = run.filter { $0 != digit }
            guard letters.allSatisfy({ $0 == lower }) else { return false }
            let firstDigit = run.firstIndex(of: digit)!, lastDigit = run.lastIndex(of: digit)!
            let digitsContiguous = run[firstDigit...lastDigit].allSatisfy { $0 == digit }
            return digitsContiguous && (firstDigit == 0 || lastDigit == run.count - 1)
        }
        // Letters only: lower, Capitalised, or one inner capital starting a lower-case tail.
        var capitalsAfterStart = 0
        for (index, s) in run.enumerated() where s == upper && index > 0 {
            // An inner capital must start a lower-case tail (McDonald, eBay), not end a word.
            guard index + 1 < run.count, run[index + 1] == lower, run[index - 1] == lower else { return false }
            capitalsAfterStart += 1
        }
        return capitalsAfterStart <= 1
    }
}
