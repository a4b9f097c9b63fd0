import DocCrypto
import DocPDF
import Foundation
import Testing

@testable import DocVerify

/// ``GarbledTextDetector``: glyph codes and shifted maps are told from text, and no readable
/// fixture (Chinese, accented, furniture, reports, samples) is ever called garbled.
@Suite("Garbled text layers")
struct GarbledTextDetectorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func page(_ text: String, number: Int = 1) -> PDFPageText {
        PDFPageText(number: number, width: 595, height: 842, words: [], text: text)
    }

    /// An invented statement page: header, then rows of dates and amounts.
    static let statementText: String = {
        var lines = [
            "Kontoauszug: Musterbank Giro plus vom 01.04.2026 bis 30.04.2026", "Kontoinhaber: Erika Beispiel",
            "IBAN DE89 3704 0044 0532 0130 00", "Buchung Valuta Vorgang Betrag EUR", "Alter Kontostand 1.234,56",
        ]
        for day in 1...28 {
            lines.append(String(format: "%02d.04. %02d.04. Lastschrift Stadtwerke Musterstadt GmbH Abschlag %d,%02d-", day, day, 40 + day, day))
        }
        return lines.joined(separator: "\n")
    }()

    /// What a font whose Unicode map is off by 29 code points for some glyphs gives: digits,
    /// `.` and `:` and every other capital move up 29 (`Kontoauszug:` → `hontoauszugW`,
    /// `01.04.2026` → `MNKMQKOMOS`, `IBAN` → `fB^N`), the rest stays: a real Postbank statement's
    /// case, re-enacted on invented text.
    static func shifted(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar -> Unicode.Scalar in
                    let isDigitOrStop = ("0"..."9").contains(scalar) || scalar == "." || scalar == ":"
                    let isOddCapital = ("A"..."Z").contains(scalar) && scalar.value % 2 == 1
                    return isDigitOrStop || isOddCapital ? Unicode.Scalar(scalar.value + 29)! : scalar
                }))
    }

    /// What a subset font numbering its glyphs by first use from `!` gives without a Unicode
    /// map: `Kontoauszug:` → `!"#$"%&'(&)*`.
    static func numberedByFirstUse(_ text: String) -> String {
        var codes: [Unicode.Scalar: Unicode.Scalar] = [:]
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar -> Unicode.Scalar in
                    if scalar.properties.isWhitespace { return scalar }
                    if let code = codes[scalar] { return code }
                    let code = Unicode.Scalar(0x21 + UInt32(codes.count))!
                    codes[scalar] = code
                    return code
                }))
    }

    @Test("a readable statement page is readable")
    func readable() {
        let assessment = GarbledTextDetector.assess([Self.page(Self.statementText)])
        #expect(!assessment.isGarbled)
        #expect(assessment.digitShare > 0.1)
    }

    @Test("glyph codes (a font without ToUnicode) are garbled")
    func glyphCodes() throws {
        let codes = String(
            String.UnicodeScalarView(
                Self.statementText.unicodeScalars.map { scalar -> Unicode.Scalar in
                    scalar.properties.isWhitespace ? scalar : Unicode.Scalar(1 + scalar.value % 30)!
                }))
        let garbled = try #require(GarbledTextDetector.garbled([Self.page(codes)]))
        #expect(garbled.unreadableShare > 0.9)
    }

    @Test("private-use and replacement characters are garbled")
    func privateUse() throws {
        let text = String(repeating: "\u{E012}\u{E045}\u{E0A1} \u{FFFD}\u{FFFD} ", count: 80)
        #expect(GarbledTextDetector.garbled([Self.page(text)]) != nil)
    }

    @Test("a map shifted by some code points (digits as letters) is garbled")
    func shiftedMap() throws {
        let garbled = try #require(GarbledTextDetector.garbled([Self.page(Self.shifted(Self.statementText))]))
        #expect(garbled.unreadableCharacters == 0)
        #expect(garbled.digitShare < 0.05)
        #expect(garbled.oddWordShare >= 0.10)
    }

    @Test("glyphs numbered by first use (printable junk, digits among it) are garbled")
    func numberedGlyphs() throws {
        let garbled = GarbledTextDetector.assess([Self.page(Self.numberedByFirstUse(Self.statementText))])
        #expect(garbled.isGarbled, "\(garbled)")
        #expect(garbled.unreadableCharacters == 0)
        #expect(garbled.oddWordShare >= 0.25)
    }

    @Test("too little text is never judged")
    func tooLittle() {
        #expect(GarbledTextDetector.garbled([Self.page("\u{01}\u{02}\u{03} \u{04}\u{05}")]) == nil)
    }

    @Test(
        "foreign text is text: Chinese, Arabic, accented Latin, Cyrillic, prose without digits",
        arguments: [
            String(repeating: "中国工商银行 交易明细 账号 6222 0212 3456 7890 交易日期 2026年04月01日 摘要 工资 收入 8,000.00 余额 12,345.67\n", count: 8),
            String(repeating: "Relevé de compte — Crédit Agricole — Opérations débitées et créditées: prélèvement échéance frais bancaires\n", count: 8),
            String(repeating: "Straße Überweisung Gebühren Kontoführung Dauerauftrag Gläubiger-ID Mandatsreferenz Verwendungszweck\n", count: 8),
            String(repeating: "كشف حساب بنكي رقم الحساب الرصيد الافتتاحي الرصيد الختامي المبلغ\n", count: 12),
            String(repeating: "Выписка по счёту Остаток на начало периода Поступления Списания Остаток на конец периода\n", count: 8),
            String(repeating: "Dear Sir or Madam, I am writing to confirm that my McDonald's employment in the eBay team continues as before.\n", count: 8),
        ])
    func foreignIsReadable(text: String) {
        let assessment = GarbledTextDetector.assess([Self.page(text)])
        #expect(!assessment.isGarbled, "\(assessment)")
    }

    /// Every fixture that docverify reads as text, through poppler as the analyzer reads it.
    static let readableFixtures: [String] = {
        var out: [String] = []
        for set in ["statements", "layouts", "furniture", "sesame", "samples", "attacks"] {
            let folder = root.appendingPathComponent("testdata/\(set)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".pdf") && name != "genuine-garbled.pdf" {
                out.append("\(set)/\(name)")
            }
        }
        return out
    }()

    @Test("the fixture sets are there") func fixturesThere() {
        #expect(Self.readableFixtures.count >= 150)
        #expect(Self.readableFixtures.contains("layouts/genuine-hk.pdf"))
    }

    @Test("no readable fixture is called garbled", arguments: readableFixtures)
    func fixtureIsReadable(_ relative: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Self.root.appendingPathComponent("testdata/\(relative)").path))
        guard let document = try? PDFDocument(bytes: [UInt8](data)) else { return }  // unreadable files are another check's
        let pages = document.pages(limit: 3)
        let assessment = GarbledTextDetector.assess(pages)
        #expect(!assessment.isGarbled, "\(relative): \(assessment)")
    }

    @Test("the garbled layout fixture is garbled, by its control codes")
    func garbledFixture() throws {
        let data = try #require(FileManager.default.contents(atPath: Self.root.appendingPathComponent("testdata/layouts/genuine-garbled.pdf").path))
        let document = try PDFDocument(bytes: [UInt8](data))
        let garbled = try #require(GarbledTextDetector.garbled(document.pages(limit: 3)))
        #expect(garbled.unreadableShare >= 0.10)
    }

    // MARK: What the analyzer makes of an unreadable document

    static func context(_ relative: String, kind: Verdict.Kind, pages: [PDFPageText] = []) throws -> AnalysisContext {
        let data = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("testdata/\(relative)").path))
        let bytes = [UInt8](data)
        return AnalysisContext(
            bytes: bytes, fileName: "x.pdf", now: Verdict.parseTimestamp("2026-11-25T12:00:00Z")!,
            policy: Policy.builtIn["luxembourg"]!, configuration: Configuration(),
            trustStore: try TrustStore.load(directory: root.appendingPathComponent("keys").path, allowTestKeys: true),
            structure: try PDFStructureScanner.scan(bytes), metadata: PDFMetadata(pageCount: 1, pdfVersion: "1.7"),
            pages: pages, kind: kind
        )
    }

    @Test(
        "unreadable text: a bank statement by assumption, a Sesame report only when the signer names the issuer",
        arguments: [
            ("layouts/genuine-garbled.pdf", Verdict.Kind.bankStatement),
            ("layouts/genuine-alipay.pdf", .bankStatement),
            ("sesame/genuine-en-rsa2048-pkcs7.pdf", .sesameReport),
        ])
    func kindOfUnreadable(relative: String, kind: Verdict.Kind) throws {
        #expect(Analyzer.kindOfUnreadable(try Self.context(relative, kind: .unknown)) == kind)
    }

    @Test("unreadable text: nothing read from it, file forensics still run (an edit is an edit)")
    func forensicsStillRun() throws {
        let junk = Self.page(Self.numberedByFirstUse(Self.statementText))
        let garbled = try #require(GarbledTextDetector.garbled([junk]))
        // A content change in an incremental update: REVISED_CONTENT, whatever the text says.
        let context = try Self.context("layouts/forged-nz-amount-incremental.pdf", kind: .bankStatement, pages: [junk])
        let result = Analyzer.analyzeUnreadable(context, garbled: garbled, pageLimitNote: nil)
        let codes = Set(result.findings.map(\.code))
        #expect(codes.contains(.textLayerGarbled) && codes.contains(.revisedContent))
        #expect(codes.isDisjoint(with: [.balanceChainBroken, .balanceTotalsMismatch, .dateInvalid, .rowsUnreadable, .unknownKind]))
        #expect(result.fields["arithmetic"] == .object(["method": .string("none"), "rows": .int(0), "accounts": .int(0)]))
        let verdict = Verdict.compose(
            file: "x.pdf", bytes: context.bytes, kind: .bankStatement, result: result, policy: context.policy, checkedAt: context.now
        )
        #expect(verdict.verdict == .fail)
    }
}
