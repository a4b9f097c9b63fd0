/// A parsed PDF value with the bytes it came from.
struct PDFNode {
    var value: PDFValue
    /// Bytes `[start, end)` of the value in the buffer it was parsed from.
    var span: Range<Int>
}

/// A PDF object value (ISO 32000-1 §7.3). Streams are handled by the scanner: only
/// their dictionary is a value.
enum PDFValue {
    case null
    case bool(Bool)
    case integer(Int)
    case real(Double)
    case name(String)
    case string(PDFStringValue)
    case array([PDFNode])
    case dictionary(PDFDictionary)
    case reference(ObjectRef)
}

/// A dictionary's entries in file order; for a repeated key the last one wins.
///
/// Most PDF dictionaries have a handful of keys, where a linear search beats hashing;
/// a large one gets a hash index, so a hostile million-key dictionary still costs
/// O(1) per lookup.
struct PDFDictionary {
    /// One key and its value.
    struct Entry {
        var key: String
        var node: PDFNode
    }

    private(set) var entries: [Entry]
    private var index: [String: Int]?

    init(entries: [Entry] = []) {
        self.entries = entries
        if entries.count > 16 {
            var index: [String: Int] = [:]
            index.reserveCapacity(entries.count)
            for (position, entry) in entries.enumerated() { index[entry.key] = position }
            self.index = index
        }
    }

    subscript(key: String) -> PDFNode? {
        if let index { return index[key].map { entries[$0].node } }
        for entry in entries.reversed() where entry.key == key { return entry.node }
        return nil
    }

    /// The value of `key` when it is a name.
    func name(_ key: String) -> String? {
        if case .name(let name)? = self[key]?.value { return name }
        return nil
    }

    /// The value of `key` when it is a direct integer.
    func integer(_ key: String) -> Int? {
        if case .integer(let value)? = self[key]?.value { return value }
        return nil
    }

    /// The value of `key` when it is a reference.
    func reference(_ key: String) -> ObjectRef? {
        if case .reference(let ref)? = self[key]?.value { return ref }
        return nil
    }

    /// The value of `key` when it is a string.
    func string(_ key: String) -> PDFStringValue? {
        if case .string(let string)? = self[key]?.value { return string }
        return nil
    }

    /// The value of `key` when it is an array.
    func array(_ key: String) -> [PDFNode]? {
        if case .array(let items)? = self[key]?.value { return items }
        return nil
    }

    /// The value of `key` when it is a dictionary.
    func dictionary(_ key: String) -> PDFDictionary? {
        if case .dictionary(let dictionary)? = self[key]?.value { return dictionary }
        return nil
    }

    /// A name or an array of names (`/Filter`), as names.
    func names(_ key: String) -> [String] {
        switch self[key]?.value {
        case .name(let name)?: return [name]
        case .array(let items)?:
            return items.compactMap { if case .name(let name) = $0.value { name } else { nil } }
        default: return []
        }
    }

    func has(_ key: String) -> Bool { self[key] != nil }
}

extension PDFNode {
    var dictionary: PDFDictionary? {
        if case .dictionary(let dictionary) = value { return dictionary }
        return nil
    }

    var integer: Int? {
        if case .integer(let value) = value { return value }
        return nil
    }
}

/// The outcome of parsing one value.
enum ParsedValue {
    case value(PDFNode)
    /// The bytes are not a well-formed value; scanning may resume at `resumeAt`, which
    /// is never before bytes the parser already consumed (except for a short keyword
    /// token, so that an `N G obj` header it ran into is seen again).
    case malformed(resumeAt: Int)
}

/// Parses one PDF value from a lexer, without recursion.
///
/// Open arrays and dictionaries live on an explicit stack whose height is capped by
/// ``PDFStructureLimits/maxNestingDepth``; the number of values is capped by
/// ``PDFStructureLimits/maxValuesPerObject``. Either limit throws
/// ``PDFStructureError/limitExceeded(_:)``: a million `[` cost a small array, never the
/// call stack.
enum PDFObjectParser {
    private struct Frame {
        var isDictionary: Bool
        var start: Int
        var items: [PDFNode] = []
        var entries: [PDFDictionary.Entry] = []
        var pendingKey: String?
    }

