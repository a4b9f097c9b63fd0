import DocPDF
import Testing

@testable import DocVerify

/// The date cell that starts a transaction row (`DateCellParser`, `DateCell`): every date form
/// of `docs/bank-statement.md`, impossible dates, digits that are not dates, and the year a
/// yearless date takes from the statement period.
@Suite struct DateCellTests {
    /// Splits `text` into words as a line's words arrive (one word per space-separated part).
    static func words(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    static func cell(_ text: String, slashOrder: DateParser.SlashOrder = .dayFirst) -> DateCell? {
        DateCellParser.parse(words(text), slashOrder: slashOrder)
    }

    // MARK: Forms with a year

    @Test(
        "every dated form of docs/bank-statement.md reads to its day, month and year, taking all of its words",
        arguments: [
            ("2026-03-01", 1, 3, 2026), ("2026/03/01", 1, 3, 2026), ("2026.03.01", 1, 3, 2026), ("20260301", 1, 3, 2026),
            ("01.03.2026", 1, 3, 2026), ("01/03/2026", 1, 3, 2026), ("01-03-2026", 1, 3, 2026), ("2026年3月1日", 1, 3, 2026),
            ("2026年03月01日", 1, 3, 2026),
            // DD/MM/YY and friends: two-digit years are 20YY below 70.
            ("01/03/26", 1, 3, 2026), ("01.03.26", 1, 3, 2026), ("31-12-25", 31, 12, 2025), ("15/06/99", 15, 6, 1999),
            // Spaced forms.
            ("23 / 06 / 2025", 23, 6, 2025), ("23 . 06 . 2025", 23, 6, 2025),
            // Month names: DD MON YY, D Mon YYYY, glued and dashed.
            ("02 SEP 26", 2, 9, 2026), ("2 Dec 2025", 2, 12, 2025), ("01-MAR-26", 1, 3, 2026), ("01-Mar-2026", 1, 3, 2026),
            ("01MAR26", 1, 3, 2026), ("1 March 2026", 1, 3, 2026),
            // German, French, Dutch, Spanish.
            ("3. März 2026", 3, 3, 2026), ("2. November 2026", 2, 11, 2026), ("5 Mrz 2026", 5, 3, 2026),
            ("3 janv. 2026", 3, 1, 2026), ("1 août 2026", 1, 8, 2026), ("14 févr. 2026", 14, 2, 2026), ("7 déc. 2025", 7, 12, 2025),
            ("3 aug. 2026", 3, 8, 2026), ("12 mrt. 2026", 12, 3, 2026), ("9 okt 2026", 9, 10, 2026), ("1 mei 2026", 1, 5, 2026),
            ("5 ene 2026", 5, 1, 2026), ("20 dic. 2025", 20, 12, 2025), ("30 abr 2026", 30, 4, 2026),
            // Month first, in words.
            ("Mar 1, 2026", 1, 3, 2026), ("December 31, 2025", 31, 12, 2025),
        ]
    )
    func dated(_ text: String, _ day: Int, _ month: Int, _ year: Int) throws {
        let cell = try #require(Self.cell(text), "\(text) was not read as a date cell")
        #expect(cell.day == day && cell.month == month && cell.year == year, "\(text) read as \(cell.day)/\(cell.month)/\(cell.year.map(String.init) ?? "-")")
        #expect(cell.wordCount == Self.words(text).count, "\(text) took \(cell.wordCount) words")
        #expect(cell.text == text)
        #expect(cell.isPossible)
        #expect(cell.resolved(period: nil, fallbackYear: nil) == CivilDate(year: year, month: month, day: day))
    }

    /// Full month names and their common (CLDR) abbreviations, January to December.
    static let monthNames: [(language: String, names: [[String]])] = [
        (
            "en",
            [
                ["January", "Jan"], ["February", "Feb"], ["March", "Mar"], ["April", "Apr"], ["May"], ["June", "Jun"],
                ["July", "Jul"], ["August", "Aug"], ["September", "Sep", "Sept"], ["October", "Oct"], ["November", "Nov"],
                ["December", "Dec"],
            ]
        ),
        (
            "fr",
            [
                ["janvier", "janv."], ["février", "févr."], ["mars"], ["avril", "avr."], ["mai"], ["juin"], ["juillet", "juil."],
                ["août"], ["septembre", "sept."], ["octobre", "oct."], ["novembre", "nov."], ["décembre", "déc."],
            ]
        ),
        (
            "de",
            [
                ["Januar", "Jan.", "Jänner"], ["Februar", "Feb."], ["März", "Mrz"], ["April", "Apr."], ["Mai"], ["Juni"], ["Juli"],
                ["August", "Aug."], ["September", "Sept."], ["Oktober", "Okt."], ["November", "Nov."], ["Dezember", "Dez."],
            ]
        ),
        (
            "nl",
            [
                ["januari", "jan."], ["februari", "feb."], ["maart", "mrt."], ["april", "apr."], ["mei"], ["juni", "jun."],
                ["juli", "jul."], ["augustus", "aug."], ["september", "sep."], ["oktober", "okt."], ["november", "nov."],
                ["december", "dec."],
            ]
        ),
        (
            "es",
            [
                ["enero", "ene"], ["febrero", "feb"], ["marzo", "mar"], ["abril", "abr"], ["mayo", "may"], ["junio", "jun"],
                ["julio", "jul"], ["agosto", "ago"], ["septiembre", "sept"], ["octubre", "oct"], ["noviembre", "nov"],
                ["diciembre", "dic"],
            ]
        ),
    ]

    @Test("month names and abbreviations in English, French, German, Dutch and Spanish, in any letter case", arguments: monthNames.map(\.language))
    func monthNamesRead(_ language: String) throws {
        let months = try #require(Self.monthNames.first { $0.language == language }?.names)
        for (index, names) in months.enumerated() {
            for name in names {
                #expect(DateCellParser.monthNumber(name) == index + 1, "\(language) \(name)")
                #expect(DateCellParser.monthNumber(name.uppercased()) == index + 1, "\(language) \(name.uppercased())")
                let cell = Self.cell("14 \(name) 2026")
                #expect(cell?.month == index + 1 && cell?.day == 14 && cell?.year == 2026, "14 \(name) 2026")
            }
        }
    }

    // MARK: Forms without a year

    @Test(
        "yearless forms read to day and month, and need a year from elsewhere",
        arguments: [
            ("01/03", 1, 3), ("01.03", 1, 3), ("01.03.", 1, 3), ("1.3.", 1, 3), ("31/12", 31, 12), ("01 Mar", 1, 3),
            ("1 MAR", 1, 3), ("20 Nov", 20, 11), ("3 janv.", 3, 1), ("3. März", 3, 3), ("Mar 1", 1, 3), ("28 Dec", 28, 12),
        ]
    )
    func yearless(_ text: String, _ day: Int, _ month: Int) throws {
        let cell = try #require(Self.cell(text), "\(text) was not read as a date cell")
        #expect(cell.day == day && cell.month == month, "\(text) read as \(cell.day)/\(cell.month)")
        #expect(cell.year == nil)
        #expect(cell.isPossible)
        #expect(cell.resolved(period: nil, fallbackYear: nil) == nil, "\(text) invented a year")
        #expect(cell.resolved(period: nil, fallbackYear: 2026) == CivilDate(year: 2026, month: month, day: day))
    }

    @Test("the cell takes only its own words: the description after it is not part of the date")
    func cellStopsAtDescription() throws {
        let slashed = try #require(DateCellParser.parse(["01/03/2026", "CARD", "PAYMENT", "TESCO"]))
        #expect(slashed.wordCount == 1)
        let named = try #require(DateCellParser.parse(["1", "Mar", "2026", "TESCO", "STORES"]))
        #expect(named.wordCount == 3)
        #expect(named.year == 2026)
        // A yearless `1 Mar` followed by a description keeps just its two words.
        let yearless = try #require(DateCellParser.parse(["1", "Mar", "TESCO", "2041"]))
        #expect(yearless.wordCount == 2)
        #expect(yearless.year == nil)
        // Spaced: exactly the five words of `23 / 06 / 2025`.
        let spaced = try #require(DateCellParser.parse(["23", "/", "06", "/", "2025", "SALARY"]))
        #expect(spaced.wordCount == 5)
        #expect((spaced.day, spaced.month, spaced.year) == (23, 6, 2025))
    }

    // MARK: Impossible dates

    @Test(
        "date-shaped cells that name no calendar day are kept as impossible dates (DATE_INVALID), not dropped",
        arguments: [
            ("31/04", 31, 4, nil), ("31.04.", 31, 4, nil), ("30 Feb 2026", 30, 2, 2026), ("29/02/25", 29, 2, 2025),
            ("31 SEP 26", 31, 9, 2026), ("31.04.2026", 31, 4, 2026), ("2026-02-30", 30, 2, 2026), ("30/02/2026", 30, 2, 2026),
            ("2026年2月30日", 30, 2, 2026), ("20260230", 30, 2, 2026), ("31 juin 2026", 31, 6, 2026),
        ] as [(String, Int, Int, Int?)]
    )
    func impossible(_ text: String, _ day: Int, _ month: Int, _ year: Int?) throws {
        let cell = try #require(Self.cell(text), "\(text) was not read as a date cell at all")
        #expect(cell.day == day && cell.month == month && cell.year == year)
        #expect(!cell.isPossible, "\(text) taken for a calendar day")
        #expect(cell.resolved(period: nil, fallbackYear: 2026) == nil)
    }

    @Test("29 February is possible without a year and in a leap year only")
    func leapDay() throws {
        #expect(try #require(Self.cell("29/02")).isPossible)
        #expect(try #require(Self.cell("29 Feb 2028")).isPossible)
        #expect(try #require(Self.cell("29/02/24")).isPossible)
        #expect(try !#require(Self.cell("29/02/25")).isPossible)
        // A yearless 29/02 in a period without a 29 February resolves to no day inside the period.
        let period = (start: CivilDate(year: 2025, month: 1, day: 1)!, end: CivilDate(year: 2025, month: 12, day: 31)!)
        if let date = try #require(Self.cell("29/02")).resolved(period: period, fallbackYear: nil) {
            #expect(date < period.start || date > period.end, "29/02 resolved to \(date) inside 2025")
        }
    }

