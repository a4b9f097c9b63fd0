import Testing

@testable import DocVerify

@Suite struct StatementIdentifierTests {
    @Test(
        "valid IBANs of several countries pass mod 97 and their length",
        arguments: [
            "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "LU28 0019 4006 4475 0000", "FR1420041010050500013M02606",
            "NL91ABNA0417164300",
        ])
    func validIBAN(_ iban: String) {
        #expect(Identifiers.checkIBAN(iban) == .valid)
    }

    @Test("wrong check digits, a wrong length or an unknown country fail")
    func invalidIBAN() {
        guard case .invalid = Identifiers.checkIBAN("DE90 3704 0044 0532 0130 00") else { Issue.record("check digits"); return }
        guard case .invalid(let reason) = Identifiers.checkIBAN("DE89 3704 0044 0532 0130 0") else { Issue.record("length"); return }
        #expect(reason.contains("22"))
        guard case .invalid = Identifiers.checkIBAN("ZZ89 3704 0044 0532 0130 00") else { Issue.record("country"); return }
        #expect(Identifiers.checkIBAN("hello") == .notApplicable)
    }

    @Test("Luhn on card numbers; masked numbers are not judged")
    func cards() {
        #expect(Identifiers.checkCardNumber("4111 1111 1111 1111") == .valid)
        #expect(Identifiers.checkCardNumber("6217 0000 1001 2345 678") != .notApplicable)
        guard case .invalid = Identifiers.checkCardNumber("4111 1111 1111 1112") else { Issue.record("luhn"); return }
        #expect(Identifiers.checkCardNumber("6217 **** **** 5678") == .notApplicable)
        #expect(Identifiers.checkCardNumber("12345678") == .notApplicable)
    }

    @Test("GB 11643 check character, with the worked examples of the standard's summaries")
    func chineseID() {
        #expect(Identifiers.checkChineseID("11010519491231002X") == .valid)
        #expect(Identifiers.checkChineseID("440524188001010014") == .valid)
        guard case .invalid = Identifiers.checkChineseID("110105194912310021") else { Issue.record("check char"); return }
        guard case .invalid = Identifiers.checkChineseID("110105194902300028") else { Issue.record("birth date"); return }
        #expect(Identifiers.checkChineseID("1101**********002X") == .notApplicable)
        #expect(Identifiers.gb11643CheckCharacter("11010519491231002") == "X")
    }

    @Test("BIC form AAAA BB CC (DDD)")
    func bic() {
        #expect(Identifiers.checkBIC("COBADEFFXXX") == .valid)
        #expect(Identifiers.checkBIC("ICBKCNBJ") == .valid)
        guard case .invalid = Identifiers.checkBIC("GRN1GB2L") else { Issue.record("digit in institution"); return }
        guard case .invalid = Identifiers.checkBIC("COBADEFFXX") else { Issue.record("length"); return }
        guard case .invalid = Identifiers.checkBIC("COBA1EFF") else { Issue.record("country"); return }
    }

    @Test("an IBAN is taken from its field up to its country's length, leaving later words out")
    func leadingIBAN() {
        #expect(IdentifierChecks.leadingIBAN("LU28 0019 4006 4475 0000 EUR") == "LU280019400644750000")
        #expect(IdentifierChecks.leadingBIC("DEUT DE FF XXX") == "DEUTDEFF")
        #expect(Masking.identifier("6217000010012345678") == "6217***********5678")
        // Short account numbers are masked too (issue 11: 8 characters or fewer were shown whole).
        #expect(Masking.identifier("12345678") == "12****78")
        #expect(Masking.identifier("1234567") == "1*****7")
        #expect(Masking.identifier("123") == "***")
    }
}
