/// `IBAN_INVALID`, `CARD_NUMBER_INVALID`, `ID_NUMBER_INVALID`, `BIC_INVALID`: the labelled
/// identifiers of the header against their check digits or form (``Identifiers``).
/// Account numbers have no public check digit and are not checked.
enum IdentifierChecks: StatementCheck {
    static func run(_ input: StatementInput) -> [Finding] {
        let header = input.statement.header
        var findings: [Finding] = []
        if let value = header[.iban], let iban = leadingIBAN(value.text),
            case .invalid(let reason) = Identifiers.checkIBAN(iban)
        {
            findings.append(
                Finding(
                    .ibanInvalid, "The IBAN \(Masking.identifier(iban)) is not valid: \(reason).", page: value.page,
                    evidence: ["iban": .string(Masking.identifier(iban)), "reason": .string(reason)]
                )
            )
        }
        if let value = header[.cardNumber], !Identifiers.isMasked(value.text), let card = leadingDigits(value.text, max: 19),
            case .invalid(let reason) = Identifiers.checkCardNumber(card)
        {
            findings.append(
                Finding(
                    .cardNumberInvalid, "The card number \(Masking.identifier(card)) fails the Luhn check: \(reason).", page: value.page,
                    evidence: ["cardNumber": .string(Masking.identifier(card)), "reason": .string(reason)]
                )
            )
        }
        if let value = header[.idNumber], !Identifiers.isMasked(value.text),
            let id = value.text.split(separator: " ").first.map(String.init),
            case .invalid(let reason) = Identifiers.checkChineseID(id)
        {
            findings.append(
                Finding(
                    .idNumberInvalid, "The ID number \(Masking.identifier(id)) is not valid: \(reason).", page: value.page,
                    evidence: ["idNumber": .string(Masking.identifier(id)), "reason": .string(reason)]
                )
            )
        }
        if let value = header[.bic], let bic = leadingBIC(value.text), case .invalid(let reason) = Identifiers.checkBIC(bic) {
            findings.append(
                Finding(
                    .bicInvalid, "The BIC \(bic) is not of the form AAAA BB CC (DDD): \(reason).", page: value.page,
                    evidence: ["bic": .string(bic), "reason": .string(reason)]
                )
            )
        }
        return findings
    }

    /// The IBAN at the start of a field value: groups of letters and digits up to the
    /// country's length (so a currency or word after it is not taken in).
    static func leadingIBAN(_ text: String) -> String? {
        let tokens = text.uppercased().split(separator: " ")
        guard let first = tokens.first, first.count >= 4 else { return nil }
        let head = Array(first)
        guard head[0].isLetter, head[1].isLetter, head[0].isASCII, head[1].isASCII, head[2].isASCIIDigit, head[3].isASCIIDigit else {
            return nil
        }
        let expected = Identifiers.ibanLengths[String(head[0..<2])] ?? 34
        var out = ""
        for token in tokens {
            guard token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { break }
            if out.count >= expected { break }
            out += token
        }
        return out
    }

    /// The card number at the start of a field value (digits in groups).
    static func leadingDigits(_ text: String, max: Int) -> String? {
        var out = ""
        for token in text.split(separator: " ") {
            let cleaned = token.filter { $0 != "-" }
            guard !cleaned.isEmpty, cleaned.allSatisfy(\.isASCIIDigit), out.count + cleaned.count <= max else { break }
            out += cleaned
        }
        return out.isEmpty ? nil : out
    }

    /// The BIC at the start of a field value (possibly printed in groups).
    static func leadingBIC(_ text: String) -> String? {
        let tokens = text.uppercased().split(separator: " ")
        guard let first = tokens.first else { return nil }
        if first.count >= 6 { return String(first) }
        var out = ""
        for token in tokens {
            guard token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { break }
            out += token
            if out.count >= 8 { break }
        }
        return out.isEmpty ? nil : out
    }
}