    // MARK: Not dates at all

    @Test(
        "references, codes, fractions and amounts do not start a date cell",
        arguments: [
            "REF 31/02/77-889", "31/02/77-889", "33/02", "12/13", "00/05", "05/00", "1,234.56", "2026", "4835****1234",
            "12-3456-0123456-00", "TESCO 01/03/2026", "Balance 01 Mar", "123/45", "1/2/3/4", "32 Jan 2026", "Mar 32",
            "1 Foo 2026", "01.03.1776",
        ]
    )
    func notADate(_ text: String) {
        let cell = Self.cell(text)
        #expect(cell == nil, "\(text) read as a date cell \(cell.map { "\($0.day)/\($0.month)/\($0.year.map(String.init) ?? "-")" } ?? "")")
    }

    // MARK: Slash order

    @Test("month-first statements: 12/13 and 11/25/2026 are dates, day-first they are not")
    func monthFirst() throws {
        let short = try #require(Self.cell("12/13", slashOrder: .monthFirst))
        #expect((short.day, short.month, short.year) == (13, 12, nil))
        #expect(Self.cell("12/13", slashOrder: .dayFirst) == nil)

        let full = try #require(Self.cell("11/25/2026", slashOrder: .monthFirst))
        #expect((full.day, full.month, full.year) == (25, 11, 2026))
        #expect(full.isPossible)
        // Day first, 11/25/2026 has month 25: date-shaped, but no calendar day.
        let dayFirst = Self.cell("11/25/2026", slashOrder: .dayFirst)
        #expect(dayFirst.map { !$0.isPossible } ?? true)

        let yy = try #require(Self.cell("03/01/26", slashOrder: .monthFirst))
        #expect((yy.day, yy.month, yy.year) == (1, 3, 2026))
        let dayFirstYY = try #require(Self.cell("03/01/26", slashOrder: .dayFirst))
        #expect((dayFirstYY.day, dayFirstYY.month) == (3, 1))
        // Dots and dashes are never month first.
        let dotted = try #require(Self.cell("03.01.2026", slashOrder: .monthFirst))
        #expect((dotted.day, dotted.month) == (3, 1))
        // An impossible month-first date is kept with its parts in the right places.
        let bad = try #require(Self.cell("02/30/2026", slashOrder: .monthFirst))
        #expect((bad.day, bad.month, bad.year) == (30, 2, 2026))
        #expect(!bad.isPossible)
    }

