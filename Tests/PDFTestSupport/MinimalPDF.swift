import Foundation

/// Small valid one-page PDFs built in test code, with a correct xref table: the seed
/// documents the end-to-end and daemon tests write, mutate and drop into inboxes.
public enum MinimalPDF {
    /// A page showing `lines` in Helvetica. `headerComment` goes on the line after the
    /// header (test hooks live in the first 4 KiB); `info` is the body of an Info dictionary.
    public static func build(lines: [String], headerComment: String? = nil, info: String? = nil) -> [UInt8] {
        var content = "BT /F1 12 Tf 72 720 Td 14 TL\n"
        for line in lines {
            let escaped = line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
            content += "(\(escaped)) Tj T*\n"
        }
        content += "ET\n"
        var objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
        if let info { objects.append("<< \(info) >>") }
        var out = "%PDF-1.4\n"
        if let headerComment { out += "\(headerComment)\n" }
        var bytes = Array(out.utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let xref = bytes.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        let infoRef = info == nil ? "" : " /Info \(objects.count) 0 R"
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(infoRef) >>\nstartxref\n\(xref)\n%%EOF\n"
        return bytes + Array(table.utf8)
    }
}
