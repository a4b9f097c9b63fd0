/// A cross-reference section, by the offset a `startxref` or `/Prev` should name.
struct XRefSection {
    var kind: XRefKind
    /// The `/Prev` of its trailer (table) or of its own dictionary (stream).
    var prev: Int?
}

extension StructureScan {
    // MARK: xref tables

    /// Reads an `xref` table at `position` and the `trailer` right after it.
    ///
    /// Entries are read with digit-capped integer reads only (no string lexing), so a
    /// broken table costs at most the bytes it spans.
    mutating func handleXRefTable(at position: Int) throws(PDFStructureError) -> Int {
        var cursor = position + Keyword.xref.count
        var entries: [XRefEntry] = []
        subsections: while let subsection = readIntegerPair(at: cursor) {
            cursor = subsection.end
            let first = subsection.first
            var index = 0
            while index < subsection.second {
                guard let entry = readTableEntry(at: cursor) else { continue subsections }
                cursor = entry.end
                xrefEntryCount += 1
                guard xrefEntryCount <= limits.maxXRefEntries else {
                    throw .limitExceeded("more than \(limits.maxXRefEntries) xref entries (maxXRefEntries)")
                }
                let number = first + index
                entries.append(
                    XRefEntry(
                        objectNumber: number, generation: entry.generation,
                        target: entry.inUse ? .inUse(offset: entry.offset) : .free(nextFree: entry.offset)
                    )
                )
                index += 1
            }
        }

        var trailer: PDFTrailer?
        let afterTable = PDFBytes.skipWhitespace(in: bytes, from: cursor)
        if PDFBytes.matchesKeyword(Keyword.trailer, in: bytes, at: afterTable) {
            let parsed = try handleTrailer(at: afterTable)
            trailer = parsed.trailer
            cursor = parsed.resumeAt
        }
        sections[position] = XRefSection(kind: .table, prev: trailer?.prev)
        result.xrefOffsets.append(position)
        current.xrefOffsets.append(position)
        current.sawTable = true
        current.hasStructure = true
        current.unclosedObject = nil
        current.entries.append(contentsOf: entries)
        return cursor
    }

    /// Two unsigned integers separated by white space (a subsection header), ending
    /// before a non-regular byte.
    private func readIntegerPair(at offset: Int) -> (first: Int, second: Int, end: Int)? {
        let start = PDFBytes.skipWhitespace(in: bytes, from: offset)
        guard let first = PDFBytes.readUnsigned(in: bytes, at: start, maxDigits: 10),
            first.end < bytes.count, PDFBytes.isWhitespace(bytes[first.end])
        else { return nil }
        let secondStart = PDFBytes.skipWhitespace(in: bytes, from: first.end)
        guard let second = PDFBytes.readUnsigned(in: bytes, at: secondStart, maxDigits: 10),
            second.end >= bytes.count || !PDFBytes.isRegular(bytes[second.end])
        else { return nil }
        return (first.value, second.value, second.end)
    }

    /// One `oooooooooo ggggg n` entry.
    private func readTableEntry(at offset: Int) -> (offset: Int, generation: Int, inUse: Bool, end: Int)? {
        guard let pair = readIntegerPair(at: offset) else { return nil }
        let marker = PDFBytes.skipWhitespace(in: bytes, from: pair.end)
        guard marker < bytes.count, marker > pair.end else { return nil }
        let byte = bytes[marker]
        guard byte == UInt8(ascii: "n") || byte == UInt8(ascii: "f"),
            marker + 1 >= bytes.count || !PDFBytes.isRegular(bytes[marker + 1])
        else { return nil }
        return (pair.first, pair.second, byte == UInt8(ascii: "n"), marker + 1)
    }

    // MARK: trailer and startxref

    /// Parses the dictionary after a `trailer` keyword at `position`. The dictionary is
    /// bounded by the next `startxref`.
    mutating func handleTrailer(at position: Int) throws(PDFStructureError) -> (trailer: PDFTrailer?, resumeAt: Int) {
        result.trailerCount += 1
        current.hasStructure = true
        current.unclosedObject = nil
        let contentStart = position + Keyword.trailer.count
        let bound = startxrefFinder.next(atOrAfter: contentStart, in: bytes) ?? bytes.count
        var lexer = PDFLexer(bytes: bytes, position: contentStart, end: bound)
        switch try PDFObjectParser.parse(&lexer, limits: limits) {
        case .value(let node):
            guard let dictionary = node.dictionary else { return (nil, node.span.upperBound) }
            let trailer = PDFTrailer(dictionary)
            current.tableTrailer = trailer
            if trailer.hasEncrypt { result.isEncrypted = true }
            return (trailer, node.span.upperBound)
        case .malformed(let resumeAt):
            return (nil, max(resumeAt, contentStart))
        }
    }