    @Test("a statement that writes its whole dates month first reads its yearless row dates month first too")
    func monthFirstStatement() throws {
        var b = PageBuilder(1)
        b.put("Account Holder: TEST PERSON", x: 40, y: 60)
        b.put("Statement Period: 08/01/2026 to 10/31/2026", x: 40, y: 74)
        b.put("Date", x: 40, y: 100)
        b.put("Description", x: 105, y: 100)
        b.put("Debit", x: 380, y: 100, right: true)
        b.put("Credit", x: 455, y: 100, right: true)
        b.put("Balance", x: 545, y: 100, right: true)
        b.put("Opening balance", x: 105, y: 116)
        b.put("1,000.00", x: 545, y: 116, right: true)
        let rows = [
            ("08/15", "CARD SHOP", "-100.00", "900.00"), ("09/30", "PAYROLL", "500.00", "1,400.00"),
            ("10/03", "RENT", "-400.00", "1,000.00"),
        ]
        var y = 130.0
        for (date, text, amount, balance) in rows {
            b.put(date, x: 40, y: y)
            b.put(text, x: 105, y: y)
            b.put(String(amount.drop { $0 == "-" }), x: amount.hasPrefix("-") ? 380 : 455, y: y, right: true)
            b.put(balance, x: 545, y: y, right: true)
            y += 14
        }
        let statement = StatementReader.read(pages: [b.page])
        #expect(statement.slashOrder == .monthFirst)
        #expect(statement.table.rows.map { $0.date?.description } == ["2026-08-15", "2026-09-30", "2026-10-03"])
        let found = codes([b.page])
        #expect(found.isDisjoint(with: ["DATE_ORDER", "DATE_OUTSIDE_PERIOD", "BALANCE_CHAIN_BROKEN", "ROWS_UNREADABLE"]), "\(found.sorted())")
        // The header's dates follow the statement's slash order too: read day first, the genuine
        // period `08/01/2026 to 10/31/2026` was lost and `10/31/2026` was DATE_INVALID.
        #expect(statement.header.period?.end.description == "2026-10-31")
        #expect(statement.impossibleDates.isEmpty, "\(statement.impossibleDates)")
        #expect(!found.contains("DATE_INVALID"))
    }

