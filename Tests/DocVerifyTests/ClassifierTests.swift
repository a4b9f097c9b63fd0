import Testing

@testable import DocVerify

@Suite("Document classification from text")
struct ClassifierTests {
    @Test("kinds from labels in English and Chinese", arguments: [
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
}
