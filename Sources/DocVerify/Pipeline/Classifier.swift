/// Decides from a document's text whether it is a Sesame report, a bank statement or
/// neither. Labels only, never positions or one generator's wording: a Sesame report
/// names the issuer in its title; a statement has statement words, a balance column
/// and dates.
public enum DocumentClassifier {
    public struct Classification: Sendable, Equatable {
        public var kind: Verdict.Kind
        /// The labels that decided it (for the `DOCUMENT_KIND` finding).
        public var evidence: [String]
    }

    static let sesameTitles = ["sesame credit", "zhima credit", "芝麻信用"]
    static let sesameFieldLabels = ["sesame score", "zhima score", "芝麻分", "report no", "报告编号"]
    static let statementTitles = [
        "statement", "kontoauszug", "relevé", "estratto conto", "对账单", "交易明细", "流水", "account history",
        "transaction history", "transaction details",
    ]
    static let statementColumns = [
        "balance", "余额", "saldo", "solde", "debit", "credit", "withdrawal", "deposit", "支出", "收入", "借方", "贷方",
        "amount", "金额", "betrag", "soll", "haben", "umsatz", "montant", "débit", "crédit", "importe", "cargo", "abono",
    ]
    static let statementHeader = [
        "account no", "account number", "账号", "卡号", "iban", "opening balance", "closing balance", "期初余额", "期末余额",
        "account holder", "户名", "statement period", "起止日期", "查询期间",
    ]

    /// The label lists as substrings to search for (labels match inside longer words, as in
    /// `账户余额`).
    private enum Search {
        static let sesameTitles = PhraseSearch.PhraseSet(substrings: DocumentClassifier.sesameTitles)
        static let sesameFieldLabels = PhraseSearch.PhraseSet(substrings: DocumentClassifier.sesameFieldLabels)
        static let statementTitles = PhraseSearch.PhraseSet(substrings: DocumentClassifier.statementTitles)
        static let statementColumns = PhraseSearch.PhraseSet(substrings: DocumentClassifier.statementColumns)
        static let statementHeader = PhraseSearch.PhraseSet(substrings: DocumentClassifier.statementHeader)
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
        let columns = Search.statementColumns.found(in: lower)
        let header = Search.statementHeader.found(in: lower)
        // A statement needs a balance column and either a statement title or account header labels.
        let hasBalance = columns.contains { $0 == "balance" || $0 == "余额" || $0 == "saldo" || $0 == "solde" }
        if hasBalance && (titles.count + header.count) >= 1 && columns.count >= 2 {
            return Classification(kind: .bankStatement, evidence: titles + header + columns)
        }
        if !sesameTitle.isEmpty {
            // The issuer's name in the title but none of the report's fields: still a claimed report.
            return Classification(kind: .sesameReport, evidence: sesameTitle)
        }
        return Classification(kind: .unknown, evidence: [])
    }
}

