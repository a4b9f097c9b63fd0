"""testdata/sigforms/: genuine signed Sesame reports in shapes real issuers and readers
produce that are not changes after signing (issue 10, items 3-5), each beside the
variant that still is one:

  ur3-*       Adobe's usage-rights signature (/Perms /UR3, added by Reader extensions,
              signed here by the 1024-bit test key), copied inline by a later catalog
              rewrite; the author's signature judged alone (verdict.md).
  dss-*       a DSS written directly in the catalog (/DSS << /Certs [...] /CRLs [...] >>,
              no /Type, no /VRI) in a revision after the signature: validation data, not
              content (sesame-report.md, Signature item 1) -- unless the revision also
              changes the page.
  presave-*   the report saved incrementally once before it was signed, the signature
              covering the whole file: the earlier revision is the issuer's own
              (bank-statement.md, REVISED_CONTENT) -- unless content is changed after
              signing.

Each manifest entry lists the codes that must appear ("codes") and, here, the codes that
must not ("absent"). Evaluation time 2026-11-25T12:00:00Z, as every set.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pki
import reports
import signing
from common import CST, NOW_ISO, TESTDATA, Manifest, fresh_folder, pdf_date, stream_object, write

OUT = TESTDATA / "sigforms"
ISSUED = dt.datetime(2026, 11, 21, 15, 2, 44, tzinfo=CST)
GENUINE_SCORE, FORGED_SCORE = 781, 823


def victim(n: int) -> reports.Report:
    return reports.make_report(40 + n, score=GENUINE_SCORE, issued=ISSUED,
                               report_no=f"ZM20261121{0x51F00000 + n:08X}", assets=False)


# ---------------------------------------------------------------------------------------
# Hand-written incremental updates (classic xref section, /Prev to the previous one)


def latest_object(pdf: bytes, number: int) -> bytes:
    """The body of the last definition of object `number` (between 'obj' and 'endobj')."""
    bodies = re.findall(rb"(?<![0-9])%d 0 obj\s*(.*?)\s*endobj" % number, pdf, re.S)
    assert bodies, f"object {number} not found"
    return bodies[-1]


def trailer_value(pdf: bytes, key: bytes) -> bytes | None:
    found = re.findall(rb"/" + key + rb"\s+(\d+(?:\s+\d+\s+R)?|\[[^\]]*\])", pdf)
    return found[-1] if found else None


def append_update(pdf: bytes, objects: dict[int, bytes]) -> bytes:
    """`pdf` plus one incremental update defining `objects` (number -> body)."""
    if not pdf.endswith(b"\n"):
        pdf += b"\n"
    prev = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    size = max(int(trailer_value(pdf, b"Size")), max(objects) + 1)
    out = bytearray(pdf)
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for number in sorted(objects):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    out += b"trailer\n<< /Size %d /Root %s /Info %s /Prev %d" % (
        size, trailer_value(pdf, b"Root"), trailer_value(pdf, b"Info"), prev)
    ident = trailer_value(pdf, b"ID")
    if ident:
        out += b" /ID " + ident
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def next_number(pdf: bytes) -> int:
    return int(trailer_value(pdf, b"Size"))


def with_catalog_entry(catalog: bytes, entry: bytes) -> bytes:
    """The catalog dictionary `catalog` with `entry` added after its opening '<<'."""
    assert catalog.startswith(b"<<")
    return b"<< " + entry + b" " + catalog[2:].lstrip()


# ---------------------------------------------------------------------------------------
# Adobe's usage-rights signature


UR3_PLACEHOLDER = b"/ByteRange [0 0000000000 0000000000 0000000000]"
UR3_CONTENTS_HEX = 8192


def ur3_dictionary(at: dt.datetime) -> bytes:
    """A signature dictionary as Adobe's Reader extensions write it, with placeholders."""
    return (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
            b"/Name (ARE Acrobat Product v8.0 P23 0002337 TEST) /M (" + pdf_date(at).encode() + b") "
            b"/Reference [<< /Type /SigRef /TransformMethod /UR3 /TransformParams << /Type /TransformParams "
            b"/V /2.2 /Document [/FullSave] /Form [/FillIn /Import /Export /SubmitStandalone /SpawnTemplate] "
            b"/Signature [/Modify] /EF [/Create /Delete /Modify /Import] >> >>] "
            b"/Prop_Build << /App << /Name /Adobe#20Acrobat#20Reader#20Extensions >> >> "
            + UR3_PLACEHOLDER + b" /Contents <" + b"0" * UR3_CONTENTS_HEX + b"> >>")


