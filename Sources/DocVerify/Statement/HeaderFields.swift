internal import DocPDF
internal import Foundation

/// The fields a statement prints around its table, found by their labels (`Label: value`).
public struct StatementHeader: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        case accountHolder, accountNumber, cardNumber, iban, bic, currency, period, openingBalance, closingBalance
        case issueDate, idNumber, totalDebits, totalCredits, bankName
        /// A payment due date (cards): read so that it ends the value of the label before it.
        case dueDate

        /// Whether a value of this field always holds digits (an amount or a date).
        var needsDigits: Bool {
            switch self {
            case .openingBalance, .closingBalance, .totalDebits, .totalCredits, .period, .issueDate, .dueDate: true
            default: false
            }
        }
    }

    /// One field as printed, with the page it was read from.
    public struct Value: Sendable, Equatable {
        public var text: String
        public var page: Int
    }

    public var values: [Field: Value] = [:]
    /// How the statement writes `NN/NN/YYYY` dates (its header dates follow its rows).
    public var slashOrder: DateParser.SlashOrder = .dayFirst

    public init() {}

    public subscript(field: Field) -> Value? { values[field] }

    /// The period's first and last day, when the period field holds two dates.
    public var period: (start: CivilDate, end: CivilDate)? {
        guard let text = values[.period]?.text else { return nil }
        let dates = Self.rangeDates(text, slashOrder: slashOrder)
        guard dates.count >= 2 else { return nil }
        return (min(dates[0], dates[1]), max(dates[0], dates[1]))
    }

    /// The labelled header dates (period, issue date) that are not calendar dates.
    public var impossibleDates: [String] {
        var out: [String] = []
        for field in [Field.period, .issueDate] {
            guard let text = values[field]?.text else { continue }
            for item in DateParser.scan(text, slashOrder: slashOrder) {
                if case .impossible(let t) = item.token, !out.contains(t) { out.append(t) }
            }
        }
        return out
    }

    public var issueDate: CivilDate? {
        guard let text = values[.issueDate]?.text else { return nil }
        for item in DateParser.scan(text, slashOrder: slashOrder) { if case .date(let d) = item.token { return d } }
        return Self.wordDates(text).first
    }

    /// Words that join the two ends of a date range.
    static let rangeWords = PhraseSearch.PhraseSet([
        "to", "-", "–", "—", "bis", "au", "至", "~", "until", "t/m", "tot", "hasta", "al", "till", "through",
    ])

    /// The whole dates of a field's text: numeric ones, else ones written with words or spaces.
    static func rangeDates(_ text: String, slashOrder: DateParser.SlashOrder = .dayFirst) -> [CivilDate] {
        let dates = DateParser.scan(text, slashOrder: slashOrder).compactMap { item -> CivilDate? in
            if case .date(let d) = item.token { return d }
            return nil
        }
        return dates.count >= 2 ? dates : wordDates(text)
    }

    /// Whole dates written with words or spaces (`16 Nov 2025`, `3. März 2026`, `23 / 06 / 2025`), in order.
    static func wordDates(_ text: String) -> [CivilDate] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).map(String.init)
        var out: [CivilDate] = []
        var i = 0
        while i < words.count {
            if let cell = DateCellParser.parse(Array(words[i..<min(words.count, i + 5)])), let year = cell.year,
                let date = CivilDate(year: year, month: cell.month, day: cell.day)
            {
                out.append(date)
                i += cell.wordCount
            } else {
                i += 1
            }
        }
        return out
    }

    /// A money field (opening, closing, totals): the first amount in its text.
    public func amount(_ field: Field) -> Money? {
        guard let text = values[field]?.text else { return nil }
        if let whole = AmountParser.parse(text) { return whole.value }
        let parts = text.split(separator: " ")
        for length in stride(from: min(3, parts.count), through: 1, by: -1) {
            for start in 0...(parts.count - length) {
                let candidate = parts[start..<(start + length)].joined(separator: " ")
                if let parsed = AmountParser.parse(candidate) { return parsed.value }
            }
        }
        return nil
    }
}

/// Finds `Label: value` pairs in lines of text. A line may hold several pairs; a value runs
/// to the next label on the same line.
enum HeaderFieldReader {
    struct Label: Sendable {
        var field: StatementHeader.Field
        var text: String
        var phrase: PhraseSearch.Phrase
        /// Generic words (`Name`, `Period`) count as labels only when a colon follows.
        var requiresColon: Bool
    }

