import DocPDF
import Foundation
import Testing

@testable import DocVerify

/// Field extraction by label, dates, ID numbers, masking and the Daily Asset table.
@Suite("Sesame report parsing")
struct SesameParsingTests {
    private func fields(_ line: String) -> [SesameField: String] {
        Dictionary(SesameFieldParser.fields(in: line).map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test(
        "a label is English, Chinese or both in either order, with ':' or '：'",
        arguments: [
            "Sesame Score: 782", "芝麻分：782", "芝麻分 Sesame Score: 782", "Sesame Score 芝麻分：782",
            "Sesame Score / 芝麻分 : 782", "芝麻分(Sesame Score)：782", "SESAME SCORE:782", "Zhima Score：782 极好",
            "芝 麻 分 ： 782",
        ]
    )
    func scoreLabels(line: String) throws {
        let value = try #require(fields(line)[.score])
        var report = SesameReport()
        report.values[.score] = value
        #expect(report.score == 782)
    }

    @Test("a label without a separator is not a field, and a longer word is not a label")
    func labelsNeedSeparatorsAndBoundaries() {
        #expect(fields("Sesame Score report for visa applications").isEmpty)
        #expect(fields("Name of the bank: ICBC")[.name] == nil)
        #expect(fields("Usernames: abc")[.name] == nil)
        #expect(fields("芝麻信用 Sesame Credit").isEmpty)
    }

    @Test("several fields on one line, and a table row whose cells are separated by wide gaps")
    func severalFieldsPerLine() {
        let pair = fields("Name: Zhang Wei   Date of Birth: 1990-03-07")
        #expect(pair[.name] == "Zhang Wei")
        #expect(pair[.dateOfBirth] == "1990-03-07")

        let cells = fields("报告编号\tZM20261120000123\tIssue Date\t2026-11-20")
        #expect(cells[.reportId] == "ZM20261120000123")
        #expect(cells[.issuedAt] == "2026-11-20")

        let trailingCell = fields("姓名：张伟\t性别：男")
        #expect(trailingCell[.name] == "张伟")
    }

    @Test("every label of the table in docs/sesame-report.md is recognised")
    func everyLabel() {
        for field in SesameField.allCases {
            for label in field.labels {
                #expect(fields("\(label): X1234567")[field] == "X1234567", "\(label)")
                #expect(fields("\(label)：X1234567")[field] == "X1234567", "\(label) with a full-width colon")
            }
        }
    }

    @Test("lines are rebuilt by baseline from positioned words, with wide gaps kept as cell boundaries")
    func linesFromWords() {
        func word(_ text: String, x: Double, y: Double) -> PDFWord {
            PDFWord(
                text: text, box: PDFRect(x0: x, y0: y, x1: x + Double(text.count) * 6, y1: y + 11), fontName: "F",
                fontSize: 11, color: PDFColor(red: 0, green: 0, blue: 0)
            )
        }
        // Reading order puts the value column after the label column; the baselines pair them.
        let page = PDFPageText(
            number: 1, width: 595, height: 842,
            words: [
                word("Report", x: 72, y: 100), word("No.:", x: 112, y: 100), word("Sesame", x: 72, y: 120),
                word("Score:", x: 116, y: 120.8), word("ZM20261120000123", x: 300, y: 100.5), word("782", x: 300, y: 120),
            ],
            text: ""
        )
        let lines = SesameTextLines.lines(of: page)
        #expect(lines == ["Report No.:\tZM20261120000123", "Sesame Score:\t782"])
        let report = SesameReport.read(pages: [page])
        #expect(report.reportId == "ZM20261120000123")
        #expect(report.score == 782)
    }

    @Test(
        "dates in the three forms, with optional time; no zone means China Standard Time",
        arguments: [
            ("2026-11-20", "2026-11-20"), ("2026/11/20", "2026-11-20"), ("2026年11月20日", "2026-11-20"),
            ("2026年1月5日", "2026-01-05"), ("2026-11-20 10:30", "2026-11-20T10:30:00+08:00"),
            ("2026-11-20 10:30:15", "2026-11-20T10:30:15+08:00"), ("2026年11月20日 09:05", "2026-11-20T09:05:00+08:00"),
            ("2026-11-20T10:30:00Z", "2026-11-20T10:30:00+00:00"), ("2026-11-20 10:30 UTC", "2026-11-20T10:30:00+00:00"),
            ("2026-11-20 10:30 +01:00", "2026-11-20T10:30:00+01:00"), ("2026-11-20 10:30 CST", "2026-11-20T10:30:00+08:00"),
            ("2026-11-20 (Friday)", "2026-11-20"), ("２０２６年１１月２０日 １０：３０", "2026-11-20T10:30:00+08:00"),
        ]
    )
    func dates(text: String, expected: String) throws {
        let date = try #require(SesameDate.parse(text))
        #expect(date.description == expected)
    }

    @Test(
        "impossible or malformed dates are refused", arguments: ["2026-02-30", "2026-13-01", "20261120", "2026-11", "26-11-20", "2026-11-205", "next Friday"])
    func badDates(text: String) {
        #expect(SesameDate.parse(text) == nil)
    }

    @Test("a time without a zone is UTC+8: 10:30 in Beijing is 02:30 UTC")
    func chinaStandardTime() throws {
        let date = try #require(SesameDate.parse("2026-11-20 10:30"))
        #expect(Verdict.isoTimestamp(date.instant) == "2026-11-20T02:30:00Z")
        let dayOnly = try #require(SesameDate.parse("2026-11-20"))
        #expect(Verdict.isoTimestamp(dayOnly.instant) == "2026-11-19T16:00:00Z")
        #expect(Verdict.isoTimestamp(dayOnly.endOfDay) == "2026-11-20T16:00:00Z")
    }

    @Test("ID numbers: GB 11643 check character, masked forms, birth date")
    func idNumbers() throws {
        #expect(ChineseIDNumber("110105199003070025").problem == nil)
        #expect(ChineseIDNumber("11010519900307002X").problem != nil)  // wrong check character
        #expect(ChineseIDNumber("11010519491231002X").problem == nil)  // X is a valid check character
        #expect(ChineseIDNumber("110105 1990 0307 0025").problem == nil)  // printed with blanks
        #expect(ChineseIDNumber("11010519900230002X").problem != nil)  // 30 February
        #expect(ChineseIDNumber("1101051990030700").problem != nil)  // 16 characters
        #expect(ChineseIDNumber("1101**********0025").problem == nil)  // masked: form only
        #expect(ChineseIDNumber("1101**********00A5").problem != nil)
        #expect(ChineseIDNumber("110105199003070025").birthDate == CivilDate(year: 1990, month: 3, day: 7))
        #expect(ChineseIDNumber("110105********0025").birthDate == nil)
        #expect(ChineseIDNumber("110105199003****25").birthDate == nil)
    }

    @Test("masking keeps at most the first and last 4 characters of identifiers, initials or the first character of names")
    func masking() {
        #expect(Masking.identifier("110105199003070025") == "1101**********0025")
        #expect(Masking.identifier("1101**********0025") == "1101**********0025")
        #expect(Masking.passport("E12345678") == "E1*****78")
        #expect(Masking.name("张伟") == "张*")
        #expect(Masking.name("欧阳娜娜") == "欧***")
        #expect(Masking.name("Zhang Wei") == "Z. W.")
        #expect(Masking.name("ZHANG-WEI") == "Z. W.")
        #expect(Masking.birthDate(CivilDate(year: 1990, month: 3, day: 7)!) == "1990-**-**")
    }

    @Test("the Daily Asset table: rows after its title, amounts with thousands separators")
    func dailyAsset() throws {
        let lines = [
            "Sesame Score: 782", "Daily Asset 日均资产 (CNY)", "Month\tAverage\tMinimum\tMaximum",
            "2026-06\t152,300.00\t120,000.00\t180,000.00", "2026/07 160000 130,000.5 190,000.00",
            "2026年8月 1,000.00 2,000.00 3,000.00", "Notes: figures are monthly", "2026-09 1 2 3",
        ]
        let rows = try #require(DailyAssetTable.rows(in: lines))
        #expect(rows.count == 3)
        #expect(rows[0] == DailyAssetRow(year: 2026, month: 6, average: 15_230_000, minimum: 12_000_000, maximum: 18_000_000))
        #expect(rows[1].minimum == 13_000_050)
        #expect(rows[0].isConsistent && rows[1].isConsistent)
        #expect(!rows[2].isConsistent)
        #expect(DailyAssetTable.rows(in: ["Sesame Score: 782"]) == nil)
        #expect(DailyAssetTable.amount("1,52,300.00") == nil)
        #expect(DailyAssetTable.amount("¥152,300.5") == 15_230_050)
    }

    @Test("scores: leading integer only, refusing decimals")
    func scores() {
        func score(_ value: String) -> Int? {
            var report = SesameReport()
            report.values[.score] = value
            return report.score
        }
        #expect(score("782") == 782)
        #expect(score("782 (Excellent)") == 782)
        #expect(score("782.5") == nil)
        #expect(score("high") == nil)
    }

    @Test("a field printed twice with different values is a conflict; the same fact in two forms is not")
    func conflicts() {
        let page = PDFPageText(
            number: 1, width: 595, height: 842, words: [],
            text: "Sesame Score: 782\n芝麻分：845\nIssue Date: 2026-11-20\n出具日期：2026年11月20日\n姓名：张伟\nName: Zhang Wei"
        )
        let report = SesameReport.read(pages: [page])
        #expect(report.conflicts[.score] == ["782", "845"])
        #expect(report.conflicts[.issuedAt] == nil)
        #expect(report.conflicts[.name] == nil)
        #expect(report.score == 782)
    }
}
