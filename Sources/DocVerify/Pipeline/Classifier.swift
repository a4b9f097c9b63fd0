/// Decides from a document's text whether it is a Sesame report, a bank statement or
/// neither. Labels only, never positions or one generator's wording: a Sesame report
/// names the issuer in its title; a statement has statement or account words and the
/// column labels of a transaction table (money columns: balance, debit, credit, amount)
/// in the languages of `docs/bank-statement.md`, "Reading a statement", or is a payment platform's proof of its
/// transactions (Alipay, WeChat Pay).
public enum DocumentClassifier {
    public struct Classification: Sendable, Equatable {
        public var kind: Verdict.Kind
        /// The labels that decided it (for the `DOCUMENT_KIND` finding).
        public var evidence: [String]
    }

    static let sesameTitles = ["sesame credit", "zhima credit", "芝麻信用"]
    static let sesameFieldLabels = ["sesame score", "zhima score", "芝麻分", "report no", "报告编号"]

    /// Words that say "statement of an account": titles and the account words of a
    /// statement's header, in English, Simplified and Traditional Chinese, French, German,
    /// Dutch, Spanish, Italian and Malay. Matched inside longer words (`rekeningafschrift`,
    /// `综合对账单`).
    static let statementTitles = [
        "statement", "kontoauszug", "relevé", "estratto conto", "对账单", "交易明细", "流水", "account history",
        "transaction history", "transaction details", "account activity", "afschrift", "rekeningoverzicht",
        "extracto", "penyata", "結單", "结单", "對賬單", "交易紀錄", "交易记录", "umsatzübersicht", "kontoübersicht",
    ]
    /// Money columns of a transaction table. `balance`-like labels are listed first (see
    /// ``balanceColumns``).
    static let statementColumns = [
        "balance", "余额", "saldo", "solde", "kontostand", "結餘", "结余", "餘額", "baki",
        "debit", "credit", "withdrawal", "deposit", "支出", "收入", "借方", "贷方", "存入", "提取", "提款",
        "amount", "金额", "金額", "betrag", "soll", "haben", "umsatz", "montant", "débit", "crédit", "importe", "cargo",
        "abono", "bedrag", "kredit", "jumlah", "money in", "money out", "paid in", "paid out", "收/支",
    ]
    /// Short money-column words that must stand alone (Dutch `Af`/`Bij`, Malay `Masuk`/`Keluar`):
    /// inside longer words they mean nothing.
    static let statementColumnWords = ["af", "bij", "masuk", "keluar"]
    /// The balance labels among ``statementColumns``.
    static let balanceColumns: Set<String> = ["balance", "余额", "saldo", "solde", "kontostand", "結餘", "结余", "餘額", "baki"]
    static let statementHeader = [
        "account no", "account number", "账号", "卡号", "iban", "opening balance", "closing balance", "期初余额", "期末余额",
        "account holder", "户名", "statement period", "起止日期", "查询期间", "current account", "savings account",
        "rekeningnummer", "rekeninghouder", "kontoinhaber", "kontonummer", "girokonto", "numéro de compte",
        "titular", "número de cuenta", "nombor akaun", "no. akaun", "戶口", "户口", "賬戶", "帳戶", "账户",
        "beginsaldo", "eindsaldo", "tarikh", "statement date",
    ]
    /// What a card statement prints instead of a running balance: the statement date, what is
    /// due and by when, the limit. Two of them make a card statement.
    static let cardStatementLabels = [
        "statement date", "payment due date", "credit limit", "total amount due", "minimum payment", "minimum amount due",
        "tarikh penyata", "tarikh akhir bayaran", "bayaran minimum", "had kredit", "到期还款日", "最低还款额", "信用额度",
        "本期应还", "到期還款日", "最低還款額", "信用額度", "本期應繳", "date d'échéance", "fälligkeitsdatum",
    ]
    /// Payment platforms' proofs of transactions (支付宝交易流水证明, 微信支付交易明细证明): the
    /// proof's title, on the first page.
    static let platformProofTitles = ["交易流水证明", "交易明细证明", "收支明细证明", "交易流水證明", "交易明細證明"]

    /// The label lists as substrings to search for (labels match inside longer words, as in
    /// `账户余额`).
    private enum Search {
        static let sesameTitles = PhraseSearch.PhraseSet(substrings: DocumentClassifier.sesameTitles)
        static let sesameFieldLabels = PhraseSearch.PhraseSet(substrings: DocumentClassifier.sesameFieldLabels)
        static let statementTitles = PhraseSearch.PhraseSet(substrings: DocumentClassifier.statementTitles)
        static let statementColumns = PhraseSearch.PhraseSet(substrings: DocumentClassifier.statementColumns)
        static let statementColumnWords = PhraseSearch.PhraseSet(DocumentClassifier.statementColumnWords)
        static let statementHeader = PhraseSearch.PhraseSet(substrings: DocumentClassifier.statementHeader)
        static let cardStatementLabels = PhraseSearch.PhraseSet(substrings: DocumentClassifier.cardStatementLabels)
        static let platformProofTitles = PhraseSearch.PhraseSet(substrings: DocumentClassifier.platformProofTitles)
    }

    public static func classify(text: String) -> Classification {
        // A document says what it is on its first pages; lower-casing and searching the whole
        // text of a 1,000-page statement here would cost more than all its checks.
        let lowerText = text.split(separator: "\u{0C}", maxSplits: 3, omittingEmptySubsequences: false).prefix(3)
            .joined(separator: "\u{0C}").lowercased()
        // Searched as UTF-8 bytes, every list in one pass: the generic `String.contains` cost
        // more than every other step of classifying.
        let lower = Array(lowerText.utf8)
        let firstPage = Array(lower.prefix { $0 != 0x0C })
        let sesameTitle = Search.sesameTitles.found(in: firstPage)
        let sesameFields = Search.sesameFieldLabels.found(in: lower)
        if !sesameTitle.isEmpty && !sesameFields.isEmpty {
            return Classification(kind: .sesameReport, evidence: sesameTitle + sesameFields)
        }
        let titles = Search.statementTitles.found(in: lower)
        let columns = Search.statementColumns.found(in: lower) + Search.statementColumnWords.found(in: lower)
        let header = Search.statementHeader.found(in: lower)
        let hasBalance = columns.contains(where: balanceColumns.contains)
        // A statement: a balance column and either a statement title or account header labels
        // (the first rule, kept as it was) …
        if hasBalance && (titles.count + header.count) >= 1 && columns.count >= 2 {
            return Classification(kind: .bankStatement, evidence: titles + header + columns)
        }
        // … or, without a running balance (Dutch Af/Bij, Soll/Haben, one amount column), a
        // statement title and two money columns …
        if columns.count >= 2 && titles.count >= 1 {
            return Classification(kind: .bankStatement, evidence: titles + header + columns)
        }
        // … or a card statement: what is due and by when, beside a money column …
        let card = Search.cardStatementLabels.found(in: lower)
        if card.count >= 2 && !columns.isEmpty {
            return Classification(kind: .bankStatement, evidence: card + columns)
        }
        // … or a payment platform's proof of transactions, titled so on its first page.
        let proof = Search.platformProofTitles.found(in: firstPage)
        if !proof.isEmpty {
            return Classification(kind: .bankStatement, evidence: proof + columns)
        }
        if !sesameTitle.isEmpty {
            // The issuer's name in the title but none of the report's fields: still a claimed report.
            return Classification(kind: .sesameReport, evidence: sesameTitle)
        }
        return Classification(kind: .unknown, evidence: [])
    }
}
