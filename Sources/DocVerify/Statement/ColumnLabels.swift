internal import Foundation

/// The column headers of a transaction table, in the languages docverify reads
/// (English, Chinese, German, French, Spanish/Italian where cheap), normalised to lower case.
enum ColumnKind: String, Sendable, Hashable {
    case date, otherDate, description, debit, credit, amount, balance, other
    /// A text column that says which side an unsigned amount is on (`收/支`, `Dr/Cr`).
    case direction

    var isMoney: Bool { self == .debit || self == .credit || self == .amount || self == .balance }
}

enum ColumnLabels {
    static let table: [ColumnKind: [String]] = [
        .date: [
            "date", "transaction date", "trans. date", "trans date", "txn date", "posting date", "booking date", "post date",
            "交易日期", "记账日期", "日期", "交易时间", "datum", "buchungsdatum", "buchungstag", "date opération",
            "date d'opération", "date de l'opération", "date operation", "fecha", "data", "data operazione",
            "trans date", "tran date", "transaction posted date", "posted", "posted date", "value date/date", "date posted",
            "交易日", "日期 date", "date 日期", "記賬日期", "交易日期 date", "buchung", "buchungstag/valuta", "bu-tag",
            "fecha operación", "fecha operacion", "f. operación", "datum boeking", "boekdatum", "boekingsdatum",
            "transactiedatum", "date de comptabilisation", "date comptable", "交易时间 transaction time", "入账日期", "交易日期/时间",
            "交易时间/交易日期", "transaction time", "rente datum", "rentedatum", "tarikh", "tarikh transaksi", "tarikh masuk",
            "post date", "posting date date", "transaction date",
        ],
        .otherDate: [
            "value date", "valuta", "wertstellung", "date de valeur", "date valeur", "起息日", "valuta datum", "valutadatum",
            "fecha valor", "f. valor", "rentedatum", "wert", "起息日期",
        ],
        .description: [
            "description", "details", "transaction details", "narrative", "particulars", "memo", "摘要", "交易摘要",
            "交易类型", "交易说明", "buchungstext", "verwendungszweck", "beschreibung", "vorgang", "libellé", "libelle",
            "opération", "operation", "nature de l'opération", "descripción", "concepto", "descrizione", "transaction type",
            "transaction description", "description of transaction", "transaction", "transactions", "narration", "remarks",
            "reference", "detail", "détail des opérations", "détail", "detail des operations", "buchung / verwendungszweck",
            "buchungstext / verwendungszweck", "verwendungszweck/buchungstext", "omschrijving", "mededelingen", "naam / omschrijving",
            "進支詳情", "交易詳情", "摘要 description", "对方户名", "交易对方", "商品说明", "商品", "交易类型 transaction type",
            "交易描述", "附言", "用途", "交易摘要 description", "movimiento", "concepto / referencia", "naam/omschrijving",
            "naam / omschrijving", "huraian transaksi", "butir urusniaga", "keterangan", "urus niaga",
        ],
        .debit: [
            "debit", "debits", "debit amount", "withdrawal", "withdrawals", "paid out", "money out", "支出", "支出金额",
            "借方", "借方金额", "借方发生额", "soll", "belastung", "lastschrift", "ausgang", "ausgaben", "débit", "débits",
            "debit (eur)", "cargo", "cargos", "addebiti", "dare", "withdrawal amount", "withdrawals amount", "debit amt",
            "paid out", "payments", "debits/withdrawals", "支出 withdrawal", "提款", "提取", "支出 debit", "借方金额 debit",
            "af", "afschrijving", "afschrijvingen", "débit euros", "debit euros", "débit en euros", "dr", "debit dr",
            "withdrawal (dr)", "debit(dr)", "支出金额 debit", "bedrag af", "afgeschreven", "pengeluaran", "debit amount (rm)",
        ],
        .credit: [
            "credit", "credits", "credit amount", "deposit", "deposits", "paid in", "money in", "收入", "收入金额", "存入",
            "贷方", "贷方金额", "贷方发生额", "haben", "gutschrift", "eingang", "einnahmen", "crédit", "crédits", "abono",
            "abonos", "accrediti", "avere", "deposit amount", "deposits amount", "credit amt", "paid in", "receipts",
            "credits/deposits", "存入 deposit", "存款", "收入 deposit", "收入 credit", "贷方金额 credit", "bij", "bijschrijving",
            "bijschrijvingen", "crédit euros", "credit euros", "crédit en euros", "cr", "credit cr", "deposit (cr)",
            "credit(cr)", "收入金额 credit", "bedrag bij", "bijgeschreven", "kredit", "credit amount (rm)",
        ],
        .amount: [
            "amount", "transaction amount", "交易金额", "金额", "发生额", "betrag", "umsatz", "montant", "importe", "importo",
            "amount (eur)", "betrag (eur)", "bedrag", "金額", "交易金額", "金额(元)", "金额（元）", "amount in", "amt",
            "montant en euros", "betrag in eur", "transaction amount (inr)", "金额 amount",
        ],
        .balance: [
            "balance", "running balance", "余额", "账户余额", "联机余额", "本次余额", "当前余额", "saldo", "solde",
            "kontostand", "saldo nach buchung", "結餘", "结余", "餘額", "balance (hkd)", "available balance",
            "ledger balance", "saldo na boeking", "solde en euros", "結餘 balance", "余额 balance", "账户余额 balance",
        ],
        .direction: [
            "收/支", "收支", "收/付", "收付", "借贷标志", "借/贷", "借贷", "收支类型", "dr/cr", "cr/dr", "收/支 type", "收/支/其他",
            "收/支/不计收支",
        ],
        // Columns that are neither dates, text nor money, named so a header line is recognised.
        .other: [
            "交易单号", "交易订单号", "商户单号", "商家订单号", "交易方式", "收/付款方式", "支付方式", "交易渠道", "渠道", "reward points",
            "cheque no.", "cheque no", "chq no", "chq/ref no", "ref no", "ref no.", "reference no", "参考号", "流水号", "对方账号",
            "code", "particulars", "交易状态", "状态", "备注", "serial no", "branch", "網點", "网点", "type", "tegenrekening",
            "no. cek", "cheque", "rujukan",
        ],
    ]