    /// Records the value after a `startxref` keyword at `position`.
    mutating func handleStartxref(at position: Int) -> Int {
        current.hasStructure = true
        current.unclosedObject = nil
        let start = PDFBytes.skipWhitespace(in: bytes, from: position + Keyword.startxref.count)
        guard let value = PDFBytes.readUnsigned(in: bytes, at: start) else {
            return position + Keyword.startxref.count
        }
        result.startxrefValues.append(value.value)
        current.startxref = value.value
        return value.end
    }

    // MARK: xref streams

    /// Records an xref stream: its dictionary stands in for the trailer, and its
    /// decoded rows (`/W`, `/Index`) become entries.
    mutating func readXRefStream(dictionary: PDFDictionary, data: [UInt8]?, headerStart: Int) throws(PDFStructureError) {
        let trailer = PDFTrailer(dictionary)
        if trailer.hasEncrypt { result.isEncrypted = true }
        sections[headerStart] = XRefSection(kind: .stream, prev: trailer.prev)
        result.xrefOffsets.append(headerStart)
        current.xrefOffsets.append(headerStart)
        current.sawStream = true
        current.streamTrailer = trailer
        guard let data else { return }
        current.entries.append(contentsOf: try xrefStreamEntries(dictionary: dictionary, data: data))
    }

    /// The entries of decoded xref-stream data; stops at the first malformed parameter
    /// or the end of the data; more rows than ``PDFStructureLimits/maxXRefEntries`` is a
    /// limit error, as for xref tables.
    private mutating func xrefStreamEntries(dictionary: PDFDictionary, data: [UInt8]) throws(PDFStructureError) -> [XRefEntry] {
        guard let widthNodes = dictionary.array("W"), widthNodes.count == 3 else { return [] }
        let widths = widthNodes.compactMap(\.integer)
        guard widths.count == 3, widths.allSatisfy({ (0...8).contains($0) }) else { return [] }
        let rowLength = widths[0] + widths[1] + widths[2]
        guard rowLength > 0 else { return [] }
        var ranges: [(first: Int, count: Int)] = []
        if let index = dictionary.array("Index") {
            let numbers = index.compactMap(\.integer)
            guard numbers.count == index.count, numbers.count % 2 == 0 else { return [] }
            for pair in stride(from: 0, to: numbers.count, by: 2) where numbers[pair] >= 0 && numbers[pair + 1] >= 0 {
                ranges.append((numbers[pair], numbers[pair + 1]))
            }
        } else if let size = dictionary.integer("Size"), size >= 0 {
            ranges.append((0, size))
        }

        func field(_ offset: Int, _ width: Int) -> Int {
            var value = 0
            for byte in data[offset..<(offset + width)] { value = value << 8 | Int(byte) }
            return value
        }

        let rows = data.count / rowLength
        var row = 0
        var entries: [XRefEntry] = []
        outer: for range in ranges {
            var index = 0
            while index < range.count {
                guard row < rows else { break outer }
                guard xrefEntryCount < limits.maxXRefEntries else {
                    throw .limitExceeded("more than \(limits.maxXRefEntries) xref entries (maxXRefEntries)")
                }
                let base = row * rowLength
                let type = widths[0] == 0 ? 1 : field(base, widths[0])
                let second = field(base + widths[0], widths[1])
                let third = field(base + widths[0] + widths[1], widths[2])
                let (number, overflow) = range.first.addingReportingOverflow(index)
                guard !overflow else { break outer }
                let entry: XRefEntry
                switch type {
                case 0: entry = XRefEntry(objectNumber: number, generation: third, target: .free(nextFree: second))
                case 1: entry = XRefEntry(objectNumber: number, generation: third, target: .inUse(offset: second))
                case 2: entry = XRefEntry(objectNumber: number, generation: 0, target: .compressed(objectStream: second, index: third))
                default: entry = XRefEntry(objectNumber: number, generation: 0, target: .free(nextFree: 0))
                }
                entries.append(entry)
                xrefEntryCount += 1
                row += 1
                index += 1
            }
        }
        return entries
    }
}

extension PDFTrailer {
    /// The forensic keys of a trailer or xref-stream dictionary.
    init(_ dictionary: PDFDictionary) {
        let ids: [String] =
            dictionary.array("ID")?.compactMap { node in
                if case .string(let string) = node.value { PDFBytes.hex(string.bytes) } else { nil }
            } ?? []
        self.init(
            keys: Set(dictionary.entries.map(\.key)).sorted(),
            root: dictionary.reference("Root"),
            info: dictionary.reference("Info"),
            hasEncrypt: dictionary.has("Encrypt"),
            ids: ids,
            size: dictionary.integer("Size"),
            prev: dictionary.integer("Prev").flatMap { $0 >= 0 ? $0 : nil },
            xrefStm: dictionary.integer("XRefStm").flatMap { $0 >= 0 ? $0 : nil }
        )
    }
}
