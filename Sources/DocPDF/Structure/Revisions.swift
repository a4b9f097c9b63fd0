/// What the forward pass has gathered for the revision it is in.
struct RevisionBuilder {
    var start: Int
    var startxref: Int?
    var sawTable = false
    var sawStream = false
    var xrefOffsets: [Int] = []
    var tableTrailer: PDFTrailer?
    var streamTrailer: PDFTrailer?
    var entries: [XRefEntry] = []
    var objects: [RevisionObject] = []
    /// Whether the bytes so far hold any object, xref section, trailer or `startxref`.
    var hasStructure = false
    /// Offset of the revision's last object when its `endobj` never came and nothing
    /// structural followed it: if the file ends here, it ends inside that object.
    var unclosedObject: Int?

    init(start: Int) { self.start = start }

    func build(end: Int, eofOffset: Int?) -> PDFRevision {
        PDFRevision(
            span: start..<max(start, end),
            eofOffset: eofOffset,
            startxref: startxref,
            xrefKind: sawTable ? .table : sawStream ? .stream : .missing,
            xrefOffsets: xrefOffsets,
            trailer: tableTrailer ?? streamTrailer,
            xrefEntries: entries,
            objects: objects
        )
    }
}

extension StructureScan {
    /// Ends the current revision at a `%%EOF` (`end` is after its end-of-line).
    mutating func closeRevision(eofOffset: Int, end: Int) throws(PDFStructureError) {
        result.revisions.append(current.build(end: end, eofOffset: eofOffset))
        guard result.revisions.count <= limits.maxRevisions else {
            throw .limitExceeded("more than \(limits.maxRevisions) revisions (maxRevisions)")
        }
        current = RevisionBuilder(start: end)
    }

    /// Completes the structure after the forward pass: an unterminated last revision,
    /// trailing bytes, and the `/Prev` chain.
    mutating func finish() throws(PDFStructureError) -> PDFStructure {
        let lastEOFEnd = result.revisions.last?.span.upperBound
        if current.hasStructure {
            result.unclosedObjectAtEnd = current.unclosedObject
            result.revisions.append(current.build(end: bytes.count, eofOffset: nil))
            guard result.revisions.count <= limits.maxRevisions else {
                throw .limitExceeded("more than \(limits.maxRevisions) revisions (maxRevisions)")
            }
        }
        if let lastEOFEnd, lastEOFEnd < bytes.count {
            result.trailingBytes = bytes.count - lastEOFEnd
            result.trailingNonWhitespaceBytes = bytes[lastEOFEnd...].reduce(0) { count, byte in
                PDFBytes.isWhitespace(byte) ? count : count + 1
            }
        }
        for index in result.revisions.indices {
            if let startxref = result.revisions[index].startxref {
                result.revisions[index].startxrefPointsToXRef = section(at: startxref) != nil
            }
        }
        walkPrevChain()
        result.misdirectedXRefEntries = misdirectedXRefEntries()
        return result
    }

    /// The xref section an offset names.
    func section(at offset: Int) -> XRefSection? { lookUp(offset, in: sections).first }

    /// What `table` (keyed by the offset where each thing starts) holds at an offset written in
    /// the file: the offset as is first and, for a file with bytes before its header, relative
    /// to the header; white space before the thing is tolerated.
    func lookUp<Value>(_ offset: Int, in table: [Int: Value]) -> [Value] {
        var candidates = [offset]
        if result.headerOffset > 0, offset <= Int.max - result.headerOffset {
            candidates.append(offset + result.headerOffset)
        }
        return candidates.compactMap { candidate in
            guard candidate >= 0, candidate < bytes.count else { return nil }
            return table[PDFBytes.skipWhitespace(in: bytes, from: candidate, limit: min(bytes.count, candidate + 64))]
        }
    }

    /// In-use xref entries whose offset lands on the header of an object with another number
    /// (see ``MisdirectedXRefEntry``). An offset that lands on no header at all is a broken
    /// table, not a redirection, and is not listed; nor is one that, read either way (as is or
    /// relative to a header after leading bytes), lands on the entry's own object.
    func misdirectedXRefEntries() -> [MisdirectedXRefEntry] {
        var headers: [Int: ObjectRef] = [:]
        for revision in result.revisions {
            for object in revision.objects where object.objectStreamNumber == nil {
                headers[object.offset] = object.ref
            }
        }
        var found: [MisdirectedXRefEntry] = []
        for (index, revision) in result.revisions.enumerated() {
            for entry in revision.xrefEntries {
                guard case .inUse(let offset) = entry.target else { continue }
                let there = lookUp(offset, in: headers)
                guard let header = there.first, !there.contains(where: { $0.number == entry.objectNumber }) else { continue }
                found.append(
                    MisdirectedXRefEntry(
                        revisionIndex: index, entry: ObjectRef(number: entry.objectNumber, generation: entry.generation),
                        offset: offset, objectThere: header
                    )
                )
            }
        }
        return found
    }

    /// Follows `/Prev` from the last `startxref`, stopping at a cycle or a dangling offset.
    /// Each step visits a new offset, so the walk ends within (sections + 1) steps.
    mutating func walkPrevChain() {
        guard var offset = result.startxrefValues.last else { return }
        var visited: Set<Int> = []
        while true {
            guard visited.insert(offset).inserted else {
                result.prevChainHasCycle = true
                return
            }
            result.prevChain.append(offset)
            guard let section = section(at: offset) else {
                result.prevChainBroken = true
                return
            }
            guard let prev = section.prev else { return }
            offset = prev
        }
    }
}
