import Testing

@testable import DocVerify

@Suite("Document classification from text")
struct ClassifierTests {
    @Test(
        "kinds from labels in English and Chinese",
        arguments: [
            ("Sesame Credit Report\nReport No.: ZM1\nSesame Score: 782", Verdict.Kind.sesameReport),
            ("芝麻信用 信用报告\n报告编号：ZM1\n芝麻分：782", .sesameReport),
            ("Zhima Credit visa report\nZhima Score: 700", .sesameReport),
            ("Account Statement\nAccount No.: 123\nDate Description Debit Credit Balance", .bankStatement),
            ("中国银行 交易明细\n账号：6222\n交易日期 摘要 收入 支出 余额", .bankStatement),
            ("Kontoauszug\nIBAN: DE89 3704\nDatum Text Betrag Saldo", .bankStatement),
            ("Dear Sir or Madam,\nplease find enclosed my itinerary.", .unknown),
            ("Balance of power in the 19th century", .unknown),
        ])
    func classify(text: String, kind: Verdict.Kind) {
        #expect(DocumentClassifier.classify(text: text).kind == kind)
    }

    /// Statements without the English or Simplified Chinese balance column: each invented in
    /// the habits of its language (no one generator's wording).
    @Test(
        "statements in more languages, card statements and platform proofs",
        arguments: [
            // Dutch: Af/Bij, no running balance.
            (
                "Rekeningafschrift\nRekeninghouder Q. de Boer\nDatum Omschrijving Af Bij\n2 sep. 2026 Pinbetaling 12,40",
                "Dutch Af/Bij"
            ),
            // German savings bank: Buchung / Vorgang / Betrag, Kontostand instead of Saldo.
            (
                "Sparkasse Musterland\nKontoauszug 7/2026\nBuchung Valuta Vorgang Betrag EUR\nAlter Kontostand 1.234,56\nNeuer Kontostand 1.100,00",
                "German Kontostand"
            ),
            // German with Soll/Haben and no balance.
            ("Umsatzübersicht Girokonto\nBuchungstag Verwendungszweck Soll Haben\n03.09. Miete 900,00", "German Soll/Haben"),
            // UK browser print: Account activity, Amount and Balance.
            (
                "Northwind Bank - Account activity\nCurrent Account 11-22-33 12345678\nDate Description Amount (£) Balance (£)",
                "English account activity"
            ),
            // Credit card: due date, limit, minimum payment, one amount column.
            (
                "Visa Platinum\nStatement Date 18/11/2026\nPayment Due Date 08/12/2026\nCredit Limit 50,000.00\nMinimum Payment 250.00\nDate Transaction Amount",
                "English credit card"
            ),
            // Malay: Penyata Akaun, Tarikh, Keterangan, Debit / Kredit, Baki.
            ("PENYATA AKAUN / STATEMENT OF ACCOUNT\nNombor Akaun 1234567890\nTarikh Keterangan Debit Kredit Baki", "Malay"),
            // Malay card statement.
            (
                "Kad Kredit\nTarikh Penyata 15/10/2026\nTarikh Akhir Bayaran 05/11/2026\nBayaran Minimum RM 50.00\nTarikh Butiran Jumlah (RM)",
                "Malay credit card"
            ),
            // Traditional Chinese (Hong Kong): 結單 / 戶口 / 存入 / 支出 / 結餘.
            ("綜合戶口結單\n戶口號碼 012-345-6\n日期 進支詳情 存入 支出 結餘", "Traditional Chinese"),
            // Spanish: Extracto, Cargo / Abono.
            ("Extracto de cuenta\nTitular: M. López\nFecha Concepto Cargo Abono Saldo", "Spanish"),
            // French: Relevé de compte, Débit / Crédit.
            ("Relevé de compte\nNuméro de compte 0001\nDate Libellé Débit Crédit", "French without solde"),
            // Alipay: the proof's title; columns 收/支 and 金额.
            ("支付宝交易流水证明\n兹证明：某某的支付宝账户交易流水如下\n收/支 交易对方 商品说明 金额 交易时间", "Alipay"),
            // WeChat Pay: filtered export without 余额.
            ("微信支付交易明细证明\n交易单号 交易时间 交易类型 收/支/其他 交易方式 金额(元) 交易对方", "WeChat Pay"),
            // Simplified Chinese card statement.
            ("信用卡账单\n到期还款日 2026年12月05日\n最低还款额 300.00\n信用额度 20,000\n交易日 交易摘要 人民币金额", "Chinese credit card"),
        ])
    func statements(text: String, what: String) {
        let classification = DocumentClassifier.classify(text: text)
        #expect(classification.kind == .bankStatement, "\(what): \(classification)")
        #expect(!classification.evidence.isEmpty, "\(what): no labels named")
    }

    @Test(
        "documents with a money word that are not statements stay unknown",
        arguments: [
            (
                "INVOICE No. 2026-118\nBill to: Example Ltd\nDescription Qty Unit price Amount\nConsulting 3 100.00 300.00\nTotal 300.00\nPlease pay to IBAN GB33 BUKB 2020 1555 5555 55, account number 55555555, or by credit card",
                "an invoice with bank details"
            ),
            (
                "Dear Mr Tan,\nThank you for your letter. The balance of your loan will be settled on 1 March.\nYours sincerely,\nCustomer Service",
                "a letter with a balance word"
            ),
            (
                "Employment letter\nThis is to confirm that Ms Lee has been employed since 2019 with a monthly salary of 8,000.00.",
                "an employment letter with an amount"
            ),
            ("收据\n今收到 张三 交来 人民币 伍佰元整\n金额：500.00", "a Chinese receipt with an amount"),
            ("Hotel booking confirmation\nCheck-in 12 Dec 2026\nAmount paid 420.00 by credit card", "a booking with a credit card"),
        ])
    func notStatements(text: String, what: String) {
        #expect(DocumentClassifier.classify(text: text).kind == .unknown, "\(what)")
    }

    @Test("Sesame comes first: a report with statement words is still a report")
    func sesameFirst() {
        let text = "Sesame Credit Report\nReport No.: ZM9\nSesame Score: 701\nDaily asset statement\nDate Balance Amount"
        #expect(DocumentClassifier.classify(text: text).kind == .sesameReport)
    }
}
