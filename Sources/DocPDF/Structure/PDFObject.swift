/// A PDF object value as later checks see it (ISO 32000-1 §7.3): what
/// ``PDFObjectReader`` returns for one indirect object. Strings are their decoded bytes
/// (literal and hex strings alike); a dictionary keeps the last value of a repeated key.
public indirect enum PDFObject: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case real(Double)
    case name(String)
    case string([UInt8])
    case array([PDFObject])
    case dictionary([String: PDFObject])
    case reference(ObjectRef)

    /// The dictionary, when this is one.
    public var dictionary: [String: PDFObject]? {
        if case .dictionary(let entries) = self { return entries }
        return nil
    }

    /// The name, when this is one.
    public var name: String? {
        if case .name(let name) = self { return name }
        return nil
    }

    /// The reference, when this is one.
    public var reference: ObjectRef? {
        if case .reference(let ref) = self { return ref }
        return nil
    }

    /// The items, when this is an array.
    public var array: [PDFObject]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The bytes, when this is a string.
    public var string: [UInt8]? {
        if case .string(let bytes) = self { return bytes }
        return nil
    }

    /// Every reference inside the value (nested arrays and dictionaries included), without recursion.
    public var references: [ObjectRef] {
        var out: [ObjectRef] = []
        var pending = [self]
        while let next = pending.popLast() {
            switch next {
            case .reference(let ref): out.append(ref)
            case .array(let items): pending.append(contentsOf: items)
            case .dictionary(let entries): pending.append(contentsOf: entries.values)
            default: break
            }
        }
        return out
    }

    /// The parser caps nesting (``PDFStructureLimits/maxNestingDepth``), which bounds this recursion.
    init(_ node: PDFNode) { self = Self.convert(node) }

    private static func convert(_ node: PDFNode) -> PDFObject {
        switch node.value {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let value): return .integer(value)
        case .real(let value): return .real(value)
        case .name(let value): return .name(value)
        case .string(let value): return .string(value.bytes)
        case .reference(let ref): return .reference(ref)
        case .array(let items): return .array(items.map(convert))
        case .dictionary(let dictionary):
            var entries: [String: PDFObject] = [:]
            for entry in dictionary.entries { entries[entry.key] = convert(entry.node) }
            return .dictionary(entries)
        }
    }
}

/// One definition of an indirect object, read back from the file.
public struct PDFIndirectObject: Sendable, Equatable {
    public var ref: ObjectRef
    /// The object's value (a stream's dictionary for a stream).
    public var value: PDFObject
    /// A stream's data with its filters undone; `nil` for non-streams, and for streams whose
    /// filters are not decoded here (images) or whose data is damaged.
    public var streamData: [UInt8]?
    /// Whether the object is a stream.
    public var isStream: Bool
    /// A stream's raw (still encoded) data, to compare two definitions byte for byte.
    public var rawStreamData: [UInt8]?
    /// The revision (index in ``PDFStructure/revisions``) that holds this definition.
    public var revision: Int
}
