"""testdata/malformed/: inputs docverify must refuse (error verdict with the specific
code) or survive. Every file is small (< 1 MB) even where it expands to a gigabyte.

Expectation rule: `error` with the specific reading code, unless poppler repairs the file
and reads its text, in which case the verdict is what the content implies. The readable
content here is a plain, unsigned employment letter (not a report, not a statement), so a
repaired file is `review` with `UNKNOWN_KIND`. Structure limits are docverify's own
(PDFStructureLimits): a file beyond them is `STRUCTURE_LIMIT` whatever poppler would do.

Each manifest entry records `pdftotext_rc` (`pdftotext FILE -`; -1 = timed out),
`pdftotext_chars` (characters of text it printed) and `qpdf_rc` (`qpdf --check FILE`:
0 fine, 2 errors, 3 warnings) so reviewers see how poppler and qpdf treat the file.
TOO_LARGE is not a fixture: the Swift tests run any file with a small --max-size.
"""

from __future__ import annotations

import io
import struct
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from common import MARKER, NOW_ISO, TESTDATA, Manifest, RawPDF, fresh_folder, pdftotext, qpdf_check, seeded, \
    simple_document, stream_object, text_stream, write

OUT = TESTDATA / "malformed"
READABLE = ["UNKNOWN_KIND"]

LETTER_P1 = [
    "Hangzhou, 18 November 2026",
    "",
    "To the Visa Section",
    "",
    "Certificate of Employment",
    "",
    f"We confirm that Ms WANG {MARKER} Fang, born 1 June 1994, has been employed",
    "by Westlake Fictitious Software Co., Ltd. (a company that does not exist)",
    "as a senior test engineer since 3 March 2019, on a permanent contract.",
    "",
    "She has been granted leave from 10 to 28 December 2026 to travel to",
    "Luxembourg and will resume her duties on 4 January 2027.",
    "",
    "This letter is issued at her request for her visa application.",
] + [f"Line {i:02d} of filler text so that truncating the file cuts through the page content." for i in range(1, 25)]
LETTER_P2 = [
    "Yours faithfully,",
    "",
    "LIU Human Resources",
    "Westlake Fictitious Software Co., Ltd.",
    "No. 1 Example Road, Hangzhou",
] + [f"Second page line {i:02d}: nothing here is personal data of a real person." for i in range(1, 25)]


def letter() -> RawPDF:
    info = {"Title": "Certificate of Employment", "Author": "Westlake Fictitious Software HR", "Producer": "docverify fixture writer",
            "CreationDate": "D:20261118093000+08'00'", "ModDate": "D:20261118093000+08'00'"}
    return simple_document([text_stream(LETTER_P1, title="Westlake Fictitious Software Co., Ltd."), text_stream(LETTER_P2)],
                           info=info)


def letter_bytes() -> bytes:
    return letter().build()[0]


# ---------------------------------------------------------------------------------------
# Non-PDF inputs


def png_image() -> bytes:
    width, height = 32, 16
    rows = b"".join(b"\x00" + bytes((x * 8) % 256 for x in range(width)) * 3 for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def jpeg_image() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (48, 32), (200, 30, 30))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def zip_of(name: str, data: bytes, method: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 10, 0, 0))
        info.compress_type = method
        z.writestr(info, data)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------
# Structural damage


def truncated(fraction: float) -> bytes:
    data = letter_bytes()
    return data[: int(len(data) * fraction)]


def truncated_before_startxref() -> bytes:
    data = letter_bytes()
    return data[: data.rindex(b"startxref")]


def broken_xref_offsets() -> bytes:
    data, offsets, xref = letter().build()
    head, tail = data[:xref], data[xref:]
    for number, offset in offsets.items():
        tail = tail.replace(b"%010d 00000 n" % offset, b"%010d 00000 n" % (offset + 7), 1)
    return head + tail


