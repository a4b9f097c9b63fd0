internal import Foundation

/// Settings for one trust-store anchor's issuer, from the sidecar `<anchor file>.toml`
/// beside it (`keys/test-sm2-root.pem` → `keys/test-sm2-root.pem.toml`).
///
/// The sidecar is a small subset of TOML: `key = "string"` lines, `#` comments, blank
/// lines. Known keys:
/// - `sm2_id`: the SM2 distinguishing ID (GM/T 0009) this issuer's signers sign with,
///   instead of the default `1234567812345678`;
/// - `role`: `signer` or `tsa`: what the anchor vouches for (``ChainValidator``); without a
///   role an anchor serves both.
///
/// Anything else (an unknown key, a number, a table, a second value for a key) is an
/// error naming the file and line: a setting that is silently ignored would make a
/// genuine issuer's documents fail for a reason nobody can see.
public struct AnchorSettings: Sendable, Equatable {
    public enum Role: String, Sendable, Equatable {
        case signer
        case tsa
    }

    /// The SM2 distinguishing ID, as bytes (UTF-8 of the string).
    public var sm2ID: [UInt8]?
    public var role: Role?

    public init(sm2ID: [UInt8]? = nil, role: Role? = nil) {
        self.sm2ID = sm2ID
        self.role = role
    }

    /// The sidecar's file name for an anchor file.
    static func sidecarName(for anchorFile: String) -> String { anchorFile + ".toml" }

    /// Parses a sidecar; `file` names it in errors.
    static func parse(_ text: String, file: String) throws(TrustStoreError) -> AnchorSettings {
        var settings = AnchorSettings()
        var seen: Set<String> = []
        // `isNewline`: "\r\n" is one Character in Swift, so splitting on "\n" alone would miss it.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func failure(_ why: String) -> TrustStoreError {
                TrustStoreError(reason: "\(file), line \(index + 1): \(why)")
            }
            guard let equals = line.firstIndex(of: "=") else { throw failure("expected key = \"value\"") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw failure("\"\(key)\" is not a bare key")
            }
            guard let value = basicString(line[line.index(after: equals)...]) else {
                throw failure("the value of \(key) must be one double-quoted string (optionally followed by a # comment)")
            }
            guard seen.insert(key).inserted else { throw failure("\(key) is set twice") }
            switch key {
            case "sm2_id":
                let bytes = Array(value.utf8)
                guard !bytes.isEmpty, bytes.count <= SM2.maxIDLength else {
                    throw failure("sm2_id must be 1 to \(SM2.maxIDLength) bytes")
                }
                settings.sm2ID = bytes
            case "role":
                guard let role = Role(rawValue: value) else { throw failure("role must be \"signer\" or \"tsa\"") }
                settings.role = role
            default:
                throw failure("unknown key \(key) (known: sm2_id, role)")
            }
        }
        return settings
    }

    /// A TOML basic string (`"..."` with `\"`, `\\`, `\t`, `\n` escapes) then only blanks or
    /// a comment; `nil` for anything else.
    private static func basicString(_ text: Substring) -> String? {
        var rest = text.drop { $0 == " " || $0 == "\t" }
        guard rest.first == "\"" else { return nil }
        rest = rest.dropFirst()
        var value = ""
        var escaped = false
        while let character = rest.first {
            rest = rest.dropFirst()
            if escaped {
                switch character {
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "t": value.append("\t")
                case "n": value.append("\n")
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                let tail = rest.drop { $0 == " " || $0 == "\t" }
                return tail.isEmpty || tail.first == "#" ? value : nil
            } else {
                value.append(character)
            }
        }
        return nil  // unterminated
    }
}