    static func parse(_ lexer: inout PDFLexer, limits: PDFStructureLimits) throws(PDFStructureError) -> ParsedValue {
        var stack: [Frame] = []
        var valueCount = 0
        while true {
            guard let token = lexer.next() else { return .malformed(resumeAt: lexer.position) }
            var completed: PDFNode
            switch token.kind {
            case .arrayOpen, .dictionaryOpen:
                guard stack.count < limits.maxNestingDepth else {
                    throw .limitExceeded("nesting deeper than \(limits.maxNestingDepth) (maxNestingDepth) at offset \(token.start)")
                }
                stack.append(Frame(isDictionary: token.kind.isDictionaryOpen, start: token.start))
                continue
            case .arrayClose:
                guard let top = stack.last, !top.isDictionary else { return .malformed(resumeAt: token.end) }
                let frame = stack.removeLast()
                completed = PDFNode(value: .array(frame.items), span: frame.start..<token.end)
            case .dictionaryClose:
                guard let top = stack.last, top.isDictionary, top.pendingKey == nil else {
                    return .malformed(resumeAt: token.end)
                }
                let frame = stack.removeLast()
                completed = PDFNode(value: .dictionary(PDFDictionary(entries: frame.entries)), span: frame.start..<token.end)
            case .integer(let number):
                if let ref = lexer.readReference(objectNumber: number) {
                    completed = PDFNode(value: .reference(ref), span: token.start..<lexer.position)
                } else {
                    completed = PDFNode(value: .integer(number), span: token.start..<token.end)
                }
            case .real(let number):
                completed = PDFNode(value: .real(number), span: token.start..<token.end)
            case .name(let name):
                completed = PDFNode(value: .name(name), span: token.start..<token.end)
            case .string(let string):
                completed = PDFNode(value: .string(string), span: token.start..<token.end)
            case .keyword:
                if lexer.token(token, is: Self.trueKeyword) {
                    completed = PDFNode(value: .bool(true), span: token.start..<token.end)
                } else if lexer.token(token, is: Self.falseKeyword) {
                    completed = PDFNode(value: .bool(false), span: token.start..<token.end)
                } else if lexer.token(token, is: Self.nullKeyword) {
                    completed = PDFNode(value: .null, span: token.start..<token.end)
                } else {
                    // `obj`, `endobj`, `stream`, a stray `R`…: resume at the keyword so the
                    // scanner sees an object header it may start.
                    return .malformed(resumeAt: token.start)
                }
            case .unterminated, .unexpected:
                return .malformed(resumeAt: token.end)
            }

            valueCount += 1
            guard valueCount <= limits.maxValuesPerObject else {
                throw .limitExceeded("more than \(limits.maxValuesPerObject) values in one object (maxValuesPerObject) at offset \(token.start)")
            }
            guard !stack.isEmpty else { return .value(completed) }
            let top = stack.count - 1
            if !stack[top].isDictionary {
                stack[top].items.append(completed)
            } else if let key = stack[top].pendingKey {
                stack[top].entries.append(PDFDictionary.Entry(key: key, node: completed))
                stack[top].pendingKey = nil
            } else if case .name(let key) = completed.value {
                stack[top].pendingKey = key
            } else {
                return .malformed(resumeAt: completed.span.upperBound)
            }
        }
    }

    private static let trueKeyword = Array("true".utf8)
    private static let falseKeyword = Array("false".utf8)
    private static let nullKeyword = Array("null".utf8)
}

extension PDFToken.Kind {
    fileprivate var isDictionaryOpen: Bool {
        if case .dictionaryOpen = self { return true }
        return false
    }
}
