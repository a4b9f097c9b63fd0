/// A reader for the subset of TOML that docverify's configuration uses: tables
/// (`[a.b]`), `key = value` with basic and literal strings, integers (with `_`),
/// floats, booleans and one-line arrays of those, and `#` comments.
///
/// Anything else is a ``TOMLError`` naming the line, so an administrator's typo is
/// reported instead of silently ignored.
public enum TOML {
    public indirect enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case array([Value])
    }

    /// Keys are dotted paths (`policy.luxembourg.min_score`).
    public static func parse(_ text: String) throws(TOMLError) -> [String: Value] {
        var result: [String: Value] = [:]
        var table = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = stripComment(Substring(rawLine)).trimmingSpaces()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else {
                    throw TOMLError(line: lineNumber, reason: "a table header must look like [name]")
                }
                let name = line.dropFirst().dropLast().trimmingSpaces()
                guard !name.isEmpty, name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isBareKey) else {
                    throw TOMLError(line: lineNumber, reason: "invalid table name '\(name)'")
                }
                table = String(name)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw TOMLError(line: lineNumber, reason: "expected 'key = value'")
            }
            let key = line[..<equals].trimmingSpaces()
            guard isBareKey(key) else { throw TOMLError(line: lineNumber, reason: "invalid key '\(key)'") }
            var cursor = Cursor(line[line.index(after: equals)...])
            let value = try cursor.value(line: lineNumber)
            cursor.skipSpaces()
            guard cursor.atEnd else { throw TOMLError(line: lineNumber, reason: "unexpected text after the value") }
            let path = table.isEmpty ? String(key) : "\(table).\(key)"
            guard result[path] == nil else { throw TOMLError(line: lineNumber, reason: "key '\(path)' is set twice") }
            result[path] = value
        }
        return result
    }

    private static func isBareKey(_ key: Substring) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    /// Removes a `#` comment that is not inside a string.
    private static func stripComment(_ line: Substring) -> Substring {
        var inBasic = false
        var inLiteral = false
        var escaped = false
        for index in line.indices {
            let c = line[index]
            if escaped { escaped = false; continue }
            if inBasic && c == "\\" { escaped = true; continue }
            if c == "\"" && !inLiteral { inBasic.toggle() }
            if c == "'" && !inBasic { inLiteral.toggle() }
            if c == "#" && !inBasic && !inLiteral { return line[..<index] }
        }
        return line
    }

    private struct Cursor {
        var text: Substring
        init(_ text: Substring) { self.text = text }
        var atEnd: Bool { text.isEmpty }

        mutating func skipSpaces() { text = text.drop(while: { $0 == " " || $0 == "\t" }) }

        mutating func value(line: Int) throws(TOMLError) -> Value {
            skipSpaces()
            guard let first = text.first else { throw TOMLError(line: line, reason: "missing value") }
            switch first {
            case "\"": return .string(try basicString(line: line))
            case "'":
                text = text.dropFirst()
                guard let end = text.firstIndex(of: "'") else { throw TOMLError(line: line, reason: "unterminated string") }
                let value = String(text[..<end])
                text = text[text.index(after: end)...]
                return .string(value)
            case "[":
                text = text.dropFirst()
                var items: [Value] = []
                while true {
                    skipSpaces()
                    if text.first == "]" { text = text.dropFirst(); return .array(items) }
                    items.append(try value(line: line))
                    skipSpaces()
                    if text.first == "," { text = text.dropFirst(); continue }
                    if text.first == "]" { text = text.dropFirst(); return .array(items) }
                    throw TOMLError(line: line, reason: "expected ',' or ']' in array")
                }
            default:
                let token = text.prefix(while: { $0 != "," && $0 != "]" && $0 != " " && $0 != "\t" })
                text = text.dropFirst(token.count)
                if token == "true" { return .boolean(true) }
                if token == "false" { return .boolean(false) }
                // TOML's special floats: read, so the setting's range check can name them.
                switch token {
                case "inf", "+inf": return .float(.infinity)
                case "-inf": return .float(-.infinity)
                case "nan", "+nan", "-nan": return .float(.nan)
                default: break
                }
                let digits = token.replacingUnderscores()
                if let int = Int(digits) { return .integer(int) }
                if let double = Double(digits), digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                    return .float(double)
                }
                throw TOMLError(line: line, reason: "cannot read value '\(token)' (strings need quotes)")
            }
        }

        mutating func basicString(line: Int) throws(TOMLError) -> String {
            text = text.dropFirst()
            var out = ""
            while let c = text.first {
                text = text.dropFirst()
                switch c {
                case "\"": return out
                case "\\":
                    guard let e = text.first else { break }
                    text = text.dropFirst()
                    switch e {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\\": out.append("\\")
                    case "\"": out.append("\"")
                    default: throw TOMLError(line: line, reason: "unsupported escape '\\\(e)'")
                    }
                default: out.append(c)
                }
            }
            throw TOMLError(line: line, reason: "unterminated string")
        }
    }
}

/// A configuration file that cannot be read, with the line and the reason.
public struct TOMLError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? start
        return self[start..<end]
    }

    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
