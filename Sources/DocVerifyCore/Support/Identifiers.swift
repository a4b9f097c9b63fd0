/// Check-digit and form checks for the identifiers printed on applicants' documents.
///
/// One implementation shared by the statement checks (IBAN, card numbers, BIC, Chinese ID
/// numbers in a statement header) and the Sesame checks (the Chinese ID number of the report).
/// Every function takes the identifier as printed and ignores spaces and hyphens.
public enum Identifiers {
    /// What an identifier check found.
    public enum Validity: Sendable, Equatable {
        case valid
        /// The identifier has a form the check knows but its check digits (or length) are wrong.
        case invalid(reason: String)
        /// Not an identifier of this kind at all (wrong characters), or masked (`****`).
        case notApplicable
    }

    /// The identifier without spaces, hyphens and dots, upper-cased.
    public static func compact(_ text: String) -> String {
        String(text.uppercased().filter { $0 != " " && $0 != "-" && $0 != "." && $0 != "\u{00A0}" })
    }

    /// Whether the printed identifier hides some characters (`6222****1234`, `XXXX`).
    public static func isMasked(_ text: String) -> Bool {
        text.contains("*") || text.contains("•") || text.contains("●") || text.uppercased().contains("XXXX")
    }

    // MARK: IBAN (ISO 13616)

    /// IBAN length per country (SWIFT IBAN registry).
    public static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
        "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
        "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
        "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
        "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
        "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
        "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33,
        "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
        "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    ]

    /// ISO 13616: the country's length and `mod 97 == 1` over the rearranged digits.
    public static func checkIBAN(_ printed: String) -> Validity {
        let iban = compact(printed)
        let chars = Array(iban)
        guard chars.count >= 5, chars.count <= 34,
            chars[0].isASCII, chars[0].isLetter, chars[1].isASCII, chars[1].isLetter,
            chars[2].isASCII, chars[2].isNumber, chars[3].isASCII, chars[3].isNumber,
            chars.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return .notApplicable }
        let country = String(chars[0..<2])
        if let expected = ibanLengths[country], expected != chars.count {
            return .invalid(reason: "an IBAN of \(country) has \(expected) characters, this one \(chars.count)")
        }
        if ibanLengths[country] == nil {
            return .invalid(reason: "\(country) is not a country that uses IBANs")
        }
        var remainder = 0
        for c in chars[4...] + chars[0..<4] {
            let value = c.isNumber ? Int(String(c))! : Int(c.asciiValue! - Character("A").asciiValue!) + 10
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
        }
        return remainder == 1 ? .valid : .invalid(reason: "the mod-97 check gives \(remainder), not 1")
    }

    // MARK: Card numbers (Luhn)

    /// The Luhn (mod 10) check over a 16–19 digit card number. Masked numbers are not applicable.
    public static func checkCardNumber(_ printed: String) -> Validity {
        if isMasked(printed) { return .notApplicable }
        let digits = compact(printed)
        guard digits.count >= 16, digits.count <= 19, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .notApplicable
        }
        return luhnValid(digits) ? .valid : .invalid(reason: "the Luhn check digit is wrong")
    }

    /// Whether a string of digits passes the Luhn check.
    public static func luhnValid(_ digits: String) -> Bool {
        var sum = 0
        for (index, c) in digits.reversed().enumerated() {
            guard let d = c.wholeNumberValue else { return false }
            if index % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }

    // MARK: BIC (ISO 9362)

    /// The form `AAAA BB CC (DDD)`: 4 letters or digits (institution), 2 letters (country),
    /// 2 letters or digits (location), optionally 3 letters or digits (branch). BICs have no check digit.
    public static func checkBIC(_ printed: String) -> Validity {
        let bic = compact(printed)
        let chars = Array(bic)
        guard chars.count == 8 || chars.count == 11 else {
            return .invalid(reason: "a BIC has 8 or 11 characters, this one \(chars.count)")
        }
        let alnum: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard chars.allSatisfy(alnum) else { return .invalid(reason: "a BIC holds only letters and digits") }
        guard chars[0..<4].allSatisfy({ $0.isLetter }) else {
            return .invalid(reason: "the institution code (first 4 characters) must be letters")
        }
        guard chars[4..<6].allSatisfy({ $0.isLetter }) else {
            return .invalid(reason: "the country code (characters 5–6) must be letters")
        }
        return .valid
    }

    // MARK: Chinese resident identity number (GB 11643-1999)

    private static let gb11643Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let gb11643CheckCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character GB 11643 (ISO 7064 MOD 11-2) gives for the first 17 digits.
    public static func gb11643CheckCharacter(_ first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, gb11643Weights).reduce(0) { $0 + $1.0 * $1.1 }
        return gb11643CheckCharacters[sum % 11]
    }

    /// An unmasked 18-character Chinese ID number: its check character and its birth date.
    public static func checkChineseID(_ printed: String) -> Validity {
        if isMasked(printed) { return .notApplicable }
        let id = compact(printed)
        let chars = Array(id)
        guard chars.count == 18, chars[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
            chars[17].isASCII, chars[17].isNumber || chars[17] == "X"
        else { return .notApplicable }
        let year = Int(String(chars[6..<10]))!
        let month = Int(String(chars[10..<12]))!
        let day = Int(String(chars[12..<14]))!
        guard CivilDate(year: year, month: month, day: day) != nil, year >= 1800 else {
            return .invalid(reason: "the birth date \(String(chars[6..<14])) is not a calendar date")
        }
        let expected = gb11643CheckCharacter(String(chars[0..<17]))!
        return expected == chars[17]
            ? .valid : .invalid(reason: "the check character is \(chars[17]), GB 11643 gives \(expected)")
    }
}
