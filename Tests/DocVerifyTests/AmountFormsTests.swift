import DocPDF
import Testing

@testable import DocVerify

/// The amount forms of `docs/bank-statement.md` that the rebuilt reader added (`Dr.`/`Cr.`,
/// currency words such as `Euro`), the ones it always read, and the numbers it must refuse.
@Suite struct AmountFormsTests {
    @Test(
        "amounts read to exact minor units, with the side their marker gives",
        arguments: [
            ("1,234.56 Dr.", -123_456, ParsedAmount.Marker.debit), ("1,234.56 Dr", -123_456, .debit), ("1,234.56 dr.", -123_456, .debit),
            ("754.80 DR", -75_480, .debit), ("25,000.00 Cr", 2_500_000, .credit), ("25,000.00 Cr.", 2_500_000, .credit),
            ("25,000.00 CR", 2_500_000, .credit), ("1,234.56DR", -123_456, .debit),
            ("-683,68 Euro", -68_368, .debit), ("683,68 Euro", 68_368, nil), ("1.234,56 EUROS", 123_456, nil), ("12,00 euro", 1_200, nil),
            ("€ 1.234,56", 123_456, nil), ("€1.234,56", 123_456, nil), ("-€ 12,05", -1_205, .debit), ("1.234,56 €", 123_456, nil),
            ("1'234.50", 123_450, nil), ("1’234.50", 123_450, nil), ("12'345'678.00", 1_234_567_800, nil),
            ("1 234,56", 123_456, nil), ("1\u{202F}234,56", 123_456, nil), ("12 345 678,90", 1_234_567_890, nil),
            ("(42.15)", -4_215, .debit), ("(1,234.56) DR", -123_456, .debit), ("(0.99)", -99, .debit),
            ("1.234,56-", -123_456, .debit), ("45,60-", -4_560, .debit), ("1,234.56+", 123_456, .credit),
            ("+4,150.00", 415_000, .credit), ("-45.60", -4_560, .debit), ("−45.60", -4_560, .debit),
            ("0.00", 0, nil), ("1,23", 123, nil), ("1.23", 123, nil), ("HKD 12,345.67", 1_234_567, nil), ("US$ 99.95", 9_995, nil), ("3,456.00元", 345_600, nil),
            ("¥12,000.00", 1_200_000, nil), ("₹ 18,240.50", 1_824_050, nil),
            // Indian grouping (lakh, crore), as AU Small Finance Bank prints a credit limit.
            ("12,34,567.00", 123_456_700, nil), ("5,20,000.00", 52_000_000, nil), ("1,04,000.00", 10_400_000, nil),
            // Under one unit without the leading zero, as UOB prints a card's sub-total.
            (".00", 0, nil), (".56", 56, nil), ("RM 1,250.00", 125_000, nil),
        ] as [(String, Int, ParsedAmount.Marker?)]
    )
    func reads(_ text: String, _ minorUnits: Int, _ marker: ParsedAmount.Marker?) throws {
        let parsed = try #require(AmountParser.parse(text), "\(text) was not read as an amount")
        #expect(parsed.value == Money(minorUnits: minorUnits), "\(text) read as \(parsed.value)")
        #expect(parsed.marker == marker, "\(text): marker \(String(describing: parsed.marker))")
    }

    @Test("`Rs.` before an amount with `Dr.` after it (Indian card statements)")
    func rupees() throws {
        let debit = try #require(AmountParser.parse("Rs. 18,240.50 Dr."))
        #expect(debit.value == Money(minorUnits: -1_824_050))
        #expect(debit.marker == .debit)
        let plain = try #require(AmountParser.parse("Rs. 1,500.00"))
        #expect(plain.value == Money(minorUnits: 150_000))
    }

    /// `1,23` has exactly two fraction digits and is 1.23 with a decimal comma (a Dutch or German
    /// statement prints it so); `1,2` and `1,234` are the half-formed numbers that are refused.
    @Test(
        "dates, years, counts, references and half-formed numbers are not amounts",
        arguments: [
            "12/06", "2026", "1,2", "1.2", "12.345", "1,234", "1.234.567", "12/06/2026", "2026-06-12", "31.12.", "20260612",
            "1,234.56 DRCR", "-1,234.56 CR", "(1,234.56) CR", "+(12.00)", "1,234.56 Dr. Cr.", "Dr. 1,234.56 Cr",
            "1,2345.67", "1,23,4567.00", "12,345,67.00", "1.234,56.78", "1,234.5", "..56", "1,234.56 XYZ", "Euro", "Dr.", "4835****1234",
            "12-3456-0123456-00", "1 2345,67", "99999999999999.00",
        ]
    )
    func refuses(_ text: String) {
        let parsed = AmountParser.parse(text)
        #expect(parsed == nil, "\(text) was read as \(parsed.map { "\($0.value)" } ?? "")")
    }

    /// Words as poppler gives them, 5 pt per character, `gap` points apart.
    static func words(_ texts: [String], gap: Double = 2.5) -> [PDFWord] {
        var x = 300.0
        return texts.map { text in
            let width = 5 * Double(text.count)
            defer { x += width + gap }
            return PDFWord(
                text: text, box: PDFRect(x0: x, y0: 100, x1: x + width, y1: 110), fontName: "Helvetica", fontSize: 9,
                color: PDFColor(red: 0, green: 0, blue: 0)
            )
        }
    }

