extension StructureScan {
    /// Reads the objects packed in an object stream (`/Type /ObjStm`): the `/N` pairs of
    /// object number and offset before `/First`, then each object's value, to classify
    /// it and find signature dictionaries.
    ///
    /// Each distinct offset is parsed once, bounded by the next distinct offset, so the
    /// work stays linear in the decoded size whatever the header claims.
    mutating func unpackObjectStream(
        _ data: [UInt8], dictionary: PDFDictionary, container: ObjectHeader, objectSpan: Range<Int>
    ) throws(PDFStructureError) {
        guard let count = dictionary.integer("N"), count >= 0,
            let first = dictionary.integer("First"), first >= 0, first <= data.count
        else { return }

        var pairs: [(number: Int, offset: Int)] = []
        var lexer = PDFLexer(bytes: data, position: 0, end: first)
        while pairs.count < count {
            guard let numberToken = lexer.next(), case .integer(let number) = numberToken.kind, number >= 0,
                let offsetToken = lexer.next(), case .integer(let offset) = offsetToken.kind, offset >= 0
            else { break }
            pairs.append((number, offset))
            result.objectStreamMemberCount += 1
            try checkObjectCount()
        }

        let starts = Set(pairs.map(\.offset)).sorted()
        var nodes: [Int: PDFNode] = [:]
        for (position, offset) in starts.enumerated() {
            guard offset <= data.count - first else { break }
            let start = first + offset
            let end =
                position + 1 < starts.count && starts[position + 1] <= data.count - first
                ? first + starts[position + 1] : data.count
            var memberLexer = PDFLexer(bytes: data, position: start, end: end)
            if case .value(let node) = try PDFObjectParser.parse(&memberLexer, limits: limits) {
                nodes[offset] = node
            }
        }

        var signaturesCollected: Set<Int> = []
        for pair in pairs {
            let ref = ObjectRef(number: pair.number, generation: 0)
            guard let node = nodes[pair.offset] else {
                current.objects.append(
                    RevisionObject(ref: ref, offset: container.start, kinds: .unparseable, objectStreamNumber: container.ref.number)
                )
                continue
            }
            current.objects.append(
                RevisionObject(
                    ref: ref, offset: container.start, kinds: ObjectClassifier.kinds(of: node, isStream: false),
                    objectStreamNumber: container.ref.number
                )
            )
            if signaturesCollected.insert(pair.offset).inserted {
                collectSignatures(
                    in: node, buffer: data, owner: ref, objectSpan: objectSpan, objectStreamNumber: container.ref.number
                )
            }
        }
    }
}
