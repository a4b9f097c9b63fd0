import Testing

@testable import DocVerify

@Suite struct StatementMoneyTests {
    @Test(
        "every amount form of docs/bank-statement.md reads to exact minor units",
        arguments: [
            ("1,234.56", 123_456), ("1.234,56", 123_456), ("1 234,56", 123_456), ("1234.56", 123_456),
            ("-1,234.56", -123_456), ("(1,234.56)", -123_456), ("1,234.56-", -123_456), ("1,234.56 DR", -123_456),
            ("1,234.56 CR", 123_456), ("+1,234.56", 123_456), ("EUR 1.234,56", 123_456), ("1.234,56 EUR", 123_456),
            ("¥12,000.00", 1_200_000), ("-€12.05", -1_205), ("0.07", 7), ("1'234.56", 123_456),
            ("12,345,678.90", 1_234_567_890), ("1\u{00A0}234,56", 123_456),
        ]
    )
    func reads(_ text: String, _ minorUnits: Int) throws {
        let parsed = try #require(AmountParser.parse(text), "\(text) was not read")
        #expect(parsed.value.minorUnits == minorUnits)
    }

    /// `1,23,456.00` is no longer among them: it is Indian (lakh) grouping, 123,456.00
    /// (`AmountFormsTests`); `1,23,4567.00` breaks both groupings.
    @Test(
        "numbers that are not amounts are refused",
        arguments: ["2026", "1,234", "12.5", "1.234.56", "1,23,4567.00", "12,34.56", "abc", "", "2026-09-01", "01.09.2026", "-(12.00)CR"]
    )
    func refuses(_ text: String) {
        #expect(AmountParser.parse(text) == nil, "\(text) was read as an amount")
    }

    @Test("money arithmetic is exact where floating point is not")
    func exact() {
        var sum = Money.zero
        for _ in 0..<10 { sum += Money(minorUnits: 10) }  // 0.10 ten times
        #expect(sum == Money(minorUnits: 100))
        #expect(Money(minorUnits: -123_456).description == "-1234.56")
        #expect(Money(minorUnits: 5).description == "0.05")
    }
}

@Suite struct StatementDateTests {
    @Test(
        "every date form of docs/bank-statement.md reads to a calendar date",
        arguments: [
            ("2026-09-01", "2026-09-01"), ("2026/09/01", "2026-09-01"), ("01.09.2026", "2026-09-01"),
            ("01/09/2026", "2026-09-01"), ("2026年9月1日", "2026-09-01"), ("2026年09月01日", "2026-09-01"),
            ("2024-02-29", "2024-02-29"),
        ]
    )
    func reads(_ text: String, _ iso: String) throws {
        let token = try #require(DateParser.parse(Substring(text)))
        guard case .date(let date) = token else {
            Issue.record("\(text) read as \(token)")
            return
        }
        #expect(date.description == iso)
    }

    @Test("YYYYMMDD only where a date column allows it")
    func compact() throws {
        #expect(DateParser.parse("20260901") == nil)
        let token = try #require(DateParser.parse("20260901", compact: true))
        #expect(token == .date(CivilDate(year: 2026, month: 9, day: 1)!))
    }

    @Test("impossible dates are recognised as dates that do not exist", arguments: ["2026-02-30", "2025-02-29", "2026-13-01", "31.04.2026", "2026年2月30日"])
    func impossible(_ text: String) {
        #expect(DateParser.parse(Substring(text)) == .impossible(text))
    }

    @Test("the text scan finds date-shaped tokens and ignores amounts and numbers")
    func scan() {
        let found = DateParser.scan("Period 2026-08-01 to 2026-02-30; paid 1.234,56 ref 20260901 on 31.10.2026")
        #expect(found.map(\.text) == ["2026-08-01", "2026-02-30", "31.10.2026"])
        #expect(found[1].token == .impossible("2026-02-30"))
    }

    @Test("a document that writes 11/25/2026 is read month first")
    func slashOrder() {
        #expect(DateParser.slashOrder(of: "11/25/2026 and 10/03/2026") == .monthFirst)
        #expect(DateParser.slashOrder(of: "25/11/2026 and 10/03/2026") == .dayFirst)
        #expect(DateParser.parse("11/25/2026", slashOrder: .monthFirst) == .date(CivilDate(year: 2026, month: 11, day: 25)!))
    }

    @Test("day numbers round-trip and count days exactly")
    func dayNumbers() {
        let a = CivilDate(year: 2026, month: 8, day: 1)!
        let b = CivilDate(year: 2026, month: 10, day: 31)!
        #expect(b.dayNumber - a.dayNumber + 1 == 92)
        #expect(CivilDate(dayNumber: a.dayNumber) == a)
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
    }
}

@Suite struct StatementHeaderTests {
    @Test("labels and values are paired, several on a line, in English and Chinese")
    func pairs() {
        let english = HeaderFieldReader.pairs(in: "Account Holder: ZHANG WEI   Account No.: 41234567")
        #expect(english.map(\.field) == [.accountHolder, .accountNumber])
        #expect(english.map(\.value) == ["ZHANG WEI", "41234567"])
        let chinese = HeaderFieldReader.pairs(in: "户名：张伟 卡号：6217000010012345678")
        #expect(chinese.map(\.field) == [.accountHolder, .cardNumber])
        #expect(chinese[1].value == "6217000010012345678")
        #expect(HeaderFieldReader.pairs(in: "Bank name of the payee").isEmpty)
    }

    @Test("period, issue date and balances are read from their fields")
    func fields() {
        var header = StatementHeader()
        header.values[.period] = .init(text: "2026年08月01日至2026年10月31日", page: 1)
        header.values[.issueDate] = .init(text: "20/11/2026", page: 1)
        header.values[.closingBalance] = .init(text: "17 730,87 EUR", page: 2)
        #expect(header.period?.start.description == "2026-08-01")
        #expect(header.period?.end.description == "2026-10-31")
        #expect(header.issueDate?.description == "2026-11-20")
        #expect(header.amount(.closingBalance) == Money(minorUnits: 1_773_087))
    }
}