    @Test(
        "an amount printed as several words (`1,234.56 Dr.`, `-683,68 Euro`, `€ 1.234,56`, `1 234,56`) is one cell",
        arguments: [
            (["1,234.56", "Dr."], -123_456), (["25,000.00", "Cr"], 2_500_000), (["-683,68", "Euro"], -68_368),
            (["€", "1.234,56"], 123_456), (["1", "234,56"], 123_456), (["EUR", "1.234,56", "DR"], -123_456),
        ]
    )
    func multiWordCell(_ parts: [String], _ minorUnits: Int) throws {
        let tokens = CellToken.tokens(Self.words(parts))
        #expect(tokens.count == 1, "\(parts) made \(tokens.map(\.text))")
        #expect(tokens.first?.amount?.value == Money(minorUnits: minorUnits))
        #expect(tokens.first?.words.count == parts.count)
    }

    @Test("words far apart are separate cells: an amount and the next column's amount are not merged")
    func separateCells() {
        let tokens = CellToken.tokens(Self.words(["1,234.56", "900.00"], gap: 40))
        #expect(tokens.map { $0.amount?.value } == [Money(minorUnits: 123_456), Money(minorUnits: 90_000)])
        // A description word before an amount stays text.
        let described = CellToken.tokens(Self.words(["TESCO", "42.15"]))
        #expect(described.map(\.text) == ["TESCO", "42.15"])
        #expect(described[0].amount == nil)
    }

    @Test("`Rs. 18,240.50 Dr.` printed as three words is one cell")
    func rupeeCell() throws {
        let tokens = CellToken.tokens(Self.words(["Rs.", "18,240.50", "Dr."]))
        #expect(tokens.count == 1, "made \(tokens.map(\.text))")
        #expect(tokens.compactMap(\.amount).map(\.value) == [Money(minorUnits: -1_824_050)])
    }

    // MARK: In a table

    /// One page: Date | Description | the given money columns (right edges), opening balance line, rows.
    static func page(columns: [(String, Double)], opening: String, rows: [(String, String, [Double: String])]) -> PDFPageText {
        var b = PageBuilder(1)
        b.put("Account Holder: TEST PERSON", x: 40, y: 60)
        b.put("Statement Period: 01/09/2026 to 30/11/2026", x: 40, y: 74)
        b.put("Date", x: 40, y: 100)
        b.put("Description", x: 105, y: 100)
        for (label, right) in columns { b.put(label, x: right, y: 100, right: true) }
        b.put("Opening balance", x: 105, y: 116)
        b.put(opening, x: columns.last!.1, y: 116, right: true)
        var y = 130.0
        for (date, text, cells) in rows {
            b.put(date, x: 40, y: y)
            b.put(text, x: 105, y: y)
            for (right, value) in cells { b.put(value, x: right, y: y, right: true) }
            y += 14
        }
        return b.page
    }

    @Test("balances suffixed Cr. / Dr. run through zero: an overdraft is a negative balance, the chain holds")
    func crDrBalances() throws {
        let page = Self.page(
            columns: [("Debit", 380), ("Credit", 455), ("Balance", 545)], opening: "1,000.00 Cr.",
            rows: [
                ("02/09/2026", "RENT", [380: "1,200.00", 545: "200.00 Dr."]), ("05/09/2026", "SALARY", [455: "500.00", 545: "300.00 Cr."]),
                ("07/09/2026", "CARD", [380: "45.60", 545: "254.40 Cr."]),
            ]
        )
        let statement = StatementReader.read(pages: [page])
        #expect(statement.table.anchors.first?.value == Money(minorUnits: 100_000))
        #expect(statement.table.rows.map(\.balance) == [Money(minorUnits: -20_000), Money(minorUnits: 30_000), Money(minorUnits: 25_440)])
        let found = codes([page])
        #expect(found.isDisjoint(with: ["BALANCE_CHAIN_BROKEN", "ROWS_UNREADABLE", "BALANCE_TOTALS_MISMATCH"]), "\(found.sorted())")

        let forged = Self.page(
            columns: [("Debit", 380), ("Credit", 455), ("Balance", 545)], opening: "1,000.00 Cr.",
            rows: [
                ("02/09/2026", "RENT", [380: "1,200.00", 545: "200.00 Cr."]), ("05/09/2026", "SALARY", [455: "500.00", 545: "300.00 Cr."]),
                ("07/09/2026", "CARD", [380: "45.60", 545: "254.40 Cr."]),
            ]
        )
        #expect(codes([forged]).contains("BALANCE_CHAIN_BROKEN"), "an overdraft retyped as a credit balance was not caught")
    }

    @Test("one signed amount column in `Euro` words (`-683,68 Euro`) reconciles, and its edits break the chain")
    func euroWords() throws {
        func page(_ rent: String) -> PDFPageText {
            Self.page(
                columns: [("Betrag", 430), ("Saldo", 545)], opening: "4.000,00 Euro",
                rows: [
                    ("01.09.2026", "Miete", [430: rent, 545: "3.316,32 Euro"]), ("02.09.2026", "Gehalt", [430: "1.250,00 Euro", 545: "4.566,32 Euro"]),
                    ("03.09.2026", "Karte", [430: "-66,32 Euro", 545: "4.500,00 Euro"]),
                ]
            )
        }
        let genuine = page("-683,68 Euro")
        let statement = StatementReader.read(pages: [genuine])
        #expect(statement.table.rows.map(\.amount) == [Money(minorUnits: -68_368), Money(minorUnits: 125_000), Money(minorUnits: -6_632)])
        let found = codes([genuine])
        #expect(found.isDisjoint(with: ["BALANCE_CHAIN_BROKEN", "ROWS_UNREADABLE"]), "\(found.sorted())")
        #expect(codes([page("-583,68 Euro")]).contains("BALANCE_CHAIN_BROKEN"))
    }
}
