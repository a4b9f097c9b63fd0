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
}

/// A column's role, as a string key usable outside the module (evidence, font check).
public typealias ColumnKindName = String

/// A balance printed outside the transaction rows.
public struct TableAnchor: Sendable {
    public enum Kind: String, Sendable {
        case opening, closing, broughtForward, carriedForward
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

    public var isReadable: Bool { problems.isEmpty }
}

/// Everything read from a statement's text.
public struct Statement: Sendable {
    public var header: StatementHeader
    public var table: TransactionTable
    /// Reading-order text of all pages (for date checks over the whole text).
    public var fullText: String
    /// How the document writes slash dates.
    public var slashOrder: DateParser.SlashOrder
    /// Date-shaped tokens of the text that are not calendar dates, once each, in order.
    public var impossibleDates: [String] = []
}
