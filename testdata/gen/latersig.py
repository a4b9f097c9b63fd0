"""testdata/latersig/: a document signed twice, the second signature in a later revision of
its own (issue 10: real PAdES files signed by two people). The first signature is then
followed by a revision that only adds a signature: recorded (SIG_LATER_SIGNATURE, info) when
that signature is intact, its signer chains to the trust store and its widget covers no page
content; otherwise a person compares the revisions (SIG_UPDATED_AFTER_SIGNING, warn), as
before. Each variant is the attack the exception must not let through:

  later-trusted          a second trusted signer, small visible widget in the blank margin: info
  later-invisible        the same with an invisible widget: info
  later-untrusted        the second signer chains to a root outside the trust store: warn
  later-selfsigned       the second signer is a self-signed look-alike: warn
  later-page-change      the second signature's revision also replaces the page's content: warn
  later-full-page-widget the second signature's widget covers the whole page: warn
  later-over-text        a small widget placed over the page's text: warn
  sesame-later-trusted   a Sesame report signed a second time by a trusted signer: stays fail
                         (exactly one signature, covering the whole file)

The documents are neither reports nor statements, so their verdict is review (UNKNOWN_KIND);
the manifest's codes carry the point. Evaluation time 2026-11-25T12:00:00Z, as every set.
"""

from __future__ import annotations

import datetime as dt

from pyhanko.pdf_utils import generic
from pyhanko.sign.fields import SigFieldSpec

import reports
import signing
from common import CST, NOW_ISO, TESTDATA, Manifest, fresh_folder, simple_document, text_stream, write

OUT = TESTDATA / "latersig"
FIRST = dt.datetime(2026, 11, 20, 10, 0, 0, tzinfo=CST)
SECOND = dt.datetime(2026, 11, 20, 16, 30, 0, tzinfo=CST)

LINES = [
    "Invitation to the applicant (TEST document).",
    "The undersigned invite the applicant to stay with them from",
    "2027-01-10 to 2027-02-09 and cover the costs of the stay.",
    "Host address: 1 Test Street, Test City.",
]
# A4, text from y=760 down to about y=660; the margin below y=400 is blank.
MARGIN_BOX = (360, 60, 560, 110)
TEXT_BOX = (60, 690, 400, 760)
FULL_PAGE = (0, 0, 595, 842)


def document() -> bytes:
    data, _, _ = simple_document([text_stream(LINES, title="Invitation")]).build()
    return data


def first_signed() -> bytes:
    return signing.sign(document(), "signer-rsa2048", at=FIRST, field="Signature1", reason="Host")


def second(pdf: bytes, slug: str, *, box=MARGIN_BOX, prepare=None, extra_chain=None) -> bytes:
    spec = SigFieldSpec("Signature2", on_page=0, box=box)
    return signing.sign(pdf, slug, at=SECOND, field="Signature2", new_field_spec=spec, reason="Co-host",
                        prepare=prepare, extra_chain=extra_chain)


def replace_page_content(writer) -> None:
    """Points the first page at a new content stream (the forged text), in the writer's revision."""
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    forged = text_stream([line.replace("2027-02-09", "2027-08-09") for line in LINES], title="Invitation")
    stream = writer.add_object(generic.StreamObject(stream_data=forged))
    page["/Contents"] = stream
    writer.update_container(page)


def build() -> Manifest:
    fresh_folder(OUT)
    m = Manifest(OUT)

    def add(name: str, data: bytes, expect: str, codes: list[str], absent: list[str], why: str):
        write(OUT, name, data)
        m.add(name, expect, codes, why, absent=absent)

    base = ("A letter (neither report nor statement: UNKNOWN_KIND, review) signed by testdata/pki/signer-rsa2048 "
            "with an invisible widget, then signed again in a later revision of its own. ")
    signed = first_signed()
    add("later-trusted.pdf", second(signed, "signer-p256"), "review",
        ["SIG_LATER_SIGNATURE", "SIG_VALID", "UNKNOWN_KIND"], ["SIG_UPDATED_AFTER_SIGNING", "REVISED_CONTENT"],
        base + "The second signer (signer-p256) chains to the TEST root and its widget is a small box in the blank "
        "margin: the later revision only adds a trusted signature, recorded for the first (SIG_LATER_SIGNATURE, info).")
    add("later-invisible.pdf", second(signed, "signer-p256", box=None), "review",
        ["SIG_LATER_SIGNATURE", "SIG_VALID", "UNKNOWN_KIND"], ["SIG_UPDATED_AFTER_SIGNING", "REVISED_CONTENT"],
        base + "The second signature (signer-p256, trusted) has an invisible widget: SIG_LATER_SIGNATURE, info.")
    add("later-untrusted.pdf", second(signed, "untrusted-signer"), "review",
        ["SIG_UPDATED_AFTER_SIGNING", "SIG_VALID_UNTRUSTED_ISSUER"], ["SIG_LATER_SIGNATURE"],
        base + "The second signer chains to testdata/pki/untrusted-root, outside the trust store: anyone can make "
        "such a signature, so the later revision stays a change after the first signature (warn).")
    add("later-selfsigned.pdf", second(signed, "spoof-signer-selfsigned"), "review",
        ["SIG_UPDATED_AFTER_SIGNING", "SIG_VALID_UNTRUSTED_ISSUER"], ["SIG_LATER_SIGNATURE"],
        base + "The second signer is a self-signed look-alike of the TEST signer: warn, as before.")
    add("later-page-change.pdf", second(signed, "signer-p256", prepare=replace_page_content), "review",
        ["SIG_UPDATED_AFTER_SIGNING"], ["SIG_LATER_SIGNATURE"],
        base + "The second signature (trusted) is written in a revision that also points the page at a new content "
        "stream with another end date: more than a signature, so the first signature stays SIG_UPDATED_AFTER_SIGNING "
        "(warn; the second signature signs the changed page, so no REVISED_CONTENT, as before).")
    add("later-full-page-widget.pdf", second(signed, "signer-p256", box=FULL_PAGE), "review",
        ["SIG_UPDATED_AFTER_SIGNING"], ["SIG_LATER_SIGNATURE"],
        base + "The second signature (trusted) has a widget as large as the page: its appearance covers what the "
        "first signer signed (a shadow attack), so warn.")
    add("later-over-text.pdf", second(signed, "signer-p256", box=TEXT_BOX), "review",
        ["SIG_UPDATED_AFTER_SIGNING"], ["SIG_LATER_SIGNATURE"],
        base + "The second signature (trusted) has a small widget placed over the letter's text: its appearance "
        "hides signed text, so warn.")

    r = reports.make_report(61, score=781, issued=FIRST, report_no="ZM20261120000000A1", assets=False)
    report = signing.sign(reports.layout_raw(r), "signer-rsa2048", at=FIRST)
    add("sesame-later-trusted.pdf", second(report, "signer-p256"), "fail",
        ["SIG_MULTIPLE", "SIG_NOT_WHOLE_FILE"], ["SIG_LATER_SIGNATURE"],
        "A Sesame report (score 781) signed by testdata/pki/signer-rsa2048, then signed again by the trusted "
        "signer-p256 in a later revision with a small margin widget: a report must carry exactly one signature "
        "covering the whole file, so the exception does not apply (SIG_MULTIPLE, SIG_NOT_WHOLE_FILE: fail).")

    m.write()
    return m


def main(argv: list[str]) -> int:
    m = build()
    print(f"latersig: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