    // MARK: The year from the period

    static let acrossNewYear = (start: CivilDate(year: 2025, month: 11, day: 16)!, end: CivilDate(year: 2026, month: 11, day: 15)!)

    @Test(
        "a yearless date takes the year that puts it inside the period, across a year boundary",
        arguments: [
            ("20 Nov", "2025-11-20"), ("3 Jan", "2026-01-03"), ("16 Nov", "2025-11-16"), ("15 Nov", "2026-11-15"),
            ("31/12", "2025-12-31"), ("01/01", "2026-01-01"), ("10.11.", "2026-11-10"), ("28 Dec", "2025-12-28"),
        ]
    )
    func yearFromPeriod(_ text: String, _ iso: String) throws {
        let cell = try #require(Self.cell(text))
        let date = cell.resolved(period: Self.acrossNewYear, fallbackYear: 1999)
        #expect(date?.description == iso, "\(text) resolved to \(date?.description ?? "nil")")
    }

    @Test("a printed year wins over the period, and a date outside the period takes the nearest year")
    func printedYearAndNearest() throws {
        let printed = try #require(Self.cell("20 Nov 2024"))
        #expect(printed.resolved(period: Self.acrossNewYear, fallbackYear: nil)?.description == "2024-11-20")
        // A period of one quarter; 2 Jan lies outside it, nearest in the following year.
        let quarter = (start: CivilDate(year: 2026, month: 8, day: 1)!, end: CivilDate(year: 2026, month: 10, day: 31)!)
        #expect(try #require(Self.cell("2 Jan")).resolved(period: quarter, fallbackYear: nil)?.description == "2027-01-02")
        #expect(try #require(Self.cell("25 Jul")).resolved(period: quarter, fallbackYear: nil)?.description == "2026-07-25")
    }

