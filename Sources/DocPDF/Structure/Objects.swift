/// An `N G obj` header.
struct ObjectHeader {
    /// Offset of the object number's first digit.
    var start: Int
    var ref: ObjectRef
    /// Offset just after `obj`, where the value begins.
    var contentStart: Int
}

extension StructureScan {
    /// The header whose `obj` keyword is at `position`, read backwards over a bounded
    /// number of digits and white-space bytes (so each check costs O(1)).
    ///
    /// The object number must start a token (ISO 32000-1 §7.2.2): it follows the start
    /// of the file, white space, a delimiter, or a `%%EOF` marker. The forward pass
    /// reads `%%EOF` as a marker that ends after its `F` (as readers do, an update
    /// appended without a line break is common), so `%%EOF23 0 obj` is object 23; the
    /// whole run of digits is the number, so `%%EOF123 0 obj` is object 123, never 23,
    /// and digits glued to any other regular byte (`x23 0 obj`, `1.23 0 obj`) are no header.
    func objectHeader(keywordAt position: Int) -> ObjectHeader? {
        guard PDFBytes.startsKeyword(Keyword.obj, in: bytes, at: position) else { return nil }
        var index = position - 1
        guard let generationStart = Self.digitsBefore(&index, in: bytes),
            let numberStart = Self.digitsBefore(&index, in: bytes),
            index < 0 || !PDFBytes.isRegular(bytes[index])
                || PDFBytes.matches(Keyword.eof, in: bytes, at: index + 1 - Keyword.eof.count),
            let number = PDFBytes.readUnsigned(in: bytes, at: numberStart, maxDigits: 10),
            let generation = PDFBytes.readUnsigned(in: bytes, at: generationStart, maxDigits: 10)
        else { return nil }
        return ObjectHeader(
            start: numberStart,
            ref: ObjectRef(number: number.value, generation: generation.value),
            contentStart: position + Keyword.obj.count
        )
    }

    /// Walks back over 1…16 white-space bytes and then 1…10 digits ending at `index`;
    /// returns the offset of the first digit and leaves `index` just before it.
    private static func digitsBefore(_ index: inout Int, in bytes: [UInt8]) -> Int? {
        var spaces = 0
        while index >= 0, spaces <= 16, PDFBytes.isWhitespace(bytes[index]) {
            index -= 1
            spaces += 1
        }
        guard spaces >= 1, spaces <= 16 else { return nil }
        var digits = 0
        while index >= 0, digits <= 10, PDFBytes.isDigit(bytes[index]) {
            index -= 1
            digits += 1
        }
        guard digits >= 1, digits <= 10 else { return nil }
        return index + 1
    }

    /// Parses one indirect object (and its stream, if any) and records what it is.
    /// Returns where the forward pass resumes: after `endobj`, or where parsing stopped.
    mutating func handleObject(_ header: ObjectHeader) throws(PDFStructureError) -> Int {
        result.objectCount += 1
        try checkObjectCount()
        let ref = header.ref
        if ref.generation > 0, seenNonZeroGeneration.insert(ref).inserted {
            result.objectsWithNonZeroGeneration.append(ref)
        }
        current.hasStructure = true

        // The value cannot extend past the next `endobj`: a broken object costs only itself.
        let bound = endobjFinder.next(atOrAfter: header.contentStart, in: bytes) ?? bytes.count
        var lexer = PDFLexer(bytes: bytes, position: header.contentStart, end: bound)
        let node: PDFNode
        switch try PDFObjectParser.parse(&lexer, limits: limits) {
        case .value(let parsed):
            node = parsed
        case .malformed(let resumeAt):
            result.unparseableObjectCount += 1
            current.objects.append(RevisionObject(ref: ref, offset: header.start, kinds: .unparseable))
            current.unclosedObject = bound == bytes.count ? header.start : nil
            return max(resumeAt, header.contentStart)
        }

        var position = PDFBytes.skipWhitespace(in: bytes, from: node.span.upperBound)
        var stream: StreamExtent?
        if let dictionary = node.dictionary, PDFBytes.startsKeyword(Keyword.stream, in: bytes, at: position) {
            let extent = locateStream(keywordAt: position, dictionary: dictionary)
            stream = extent
            position = extent.resumeAt
        } else {
            position = node.span.upperBound
        }
        var objectEnd = position
        current.unclosedObject = header.start
        if stream?.terminated ?? true {
            let afterSpace = PDFBytes.skipWhitespace(in: bytes, from: position)
            if PDFBytes.startsKeyword(Keyword.endobj, in: bytes, at: afterSpace) {
                objectEnd = afterSpace + Keyword.endobj.count
                current.unclosedObject = nil
            }
        }

        let kinds = ObjectClassifier.kinds(of: node, isStream: stream != nil)
        current.objects.append(RevisionObject(ref: ref, offset: header.start, kinds: kinds))
        let objectSpan = header.start..<objectEnd
        collectSignatures(in: node, buffer: bytes, owner: ref, objectSpan: objectSpan, objectStreamNumber: nil)

        if result.objectCount == 1, result.linearized == nil, header.start < result.headerOffset + 1024,
            let dictionary = node.dictionary, dictionary.has("Linearized")
        {
            let declared = dictionary.integer("L")
            result.linearized = LinearizationInfo(
                objectNumber: ref.number,
                objectOffset: header.start,
                declaredLength: declared,
                matchesFileLength: declared == bytes.count
            )
        }

        if let stream, let dictionary = node.dictionary {
            try processStream(stream, dictionary: dictionary, header: header, kinds: kinds, objectSpan: objectSpan)
        }
        return max(objectEnd, header.contentStart)
    }

    /// Throws when the objects read so far exceed ``PDFStructureLimits/maxObjects``.
    func checkObjectCount() throws(PDFStructureError) {
        let total = result.objectCount &+ result.objectStreamMemberCount
        guard total <= limits.maxObjects else {
            throw .limitExceeded("more than \(limits.maxObjects) objects (maxObjects)")
        }
    }
}
