/// Where a stream's data lies.
struct StreamExtent {
    /// The data bytes.
    var data: Range<Int>
    /// `/Length` when a direct integer.
    var declaredLength: Int?
    /// Whether `/Length` landed on `endstream`.
    var lengthMatched: Bool
    /// Whether `endstream` was found.
    var terminated: Bool
    /// Where the forward pass resumes: after `endstream`, or, for an unterminated stream,
    /// at the start of its data (so the structure after it is still seen).
    var resumeAt: Int
}

extension StructureScan {
    /// Finds the data of the stream whose `stream` keyword is at `keyword`.
    ///
    /// A direct `/Length` is trusted when it lands (after white space) on `endstream`;
    /// otherwise the next `endstream` is searched for, once, with ``endstreamFinder``.
    mutating func locateStream(keywordAt keyword: Int, dictionary: PDFDictionary) -> StreamExtent {
        let dataStart = PDFBytes.skipEOL(in: bytes, at: keyword + Keyword.stream.count)
        let declared = dictionary.integer("Length")
        if let declared, declared >= 0, declared <= bytes.count - dataStart {
            let dataEnd = dataStart + declared
            let marker = PDFBytes.skipWhitespace(in: bytes, from: dataEnd, limit: min(bytes.count, dataEnd + 32))
            if PDFBytes.matches(Keyword.endstream, in: bytes, at: marker) {
                return StreamExtent(
                    data: dataStart..<dataEnd, declaredLength: declared, lengthMatched: true, terminated: true,
                    resumeAt: marker + Keyword.endstream.count
                )
            }
        }
        guard let marker = endstreamFinder.next(atOrAfter: dataStart, in: bytes) else {
            return StreamExtent(
                data: dataStart..<bytes.count, declaredLength: declared, lengthMatched: false, terminated: false,
                resumeAt: dataStart
            )
        }
        // The end-of-line before `endstream` is not data.
        var dataEnd = marker
        if dataEnd > dataStart, bytes[dataEnd - 1] == 0x0A { dataEnd -= 1 }
        if dataEnd > dataStart, bytes[dataEnd - 1] == 0x0D { dataEnd -= 1 }
        return StreamExtent(
            data: dataStart..<dataEnd, declaredLength: declared, lengthMatched: false, terminated: true,
            resumeAt: marker + Keyword.endstream.count
        )
    }

    /// Records the stream and looks inside it: xref streams and object streams are
    /// decoded and read; other streams that may carry content are searched for
    /// `TouchUp_TextEdit`.
    mutating func processStream(
        _ extent: StreamExtent, dictionary: PDFDictionary, header: ObjectHeader, kinds: PDFObjectKinds,
        objectSpan: Range<Int>
    ) throws(PDFStructureError) {
        var info = StreamInfo(
            objectNumber: header.ref.number, generation: header.ref.generation, objectOffset: header.start,
            dataSpan: extent.data, declaredLength: extent.declaredLength, lengthMatched: extent.lengthMatched,
            terminated: extent.terminated, filters: dictionary.names("Filter"), kinds: kinds,
            revisionIndex: result.revisions.count
        )
        // An unterminated stream's "data" runs to the end of the file and overlaps every
        // object after it (the pass resumes at its data): decoding it would make N such
        // streams cost O(N²). Its extent is recorded; its data is not read.
        guard extent.terminated else {
            if kinds.contains(.xrefStream) {
                try readXRefStream(dictionary: dictionary, data: nil, headerStart: header.start)
            }
            result.streams.append(info)
            return
        }
        if kinds.contains(.xrefStream) {
            let decoded = try decodeStream(extent.data, dictionary: dictionary)
            info.record(decoded)
            try readXRefStream(dictionary: dictionary, data: decoded?.bytes, headerStart: header.start)
        } else if kinds.contains(.objectStream) {
            let decoded = try decodeStream(extent.data, dictionary: dictionary)
            info.record(decoded)
            if let decoded {
                try unpackObjectStream(decoded.bytes, dictionary: dictionary, container: header, objectSpan: objectSpan)
            }
        } else if kinds.isDisjoint(with: Self.notContent) {
            try searchTouchUp(extent.data, dictionary: dictionary, info: &info, header: header)
        }
        result.streams.append(info)
    }

    /// Streams that never carry content operators.
    private static let notContent: PDFObjectKinds = [.image, .fontFile, .metadata, .embeddedFile]

    /// The stream's data with its filters undone: none, `/FlateDecode` (with a PNG or
    /// TIFF predictor), `/ASCIIHexDecode` and `/ASCII85Decode`, in any chain. `nil` when a
    /// filter is not one of these (images: DCT, JPX, CCITT, JBIG2; LZW, run-length).
    ///
    /// Every stage's output counts against the inflation limits.
    mutating func decodeStream(
        _ data: Range<Int>, dictionary: PDFDictionary
    ) throws(PDFStructureError) -> (bytes: [UInt8], status: StreamInfo.DecodeStatus)? {
        let filters = dictionary.names("Filter")
        if filters.isEmpty { return (Array(bytes[data]), .raw) }
        guard filters.allSatisfy(Self.supportedFilters.contains) else { return nil }
        let parameters: [PDFDictionary?]
        if let single = dictionary.dictionary("DecodeParms") {
            parameters = [single]
        } else {
            parameters = dictionary.array("DecodeParms")?.map(\.dictionary) ?? []
        }

        var buffer: [UInt8] = []
        var status = StreamInfo.DecodeStatus.decoded
        for (stage, filter) in filters.enumerated() {
            let input = stage == 0 ? bytes[data] : buffer[...]
            var output: [UInt8] = []
            switch filter {
            case "FlateDecode", "Fl":
                let outcome = try inflate(input, at: data.lowerBound) { output.append(contentsOf: $0) }
                if outcome != .complete { status = StreamInfo.DecodeStatus(outcome) }
                if stage < parameters.count, let stageParameters = parameters[stage] {
                    if let unpredicted = Predictor.apply(output, parameters: stageParameters) {
                        output = unpredicted
                    } else {
                        status = .corrupt
                    }
                }
            default:
                let (cap, perStream) = decodeCap()
                let decoded =
                    filter == "ASCIIHexDecode" || filter == "AHx"
                    ? ASCIIFilters.decodeHex(input, cap: cap) : ASCIIFilters.decode85(input, cap: cap)
                inflatedTotal += decoded.bytes.count
                if decoded.outcome == .limitReached { throw limitError(perStream: perStream, at: data.lowerBound) }
                if decoded.outcome == .corrupt { status = .corrupt }
                output = decoded.bytes
            }
            buffer = output
        }
        return (buffer, status)
    }

