/// Reads single objects back from a scanned file, as a given revision defines them: what
/// the long-term validation checks need to compare an update object by object and to read
/// a document security store's certificates, OCSP responses and CRLs.
///
/// The scan (``PDFStructureScanner``) lists where every definition lies; this reader parses
/// one on demand with the scanner's own lexer, parser and stream decoder, under the same
/// limits. Objects inside object streams are read from their container's decoded data
/// (each container decoded once). Every stream decoded counts against one budget of
/// ``PDFStructureLimits/maxInflatedBytes`` for the reader's whole life: a hostile file
/// cannot make repeated reads cost more than one scan.
public struct PDFObjectReader {
    let bytes: [UInt8]
    let structure: PDFStructure
    let limits: PDFStructureLimits
    /// For each object number, its definitions as (revision, object), in file order.
    private let definitions: [Int: [(revision: Int, object: RevisionObject)]]
    private var containers: [Int: [Int: PDFNode]] = [:]
    private var inflated = 0

    public init(bytes: [UInt8], structure: PDFStructure, limits: PDFStructureLimits = .default) {
        self.bytes = bytes
        self.structure = structure
        self.limits = limits
        var definitions: [Int: [(revision: Int, object: RevisionObject)]] = [:]
        for (index, revision) in structure.revisions.enumerated() {
            for object in revision.objects { definitions[object.ref.number, default: []].append((index, object)) }
        }
        self.definitions = definitions
    }

    /// The definition of object `number` in force at the end of revision `revision`: the
    /// last one at or before it. `nil` when there is none or it cannot be parsed.
    public mutating func object(_ number: Int, asOf revision: Int) -> PDFIndirectObject? {
        guard let found = definitions[number]?.last(where: { $0.revision <= revision }) else { return nil }
        return read(found.object, revision: found.revision)
    }

    /// Whether revision `revision` or an earlier one defines object `number`.
    public func isDefined(_ number: Int, asOf revision: Int) -> Bool {
        definitions[number]?.contains { $0.revision <= revision } ?? false
    }

    /// Resolves a value: a reference is followed (once) as of `revision`; anything else is returned as is.
    public mutating func resolve(_ value: PDFObject?, asOf revision: Int) -> PDFObject? {
        guard let value else { return nil }
        if case .reference(let ref) = value { return object(ref.number, asOf: revision)?.value }
        return value
    }

    /// Parses one definition listed in a revision.
    public mutating func read(_ object: RevisionObject, revision: Int) -> PDFIndirectObject? {
        if let container = object.objectStreamNumber {
            guard let node = member(object.ref.number, container: container, containerOffset: object.offset) else { return nil }
            return PDFIndirectObject(ref: object.ref, value: PDFObject(node), isStream: false, revision: revision)
        }
        guard let parsed = parseObject(at: object.offset) else { return nil }
        return PDFIndirectObject(
            ref: object.ref, value: PDFObject(parsed.node), streamData: parsed.data, isStream: parsed.raw != nil,
            rawStreamData: parsed.raw, revision: revision
        )
    }

    /// The value (and, for a stream, its raw and decoded data) of the `N G obj` at `offset`.
    private mutating func parseObject(at offset: Int) -> (node: PDFNode, raw: [UInt8]?, data: [UInt8]?)? {
        guard offset >= 0, offset < bytes.count, var scan = try? StructureScan(bytes: bytes, limits: limits) else { return nil }
        var lexer = PDFLexer(bytes: bytes, position: offset)
        guard let number = lexer.next(), case .integer = number.kind, let generation = lexer.next(),
            case .integer = generation.kind, let keyword = lexer.next(), lexer.token(keyword, is: Keyword.obj)
        else { return nil }
        let contentStart = lexer.position
        let bound = PDFBytes.find(Keyword.endobj, in: bytes, from: contentStart) ?? bytes.count
        var valueLexer = PDFLexer(bytes: bytes, position: contentStart, end: bound)
        guard case .value(let node)? = try? PDFObjectParser.parse(&valueLexer, limits: limits) else { return nil }
        let position = PDFBytes.skipWhitespace(in: bytes, from: node.span.upperBound)
        guard let dictionary = node.dictionary, PDFBytes.startsKeyword(Keyword.stream, in: bytes, at: position) else {
            return (node, nil, nil)
        }
        let extent = scan.locateStream(keywordAt: position, dictionary: dictionary)
        guard extent.terminated else { return (node, [], nil) }
        scan.inflatedTotal = inflated
        let decoded = try? scan.decodeStream(extent.data, dictionary: dictionary)
        inflated = scan.inflatedTotal
        let data = decoded.flatMap { $0.status == .corrupt ? nil : $0.bytes }
        return (node, Array(bytes[extent.data]), data)
    }

    /// Object `number` from the object stream `container` whose header is at `containerOffset`.
    private mutating func member(_ number: Int, container: Int, containerOffset: Int) -> PDFNode? {
        if containers[containerOffset] == nil {
            var members: [Int: PDFNode] = [:]
            if let parsed = parseObject(at: containerOffset), let data = parsed.data, let dictionary = parsed.node.dictionary,
                let count = dictionary.integer("N"), count >= 0, let first = dictionary.integer("First"), first >= 0,
                first <= data.count
            {
                var pairs: [(number: Int, offset: Int)] = []
                var lexer = PDFLexer(bytes: data, position: 0, end: first)
                while pairs.count < count, let n = lexer.next(), case .integer(let objectNumber) = n.kind,
                    let o = lexer.next(), case .integer(let objectOffset) = o.kind, objectOffset >= 0
                {
                    pairs.append((objectNumber, objectOffset))
                }
                let starts = Set(pairs.map(\.offset)).sorted()
                for pair in pairs where members[pair.number] == nil {
                    guard pair.offset <= data.count - first, let index = starts.firstIndex(of: pair.offset) else { continue }
                    let end = index + 1 < starts.count && starts[index + 1] <= data.count - first ? first + starts[index + 1] : data.count
                    var memberLexer = PDFLexer(bytes: data, position: first + pair.offset, end: end)
                    if case .value(let node)? = try? PDFObjectParser.parse(&memberLexer, limits: limits) { members[pair.number] = node }
                }
            }
            containers[containerOffset] = members
        }
        return containers[containerOffset]?[number]
    }
}