    static let labels: [Label] = {
        func make(_ field: StatementHeader.Field, _ texts: [String], colon: Bool = false) -> [Label] {
            texts.map { Label(field: field, text: $0, phrase: PhraseSearch.Phrase($0), requiresColon: colon) }
        }
        return make(
            .accountHolder,
            [
                "account holder", "account name", "customer name", "户名", "户 名", "客户姓名", "客户名称", "账户名称",
                "kontoinhaber", "inhaber", "titulaire du compte", "titulaire", "intestatario", "titular", "戶口持有人", "客戶名稱",
                "rekeninghouder", "姓名",
            ]) + make(.accountHolder, ["name", "nom"], colon: true)
            + make(
                .accountNumber,
                [
                    "account no.", "account no", "account number", "a/c no", "账号", "帐号", "kontonummer", "konto-nr.",
                    "konto nr.", "numéro de compte", "n° de compte", "numero conto", "戶口號碼", "户口号码", "帳號", "rekeningnummer",
                    "número de cuenta", "支付宝账户", "微信号",
                ])
            + make(.cardNumber, ["card no.", "card no", "card number", "卡号", "kartennummer", "numéro de carte"])
            + make(.iban, ["iban"])
            + make(.bic, ["bic/swift", "swift/bic", "bic code", "swift code", "bic", "swift"])
            + make(.currency, ["currency", "币种", "货币", "币别", "währung", "devise", "valuta"], colon: true)
            + make(
                .period,
                [
                    "statement period", "起止日期", "查询期间", "交易区间", "查询区间", "auszugszeitraum", "zeitraum",
                    "période du relevé", "période", "periodo", "結單期間", "结单期间", "交易時段", "statement from", "periode",
                    "overzicht van", "for the period", "period covered", "transactions from", "起讫日期", "查询时间", "交易时间段", "账单周期",
                    "起始时间",
                ]) + make(.period, ["period"], colon: true)
            + make(
                .openingBalance,
                [
                    "opening balance", "期初余额", "上期余额", "anfangssaldo", "alter kontostand", "solde initial",
                    "ancien solde", "saldo iniziale", "previous balance", "alter saldo", "beginsaldo", "上期結餘", "期初結餘",
                    "saldo inicial", "opening bal", "previous statement balance",
                ])
            + make(
                .closingBalance,
                [
                    "closing balance", "期末余额", "本期余额", "endsaldo", "neuer kontostand", "solde final", "nouveau solde",
                    "saldo finale", "neuer saldo", "eindsaldo", "期末結餘", "本期結餘", "saldo final", "closing bal", "total dues",
                    "total amount due", "new balance", "balance due", "本期应还金额", "本期應繳金額",
                ])
            + make(
                .issueDate,
                [
                    "issue date", "date of issue", "issued on", "print date", "printed on", "打印日期", "出具日期", "打印时间",
                    "申请时间", "ausstellungsdatum", "erstellt am", "date d'émission", "date d'édition", "édité le",
                    "data di emissione", "statement date", "結單日期", "结单日期", "datum afschrift", "fecha de emisión", "出具时间",
                    "开具日期", "开具时间", "生成时间", "date du relevé",
                ])
            + make(.idNumber, ["身份证号码", "身份证号", "证件号码", "证件号", "id number", "id no.", "id no"])
            + make(
                .totalDebits,
                [
                    "total debits", "total withdrawals", "total paid out", "支出合计", "借方合计", "summe soll", "summe belastungen",
                    "total débits", "total des débits", "total cargos", "totaal af",
                    "totaal afgeschreven", "jumlah debit", "summe zahlungsausgänge", "summe ausgänge", "summe lastschriften",
                ])
            + make(
                .totalCredits,
                [
                    "total credits", "total deposits", "total paid in", "收入合计", "贷方合计", "summe haben",
                    "summe gutschriften", "total crédits", "total des crédits",
                    "total abonos", "totaal bij", "totaal bijgeschreven", "jumlah kredit", "summe zahlungseingänge", "summe eingänge",
                ])
            + make(.bankName, ["bank name", "开户行", "开户网点", "开户机构"], colon: true)
            + make(
                .dueDate,
                [
                    "payment due date", "due date", "到期还款日", "最后还款日", "tarikh akhir bayaran", "date d'échéance", "fälligkeitsdatum",
                ])
    }()