    private static let supportedFilters: Set<String> = ["FlateDecode", "Fl", "ASCIIHexDecode", "AHx", "ASCII85Decode", "A85"]

    /// The most bytes the next decoding stage may produce, and whether that cap is the
    /// per-stream limit (else what remains of the total).
    private func decodeCap() -> (cap: Int, perStream: Bool) {
        let remainingTotal = max(0, limits.maxInflatedBytes - inflatedTotal)
        return limits.maxInflatedPerStream < remainingTotal
            ? (limits.maxInflatedPerStream, true) : (remainingTotal, false)
    }

    private func limitError(perStream: Bool, at offset: Int) -> PDFStructureError {
        perStream
            ? .limitExceeded("a stream decodes to more than \(limits.maxInflatedPerStream) bytes (maxInflatedPerStream) at offset \(offset)")
            : .limitExceeded("streams decode to more than \(limits.maxInflatedBytes) bytes in total (maxInflatedBytes)")
    }

    /// Inflates `input` (from the stream at file offset `offset`) under both limits,
    /// handing chunks to `sink`.
    mutating func inflate(
        _ input: ArraySlice<UInt8>, at offset: Int, sink: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(PDFStructureError) -> FlateInflater.Outcome {
        let (cap, perStream) = decodeCap()
        var produced = 0
        let outcome = FlateInflater.run(input, maxOutputBytes: cap) { chunk in
            produced += chunk.count
            sink(chunk)
        }
        inflatedTotal += produced
        if outcome == .limitReached { throw limitError(perStream: perStream, at: offset) }
        return outcome
    }

    /// Searches the stream's decoded data for `TouchUp_TextEdit`. Unfiltered data and a
    /// lone Flate filter are searched chunk by chunk without keeping the output; other
    /// supported chains are decoded first.
    private mutating func searchTouchUp(
        _ data: Range<Int>, dictionary: PDFDictionary, info: inout StreamInfo, header: ObjectHeader
    ) throws(PDFStructureError) {
        var matcher = StreamingMatcher(needle: Keyword.touchUp)
        let filters = info.filters
        if filters.isEmpty {
            bytes.withUnsafeBufferPointer { buffer in
                // In slices, so the matcher's window never copies a whole large stream.
                var start = data.lowerBound
                while start < data.upperBound {
                    let end = min(data.upperBound, start + (1 << 20))
                    matcher.feed(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                    start = end
                }
            }
            info.decodeStatus = .raw
            info.decodedLength = data.count
        } else if filters == ["FlateDecode"] || filters == ["Fl"] {
            let outcome = try inflate(bytes[data], at: data.lowerBound) { matcher.feed($0) }
            info.decodeStatus = StreamInfo.DecodeStatus(outcome)
            info.decodedLength = matcher.consumed
        } else if let decoded = try decodeStream(data, dictionary: dictionary) {
            info.record(decoded)
            decoded.bytes.withUnsafeBufferPointer { matcher.feed($0) }
        } else {
            return
        }
        guard let first = matcher.firstMatch else { return }
        result.touchUpEdits.append(
            TouchUpMarker(
                objectNumber: header.ref.number, generation: header.ref.generation, objectOffset: header.start,
                occurrences: matcher.matches, firstOccurrence: first, decoded: !filters.isEmpty,
                revisionIndex: result.revisions.count
            )
        )
    }
}

extension StreamInfo {
    fileprivate mutating func record(_ decoded: (bytes: [UInt8], status: StreamInfo.DecodeStatus)?) {
        guard let decoded else { return }
        decodeStatus = decoded.status
        decodedLength = decoded.bytes.count
    }
}

extension StreamInfo.DecodeStatus {
    /// The status of a Flate run that did not hit a limit.
    init(_ outcome: FlateInflater.Outcome) {
        switch outcome {
        case .complete: self = .decoded
        case .truncated: self = .truncated
        case .corrupt, .limitReached: self = .corrupt
        }
    }
}

/// Counts occurrences of a needle in data that arrives in chunks, keeping only the
/// last `needle.count - 1` bytes between chunks.
struct StreamingMatcher {
    let needle: [UInt8]
    private var carry: [UInt8] = []
    /// Bytes fed so far.
    private(set) var consumed = 0
    private(set) var matches = 0
    /// Offset of the first match in the fed data.
    private(set) var firstMatch: Int?

    init(needle: [UInt8]) { self.needle = needle }

    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard !needle.isEmpty, !chunk.isEmpty else { return }
        var window = carry
        window.append(contentsOf: chunk)
        let windowStart = consumed - carry.count
        var from = 0
        while let hit = PDFBytes.find(needle, in: window, from: from) {
            matches += 1
            if firstMatch == nil { firstMatch = windowStart + hit }
            from = hit + needle.count
        }
        consumed += chunk.count
        carry = Array(window.suffix(needle.count - 1))
    }
}