    static let byLabel: [String: ColumnKind] = {
        var out: [String: ColumnKind] = [:]
        for (kind, labels) in table { for label in labels { out[label] = kind } }
        return out
    }()

    /// Currency words a label may carry after it.
    static let currencySuffixes = [
        " en euros", " in euros", " in eur", " euros", " euro", " eur", " hkd", " usd", " cny", " rmb", " gbp", " aud", " nzd",
        " inr", " chf", " sgd", " (€)", " €", " $", " zar",
    ]

    /// Balance labels, for a quick test whether a line can be a header at all. Substrings
    /// without boundaries, so that `余额` inside `账户余额` counts.
    static let balancePhrases = PhraseSearch.PhraseSet(substrings: table[.balance] ?? [])

    static let currencySuffixBytes = currencySuffixes.map { Array($0.utf8) }
    /// What `normalise` trims from a label's ends.
    static let normaliseStrip: Set<Character> = [" ", ":", "：", ".", "/"]

    /// Every column label, for a quick count of how many a line names.
    static let allPhrases = PhraseSearch.PhraseSet(table.values.flatMap { $0 }.map { normalise($0) })

    /// Every money column's labels (Latin ones as whole words), for a quick test whether a
    /// line can be a column header at all.
    static let moneyPhrases = PhraseSearch.PhraseSet(
        [ColumnKind.debit, .credit, .amount, .balance].flatMap { table[$0] ?? [] }.map {
            normalise($0)
        }
    )

    /// The column a label names: looked up as printed (lower-cased) first, normalised only when
    /// it has something to normalise away (most windows of a line are no label at all).
    static func kind(of label: String) -> ColumnKind? {
        let lower = label.lowercased()
        if let kind = byLabel[lower] { return kind }
        let needsWork = lower.utf8.contains { $0 == 0x28 || $0 == 0x3A || $0 == 0x2E || $0 == 0x2F || $0 == 0x20 || $0 >= 0x80 }
        return needsWork ? byLabel[normalise(lower)] : nil
    }