def add_usage_rights(pdf: bytes, at: dt.datetime) -> tuple[bytes, bytes]:
    """`pdf` plus a revision holding a UR3 signature (object N, signed by the 1024-bit test
    key over the whole file up to its own end) and a catalog with /Perms /UR3 N 0 R.
    Returns the file and the filled-in UR3 dictionary's bytes."""
    number = next_number(pdf)
    catalog = with_catalog_entry(latest_object(pdf, 1), b"/Perms << /UR3 %d 0 R >>" % number)
    out = append_update(pdf, {1: catalog, number: ur3_dictionary(at)})
    start = out.rindex(b"%d 0 obj" % number)
    a = out.index(b"/Contents <", start) + len(b"/Contents ")
    b = out.index(b">", a) + 1
    ranges = b"/ByteRange [0 %d %d %d]" % (a, b, len(out) - b)
    ranges += b" " * (len(UR3_PLACEHOLDER) - len(ranges))
    placeholder_at = out.index(UR3_PLACEHOLDER, start)
    out = out[:placeholder_at] + ranges + out[placeholder_at + len(UR3_PLACEHOLDER):]
    der = signing.cms_over([out[:a], out[b:]], "signer-rsa1024", at=at)
    out = signing.put_contents(out, a, b, der)
    end = out.index(b"endobj", start)
    body = out[out.index(b"<<", start):end].rstrip()
    return out, body


def copy_perms_inline(pdf: bytes, ur3_body: bytes) -> bytes:
    """A later catalog rewrite that writes the usage-rights dictionary inline under /Perms
    (as some writers do when they copy the catalog): a second, nested copy of the UR3
    signature dictionary whose /ByteRange gap is not its own /Contents."""
    catalog = re.sub(rb"/Perms\s*<<\s*/UR3\s+\d+\s+0\s+R\s*>>", b"/Perms << /UR3 " + ur3_body.replace(b"\\", b"\\\\") + b" >>",
                     latest_object(pdf, 1))
    assert b"/TransformMethod /UR3" in catalog
    return append_update(pdf, {1: catalog})


# ---------------------------------------------------------------------------------------
# A DSS directly in the catalog


def pem_to_der(path: Path) -> bytes:
    import base64

    text = path.read_text()
    body = "".join(line for line in text.splitlines() if line and not line.startswith("-----"))
    return base64.b64decode(body)


def add_catalog_dss(pdf: bytes, *, new_page_content: bytes | None = None) -> bytes:
    """`pdf` plus a revision with the intermediate certificate and its CRL as streams and
    the catalog holding `/DSS << /Certs [..] /CRLs [..] >>` directly; with
    `new_page_content`, the same revision also replaces the page's content stream (6)."""
    cert, crl = next_number(pdf), next_number(pdf) + 1
    objects = {
        cert: stream_object(pem_to_der(pki.cert_path("intermediate"))),
        crl: stream_object(pem_to_der(pki.CRL_PATH)),
        1: with_catalog_entry(latest_object(pdf, 1), b"/DSS << /Certs [%d 0 R] /CRLs [%d 0 R] >>" % (cert, crl)),
    }
    if new_page_content is not None:
        objects[6] = stream_object(new_page_content)
    return append_update(pdf, objects)


def replace_content(pdf: bytes, content: bytes) -> bytes:
    """`pdf` plus a revision redefining the page's content stream (object 6)."""
    return append_update(pdf, {6: stream_object(content)})


# ---------------------------------------------------------------------------------------