    static let phrases = PhraseSearch.PhraseSet(labels.map(\.phrase))

    struct Match {
        var label: Label
        /// The label's place in ``labels``: among equal matches the one listed first wins.
        var index: Int
        /// UTF-8 offsets of the label in the line.
        var start: Int
        var end: Int
    }

    /// The label/value pairs of one line, in order.
    static func pairs(in line: String) -> [(field: StatementHeader.Field, value: String)] {
        let lowered = line.lowercased()
        // Lower-casing keeps byte offsets only when it keeps the length; otherwise match on the line as printed.
        let haystack = Array(lowered.utf8.count == line.utf8.count ? lowered.utf8 : line.utf8)
        let lineBytes = Array(line.utf8)
        var matches: [Match] = []
        for (index, start) in phrases.occurrences(in: haystack) {
            let label = labels[index]
            let end = start + label.phrase.bytes.count
            var k = end
            while k < haystack.count && haystack[k] == 0x20 { k += 1 }
            let hasColon = k < haystack.count && (haystack[k] == 0x3A || haystack.starts(with: [0xEF, 0xBC, 0x9A], at: k))
            if label.requiresColon && !hasColon { continue }
            matches.append(Match(label: label, index: index, start: start, end: end))
        }
        // Longest match wins where matches overlap.
        matches.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end - a.start != b.end - b.start { return a.end - a.start > b.end - b.start }
            return a.index < b.index
        }
        var kept: [Match] = []
        for m in matches {
            if let last = kept.last, m.start < last.end { continue }
            kept.append(m)
        }
        var out: [(StatementHeader.Field, String)] = []
        for (i, m) in kept.enumerated() {
            let end = i + 1 < kept.count ? kept[i + 1].start : lineBytes.count
            let raw = String(decoding: lineBytes[m.end..<end], as: UTF8.self)
            var value = raw.trimmingCharacters(in: CharacterSet(charactersIn: " :：\u{00A0}"))
            // A bilingual label (`Account Number / Nombor Akaun : 712-…`): the value follows the
            // second language's label.
            if value.hasPrefix("/"), let colon = value.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                value = value[value.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " :：\u{00A0}"))
            }
            // Money and date fields hold digits; a label followed by more labels (a box's
            // heading row) has its value under it, read by `valuesUnder`.
            if m.label.field.needsDigits && !value.containsASCIIDigit { continue }
            if !value.isEmpty { out.append((m.label.field, value)) }
        }
        return out
    }

    /// One line's pairs and its page.
    struct LinePairs: Sendable {
        var page: Int
        var pairs: [(field: StatementHeader.Field, value: String)]

        init(_ line: TextLine) {
            page = line.page
            pairs = HeaderFieldReader.pairs(in: line.text)
        }
    }

    /// The header fields of lines outside the tables: `Label: value` on one line, or a row of
    /// labels with their values printed under them (a grid of header fields).
    static func read(lines: [TextLine], slashOrder: DateParser.SlashOrder = .dayFirst) -> StatementHeader {
        var pairs: [LinePairs] = []
        // The first value of a field wins: a line whose labels were all read on an earlier line
        // (the header block every page repeats) need not be read again.
        var seen = Set<StatementHeader.Field>()
        for (index, line) in lines.enumerated() {
            let named = Set(phrases.occurrences(in: Array(line.text.lowercased().utf8)).map { labels[$0.phrase].field })
            let digitWords = line.words.filter(\.text.containsASCIIDigit).count
            if !named.isEmpty, named.isSubset(of: seen), digitWords > 0 { continue }
            var linePairs = LinePairs(line)
            // A row of labels holds no figures; its values below do.
            if index + 1 < lines.count, digitWords <= 1 {
                let below = lines[index + 1]
                let gap = below.box.y0 - line.box.y1
                if below.page == line.page, gap >= -1, gap < max(line.box.height, 4) * 1.8 {
                    linePairs.pairs += valuesUnder(line, below: below, known: Set(linePairs.pairs.map(\.field)))
                }
                // Labels over two or three lines (`Opening` over `Balance`), their values on the next.
                var stacked = digitWords == 0 ? TextLine.stacked(line, below) : nil
                var next = index + 2
                while let labels = stacked, next < lines.count, next <= index + 3 {
                    let values = lines[next]
                    let gap = values.box.y0 - labels.box.y1
                    if values.page == line.page, gap >= -1, gap < max(line.box.height, 4) * 1.8 {
                        let found = valuesUnder(labels, below: values, known: Set(linePairs.pairs.map(\.field)))
                        if !found.isEmpty {
                            linePairs.pairs += found
                            break
                        }
                    }
                    stacked = TextLine.stacked(labels, values)
                    next += 1
                }
            }
            seen.formUnion(linePairs.pairs.map(\.field))
            pairs.append(linePairs)
        }
        var header = read(pairs, slashOrder: slashOrder)
        header.slashOrder = slashOrder
        return header
    }

    /// Labels of `line` that stand alone (no value after them on the line), each given the
    /// words of `below` that sit under it, up to the next label.
    static func valuesUnder(_ line: TextLine, below: TextLine, known: Set<StatementHeader.Field>) -> [(field: StatementHeader.Field, value: String)] {
        // Cheap test first: the line names some label at all.
        let flat = line.text.lowercased().replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "/ ", with: "/")
        guard phrases.occurs(in: Array(flat.utf8)), below.words.contains(where: \.text.containsASCIIDigit)
        else { return [] }
        // Which words are labels: match each run of up to four words against the label list.
        var found: [(field: StatementHeader.Field, x0: Double, x1: Double)] = []
        let words = line.words
        // Each word lower-cased once, a label's line breaks as spaces.
        let lowered = words.map { $0.text.lowercased().replacingOccurrences(of: "\n", with: " ") }
        let strip = CharacterSet(charactersIn: " :：\u{00A0}")
        var i = 0
        var unlabelled = 0
        while i < words.count {
            var matched = false
            for length in stride(from: min(4, words.count - i), through: 1, by: -1) {
                var text = lowered[i..<(i + length)].joined(separator: " ")
                if text.contains("/ ") { text = text.replacingOccurrences(of: "/ ", with: "/") }
                text = text.trimmingCharacters(in: strip)
                guard let label = labelByText[text] else { continue }
                let box = words[i..<(i + length)].dropFirst().reduce(words[i].box) { $0.union($1.box) }
                found.append((label, box.x0, box.x1))
                i += length
                matched = true
                break
            }
            if !matched {
                // `+`, `-`, `=` between the labels of a summary box are no words.
                if words[i].text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) {
                    unlabelled += 1
                }
                i += 1
            }
        }
        // A grid line is labels only (a word or two of other text at most).
        guard !found.isEmpty, unlabelled <= max(2, found.count * 2) else { return [] }
        var out: [(StatementHeader.Field, String)] = []
        for (k, label) in found.enumerated() where !known.contains(label.field) {
            let end = k + 1 < found.count ? found[k + 1].x0 - 2 : .infinity
            let start = k > 0 ? found[k - 1].x1 + 2 : -.infinity
            let value = below.words.filter { $0.box.x1 > label.x0 - 4 && $0.box.x0 < end && $0.box.x0 >= start }
                .map(\.text).joined(separator: " ")
            if !value.isEmpty { out.append((label.field, value)) }
        }
        return out
    }

    /// Every label's text, for matching whole words.
    static let labelByText: [String: StatementHeader.Field] = {
        var out: [String: StatementHeader.Field] = [:]
        for label in labels where out[label.text] == nil { out[label.text] = label.field }
        return out
    }()

    /// The first value of each field over lines already read into pairs, in order.
    static func read(_ lines: [LinePairs], slashOrder: DateParser.SlashOrder = .dayFirst) -> StatementHeader {
        var header = StatementHeader()
        header.slashOrder = slashOrder
        for line in lines {
            for (field, value) in line.pairs where header.values[field] == nil {
                header.values[field] = StatementHeader.Value(text: value, page: line.page)
            }
        }
        // `Statement Date : 01 JAN 2025 TO 31 JAN 2025`: a date label holding a range names the
        // period, not the day the statement was issued.
        if let issue = header.values[.issueDate], StatementHeader.rangeDates(issue.text, slashOrder: slashOrder).count >= 2,
            StatementHeader.rangeWords.occurs(in: Array(issue.text.lowercased().utf8))
        {
            if header.values[.period] == nil { header.values[.period] = issue }
            header.values[.issueDate] = nil
        }
        return header
    }
}

extension Array where Element == UInt8 {
    /// Whether `prefix` occurs at `offset`.
    func starts(with prefix: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + prefix.count <= count else { return false }
        for (k, b) in prefix.enumerated() where self[offset + k] != b { return false }
        return true
    }
}
