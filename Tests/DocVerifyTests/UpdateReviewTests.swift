import DocPDF
import Foundation
import Testing

@testable import DocVerify

/// The long-term validation allow-list (``UpdateReview``) over small real PDFs: one original
/// revision (catalog 1, page tree 2, page 3 with content stream 4 and font 5, signature widget
/// 6 with its signature 7) and one incremental update per case, scanned by the real structure
/// scanner. Each allowed object kind is accepted as validation data alone; each refused one
/// makes the update something else.
@Suite("Long-term validation allow-list, object by object")
struct UpdateReviewTests {
    static let catalog = "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> >>"
    static let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>"
    static let original: [Int: String] = [
        1: catalog,
        2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: page,
        4: stream("BT /F1 12 Tf 72 720 Td (Score 781) Tj ET"),
        5: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /P 3 0 R /V 7 0 R >>",
        7: "<< /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] /Contents <00> >>",
        8: "<< /Producer (test) >>",
    ]

    static func stream(_ data: String, _ extra: String = "") -> String {
        "<< /Length \(data.utf8.count) \(extra) >>\nstream\n\(data)\nendstream"
    }

    /// The original plus one update defining `objects` (catalog `root`), as the scanner sees it.
    static func review(_ objects: [Int: String], root: Int = 1, base: [Int: String] = original) throws -> UpdateReview {
        var text = "%PDF-1.7\n"
        func revision(_ objects: [Int: String], prev: Int?) -> Int {
            var offsets: [Int: Int] = [:]
            for number in objects.keys.sorted() {
                offsets[number] = text.utf8.count
                text += "\(number) 0 obj\n\(objects[number]!)\nendobj\n"
            }
            let xref = text.utf8.count
            text += "xref\n0 1\n0000000000 65535 f \n"
            for number in objects.keys.sorted() {
                text += "\(number) 1\n" + String(format: "%010d", offsets[number]!) + " 00000 n \n"
            }
            text += "trailer\n<< /Size 40 /Root \(root) 0 R /Info 8 0 R" + (prev.map { " /Prev \($0)" } ?? "") + " >>\nstartxref\n\(xref)\n%%EOF\n"
            return xref
        }
        let firstXref = revision(base, prev: nil)
        _ = revision(objects, prev: firstXref)
        let bytes = [UInt8](text.utf8)
        let structure = try PDFStructureScanner.scan(bytes)
        try #require(structure.revisions.count == 2)
        var reader = PDFObjectReader(bytes: bytes, structure: structure)
        return UpdateReview.review(revision: 1, structure: structure, reader: &reader, contentRefs: [4])
    }

    static let certificate = stream("0\u{1}certificate-bytes")
    static let dssCatalog = catalog.replacingOccurrences(of: "/Type /Catalog", with: "/Type /Catalog /DSS 20 0 R")
    /// A DSS (20) with its arrays (21 certificates, 22 OCSP responses) and streams (23, 24).
    static let dss: [Int: String] = [
        1: dssCatalog, 20: "<< /Type /DSS /Certs 21 0 R /OCSPs 22 0 R >>", 21: "[23 0 R]", 22: "[24 0 R]",
        23: certificate, 24: stream("0\u{2}ocsp"),
    ]

    static func adding(_ extra: [Int: String], to base: [Int: String] = dss) -> [Int: String] {
        base.merging(extra) { $1 }
    }

