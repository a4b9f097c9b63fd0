public import DocPDF

/// One transaction row as printed.
public struct StatementRow: Sendable {
    /// 1-based page number.
    public var page: Int
    /// 1-based position among all transaction rows, in printed order.
    public var index: Int
    /// 1-based position among the transaction rows of its page.
    public var rowOnPage: Int
    public var dateText: String
    /// `nil` when the date cell is not a calendar date (see ``impossibleDate``).
    public var date: CivilDate?
    public var impossibleDate: Bool
    public var description: String
    /// The amount with its side: credits positive, debits negative. `nil` when only the
    /// magnitude is known (positions could not tell the column; the balance decides).
    public var amount: Money?
    /// The amount's magnitude, always set for a readable row.
    public var magnitude: Money?
    public var balance: Money?
    /// The words of each money and date cell (for the font check).
    public var cells: [ColumnKindName: [PDFWord]]
    /// The date cell as read (its year may come from the period).
    var dateCell: DateCell?
    /// A row a direction column marks as neither credit nor debit (`不计收支`: a move between
    /// the customer's own accounts); it counts in no total.
    public var neutral = false
    /// A dated line that prints only a balance (no amount): it carries the chain, it is no transaction.
    public var balanceOnly = false
}

/// A column's role, as a string key usable outside the module (evidence, font check).
public typealias ColumnKindName = String

/// A balance printed outside the transaction rows.
public struct TableAnchor: Sendable {
    public enum Kind: String, Sendable {
        case opening, closing, broughtForward, carriedForward
        /// A balance "as at" a date; the builder makes it an opening or a closing by where it stands.
        case stated
        /// A sub-total after an account's opening balance: perhaps its closing balance, perhaps a
        /// sum of rows; it confirms the arithmetic when it reconciles and is no evidence when not.
        case subtotal
    }

    public var kind: Kind
    public var page: Int
    public var value: Money
    /// How many transaction rows precede it in printed order.
    public var rowsBefore: Int
}

/// A "Total" row of the table: sums printed under the debit, credit or amount columns.
public struct PrintedTotal: Sendable {
    public var page: Int
    /// How many rows of its table precede it (a page or running total covers those).
    public var rowsBefore = 0
    /// How many credit and debit items the total line says it counts, when it says.
    public var creditCount: Int?
    public var debitCount: Int?
    /// Whether it is a summary printed apart from the table (a footer box, a header line).
    public var isSummary = false
    /// Whether the line says sub-total.
    var isSubtotalLine = false
    public var debits: Money?
    public var credits: Money?
    /// Net of a signed amount column.
    public var net: Money?
}

/// The transaction table rebuilt from positioned words.
public struct TransactionTable: Sendable {
    public var rows: [StatementRow] = []
    public var anchors: [TableAnchor] = []
    public var totals: [PrintedTotal] = []
    /// Why the amounts cannot be trusted (empty: the table was rebuilt with confidence).
    public var problems: [String] = []
    /// Whether a column header was found.
    public var hasHeader = false
    /// The column labels of the first header found, left to right (for evidence).
    public var columnLabels: [String] = []
    /// What the table's column header names.
    public var hasBalanceColumn = false
    public var hasDebitCredit = false
    public var hasDirection = false
    /// Whether some amount in a signed amount column prints its sign.
    var sawSignedAmount = false
    var sawCreditMarker = false
    var sawDebitMarker = false
    /// Lines with amounts the reader could not place, each as the number of rows before it.
    var orphanLines: [Int] = []
    /// Begun after another table's closing balance: an account only if it opens with a balance.
    var needsOpening = false

    public var isReadable: Bool { problems.isEmpty }

    public init() {}

    /// The tables of a statement as one (document-wide checks: dates, duplicates, fonts);
    /// anchors and totals count rows over all of them.
    init(merging tables: [TransactionTable]) {
        var offset = 0
        for table in tables {
            rows += table.rows
            anchors += table.anchors.map {
                var a = $0; a.rowsBefore += offset; return a
            }
            totals += table.totals.map {
                var t = $0; t.rowsBefore += offset; return t
            }
            problems += table.problems
            hasHeader = hasHeader || table.hasHeader
            if columnLabels.isEmpty { columnLabels = table.columnLabels }
            hasBalanceColumn = hasBalanceColumn || table.hasBalanceColumn
            hasDebitCredit = hasDebitCredit || table.hasDebitCredit
            hasDirection = hasDirection || table.hasDirection
            sawSignedAmount = sawSignedAmount || table.sawSignedAmount
            sawCreditMarker = sawCreditMarker || table.sawCreditMarker
            sawDebitMarker = sawDebitMarker || table.sawDebitMarker
            orphanLines += table.orphanLines.map { $0 + offset }
            offset += table.rows.count
        }
    }
}

/// Everything read from a statement's text.
public struct Statement: Sendable {
    public var header: StatementHeader
    /// One table per account or currency, in printed order.
    public var tables: [TransactionTable]
    /// All tables as one (for the checks over every row).
    public var table: TransactionTable
    /// Whether the statement says it was exported with a filter (only some rows shown).
    public var filtered = false
    /// Totals printed apart from the tables (`收入：12笔 3,456.00元`, `Total credits 1,234.56`).
    public var summaryTotals: [PrintedTotal] = []
    /// Whether it is a card account's statement (its balance is what is owed): it says so by a
    /// credit limit, a minimum payment or a payment due date.
    public var isCard = false
    /// Reading-order text of all pages (for date checks over the whole text).
    public var fullText: String
    /// How the document writes slash dates.
    public var slashOrder: DateParser.SlashOrder
    /// Labelled header dates that are not calendar dates, once each, in order.
    public var impossibleDates: [String] = []

    /// A statement of one table.
    public init(header: StatementHeader, table: TransactionTable, fullText: String, slashOrder: DateParser.SlashOrder) {
        self.init(header: header, tables: [table], fullText: fullText, slashOrder: slashOrder)
    }

    public init(
        header: StatementHeader, tables: [TransactionTable], fullText: String, slashOrder: DateParser.SlashOrder,
        impossibleDates: [String] = [], filtered: Bool = false, summaryTotals: [PrintedTotal] = [], isCard: Bool = false
    ) {
        self.summaryTotals = summaryTotals
        self.isCard = isCard
        self.header = header
        self.tables = tables
        self.table = TransactionTable(merging: tables)
        self.fullText = fullText
        self.slashOrder = slashOrder
        self.impossibleDates = impossibleDates
        self.filtered = filtered
    }
}