    /// Lower case, without a trailing colon or a parenthesised unit (`Amount (EUR)` → `amount`).
    static func normalise(_ text: String) -> String {
        var s = text.lowercased()
        // Bytes, not `contains(_: String)`: Foundation's search costs more than the rest here.
        if s.utf8.contains(0x28) || s.unicodeScalars.contains("（") {
            while let open = s.firstIndex(of: "("), let close = s[open...].firstIndex(of: ")") {
                s.removeSubrange(open...close)
            }
            while let open = s.firstIndex(of: "（"), let close = s[open...].firstIndex(of: "）") {
                s.removeSubrange(open...close)
            }
        }
        let strip = normaliseStrip
        var t = Substring(s)
        while let f = t.first, strip.contains(f) { t = t.dropFirst() }
        while let l = t.last, strip.contains(l) { t = t.dropLast() }
        // Bytes again: `contains("  ")` and `hasSuffix` go through Foundation's string search.
        let bytes = Array(t.utf8)
        let doubleSpace = zip(bytes, bytes.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }
        var out = doubleSpace ? t.split(separator: " ").joined(separator: " ") : String(t)
        // A currency word after the label (`Débit euros`, `Amount HKD`, `Betrag in EUR`); every
        // such suffix starts with a space.
        guard bytes.contains(0x20) else { return out }
        let outBytes = Array(out.utf8)
        for suffix in currencySuffixBytes where outBytes.count > suffix.count + 1 && outBytes.ends(with: suffix) {
            out = String(decoding: outBytes.dropLast(suffix.count), as: UTF8.self)
            while let l = out.last, strip.contains(l) { out.removeLast() }
            break
        }
        return out
    }
}

/// Labels of the lines in and around the table that are not transactions.
enum RowLabels {
    static let broughtForward = [
        "brought forward", "b/f", "balance forward", "balance brought forward", "承前页", "承上页", "上页结转", "上页余额",
        "承上結餘", "承上结余", "承前結餘", "上頁結餘", "übertrag", "vortrag", "solde reporté", "report", "saldo anterior",
        "riporto", "saldo vorige pagina", "transport",
    ]
    static let carriedForward = [
        "carried forward", "c/f", "balance carried forward", "转下页", "过次页", "下页结转", "過次頁", "轉下頁", "zu übertragen",
        "à reporter", "a reporter", "suma y sigue", "da riportare",
    ]
    static let opening = [
        "opening balance", "opening", "previous balance", "balance at start", "期初余额", "上期余额", "上期結餘", "期初結餘",
        "anfangssaldo", "alter kontostand", "alter saldo", "solde initial", "solde précédent", "solde precedent", "ancien solde",
        "saldo iniziale", "saldo inicial", "beginsaldo", "vorheriger kontostand", "start balance", "balance brought forward from",
        "balance of last month", "last statement balance", "previous statement balance", "balance from previous statement",
        "balance from last statement", "baki penyata lepas", "baki terdahulu", "balance from previous", "previous bal",
        "baki dari penyata sebelumnya", "last month's balance", "last month’s balance", "previous month's balance",
    ]
    static let closing = [
        "closing balance", "closing", "balance at end", "期末余额", "本期余额", "期末結餘", "本期結餘", "endsaldo", "neuer kontostand",
        "neuer saldo", "solde final", "nouveau solde", "saldo finale", "saldo final", "eindsaldo", "end balance", "new balance",
        "statement balance", "baki penutup", "baki akhir", "total current balance", "statement balance due", "total amount due",
    ]
    /// A balance "as at" a date: opening before the rows, closing after them.
    static let stated = [
        "solde crediteur au", "solde créditeur au", "solde debiteur au", "solde débiteur au", "solde au", "balance as at",
        "balance as of", "saldo per", "saldo am", "kontostand am", "solde en euros au",
    ]
    static let total = [
        "total", "totals", "合计", "总计", "本页合计", "合計", "總計", "summe", "gesamt", "totaux", "totale", "totaal",
        "total des mouvements", "total des opérations", "sub total", "subtotal",
    ]
    /// Total-like lines that sum something other than the rows (fees, interest, a year).
    static let subtotalExclusions = PhraseSearch.PhraseSet([
        "total fees", "total interest", "total charges", "year to date", "ytd", "frais", "zinsen", "interest",
    ])
    /// Headings of sections that are not transactions: rows stop until the next column header.
    static let sections = [
        "pending", "pending transactions", "pending authorisations", "pending authorizations", "uncleared", "interest summary",
        "fee summary", "summary of fees", "fees summary", "vorgemerkte umsätze", "vorgemerkte buchungen", "abschluss für konto",
        "opérations en cours", "未入账", "未入賬", "待入账", "account summary", "summary", "zusammenfassung", "récapitulatif",
        "samenvatting", "interest rates", "zinssätze",
    ]
    /// Footers of exports the customer filtered (only some rows shown).
    static let filters = [
        "筛选条件", "篩選條件", "仅显示收入", "仅显示支出", "只显示", "仅包含", "filtered by", "filter applied", "filter:",
        "filtered export", "only credits", "only debits", "credits only", "debits only", "gefiltert", "filtre appliqué",
        "filtre :", "gefilterd",
    ]