    @Test(
        "allowed: a DSS by reference, with VRI and a timestamp token, directly in the catalog with /Extensions, with Info and XMP, an identical rewrite, an orphan",
        arguments: [
            ("DSS by reference", dss),
            (
                "DSS with a VRI entry and TS",
                adding([
                    20: "<< /Type /DSS /Certs 21 0 R /VRI 25 0 R >>", 25: "<< /ABCDEF0123456789ABCDEF0123456789ABCDEF01 << /Cert [23 0 R] /TS 26 0 R >> >>",
                    26: stream("0\u{3}tst"),
                ])
            ),
            (
                "DSS in the catalog, /Extensions",
                [
                    1: catalog.replacingOccurrences(
                        of: "/Type /Catalog",
                        with: "/Type /Catalog /Extensions << /ESIC << /BaseVersion /1.7 /ExtensionLevel 1 >> >> /DSS << /Certs [23 0 R] /CRLs [24 0 R] >>"),
                    23: certificate, 24: stream("0\u{4}crl"),
                ]
            ),
            (
                "DSS, Info and XMP",
                adding([8: "<< /Producer (LTV tool) /ModDate (D:20261122) >>", 27: stream("<x:xmpmeta/>", "/Type /Metadata /Subtype /XML")])
            ),
            ("DSS and an identical page tree", adding([2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"])),
            ("DSS and an orphan object", adding([28: "<< /Whatever 1 >>"])),
        ] as [(String, [Int: String])])
    func allowed(_ name: String, _ objects: [Int: String]) throws {
        let review = try Self.review(objects)
        #expect(review.validationDataOnly, "\(name): refused \(review.refused), content \(review.contentChanges)")
    }

    @Test("allowed: a document timestamp with an invisible widget, added to /AcroForm /Fields and the page's /Annots")
    func documentTimestamp() throws {
        let objects = Self.adding([
            1: Self.dssCatalog.replacingOccurrences(of: "/Fields [6 0 R]", with: "/Fields [6 0 R 30 0 R]"),
            3: Self.page.replacingOccurrences(of: "/Annots [6 0 R]", with: "/Annots [6 0 R 30 0 R]"),
            30: "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Timestamp) /Rect [0 0 0 0] /F 132 /P 3 0 R /V 31 0 R /AP << /N 32 0 R >> >>",
            31: "<< /Type /DocTimeStamp /SubFilter /ETSI.RFC3161 /ByteRange [0 1 2 3] /Contents <00> >>",
            32: Self.stream("", "/Type /XObject /Subtype /Form /BBox [0 0 0 0]"),
        ])
        let review = try Self.review(objects)
        #expect(review.validationDataOnly, "refused \(review.refused), content \(review.contentChanges)")
        #expect(review.documentTimestamps == 1)
    }

    /// Adobe's document timestamp: its invisible field, and a font added to the form's default
    /// resources with the default appearance naming it (`/DR`, `/DA`).
    static func adobeTimestamp(dr: String = "<< /Font << /Helv 40 0 R >> >>") -> [Int: String] {
        adding([
            1: dssCatalog.replacingOccurrences(
                of: "/AcroForm << /Fields [6 0 R] /SigFlags 3 >>",
                with: "/AcroForm << /Fields [6 0 R 30 0 R] /SigFlags 3 /DR \(dr) /DA (/Helv 0 Tf 0 g) >>"),
            3: page.replacingOccurrences(of: "/Annots [6 0 R]", with: "/Annots [6 0 R 30 0 R]"),
            30: "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Timestamp) /Rect [0 0 0 0] /F 132 /P 3 0 R /V 31 0 R >>",
            31: "<< /Type /DocTimeStamp /SubFilter /ETSI.RFC3161 /ByteRange [0 1 2 3] /Contents <00> >>",
            40: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ])
    }

    @Test("allowed: a document timestamp that adds a font to /AcroForm /DR and sets /DA, in a form of signature fields only")
    func documentTimestampWithFormFont() throws {
        let review = try Self.review(Self.adobeTimestamp())
        #expect(review.validationDataOnly, "refused \(review.refused), content \(review.contentChanges)")
        #expect(review.documentTimestamps == 1)
    }

    @Test("refused: a /DR font added where a text field could be drawn with it, a /DR font name pointed elsewhere, a page's font rewritten through /DR")
    func formFontsRefused() throws {
        // The signed revision has a text field: a viewer may build its appearance from /DR and /DA.
        var withTextField = Self.original
        withTextField[1] = Self.catalog.replacingOccurrences(of: "/Fields [6 0 R]", with: "/Fields [6 0 R 9 0 R]")
        withTextField[9] = "<< /FT /Tx /T (Name) /V (Alice) >>"
        var objects = Self.adobeTimestamp()
        objects[1] = objects[1]!.replacingOccurrences(of: "/Fields [6 0 R 30 0 R]", with: "/Fields [6 0 R 9 0 R 30 0 R]")
        var review = try Self.review(objects, base: withTextField)
        #expect(!review.validationDataOnly, "a /DR font beside a text field was accepted")

        // The signed revision's /DR names /Helv object 5; the update points /Helv at a new font.
        var withFormFont = Self.original
        withFormFont[1] = Self.catalog.replacingOccurrences(of: "/SigFlags 3", with: "/SigFlags 3 /DR << /Font << /Helv 5 0 R >> >>")
        review = try Self.review(Self.adobeTimestamp(), base: withFormFont)
        #expect(!review.validationDataOnly, "a /DR font name rebound was accepted")

        // The page's font 5 rewritten and named in /DR: it may change what the page draws.
        var rewrite = Self.adobeTimestamp(dr: "<< /Font << /Helv 40 0 R /F1 5 0 R >> >>")
        rewrite[5] = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"
        review = try Self.review(rewrite)
        #expect(!review.validationDataOnly, "a page's font rewritten through /DR was accepted")
        #expect(review.refused.contains("object 5: the form's default resources"), "refused \(review.refused)")
    }

    @Test(
        "refused: a new font in the page's resources, a visible annotation, a replaced content stream, another catalog key, a DSS key, a visible timestamp, a signature, an existing stream listed as DSS data",
        arguments: [
            (
                "font in the page's resources",
                adding([
                    3: page.replacingOccurrences(of: "/F1 5 0 R", with: "/F1 5 0 R /F2 33 0 R"), 33: "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
                ]), true
            ),
            (
                "visible FreeText annotation",
                adding([
                    3: page.replacingOccurrences(of: "/Annots [6 0 R]", with: "/Annots [6 0 R 34 0 R]"),
                    34: "<< /Type /Annot /Subtype /FreeText /Rect [72 700 300 720] /Contents (Score 823) /AP << /N 35 0 R >> >>",
                    35: stream("BT /F1 12 Tf (Score 823) Tj ET", "/Type /XObject /Subtype /Form /BBox [0 0 228 20]"),
                ]), true
            ),
            ("page content stream replaced", adding([4: stream("BT /F1 12 Tf 72 720 Td (Score 823) Tj ET")]), true),
            (
                "catalog gains /OpenAction",
                adding([1: dssCatalog.replacingOccurrences(of: "/Type /Catalog", with: "/Type /Catalog /OpenAction [3 0 R /Fit]")]), false
            ),
            ("DSS with an unknown key", adding([20: "<< /Type /DSS /Certs 21 0 R /OCSPs 22 0 R /JavaScript 24 0 R >>"]), false),
            (
                "visible document timestamp",
                adding([
                    1: dssCatalog.replacingOccurrences(of: "/Fields [6 0 R]", with: "/Fields [6 0 R 30 0 R]"),
                    3: page.replacingOccurrences(of: "/Annots [6 0 R]", with: "/Annots [6 0 R 30 0 R]"),
                    30: "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Timestamp) /Rect [72 700 300 720] /P 3 0 R /V 31 0 R /AP << /N 32 0 R >> >>",
                    31: "<< /Type /DocTimeStamp /SubFilter /ETSI.RFC3161 /ByteRange [0 1 2 3] /Contents <00> >>",
                    32: stream("BT /F1 12 Tf (Timestamped) Tj ET", "/Type /XObject /Subtype /Form /BBox [0 0 228 20] /Resources << /Font << /F1 5 0 R >> >>"),
                ]), false
            ),
            (
                "a second signature",
                adding([
                    1: dssCatalog.replacingOccurrences(of: "/Fields [6 0 R]", with: "/Fields [6 0 R 30 0 R]"),
                    30: "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /Rect [0 0 0 0] /P 3 0 R /V 31 0 R >>",
                    31: "<< /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 3] /Contents <00> >>",
                ]), false
            ),
            ("an existing stream rewritten as DSS data", adding([21: "[4 0 R 23 0 R]", 4: stream("BT /F1 12 Tf 72 720 Td (Score 823) Tj ET")]), true),
            // Object 36 is named by nothing in this update: an "orphan" that a dangling reference
            // in the signed revision could display, so a form XObject is never one.
            ("an unreferenced form XObject", adding([36: stream("BT /F1 12 Tf (Score 823) Tj ET", "/Type /XObject /Subtype /Form /BBox [0 0 100 20]")]), true),
        ] as [(String, [Int: String], Bool)])
    func refused(_ name: String, _ objects: [Int: String], changesContent: Bool) throws {
        let review = try Self.review(objects)
        #expect(!review.validationDataOnly, "\(name) was accepted as validation data")
        #expect(!review.contentChanges.isEmpty == changesContent, "\(name): content \(review.contentChanges), refused \(review.refused)")
    }

    /// A later signer's update: a new signature (31) in a new field whose widget (30) has an
    /// appearance (32) drawn with the original font, added to the form and the page's /Annots.
    static let secondSignature: [Int: String] = [
        1: catalog.replacingOccurrences(of: "/Fields [6 0 R]", with: "/Fields [6 0 R 30 0 R]"),
        3: page.replacingOccurrences(of: "/Annots [6 0 R]", with: "/Annots [6 0 R 30 0 R]"),
        30: "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /Rect [400 50 550 100] /P 3 0 R /V 31 0 R /AP << /N 32 0 R >> >>",
        31: "<< /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 3] /Contents <00> >>",
        32: stream("BT /F1 10 Tf (Signed by B) Tj ET", "/Type /XObject /Subtype /Form /BBox [0 0 150 50] /Resources << /Font << /F1 5 0 R >> >>"),
    ]

    /// The catalog of ``secondSignature`` with the form's /DR naming the new appearance and a /DA.
    static let signingDR =
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 30 0 R] /SigFlags 3 /DR << /XObject << /FRM 32 0 R >> >> /DA (/Helv 0 Tf 0 g) >> >>"

    @Test("a /DR change is signing only in a form of signature fields, and only with new objects")
    func signingDefaultResources() throws {
        // The signed form also has a text field (9), which a viewer draws from /DR and /DA.
        var withTextField = Self.original
        withTextField[1] = Self.catalog.replacingOccurrences(of: "/Fields [6 0 R]", with: "/Fields [6 0 R 9 0 R]")
        withTextField[9] = "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Name) /Rect [72 600 300 620] /P 3 0 R /V (A) >>"
        let textForm = try Self.review(
            Self.secondSignature.merging([1: Self.signingDR.replacingOccurrences(of: "/Fields [6 0 R 30 0 R]", with: "/Fields [6 0 R 9 0 R 30 0 R]")]) { $1 },
            base: withTextField
        )
        #expect(!textForm.signaturesOnly, "refused \(textForm.refused), signing \(textForm.signingRefusals)")
        // /DR pointed at the page's content stream, rewritten in the update.
        let rewritten = try Self.review(
            Self.secondSignature.merging([
                1: Self.signingDR.replacingOccurrences(of: "/FRM 32 0 R", with: "/FRM 4 0 R"), 4: Self.stream("BT /F1 12 Tf 72 720 Td (Score 823) Tj ET"),
            ]) { $1 }
        )
        #expect(!rewritten.signaturesOnly, "refused \(rewritten.refused)")
    }

    @Test(
        "a later signer's update only adds a signature: its dictionary, field, widget and appearance, the form's /Fields, the page's /Annots, a raised /Version"
    )
    func signatureOnly() throws {
        for (name, objects) in [
            ("second signature", Self.secondSignature),
            (
                "with /Version",
                Self.secondSignature.merging([1: Self.secondSignature[1]!.replacingOccurrences(of: "/Type /Catalog", with: "/Type /Catalog /Version /2.0")]) {
                    $1
                }
            ),
            ("with /DR naming its appearance and /DA (DSS)", Self.secondSignature.merging([1: Self.signingDR]) { $1 }),
        ] {
            let review = try Self.review(objects)
            #expect(review.signaturesOnly, "\(name): refused \(review.refused), content \(review.contentChanges)")
            #expect(!review.validationDataOnly)
            #expect(review.addedSignatures == [31])
            #expect(review.signatureWidgets == [UpdateReview.SignatureWidget(object: 30, page: 3, rect: [400, 50, 550, 100], invisible: false)])
        }
    }

    @Test(
        "not only a signature: with a page content change, an unexplained font, a rewritten existing signature, a text field, another catalog change",
        arguments: [
            (
                "page content replaced",
                adding(
                    [
                        3: page.replacingOccurrences(of: "/Annots [6 0 R]", with: "/Annots [6 0 R 30 0 R]").replacingOccurrences(
                            of: "/Contents 4 0 R", with: "/Contents 33 0 R"), 33: stream("BT /F1 12 Tf 72 720 Td (Score 823) Tj ET"),
                    ], to: secondSignature)
            ),
            ("a font no appearance uses", adding([33: "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"], to: secondSignature)),
            (
                "the first signature rewritten",
                adding(
                    [
                        7: "<< /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] /Contents <01> >>",
                        6: "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /P 3 0 R /V 7 0 R >>",
                    ], to: [1: catalog])
            ),
            (
                "a text field filled",
                adding(
                    [30: "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Name) /Rect [400 50 550 100] /P 3 0 R /V (B) /AP << /N 32 0 R >> >>"],
                    to: secondSignature)
            ),
            (
                "an /OpenAction",
                adding(
                    [
                        1: secondSignature[1]!.replacingOccurrences(of: "/Type /Catalog", with: "/Type /Catalog /OpenAction 33 0 R"),
                        33: "<< /S /JavaScript /JS (app.alert(1)) >>",
                    ], to: secondSignature)
            ),
        ] as [(String, [Int: String])])
    func notSignatureOnly(_ name: String, _ objects: [Int: String]) throws {
        let review = try Self.review(objects)
        #expect(!review.signaturesOnly, "\(name) was taken for a signature only")
    }
}