def cyclic_prev() -> bytes:
    """Two revisions whose trailers name each other as /Prev."""
    data, _, xref1 = letter().build()
    size = int(data.split(b"/Size ")[1].split()[0])
    marker = b"trailer\n<< /Size %d /Root 1 0 R" % size
    first = data.replace(marker, b"trailer\n<< /Size %d /Prev %010d /Root 1 0 R" % (size, 0), 1)
    start = len(first)
    body = b"4 0 obj\n<< /Title (Certificate of Employment) /Producer (docverify fixture writer) >>\nendobj\n"
    xref2 = start + len(body)
    # The first (older) trailer points forward to the second section: the /Prev chain loops.
    first = data.replace(marker, b"trailer\n<< /Size %d /Prev %010d /Root 1 0 R" % (size, xref2), 1)
    update = body + (b"xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root 1 0 R /Info 4 0 R /Prev %d >>\n"
                     b"startxref\n%d\n%%%%EOF\n" % (start, size, xref1, xref2))
    return first + update


def self_prev() -> bytes:
    data, _, xref = letter().build()
    size = int(data.split(b"/Size ")[1].split()[0])
    return data.replace(b"trailer\n<< /Size %d /Root 1 0 R" % size, b"trailer\n<< /Size %d /Prev %d /Root 1 0 R" % (size, xref), 1)


def missing_trailer() -> bytes:
    data = letter_bytes()
    start = data.index(b"trailer")
    end = data.index(b"startxref")
    return data[:start] + data[end:]


def garbage_after_eof() -> bytes:
    return letter_bytes() + seeded("garbage-after-eof").randbytes(2048)


def nested_arrays(depth: int = 100_000) -> bytes:
    doc = letter()
    doc.objects[5] = doc.objects[5].replace(b"/Type /Page", b"/Type /Page /PieceInfo " + b"[" * depth + b"]" * depth)
    return doc.build()[0]