    static let broughtForwardPhrases = PhraseSearch.PhraseSet(broughtForward)
    static let carriedForwardPhrases = PhraseSearch.PhraseSet(carriedForward)
    static let openingPhrases = PhraseSearch.PhraseSet(opening)
    static let closingPhrases = PhraseSearch.PhraseSet(closing)
    static let statedPhrases = PhraseSearch.PhraseSet(stated)
    static let totalPhrases = PhraseSearch.PhraseSet(total)
    static let sectionPhrases = PhraseSearch.PhraseSet(sections)
    static let filterPhrases = PhraseSearch.PhraseSet(filters)
    /// What only a card statement prints.
    static let cardPhrases = PhraseSearch.PhraseSet([
        "credit limit", "minimum payment", "minimum amount due", "payment due date", "minimum due", "total amount due",
        "credit card", "card statement", "信用卡", "到期还款日", "最低还款", "had kredit", "bayaran minimum", "tarikh akhir bayaran",
        "kreditkarte", "carte de crédit", "creditcard", "tarjeta de crédito",
    ])
    static let subtotalPhrases = PhraseSearch.PhraseSet(["sub-total", "sub total", "subtotal", "jumlah kecil"])
    static let overdrawnPhrases = PhraseSearch.PhraseSet(["solde débiteur", "solde debiteur", "overdrawn", "saldo soll", "débiteur"])

    /// What a line that prints a balance outside the rows is, from its (lower-cased) words.
    /// `nil` for lines that are not such anchors.
    static func anchorKind(_ lowered: [UInt8]) -> TableAnchor.Kind? {
        if broughtForwardPhrases.occurs(in: lowered) { return .broughtForward }
        if carriedForwardPhrases.occurs(in: lowered) { return .carriedForward }
        if openingPhrases.occurs(in: lowered) { return .opening }
        if closingPhrases.occurs(in: lowered) { return .closing }
        if statedPhrases.occurs(in: lowered) { return .stated }
        return nil
    }

    /// The side a direction cell names.
    enum Direction: Sendable {
        case credit, debit, neutral
    }

    static func direction(of text: String) -> Direction? {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        switch t {
        case "收入", "收", "存入", "cr", "credit", "in", "贷", "貸": return .credit
        case "支出", "支", "付", "dr", "debit", "out", "借": return .debit
        case "不计收支", "其他", "不計收支", "/": return .neutral
        default: return nil
        }
    }
}

extension PhraseSearch.PhraseSet {
    /// Whether one of the phrases starts the line (after leading spaces).
    func startsLine(_ haystack: [UInt8]) -> Bool {
        let start = haystack.firstIndex { $0 != 0x20 } ?? haystack.count
        return occurrences(in: haystack).contains { $0.offset == start }
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes end with `suffix`.
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
