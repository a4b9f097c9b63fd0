/// Text made safe to show a person on a terminal or in a `.verdict.txt`: a file name (or
/// a string read out of a document) can carry escape sequences, carriage returns,
/// backspaces or bidirectional overrides that would make a terminal show `PASS` for a
/// `FAIL` or hide part of a line. Every such scalar becomes a visible `\u{…}` escape;
/// everything printable, Chinese included, is kept as it is.
public enum PrintableText {
    /// `text` with control characters (C0, DEL, C1) and Unicode format characters
    /// (bidi overrides and isolates, zero-width joiners, BOM) escaped as `\u{hex}`, and
    /// backslashes doubled so an escape in the input cannot pass for one of ours.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                out += "\\\\"
            } else if needsEscape(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether a scalar must not reach a terminal raw.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
            || scalar.properties.generalCategory == .format
            || scalar.value == 0x2028 || scalar.value == 0x2029  // line and paragraph separators
    }
}
