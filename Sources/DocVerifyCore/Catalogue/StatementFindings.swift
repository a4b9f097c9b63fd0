extension FindingCode {
    public static let balanceChainBroken = FindingCode("BALANCE_CHAIN_BROKEN")
    public static let balanceTotalsMismatch = FindingCode("BALANCE_TOTALS_MISMATCH")
    public static let pageCarryBroken = FindingCode("PAGE_CARRY_BROKEN")
    public static let dateInvalid = FindingCode("DATE_INVALID")
    public static let dateOutsidePeriod = FindingCode("DATE_OUTSIDE_PERIOD")
    public static let dateOrder = FindingCode("DATE_ORDER")
    public static let ibanInvalid = FindingCode("IBAN_INVALID")
    public static let cardNumberInvalid = FindingCode("CARD_NUMBER_INVALID")
    public static let bicInvalid = FindingCode("BIC_INVALID")
    public static let duplicateRows = FindingCode("DUPLICATE_ROWS")
    public static let rowsUnreadable = FindingCode("ROWS_UNREADABLE")
    public static let statementFiltered = FindingCode("STATEMENT_FILTERED")
    public static let textLayerGarbled = FindingCode("TEXT_LAYER_GARBLED")
    public static let arithmeticChecked = FindingCode("ARITHMETIC_CHECKED")
    public static let fundsParked = FindingCode("FUNDS_PARKED")
    public static let statementStale = FindingCode("STATEMENT_STALE")
    public static let periodTooShort = FindingCode("PERIOD_TOO_SHORT")
    public static let duplicateDocument = FindingCode("DUPLICATE_DOCUMENT")
    public static let sharedTransactions = FindingCode("SHARED_TRANSACTIONS")
}

extension FindingCatalogue {
    static let statementEntries: [Entry] = {
        let family = "Bank statements"
        return [
            Entry(
                .balanceChainBroken, .fail, family: family,
                "A row's balance is not the previous balance plus or minus its amount (the first broken row is named with the expected value).",
                action: "Look at the row named; an amount or balance was probably edited."),
            Entry(
                .balanceTotalsMismatch, .fail, family: family,
                "Opening balance plus credits minus debits is not the closing balance, or printed totals differ from the rows.",
                action: "Treat the statement's numbers as altered."),
            Entry(
                .pageCarryBroken, .fail, family: family,
                "The last balance of a page differs from the balance brought forward on the next.",
                action: "Look at the page break named; pages may come from different statements."),
            Entry(
                .dateInvalid, .fail, family: family,
                "An impossible calendar date (such as 30 February or month 13) appears in the text.",
                action: "Treat the statement as altered."),
            Entry(
                .dateOutsidePeriod, .fail, family: family,
                "A transaction is dated outside the statement period or after the issue date.",
                action: "Treat the statement as altered."),
            Entry(
                .dateOrder, .warn, family: family,
                "The rows are not in date order.",
                action: "Look at the rows named; banks print rows in order."),
            Entry(
                .ibanInvalid, .fail, family: family,
                "An IBAN has the wrong length for its country or fails the mod-97 check.",
                action: "Treat the account identifier as wrong."),
            Entry(
                .cardNumberInvalid, .warn, family: family,
                "A number labelled as a card number fails the Luhn check.",
                action: "Compare the card number with the applicant's card."),
            Entry(
                .bicInvalid, .warn, family: family,
                "A BIC is not of the form AAAA BB CC (DDD).",
                action: "Compare the BIC with the bank's."),
            Entry(
                .duplicateRows, .warn, family: family,
                "Identical rows (same date, amount, description and balance) appear more than once, with no reversal between them that would explain a retried payment.",
                action: "Look at the rows named; copied rows are a sign of fabrication."),
            Entry(
                .rowsUnreadable, .warn, family: family,
                "The transaction table could not be rebuilt with confidence, so its arithmetic was not checked: the statement has not been verified.",
                action: "Check the balances and totals by hand; this is not evidence of forgery."),
            Entry(
                .statementFiltered, .info, family: family,
                "The statement says it was exported with a filter (only some rows shown), so its balance chain is not expected to follow; the rows were checked against the printed totals only.",
                action: "Ask for an unfiltered statement if the full account history matters."),
            Entry(
                .textLayerGarbled, .warn, family: family,
                "The text layer cannot be read (fonts without a usable Unicode map give glyph codes: control or private-use characters, or words that are neither words nor numbers with almost no digits), so nothing on the page could be checked; the document is taken for a bank statement, as submitted for proof of funds, unless its signature names the Sesame issuer.",
                action: "Read the document on screen or on paper and check its figures by hand; this is not evidence of forgery."),
            Entry(
                .arithmeticChecked, .info, family: family,
                "How the statement's arithmetic was checked: every running balance, opening plus rows equals closing per account, or rows against printed totals.",
                action: "None; this records what was verified."),
            Entry(
                .fundsParked, .warn, family: family,
                "Credits in the last 30 days before the statement's end, beyond the account's usual inflow, make up more than half of the closing balance.",
                action: "Ask where the money came from; borrowed funds are often parked before an application."),
            Entry(
                .statementStale, .warn, family: family,
                "The statement was issued longer ago than the policy's maximum age.",
                action: "Ask for a recent statement."),
            Entry(
                .periodTooShort, .warn, family: family,
                "The statement covers less than the policy's minimum period.",
                action: "Ask for a statement covering the required period."),
            Entry(
                .duplicateDocument, .fail, family: family,
                "The same file or template was seen before under another account holder.",
                action: "Treat the document as fabricated from a shared template."),
            Entry(
                .sharedTransactions, .fail, family: family,
                "The same transaction sequence was seen before in another applicant's statement.",
                action: "Treat the document as fabricated."),
        ]
    }()
}