    @Test("the reader gives yearless rows across 1 January the years of the period")
    func readerAcrossNewYear() throws {
        var b = PageBuilder(1)
        b.put("Account Holder: TEST PERSON", x: 40, y: 60)
        b.put("Statement Period: 16/11/2025 to 15/11/2026", x: 40, y: 74)
        b.put("Date", x: 40, y: 100)
        b.put("Description", x: 105, y: 100)
        b.put("Debit", x: 380, y: 100, right: true)
        b.put("Credit", x: 455, y: 100, right: true)
        b.put("Balance", x: 545, y: 100, right: true)
        b.put("Opening balance", x: 105, y: 116)
        b.put("1,000.00", x: 545, y: 116, right: true)
        let rows = [
            ("20 Nov", "CARD SHOP", "-100.00", "900.00"), ("28 Dec", "SALARY", "500.00", "1,400.00"),
            ("3 Jan", "RENT", "-400.00", "1,000.00"),
        ]
        var y = 130.0
        for (date, text, amount, balance) in rows {
            b.put(date, x: 40, y: y)
            b.put(text, x: 105, y: y)
            b.put(String(amount.drop { $0 == "-" }), x: amount.hasPrefix("-") ? 380 : 455, y: y, right: true)
            b.put(balance, x: 545, y: y, right: true)
            y += 14
        }
        let statement = StatementReader.read(pages: [b.page])
        #expect(statement.table.rows.map { $0.date?.description } == ["2025-11-20", "2025-12-28", "2026-01-03"])
        #expect(statement.table.rows.allSatisfy { !$0.impossibleDate })
        let found = codes([b.page])
        #expect(found.isDisjoint(with: ["DATE_ORDER", "DATE_OUTSIDE_PERIOD", "DATE_INVALID", "BALANCE_CHAIN_BROKEN", "ROWS_UNREADABLE"]), "\(found.sorted())")
    }

    @Test("an impossible yearless date in a row is DATE_INVALID; a reference 31/02/77-889 in the description is not")
    func impossibleInRow() throws {
        func page(_ secondDate: String) -> PDFPageText {
            var b = PageBuilder(1)
            b.put("Account Holder: TEST PERSON", x: 40, y: 60)
            b.put("Statement Period: 01/03/2026 to 31/05/2026", x: 40, y: 74)
            b.put("Date", x: 40, y: 100)
            b.put("Description", x: 105, y: 100)
            b.put("Debit", x: 380, y: 100, right: true)
            b.put("Credit", x: 455, y: 100, right: true)
            b.put("Balance", x: 545, y: 100, right: true)
            b.put("Opening balance", x: 105, y: 116)
            b.put("1,000.00", x: 545, y: 116, right: true)
            b.put("02/03", x: 40, y: 130)
            b.put("REF 31/02/77-889", x: 105, y: 130)
            b.put("100.00", x: 380, y: 130, right: true)
            b.put("900.00", x: 545, y: 130, right: true)
            b.put(secondDate, x: 40, y: 144)
            b.put("SALARY", x: 105, y: 144)
            b.put("50.00", x: 455, y: 144, right: true)
            b.put("950.00", x: 545, y: 144, right: true)
            return b.page
        }
        let genuine = page("30/04")
        let statement = StatementReader.read(pages: [genuine])
        #expect(statement.table.rows.count == 2)
        #expect(statement.table.rows[0].description == "REF 31/02/77-889")
        #expect(!codes([genuine]).contains("DATE_INVALID"))
        let forged = page("31/04")
        let read = StatementReader.read(pages: [forged])
        #expect(read.table.rows.count == 2)
        #expect(read.table.rows[1].impossibleDate)
        #expect(codes([forged]).contains("DATE_INVALID"))
    }
}
