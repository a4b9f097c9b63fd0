internal import Foundation

/// The column headers of a transaction table, in the languages docverify reads
/// (English, Chinese, German, French, Spanish/Italian where cheap), normalised to lower case.
enum ColumnKind: String, Sendable, Hashable {
    case date, otherDate, description, debit, credit, amount, balance, other

    var isMoney: Bool { self == .debit || self == .credit || self == .amount || self == .balance }
}

enum ColumnLabels {
    static let table: [ColumnKind: [String]] = [
        .date: [
            "date", "transaction date", "trans. date", "trans date", "txn date", "posting date", "booking date", "post date",
            "交易日期", "记账日期", "日期", "交易时间", "datum", "buchungsdatum", "buchungstag", "date opération",
            "date d'opération", "date de l'opération", "date operation", "fecha", "data", "data operazione",
        ],
        .otherDate: ["value date", "valuta", "wertstellung", "date de valeur", "date valeur", "起息日", "valuta datum"],
        .description: [
            "description", "details", "transaction details", "narrative", "particulars", "memo", "摘要", "交易摘要",
            "交易类型", "交易说明", "buchungstext", "verwendungszweck", "beschreibung", "vorgang", "libellé", "libelle",
            "opération", "operation", "nature de l'opération", "descripción", "concepto", "descrizione", "transaction type",
        ],
        .debit: [
            "debit", "debits", "debit amount", "withdrawal", "withdrawals", "paid out", "money out", "支出", "支出金额",
            "借方", "借方金额", "借方发生额", "soll", "belastung", "lastschrift", "ausgang", "ausgaben", "débit", "débits",
            "debit (eur)", "cargo", "cargos", "addebiti", "dare",
        ],
        .credit: [
            "credit", "credits", "credit amount", "deposit", "deposits", "paid in", "money in", "收入", "收入金额", "存入",
            "贷方", "贷方金额", "贷方发生额", "haben", "gutschrift", "eingang", "einnahmen", "crédit", "crédits", "abono",
            "abonos", "accrediti", "avere",
        ],
        .amount: [
            "amount", "transaction amount", "交易金额", "金额", "发生额", "betrag", "umsatz", "montant", "importe", "importo",
        ],
        .balance: [
            "balance", "running balance", "余额", "账户余额", "联机余额", "本次余额", "当前余额", "saldo", "solde",
            "kontostand", "saldo nach buchung",
        ],
    ]

    static let byLabel: [String: ColumnKind] = {
        var out: [String: ColumnKind] = [:]
        for (kind, labels) in table { for label in labels { out[label] = kind } }
        return out
    }()

    /// Balance labels, for a quick test whether a line can be a header at all. Substrings
    /// without boundaries, so that `余额` inside `账户余额` counts.
    static let balancePhrases = PhraseSearch.PhraseSet(substrings: table[.balance] ?? [])

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
        let strip: Set<Character> = [" ", ":", "：", ".", "/"]
        var t = Substring(s)
        while let f = t.first, strip.contains(f) { t = t.dropFirst() }
        while let l = t.last, strip.contains(l) { t = t.dropLast() }
        return t.contains("  ") ? t.split(separator: " ").joined(separator: " ") : String(t)
    }
}

/// Labels of the lines in and around the table that are not transactions.
enum RowLabels {
    static let broughtForward = [
        "brought forward", "b/f", "balance forward", "balance brought forward", "承前页", "承上页", "上页结转", "上页余额",
        "übertrag", "vortrag", "solde reporté", "report", "saldo anterior", "riporto",
    ]
    static let carriedForward = [
        "carried forward", "c/f", "balance carried forward", "转下页", "过次页", "下页结转", "zu übertragen", "à reporter",
        "a reporter", "suma y sigue", "da riportare",
    ]
    static let opening = [
        "opening balance", "opening", "previous balance", "balance at start", "期初余额", "上期余额", "anfangssaldo",
        "alter kontostand", "alter saldo", "solde initial", "solde précédent", "ancien solde", "saldo iniziale", "saldo inicial",
    ]
    static let closing = [
        "closing balance", "closing", "balance at end", "期末余额", "本期余额", "endsaldo", "neuer kontostand", "neuer saldo",
        "solde final", "nouveau solde", "saldo finale", "saldo final",
    ]
    static let total = ["total", "totals", "合计", "总计", "本页合计", "summe", "gesamt", "totaux", "totale"]

    static let broughtForwardPhrases = PhraseSearch.PhraseSet(broughtForward)
    static let carriedForwardPhrases = PhraseSearch.PhraseSet(carriedForward)
    static let openingPhrases = PhraseSearch.PhraseSet(opening)
    static let closingPhrases = PhraseSearch.PhraseSet(closing)
    static let totalPhrases = PhraseSearch.PhraseSet(total)
}
