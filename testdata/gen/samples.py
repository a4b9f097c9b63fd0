"""testdata/samples/: the small demo set `make demo` runs through the CLI and the daemon:
one document per verdict a clerk will meet. Built with the same code as the sesame and
attack sets, for other fictitious applicants. (Bank statements: testdata/statements/.)
"""

from __future__ import annotations

import datetime as dt
import io

import attacks
import malformed
import reports
import signing
from common import CST, MARKER, NOW_ISO, TESTDATA, Manifest, fresh_folder, pdf_date, write

OUT = TESTDATA / "samples"
ISSUED = dt.datetime(2026, 11, 19, 15, 8, 44, tzinfo=CST)


def invitation_letter() -> bytes:
    """An ordinary, unrelated PDF: an invitation letter from a (fictitious) host in Luxembourg."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    stamp = pdf_date(dt.datetime(2026, 11, 16, 18, 2, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    c._doc.setDateFormatter(lambda *_: stamp)
    c.setTitle("Invitation letter")
    lines = [
        "Marie EXAMPLE", "12, rue Fictive", "L-0000 Luxembourg", "", "Luxembourg, 16 November 2026", "",
        "Embassy of the Grand Duchy of Luxembourg, Visa Section", "", "Subject: invitation",
        "", "Dear Sir or Madam,", "",
        f"I invite my friend Ms CHEN {MARKER} Jing to stay with me from 12 to 27 December 2026.",
        "She will live at my address during her visit, and I will cover her accommodation.",
        "", "Yours faithfully,", "", "Marie EXAMPLE (a fictitious person; sample document for docverify)",
    ]
    y = 780
    c.setFont("Helvetica", 11)
    for line in lines:
        c.drawString(72, y, line)
        y -= 17
    c.showPage()
    c.save()
    return buf.getvalue()


def build() -> Manifest:
    fresh_folder(OUT)
    m = Manifest(OUT)

    r = reports.make_report(6, score=786, issued=ISSUED, report_no="ZM20261119D3M0A001")
    write(OUT, "sesame-genuine.pdf", signing.sign(reports.layout_en(r), "signer-rsa2048", at=ISSUED))
    m.add("sesame-genuine.pdf", "pass", ["SIG_VALID", "TEST_ISSUER"],
          "English Sesame report, score 786, issued 2026-11-19 15:08 CST, signed with pyHanko by the TEST issuer "
          "(testdata/pki/signer-rsa2048, adbe.pkcs7.detached), whole file covered.")

    r = reports.make_report(7, score=705, issued=ISSUED, report_no="ZM20261119D3M0A002")
    write(OUT, "sesame-below-threshold.pdf",
          signing.sign(reports.layout_zh(r), "signer-p256", at=ISSUED, subfilter="cades"))
    m.add("sesame-below-threshold.pdf", "review", ["SCORE_BELOW_MINIMUM", "SIG_VALID", "TEST_ISSUER"],
          "Chinese Sesame report, genuine signature (ECDSA P-256, ETSI.CAdES.detached), score 705: below the "
          "luxembourg minimum 750, so a person asks for bank statements; passes under --policy singapore (700).")

    base, _ = attacks.genuine_raw(20)
    write(OUT, "sesame-forged-score.pdf", attacks.edit_score_in_place(base))
    m.add("sesame-forged-score.pdf", "fail", ["SIG_DIGEST_MISMATCH"],
          "A genuine signed report whose score was edited in place from 623 to 823 after signing (the TAMPER "
          "attack): the signature no longer matches the bytes.")

    r = reports.make_report(0, score=788, issued=ISSUED, report_no="ZM20261119D3M0A003")
    write(OUT, "sesame-unsigned.pdf", reports.layout_bilingual(r))
    m.add("sesame-unsigned.pdf", "fail", ["SIG_MISSING"],
          "A bilingual report that looks complete (score 788) but carries no signature: not issued by the issuer.")

    write(OUT, "invitation-letter.pdf", invitation_letter())
    m.add("invitation-letter.pdf", "review", ["UNKNOWN_KIND"],
          "An ordinary one-page invitation letter (reportlab): readable, neither a Sesame report nor a bank statement.")

    write(OUT, "phone-photo-not-a-pdf.pdf", malformed.jpeg_image())
    m.add("phone-photo-not-a-pdf.pdf", "error", ["NOT_PDF"],
          "A JPEG photo saved with a .pdf name: cannot be analysed, says nothing about authenticity.")
    m.write()
    return m


def main(argv: list[str]) -> int:
    m = build()
    print(f"samples: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