def flate_bomb(zeros: int, layers: int) -> bytes:
    """A page content stream of `zeros` NUL bytes, Flate-encoded `layers` times."""
    comp = zlib.compressobj(9)
    chunk = b"\0" * (16 << 20)
    parts = []
    left = zeros
    while left > 0:
        n = min(left, len(chunk))
        parts.append(comp.compress(chunk[:n]))
        left -= n
    parts.append(comp.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    filters = b"/FlateDecode" if layers == 1 else b"[" + b" ".join([b"/FlateDecode"] * layers) + b"]"
    doc = letter()
    doc.objects[6] = stream_object(data, b" /Filter " + filters)
    return doc.build()[0]


def page_tree_cycle() -> bytes:
    doc = letter()
    doc.objects[2] = b"<< /Type /Pages /Kids [11 0 R] /Count 2 >>"
    doc.objects[11] = b"<< /Type /Pages /Parent 2 0 R /Kids [5 0 R 2 0 R] /Count 2 >>"
    doc.objects[5] = doc.objects[5].replace(b"/Parent 2 0 R", b"/Parent 11 0 R")
    del doc.objects[7], doc.objects[8]  # drop page 2 so the cycle is the only way to "find" more pages
    return doc.build()[0]


def objstm_entries(count: int = 600_000) -> bytes:
    """An object stream declaring `count` objects (all claiming number 12 at offset 0): tiny
    once compressed, beyond docverify's 500,000-object limit."""
    header = b"12 0 " * count
    body = header + b"null"
    doc = letter()
    doc.version = "1.5"
    doc.objects[12] = stream_object(zlib.compress(body, 9), b" /Type /ObjStm /N %d /First %d /Filter /FlateDecode"
                                    % (count, len(header)))
    return doc.build()[0]


def xref_stream(doc: RawPDF, *, size: int | None = None, w: tuple[int, ...] = (1, 4, 2), bad_w: bool = False) -> bytes:
    """`doc` written with a cross-reference stream instead of a table (PDF 1.5)."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(doc.objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + doc.objects[number] + b"\nendobj\n"
    xref_number = max(doc.objects) + 1
    offsets[xref_number] = len(out)
    real = xref_number + 1
    total = size or real
    rows = bytearray()
    for number in range(total):
        if number in offsets:
            rows += bytes([1]) + offsets[number].to_bytes(w[1], "big") + (0).to_bytes(w[2], "big")
        else:
            rows += bytes(sum(w))
    data = zlib.compress(bytes(rows), 9)
    w_text = b"[1 2]" if bad_w else b"[%s]" % b" ".join(b"%d" % x for x in w)
    info = b" /Info %d 0 R" % doc.info if doc.info else b""
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W %s /Root %d 0 R%s /Filter /FlateDecode /Length %d >>\nstream\n"
            % (xref_number, total, w_text, doc.root, info, len(data)) + data + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def too_many_revisions(count: int = 1_001) -> bytes:
    data, _, xref = letter().build()
    out = bytearray(data)
    size = int(data.split(b"/Size ")[1].split()[0])
    prev = xref
    for i in range(count):
        at = len(out)
        out += b"4 0 obj\n<< /Title (Certificate of Employment, save %d) >>\nendobj\n" % i
        xref_at = len(out)
        out += (b"xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root 1 0 R /Info 4 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                % (at, size, prev, xref_at))
        prev = xref_at
    return bytes(out)


def with_header(version: bytes) -> bytes:
    data = letter_bytes()
    assert data.startswith(b"%PDF-1.4")
    return data.replace(b"%PDF-1.4", version, 1)


def rebuilt(transform) -> bytes:
    """Applies `transform` to the object bodies' bytes and rebuilds a correct xref."""
    doc = letter()
    transform(doc)
    return doc.build()[0]


def nul_between_objects() -> bytes:
    doc = letter()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(doc.objects):
        out += b"\0" * 1024
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + doc.objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(doc.objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 00001 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def huge_length() -> bytes:
    doc = letter()
    body = doc.objects[6]
    doc.objects[6] = body.replace(body[: body.index(b">>")], b"<< /Length 999999999 ", 1)
    return doc.build()[0]


def unbalanced_dict() -> bytes:
    doc = letter()
    doc.objects[5] = doc.objects[5][:-2]  # page dictionary without its closing >>
    return doc.build()[0]


def invalid_flate() -> bytes:
    doc = letter()
    junk = seeded("invalid-flate").randbytes(600)
    doc.objects[6] = stream_object(b"\x78\x9c" + junk, b" /Filter /FlateDecode")
    doc.objects[8] = stream_object(b"\x78\x9c" + junk[::-1], b" /Filter /FlateDecode")
    return doc.build()[0]


def startxref_beyond_eof() -> bytes:
    data = letter_bytes()
    tail = data.rindex(b"startxref")
    return data[:tail] + b"startxref\n99999999\n%%EOF\n"


def no_eof_marker() -> bytes:
    data = letter_bytes()
    assert data.endswith(b"%%EOF\n")
    return data[: -len(b"%%EOF\n")]


def zero_pages() -> bytes:
    doc = letter()
    doc.objects[2] = b"<< /Type /Pages /Kids [] /Count 0 >>"
    for n in (5, 6, 7, 8):
        del doc.objects[n]
    return doc.build()[0]


def missing_root() -> bytes:
    data = letter_bytes()
    return data.replace(b" /Root 1 0 R", b"            ", 1)


def object_header_typo() -> bytes:
    data, offsets, _ = letter().build()
    at = offsets[5]
    assert data[at:at + 7] == b"5 0 obj"
    return data[:at] + b"5 0 ojb" + data[at + 7:]


def negative_count() -> bytes:
    def t(doc):
        doc.objects[2] = doc.objects[2].replace(b"/Count 2", b"/Count -1")
    return rebuilt(t)


def reference_loop() -> bytes:
    def t(doc):
        body = doc.objects[6]
        doc.objects[6] = body.replace(body[: body.index(b">>")], b"<< /Length 13 0 R ", 1)
        doc.objects[13] = b"14 0 R"
        doc.objects[14] = b"13 0 R"
    return rebuilt(t)


def unknown_security_handler() -> bytes:
    def t(doc):
        doc.objects[15] = b"<< /Filter /FictitiousLock /V 9 /R 9 /Length 256 >>"
        doc.trailer_extra = b" /Encrypt 15 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]"
    return rebuilt(t)


def qpdf_encrypt(user: str, owner: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(letter_bytes())
        subprocess.run(["qpdf", "--static-id", "--encrypt", user, owner, "256", "--",
                        str(src), str(dst)], check=True)
        return dst.read_bytes()


def utf16_text() -> bytes:
    return "\ufeff%PDF-1.4 is how a PDF would start; this file is UTF-16 text.\r\n".encode("utf-16-le") * 20


# ---------------------------------------------------------------------------------------
# The set: (file, builder, expect, codes, why)

ERR = "error"
CASES = [
    ("empty.pdf", lambda: b"", ERR, ["EMPTY_FILE"], "Zero bytes."),
    ("png-image.pdf", png_image, ERR, ["NOT_PDF"], "A 32x16 PNG image (hand-built, zlib) named .pdf."),
    ("jpeg-photo.pdf", jpeg_image, ERR, ["NOT_PDF"], "A 48x32 JPEG (Pillow) named .pdf: a phone photo of a document."),
    ("text-file.pdf", lambda: b"Sesame Score: 812\nThis is a plain text file, not a PDF.\n" * 10, ERR, ["NOT_PDF"],
     "Plain ASCII text named .pdf (it even claims a Sesame score)."),
    ("zip-archive.pdf", lambda: zip_of("report.txt", b"Sesame Score: 812\n" * 50, zipfile.ZIP_DEFLATED), ERR,
     ["NOT_PDF"], "A ZIP archive holding a text file (deflated)."),
    ("html-page.pdf", lambda: b"<!DOCTYPE html>\n<html><head><title>Sesame Credit</title></head>"
     b"<body><p>Sesame Score: 812</p></body></html>\n", ERR, ["NOT_PDF"], "An HTML page saved with a .pdf name."),
    ("postscript.pdf", lambda: b"%!PS-Adobe-3.0\n%%Title: letter\n/Helvetica findfont 12 scalefont setfont\n"
     b"72 720 moveto (Certificate of Employment) show\nshowpage\n%%EOF\n", ERR, ["NOT_PDF"],
     "A PostScript file (starts %!PS-Adobe, even ends with %%EOF)."),
    ("utf16-text.pdf", utf16_text, ERR, ["NOT_PDF"],
     "UTF-16LE text with a BOM whose characters spell '%PDF-1.4': the bytes are not a PDF header."),
    ("all-nul-bytes.pdf", lambda: b"\0" * 8192, ERR, ["NOT_PDF"], "8 KiB of NUL bytes (a failed download)."),
    ("header-at-offset-2000.pdf", lambda: seeded("prefix").randbytes(2000) + letter_bytes(), ERR, ["NOT_PDF"],
     "2000 bytes of junk before an otherwise valid PDF: the %PDF- header must be within the first 1024 bytes "
     "(poppler is lenient and reads it)."),
    ("lowercase-header.pdf", lambda: with_header(b"%pdf-1.4"), ERR, ["NOT_PDF"],
     "The valid letter with its header written '%pdf-1.4': the header is case-sensitive, so docverify refuses "
     "it (poppler is lenient and reads it)."),
    ("pdf-in-zip-deflated.pdf", lambda: zip_of("letter.pdf", letter_bytes(), zipfile.ZIP_DEFLATED), ERR, ["NOT_PDF"],
     "The valid letter inside a ZIP archive, deflated: no %PDF- anywhere in the file."),
    ("header-only.pdf", lambda: b"%PDF-1.7\n", ERR, ["TRUNCATED"],
     "Just '%PDF-1.7\\n': a download cut after the first line. TRUNCATED (no %%EOF, nothing to rebuild) rather than "
     "DAMAGED: the file ends early."),
    ("binary-junk-with-header.pdf", lambda: b"%PDF-1.7\n" + seeded("junk").randbytes(8192), ERR, ["TRUNCATED"],
     "A %PDF-1.7 header followed by 8 KiB of random bytes: no objects, no xref, no %%EOF."),
    ("truncated-10pct.pdf", lambda: truncated(0.10), ERR, ["TRUNCATED"],
     "The first 10% of the two-page letter: header, catalog and page tree only, no %%EOF."),
    ("truncated-50pct.pdf", lambda: truncated(0.50), ERR, ["TRUNCATED"],
     "The first 50% of the letter (cut inside the first page's content stream, no xref, trailer or %%EOF); "
     "poppler's xref reconstruction needs a trailer dictionary and gives up (pdftotext: 'Couldn't find trailer "
     "dictionary')."),
    ("truncated-90pct.pdf", lambda: truncated(0.90), ERR, ["TRUNCATED"],
     "The first 90% of the letter (every object present, cut inside the xref table: no trailer, no %%EOF); "
     "poppler gives up as for 50%."),
    ("truncated-before-startxref.pdf", truncated_before_startxref, "review", READABLE,
     "The letter cut right after its trailer dictionary (no startxref, no %%EOF): poppler rebuilds the xref "
     "from the objects and the trailer it finds and reads the text."),
    ("encrypted-user-password.pdf", lambda: qpdf_encrypt("user", "owner"), ERR, ["ENCRYPTED"],
     "The letter encrypted by 'qpdf --encrypt user owner 256' (AES-256, a user password is needed to open it)."),
    ("encrypted-owner-only.pdf", lambda: qpdf_encrypt("", "owner"), "review", READABLE,
     "The letter encrypted by qpdf with an empty user password (owner password only, AES-256): any reader "
     "opens it without a password, so it is judged on its content."),
    ("encrypted-unknown-handler.pdf", unknown_security_handler, ERR, ["ENCRYPTED"],
     "A trailer /Encrypt dictionary naming a security handler that does not exist (/Filter /FictitiousLock): "
     "the content cannot be decrypted."),
    ("broken-xref-offsets.pdf", broken_xref_offsets, "review", READABLE,
     "Every xref offset 7 bytes too far; poppler notices and rebuilds the xref."),
    ("startxref-beyond-eof.pdf", startxref_beyond_eof, "review", READABLE,
     "startxref 99999999, far beyond the end of the file; poppler rebuilds the xref."),
    ("missing-trailer.pdf", missing_trailer, ERR, ["DAMAGED"],
     "The 'trailer << … >>' dictionary removed (xref table, startxref and %%EOF kept); poppler cannot find a "
     "trailer even when rebuilding."),
    ("missing-root.pdf", missing_root, ERR, ["DAMAGED"],
     "The trailer has no /Root (blanked out in place, %%EOF kept); poppler does not find the catalog."),
    ("cyclic-prev.pdf", cyclic_prev, "review", READABLE,
     "Two revisions whose trailers name each other as /Prev (a loop in the xref chain)."),
    ("self-prev.pdf", self_prev, "review", READABLE, "A trailer whose /Prev points at its own xref section."),
    ("garbage-after-eof.pdf", garbage_after_eof, "review", READABLE,
     "The valid letter followed by 2 KiB of random bytes after %%EOF."),
    ("no-eof-marker.pdf", no_eof_marker, "review", READABLE,
     "The valid letter with its final '%%EOF' line removed (everything else intact)."),
    ("header-version-9-9.pdf", lambda: with_header(b"%PDF-9.9"), "review", READABLE,
     "The valid letter with header %PDF-9.9 (an unknown version; poppler only warns)."),
    ("nul-bytes-between-objects.pdf", nul_between_objects, "review", READABLE,
     "1 KiB of NUL bytes before every object (NUL is PDF white space), xref offsets correct."),
    ("huge-length.pdf", huge_length, "review", READABLE,
     "The first page's content stream claims /Length 999999999; readers fall back to 'endstream'."),
    ("unbalanced-dict.pdf", unbalanced_dict, "review", READABLE,
     "The first page's dictionary lacks its closing '>>'."),
    ("object-header-typo.pdf", object_header_typo, "review", READABLE,
     "The first page object's header reads '5 0 ojb' instead of '5 0 obj'."),
    ("negative-count.pdf", negative_count, ERR, ["DAMAGED"],
     "The page tree's /Count is -1: poppler reports 'Invalid page count' and no pages (the file has %%EOF)."),
    ("reference-loop.pdf", reference_loop, "review", READABLE,
     "The first content stream's /Length is 13 0 R, object 13 is '14 0 R' and object 14 is '13 0 R'."),
    ("invalid-flate.pdf", invalid_flate, "review", READABLE,
     "Both content streams say /FlateDecode but hold random bytes after a zlib header: the pages have no text."),
    ("zero-pages.pdf", zero_pages, ERR, ["DAMAGED"],
     "A well-formed file whose page tree is empty (/Kids [] /Count 0): nothing to read, and it has %%EOF."),
    ("page-tree-cycle.pdf", page_tree_cycle, "review", READABLE,
     "The page tree's intermediate node lists its own parent among its /Kids; poppler detects the loop, skips "
     "it and reads the one real page."),
    ("xref-stream-bad-w.pdf", lambda: xref_stream(letter(), bad_w=True), ERR, ["DAMAGED"],
     "A cross-reference stream with /W [1 2] (two field widths instead of three); the only trailer is that "
     "stream's dictionary, so poppler's reconstruction finds none and gives up."),
    ("nested-arrays-100k.pdf", nested_arrays, ERR, ["STRUCTURE_LIMIT"],
     "The page dictionary carries /PieceInfo with 100,000 nested arrays '[[[…]]]' (limit: 256 levels)."),
    ("deflate-bomb-1gb.pdf", lambda: flate_bomb(1 << 30, 2), ERR, ["STRUCTURE_LIMIT"],
     "The first page's content stream is 1 GiB of NUL bytes Flate-encoded twice (/Filter [/FlateDecode "
     "/FlateDecode]): a few KiB on disk (limits: 64 MiB per stream, 256 MiB in all)."),
    ("deflate-bomb-128mb.pdf", lambda: flate_bomb(128 << 20, 1), ERR, ["STRUCTURE_LIMIT"],
     "The first page's content stream is 128 MiB of NUL bytes Flate-encoded once (~130 KB on disk), twice the "
     "64 MiB per-stream limit."),
    ("objstm-600k-objects.pdf", objstm_entries, ERR, ["STRUCTURE_LIMIT"],
     "An object stream (/N 600000) declaring 600,000 objects in a few KiB (limit: 500,000 objects)."),
    ("xref-stream-3m-entries.pdf", lambda: xref_stream(letter(), size=3_000_000, w=(1, 2, 0)), ERR,
     ["STRUCTURE_LIMIT"],
     "A cross-reference stream of /Size 3,000,000 (all but a dozen entries free), 6 MB inflated to describe a "
     "dozen objects (limit: 2,000,000 entries)."),
    ("too-many-revisions.pdf", too_many_revisions, ERR, ["STRUCTURE_LIMIT"],
     "The letter followed by 1,001 incremental updates (each rewriting /Info): 1,002 revisions (limit: 1,000)."),
]


def build() -> Manifest:
    fresh_folder(OUT)
    m = Manifest(OUT)
    surprises = []
    for name, builder, expect, codes, why in CASES:
        path = write(OUT, name, builder())
        rc, text = pdftotext(path)
        qrc = qpdf_check(path)
        chars = len(text.strip())
        note = None
        if expect == ERR and rc == 0 and chars > 0 and codes not in (["STRUCTURE_LIMIT"], ["NOT_PDF"]):
            surprises.append(f"{name}: expected {codes} but pdftotext reads {chars} characters")
        if expect != ERR and (rc != 0 or chars == 0) and name != "invalid-flate.pdf":
            surprises.append(f"{name}: expected readable but pdftotext rc={rc}, {chars} characters")
        if expect == ERR and rc == 0 and chars > 0:
            note = ("poppler reads this file; docverify refuses it before poppler runs "
                    + ("(structure limits)" if codes == ["STRUCTURE_LIMIT"] else "(no %PDF- header in the first 1024 bytes)"))
        m.add(name, expect, codes, why, pdftotext_rc=rc, pdftotext_chars=chars, qpdf_rc=qrc, note=note)
    for s in surprises:
        print("malformed: WARNING", s)
    m.write()
    return m


def main(argv: list[str]) -> int:
    m = build()
    print(f"malformed: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
