/// Undoes the PNG and TIFF predictors of Flate-encoded data (ISO 32000-1 §7.4.4.4),
/// as xref streams use (`/DecodeParms << /Columns 5 /Predictor 12 >>`).
enum Predictor {
    /// The data with the predictor of `parameters` undone; `nil` when the parameters or
    /// a row's filter type are invalid.
    static func apply(_ data: [UInt8], parameters: PDFDictionary) -> [UInt8]? {
        let predictor = parameters.integer("Predictor") ?? 1
        if predictor <= 1 { return data }
        let colors = parameters.integer("Colors") ?? 1
        let bitsPerComponent = parameters.integer("BitsPerComponent") ?? 8
        let columns = parameters.integer("Columns") ?? 1
        guard (1...32).contains(colors), [1, 2, 4, 8, 16].contains(bitsPerComponent), (1...(1 << 24)).contains(columns)
        else { return nil }
        let bitsPerPixel = colors * bitsPerComponent
        let bytesPerPixel = max(1, (bitsPerPixel + 7) / 8)
        let rowLength = (bitsPerPixel * columns + 7) / 8
        if predictor == 2 {
            return bitsPerComponent == 8 ? tiff(data, rowLength: rowLength, bytesPerPixel: bytesPerPixel) : nil
        }
        guard predictor >= 10 else { return nil }
        return png(data, rowLength: rowLength, bytesPerPixel: bytesPerPixel)
    }

    /// TIFF predictor 2 with 8-bit components: each byte adds the one a pixel before it.
    private static func tiff(_ data: [UInt8], rowLength: Int, bytesPerPixel: Int) -> [UInt8] {
        var output = data
        var rowStart = 0
        while rowStart < output.count {
            let rowEnd = min(output.count, rowStart + rowLength)
            var index = rowStart + bytesPerPixel
            while index < rowEnd {
                output[index] = output[index] &+ output[index - bytesPerPixel]
                index += 1
            }
            rowStart = rowEnd
        }
        return output
    }

    /// PNG predictors (10–15): each row is a filter-type byte and `rowLength` bytes.
    private static func png(_ data: [UInt8], rowLength: Int, bytesPerPixel: Int) -> [UInt8]? {
        let stride = rowLength + 1
        let rows = data.count / stride
        var output = [UInt8](repeating: 0, count: rows * rowLength)
        for row in 0..<rows {
            let input = row * stride
            let filter = data[input]
            let out = row * rowLength
            for column in 0..<rowLength {
                let raw = data[input + 1 + column]
                let left: UInt8 = column >= bytesPerPixel ? output[out + column - bytesPerPixel] : 0
                let up: UInt8 = row > 0 ? output[out - rowLength + column] : 0
                let upLeft: UInt8 = row > 0 && column >= bytesPerPixel ? output[out - rowLength + column - bytesPerPixel] : 0
                let value: UInt8
                switch filter {
                case 0: value = raw
                case 1: value = raw &+ left
                case 2: value = raw &+ up
                case 3: value = raw &+ UInt8((Int(left) + Int(up)) / 2)
                case 4: value = raw &+ paeth(left, up, upLeft)
                default: return nil
                }
                output[out + column] = value
            }
        }
        return output
    }

    private static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a))
        let pb = abs(p - Int(b))
        let pc = abs(p - Int(c))
        if pa <= pb, pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