def build() -> Manifest:
    fresh_folder(OUT)
    m = Manifest(OUT)

    def add(name: str, data: bytes, expect: str, codes: list[str], absent: list[str], why: str):
        write(OUT, name, data)
        m.add(name, expect, codes, why, absent=absent)

    sign = lambda pdf: signing.sign(pdf, "signer-rsa2048", at=ISSUED)  # noqa: E731
    base_why = ("Report (score %d) in the hand-written uncompressed layout, signed by testdata/pki/signer-rsa2048 "
                "as an incremental update. " % GENUINE_SCORE)

    # (a) usage rights
    r = victim(0)
    extended, ur3_body = add_usage_rights(reports.layout_raw(r), ISSUED - dt.timedelta(minutes=5))
    copied = copy_perms_inline(extended, ur3_body)
    add("ur3-before-signing.pdf", sign(copied), "pass", ["SIG_VALID", "SIG_USAGE_RIGHTS", "TEST_ISSUER"],
        ["SIG_WEAK_ALGORITHM", "SIG_BYTERANGE_INVALID", "SIG_MULTIPLE", "SIG_NOT_WHOLE_FILE", "REVISED_CONTENT"],
        base_why + "Before signing, Reader extensions added a usage-rights signature (/Perms /UR3, signed by the "
        "1024-bit testdata/pki/signer-rsa1024) and a later catalog rewrite copied it inline under /Perms. The UR3 "
        "signature says nothing about the author: recorded (SIG_USAGE_RIGHTS, info), its 1024-bit key not held "
        "against the report, its inline copy not a 'wrapped' signature, and not a second signature.")
    signed = sign(extended)
    add("ur3-copied-after-signing.pdf", copy_perms_inline(signed, ur3_body), "fail",
        ["SIG_NOT_WHOLE_FILE", "SIG_USAGE_RIGHTS"], ["SIG_BYTERANGE_INVALID", "SIG_WEAK_ALGORITHM", "SIG_MULTIPLE"],
        base_why + "A UR3 usage-rights signature before signing; after signing, a catalog rewrite copies it "
        "inline. The report was changed after signing (SIG_NOT_WHOLE_FILE, the strict profile), but the copy is "
        "no wrapped signature and the 1024-bit UR3 key is not held against it.")

    # (b) DSS directly in the catalog
    r = victim(1)
    signed = sign(reports.layout_raw(r))
    add("dss-in-catalog-after-signing.pdf", add_catalog_dss(signed), "pass",
        ["SIG_VALID", "SIG_LTV_UPDATES", "INCREMENTAL_UPDATES"],
        ["SIG_NOT_WHOLE_FILE", "REVISED_CONTENT", "REVISED_METADATA"],
        base_why + "After signing, a revision adds the intermediate certificate and its CRL as streams and writes "
        "/DSS << /Certs [...] /CRLs [...] >> directly into the catalog (no /Type /DSS, no /VRI): long-term "
        "validation data, checked object by object (INCREMENTAL_UPDATES, change validation-data; SIG_LTV_UPDATES, "
        "info), so the signature counts as covering the whole file (sesame-report.md, Signature item 1; was fail "
        "with SIG_NOT_WHOLE_FILE before that exception was implemented on the ltv branch).")
    forged = reports.raw_content(r.derive(score=FORGED_SCORE))
    add("dss-in-catalog-with-page-change.pdf", add_catalog_dss(signed, new_page_content=forged), "fail",
        ["SIG_NOT_WHOLE_FILE", "REVISED_CONTENT"], [],
        base_why + "The same catalog DSS revision also replaces the page's content stream with a forged score "
        "(%d): REVISED_CONTENT." % FORGED_SCORE)

    # (c) saved before signing
    r = victim(2)
    resaved = replace_content(reports.layout_raw(r), reports.raw_content(r) + b"% saved again\n")
    add("presave-then-signed.pdf", sign(resaved), "pass", ["SIG_VALID", "TEST_ISSUER", "INCREMENTAL_UPDATES"],
        ["REVISED_CONTENT", "REVISED_METADATA", "SIG_NOT_WHOLE_FILE"],
        "Report (score %d) whose generator saved it incrementally once (redefining the page's content stream) "
        "before it was signed by testdata/pki/signer-rsa2048 over the whole file: the revision before the "
        "signature is the issuer's own (bank-statement.md, REVISED_CONTENT), so no REVISED_CONTENT." % GENUINE_SCORE)
    forged = reports.raw_content(r.derive(score=FORGED_SCORE))
    add("presave-then-signed-then-edited.pdf", replace_content(sign(resaved), forged), "fail",
        ["SIG_NOT_WHOLE_FILE", "REVISED_CONTENT"], [],
        "The previous report, then a revision after the signature replacing the page's content stream with a "
        "forged score (%d): still REVISED_CONTENT and SIG_NOT_WHOLE_FILE." % FORGED_SCORE)

    m.write()
    return m


def main(argv: list[str]) -> int:
    m = build()
    print(f"sigforms: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
