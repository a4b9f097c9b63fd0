internal import DocPDF
internal import Foundation

/// What the file-forensic checks look at. The same for every kind of document; a
/// statement adds what its table says (last transaction date, its value columns).
struct ForensicInput {
    var bytes: [UInt8]
    var structure: PDFStructure
    var metadata: PDFMetadata
    var pages: [PDFPageText]
    var now: Date
    var kind: Verdict.Kind
    /// The last transaction date printed, for statements.
    var lastTransactionDate: CivilDate?
    /// Columns of amounts and dates whose words should share one font (see ``FontOutlierCheck``).
    var valueColumns: [ValueColumn]
    /// The words of the header values the checks read (holder, account, card, IBAN, ID
    /// number), for statements: what ``TextOverlapCheck`` counts as a value besides amounts,
    /// dates and long numbers.
    var headerValueWords: Set<String>
    /// The last revision (index in ``PDFStructure/revisions``) signed over by the file's
    /// one intact signature: the revisions up to it are the signer's own (`docs/bank-statement.md`,
    /// "Revisions"). `nil` when there is no such signature.
    var signedThroughRevision: Int? = nil

    init(context: AnalysisContext, statement: Statement?, signedThroughRevision: Int? = nil) {
        self.signedThroughRevision = signedThroughRevision
        bytes = context.bytes
        structure = context.structure
        metadata = context.metadata
        pages = context.pages
        now = context.now
        kind = context.kind
        lastTransactionDate = statement?.table.rows.compactMap(\.date).max()
        valueColumns = statement.map(ValueColumn.columns(of:)) ?? ValueColumn.aligned(in: context.pages)
        headerValueWords = statement.map { Self.valueWords(of: $0.header) } ?? []
    }

    /// The header fields that name the account and its holder, split into words.
    static func valueWords(of header: StatementHeader) -> Set<String> {
        let fields: [StatementHeader.Field] = [.accountHolder, .accountNumber, .cardNumber, .iban, .idNumber]
        var out: Set<String> = []
        for field in fields {
            guard let text = header[field]?.text else { continue }
            for word in text.split(whereSeparator: \.isWhitespace) where word.count >= 2 { out.insert(String(word)) }
        }
        return out
    }

    init(
        bytes: [UInt8] = [], structure: PDFStructure = PDFStructure(), metadata: PDFMetadata, pages: [PDFPageText] = [],
        now: Date, kind: Verdict.Kind = .unknown, lastTransactionDate: CivilDate? = nil, valueColumns: [ValueColumn] = [],
        headerValueWords: Set<String> = [], signedThroughRevision: Int? = nil
    ) {
        self.signedThroughRevision = signedThroughRevision
        self.bytes = bytes
        self.structure = structure
        self.metadata = metadata
        self.pages = pages
        self.now = now
        self.kind = kind
        self.lastTransactionDate = lastTransactionDate
        self.valueColumns = valueColumns
        self.headerValueWords = headerValueWords
    }
}

/// One file-forensic check.
protocol ForensicCheck: Sendable {
    static func run(_ input: ForensicInput) -> [Finding]
}

/// A column of values (amounts or dates) whose words a generator sets in one font and size.
struct ValueColumn: Sendable {
    struct Cell: Sendable {
        var page: Int
        var row: Int?
        var word: PDFWord
    }

    var name: String
    var cells: [Cell]

    /// A statement's table: its date column and each money column.
    static func columns(of statement: Statement) -> [ValueColumn] {
        var byName: [String: [Cell]] = [:]
        for row in statement.table.rows {
            for (name, words) in row.cells {
                byName[name, default: []] += words.map { Cell(page: row.page, row: row.index, word: $0) }
            }
        }
        return byName.keys.sorted().map { ValueColumn(name: $0, cells: byName[$0]!) }
    }

    /// Any document: amounts sharing a right edge, and dates sharing a left edge, on a page.
    static func aligned(in pages: [PDFPageText]) -> [ValueColumn] {
        var out: [ValueColumn] = []
        for page in pages {
            var amounts: [Int: [Cell]] = [:]
            var dates: [Int: [Cell]] = [:]
            for word in page.words {
                if AmountParser.parse(word.text) != nil {
                    amounts[Int(word.box.x1.rounded()), default: []].append(Cell(page: page.number, word: word))
                } else if case .date = DateParser.parse(Substring(word.text)) {
                    dates[Int(word.box.x0.rounded()), default: []].append(Cell(page: page.number, word: word))
                }
            }
            for (x, cells) in amounts.sorted(by: { $0.key < $1.key }) where cells.count >= 8 {
                out.append(ValueColumn(name: "amounts at x=\(x) on page \(page.number)", cells: cells))
            }
            for (x, cells) in dates.sorted(by: { $0.key < $1.key }) where cells.count >= 8 {
                out.append(ValueColumn(name: "dates at x=\(x) on page \(page.number)", cells: cells))
            }
        }
        return out
    }
}
