"""Page furniture: genuine statements carrying what real banks and print drivers draw over
their own text, and the value-over-value forgeries that must still be caught.

`TEXT_OVERLAP` accused genuine statements: a rotated branch stamp over the table, a postal
barcode over routing codes, leader dots a print driver drew twice, stacked white button
labels. Each case here is drawn by the bank's own producer in the same pass as the page
(reportlab or cairo), on the statement layouts of `statements.py` (imported, not copied: the
table is exactly the one the statement fixtures use). Each genuine file must not `fail`; the
forged variants retype a value over a white box, leaving the old value in the text layer,
and must still fail with `TEXT_OVERLAP`.

Files (testdata/furniture/, manifest.json as in testdata/README.md; `info` lists the info
codes a file must also carry):

  genuine-en-stamp        reportlab, a red branch stamp rotated 25 degrees over page 1's rows
  genuine-cairo-stamp     cairo, a blue stamp turned 90 degrees (vertical) over the balance column
  genuine-en-barcode      reportlab, a postal barcode as text (`|` bars) over the account number
  genuine-cairo-barcode   cairo, an Intelligent Mail barcode as its font's letters (A D F T) over the IBAN
  genuine-en-leaders      reportlab, a summary with leader dots the driver drew twice, 0.4 pt apart
  genuine-cairo-leaders   cairo, the same with the second pass's dots glued to the amount
  genuine-en-buttons      reportlab, white labels of a web page's buttons stacked on one blue button
  genuine-en-blank-page   reportlab, a bank logo (an image) on page 1 and a blank last page: not IMAGE_ONLY
  scan-en-page            reportlab, a scanned page (a picture, no text) appended as page 4: IMAGE_ONLY
  genuine-en-retry        reportlab, a card debit, its reversal and the retry: not DUPLICATE_ROWS
  genuine-en-busy         reportlab, a salary account whose monthly credits exceed half its balance: not FUNDS_PARKED
  parked-en-busy          the same account with a one-off transfer before the end: FUNDS_PARKED
  forged-en-amount        reportlab statement + stamp; an amount retyped over a white box (reportlab overlay, pypdf)
  forged-en-balance       reportlab statement; a balance retyped the same way
  forged-en-tilted        reportlab statement + stamp; a balance retyped with a 5-degree tilt (passing as the stamp)
  forged-cairo-amount     cairo statement; an amount retyped over a white box drawn with fpdf2, merged by pypdf
  forged-cairo-balance    cairo statement + leader dots; a balance retyped the same way

Run: .venv/bin/python testdata/generate.py --only furniture
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
import sys
import types
from pathlib import Path

import statements as S
from common import TESTDATA, Manifest, fresh_folder

# Page geometry of the two layouts used (see statements.render_en and render_cairo).
A4_W, A4_H = 595.2756, 841.8898  # reportlab's A4
CAIRO_W, CAIRO_H = 595.28, 841.89


def en_row_baseline(k: int) -> float:
    """Baseline (PDF y, from the bottom) of the k-th transaction row (0-based) on page 1 of
    render_en: header lines from H-75 down by 14, the column header 24 below, the opening
    balance 16 below that, then rows every 14 points."""
    return A4_H - 75 - 14 * 3 - 24 - 16 - 14 - 14 * k


def cairo_row_baseline(k: int) -> float:
    """Baseline (cairo y, from the top) of the k-th transaction row on page 1 of render_cairo."""
    return 76 + 14 * 3 + 26 + 18 + 14 + 14 * k


# ---------------------------------------------------------------------------------------
# Hooks: the furniture is drawn by the same producer, in the same pass, as the page.


@contextlib.contextmanager
def reportlab_pages(draw, extra_blank_page: bool = False):
    """While active, every reportlab statement calls `draw(canvas, page_number)` just before
    each page ends; with `extra_blank_page`, a page with nothing on it is added last."""
    original = S._canvas

    def hooked(path, st):
        c, size = original(path, st)
        count = [0]
        show, save = c.showPage, c.save

        def show_page():
            count[0] += 1
            c.saveState()
            draw(c, count[0])
            c.restoreState()
            show()

        def save_file():
            if extra_blank_page:
                show()
            save()

        c.showPage = show_page
        c.save = save_file
        return c, size

    S._canvas = hooked
    try:
        yield
    finally:
        S._canvas = original


@contextlib.contextmanager
def cairo_pages(draw):
    """While active, `statements.render_cairo` draws with a cairo Context that calls
    `draw(context, page_number)` just before each page ends."""
    import cairo

    class Context(cairo.Context):
        pages = 0

        def show_page(self):
            self.pages += 1
            self.save()
            draw(self, self.pages)
            self.restore()
            super().show_page()

    proxy = types.ModuleType("cairo")
    proxy.__dict__.update(cairo.__dict__)
    proxy.Context = Context
    sys.modules["cairo"] = proxy
    try:
        yield
    finally:
        sys.modules["cairo"] = cairo


# ---------------------------------------------------------------------------------------
# Furniture


def rl_stamp(c, page):
    """A red rubber stamp, rotated 25 degrees, across rows 4-12 of page 1."""
    if page != 1:
        return
    c.translate(300, en_row_baseline(9))
    c.rotate(25)
    c.setStrokeColorRGB(0.8, 0.1, 0.1)
    c.setFillColorRGB(0.8, 0.1, 0.1)
    c.setLineWidth(1.5)
    c.roundRect(-95, -30, 190, 66, 8, stroke=1, fill=0)
    c.setFont("Helvetica-Bold", 11)
    c.drawCentredString(0, 20, "GREENFIELD BANK plc")
    c.setFont("Helvetica-Bold", 9)
    c.drawCentredString(0, 7, "KINGS CROSS BRANCH 20-45-77")
    c.setFont("Helvetica-Bold", 14)
    c.drawCentredString(0, -9, "20/11/2026")
    c.setFont("Helvetica", 8)
    c.drawCentredString(0, -23, "CERTIFIED TRUE COPY 1,000.00")


def cairo_stamp(ctx, page):
    """A blue stamp turned 90 degrees, reading upwards across the balance column of page 1."""
    if page != 1:
        return
    ctx.set_source_rgb(0.1, 0.2, 0.7)
    ctx.translate(540, cairo_row_baseline(14))
    ctx.rotate(-math.pi / 2)
    ctx.set_line_width(1.2)
    ctx.rectangle(-80, -24, 160, 34)
    ctx.stroke()
    ctx.select_font_face("DejaVu Sans", 0, 1)
    ctx.set_font_size(9)
    for dy, line in ((-12, "AGENCE CENTRALE 18/11/2026"), (2, "SOLDE CERTIFIE 12 500,00")):
        ctx.move_to(-ctx.text_extents(line).x_advance / 2, dy)
        ctx.show_text(line)


def rl_barcode(c, page):
    """A postal barcode drawn as text (tall `|` bars, squeezed) over the account number line."""
    if page != 1:
        return
    bars = "".join("|" if (i * 7) % 5 < 3 else "l" for i in range(44)).replace("l", "|")
    text = c.beginText(318, A4_H - 79)
    text.setFont("Helvetica", 12)
    text.setHorizScale(60)
    text.textOut(bars)
    c.drawText(text)


IMB = "ATDFFADTTFDAFTDATFADTDFAFTDFTAADTFDTFAADTFADFTTDAFDTFAFDTAADFTDFT"  # 65 bars


def cairo_barcode(ctx, page):
    """An Intelligent Mail barcode as the text its font encodes (letters A, D, F, T, one per
    bar), drawn over the IBAN line; the glyphs here are plain letters, what a text layer of
    an IMb font extracts to."""
    if page != 1:
        return
    ctx.select_font_face("DejaVu Sans", 0, 0)
    ctx.set_font_size(8)
    ctx.move_to(60, 90 - 1)
    ctx.show_text(IMB)


def rl_leaders(c, page):
    """A summary box at the foot of each page: label, leader dots, value. A print driver drew
    the dots twice, the second time 0.4 pt to the right and with one dot fewer."""
    lines = [("Arranged overdraft limit", "500.00"), ("Interest rate (AER)", "0.10%"), ("Account fee", "0.00")]
    c.setFont("Helvetica", 8)
    y = 95
    for label, value in lines:
        dots_x = 40 + c.stringWidth(label + " ", "Helvetica", 8)
        c.drawString(40, y, label)
        c.drawString(dots_x, y, "." * 60)
        c.drawRightString(400, y, value)
        c.drawString(dots_x + 0.4, y, "." * 59)  # the driver's second pass
        y -= 11


def cairo_leaders(ctx, page):
    """The same summary drawn by cairo; the second pass draws dots and value as one string,
    so its text is "....500,00" over "500,00"."""
    ctx.select_font_face("DejaVu Sans", 0, 0)
    ctx.set_font_size(8)
    y = CAIRO_H - 95
    for label, value in (("Découvert autorisé", "500,00"), ("Taux débiteur", "7,50 %"), ("Frais de tenue", "0,00")):
        ctx.move_to(40, y)
        ctx.show_text(label + " ")
        dots_x = 40 + ctx.text_extents(label + " ").x_advance
        dots = "." * 40
        ctx.move_to(dots_x, y)
        ctx.show_text(dots)
        value_x = 400 - ctx.text_extents(value).x_advance
        ctx.move_to(value_x, y)
        ctx.show_text(value)
        run = "." * 6 + value
        ctx.move_to(400 - ctx.text_extents(run).x_advance + 0.3, y)  # the second pass, glued
        ctx.show_text(run)
        y += 11


def rl_buttons(c, page):
    """A web page printed with its buttons: one blue button, the white labels of its three
    states (normal, hover, pressed) stacked on it."""
    if page != 1:
        return
    c.setFillColorRGB(0.1, 0.3, 0.7)
    c.roundRect(420, A4_H - 58, 135, 18, 4, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont("Helvetica-Bold", 9)
    for label in ("Download PDF", "Print 20/11/2026", "Statement 31/10/2026"):
        c.drawCentredString(487.5, A4_H - 52, label)


def logo_png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (64, 64), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.ellipse((4, 4, 60, 60), fill=(20, 110, 60))
    d.rectangle((24, 14, 40, 50), fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()


def rl_logo(c, page):
    from reportlab.lib.utils import ImageReader

    if page == 1:
        c.drawImage(ImageReader(io.BytesIO(logo_png())), 520, A4_H - 62, 36, 36)


# ---------------------------------------------------------------------------------------
# Forgers: a white box over a value, a new value typed on top, merged with pypdf. The old
# value stays in the text layer under the box.


def merge_overlay(src: Path, dst: Path, overlay_pdf: bytes) -> None:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    writer.pages[0].merge_page(PdfReader(io.BytesIO(overlay_pdf)).pages[0])
    writer.add_metadata({k: v for k, v in (reader.metadata or {}).items()})
    with open(dst, "wb") as f:
        writer.write(f)


def retype_reportlab(src: Path, dst: Path, right_x: float, baseline: float, old: str, new: str) -> None:
    """The forger's reportlab overlay: white box over `old` (right-aligned at right_x, Helvetica 9)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(A4_W, A4_H), invariant=1)
    width = max(stringWidth(old, "Helvetica", 9), stringWidth(new, "Helvetica", 9))
    c.setFillColorRGB(1, 1, 1)
    c.rect(right_x - width - 1, baseline - 2, width + 2, 10, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 9)
    c.drawRightString(right_x, baseline, new)
    c.save()
    merge_overlay(src, dst, buf.getvalue())


def retype_tilted(src: Path, dst: Path, right_x: float, baseline: float, old: str, new: str, degrees: float) -> None:
    """The forger's reportlab overlay with the new value tilted by `degrees`, as if to pass it
    off as turned furniture."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(A4_W, A4_H), invariant=1)
    width = max(stringWidth(old, "Helvetica", 9), stringWidth(new, "Helvetica", 9))
    c.setFillColorRGB(1, 1, 1)
    c.rect(right_x - width - 1, baseline - 2, width + 2, 10, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 9)
    c.translate(right_x - stringWidth(new, "Helvetica", 9), baseline)
    c.rotate(degrees)
    c.drawString(0, 0, new)
    c.save()
    merge_overlay(src, dst, buf.getvalue())


def retype_fpdf(src: Path, dst: Path, right_x: float, top_baseline: float, old_width: float, new: str) -> None:
    """The forger's fpdf2 overlay: white box over a value of the cairo layout (baseline in
    cairo's top-down y), the new value in Helvetica 9 right-aligned at right_x."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(CAIRO_W, CAIRO_H))
    pdf.set_creation_date(dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.timezone.utc))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    width = max(old_width, pdf.get_string_width(new))
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(right_x - width - 1, top_baseline - 8, width + 2, 10.5, style="F")
    pdf.set_text_color(0, 0, 0)
    pdf.text(right_x - pdf.get_string_width(new), top_baseline, new)
    merge_overlay(src, dst, bytes(pdf.output()))


def cairo_text_width(text: str, size: float = 9) -> float:
    import cairo

    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 10, 10)
    ctx = cairo.Context(surface)
    ctx.select_font_face("DejaVu Sans", 0, 0)
    ctx.set_font_size(size)
    return ctx.text_extents(text).x_advance


# ---------------------------------------------------------------------------------------
# The set


def build() -> Manifest:
    out = fresh_folder(TESTDATA / "furniture")
    m = Manifest(out)

    def en():
        return S.base_statement("en", 2, n=56)

    def ca():
        return S.base_statement("cairo", 4, n=36)

    def rl(name, st, draw, **kw):
        with reportlab_pages(draw, **kw):
            S.render(st, out / name)
        return out / name

    def cr(name, st, draw):
        with cairo_pages(draw):
            S.render(st, out / name)
        return out / name

    furniture = ["TEXT_OVERLAP_FURNITURE"]
    rl("genuine-en-stamp.pdf", en(), rl_stamp)
    m.add("genuine-en-stamp.pdf", "pass", [], """red branch stamp rotated 25 degrees over rows 4-12 of page 1, with a sort code,
          a date and an amount in it (reportlab, same pass as the page): rotated text over values is not evidence""", info=furniture)
    cr("genuine-cairo-stamp.pdf", ca(), cairo_stamp)
    m.add("genuine-cairo-stamp.pdf", "pass", [], """blue stamp turned 90 degrees, reading upwards over the balance column
          of page 1, with a date and an amount (cairo): vertical text over values is not evidence""", info=furniture)
    rl("genuine-en-barcode.pdf", en(), rl_barcode)
    m.add("genuine-en-barcode.pdf", "pass", [], """postal barcode drawn as text (`|` bars, Helvetica squeezed to 60 %) over
          the account number (reportlab): a run of bars without letters or digits is furniture""", info=furniture)
    cr("genuine-cairo-barcode.pdf", ca(), cairo_barcode)
    m.add("genuine-cairo-barcode.pdf", "pass", [], """Intelligent Mail barcode as the letters its font encodes (65 of A, D, F,
          T) at the IBAN's size over the IBAN (cairo): upright, visible, same size, over a value, and still only a barcode""",
          info=furniture)
    rl("genuine-en-leaders.pdf", en(), rl_leaders)
    m.add("genuine-en-leaders.pdf", "pass", [], """summary lines whose leader dots a print driver drew twice, 0.4 pt apart,
          one dot fewer the second time (reportlab)""", info=furniture)
    cr("genuine-cairo-leaders.pdf", ca(), cairo_leaders)
    m.add("genuine-cairo-leaders.pdf", "pass", [], """leader dots drawn twice by cairo, the second pass glued to the value
          ("......500,00" over "500,00"): a near-identical redraw""", info=furniture)
    rl("genuine-en-buttons.pdf", en(), rl_buttons)
    m.add("genuine-en-buttons.pdf", "pass", [], """a printed web page: the white labels of one button's three states stacked
          on it, two of them with dates (reportlab): white text is not visible evidence""", info=furniture)
    rl("genuine-en-blank-page.pdf", en(), rl_logo, extra_blank_page=True)
    m.add("genuine-en-blank-page.pdf", "pass", [], """a bank logo (an image) on page 1 and a blank last page (reportlab):
          a page that shows no image is not image-only""")

    # A scanned page appended to the e-statement (applicants join documents): a picture of
    # page 1 at 50 dpi (pdftoppm), drawn by reportlab, joined by pypdf.
    import subprocess
    import tempfile

    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.pdf"
        S.render(en(), plain)
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", str(plain), f"{tmp}/p1"], check=True)
        png = (Path(tmp) / "p1.png").read_bytes()
        buf = io.BytesIO()
        os.environ["SOURCE_DATE_EPOCH"] = S.epoch(dt.date(2026, 11, 20), 1)
        c = canvas.Canvas(buf, pagesize=(A4_W, A4_H), invariant=1)
        c.drawImage(ImageReader(io.BytesIO(png)), 0, 0, A4_W, A4_H)
        c.showPage()
        c.save()
        reader = PdfReader(str(plain))
        writer = PdfWriter(clone_from=reader)
        writer.append(PdfReader(io.BytesIO(buf.getvalue())))
        writer.add_metadata({k: v for k, v in (reader.metadata or {}).items()})
        with open(out / "scan-en-page.pdf", "wb") as f:
            writer.write(f)
    m.add("scan-en-page.pdf", "review", ["IMAGE_ONLY"], """a scanned page appended to a three-page statement (a picture of
          page 1 by pdftoppm, drawn by reportlab, joined by pypdf): page 4 shows an image and has no text""")

    retry = en()
    k = next(i for i, t in enumerate(retry.txns) if t.amount < 0 and i > 4)
    debit = retry.txns[k]
    retry.txns[k + 1 : k + 1] = [
        S.Txn(debit.date, "REVERSAL " + debit.desc, -debit.amount),
        S.Txn(debit.date, debit.desc, debit.amount),
    ]
    S.recompute(retry)
    rl("genuine-en-retry.pdf", retry, lambda c, p: None)
    m.add("genuine-en-retry.pdf", "pass", [], f"""row {k + 1} is a card debit, row {k + 2} its reversal, row {k + 3} the retry:
          rows {k + 1} and {k + 3} are identical down to the balance, which the reversal explains""")

    busy = S.base_statement("en", 6, n=56, opening=100_000)
    rl("genuine-en-busy.pdf", busy, lambda c, p: None)
    m.add("genuine-en-busy.pdf", "pass", [], """a salary account that spends what comes in: the last 30 days' credits are twice the
          closing balance, as every month's are (the usual inflow): not funds parked""")
    parked = S.base_statement("en", 6, n=56, opening=100_000)
    parked.txns.append(S.Txn(dt.date(2026, 10, 27), "TRANSFER FROM LI MING", 3_000_000))
    parked.txns.sort(key=lambda t: t.date)
    S.recompute(parked)
    rl("parked-en-busy.pdf", parked, lambda c, p: None)
    m.add("parked-en-busy.pdf", "review", ["FUNDS_PARKED"], """the same busy account with a one-off 30,000.00 transfer four
          days before the end: far above the usual inflow, most of the closing balance""")

    # Forged: a value retyped over a white box, in both producers.
    st = en()
    p = rl("forged-en-amount.pdf", st, rl_stamp)
    k = next(i for i, t in enumerate(st.txns) if t.amount < 0 and i >= 2)
    row = st.txns[k]
    old = S.fmt_us(-row.amount)
    retype_reportlab(p, out / "forged-en-amount.pdf", 380, en_row_baseline(k), old, S.fmt_us(-row.amount // 10))
    m.add("forged-en-amount.pdf", "fail", ["TEXT_OVERLAP"], f"""the stamped statement (genuine-en-stamp) with row {k + 1}'s debit
          {old} covered by a white box and {S.fmt_us(-row.amount // 10)} typed on top (reportlab overlay merged by pypdf);
          the old amount stays in the text layer under the new one""")

    st = en()
    p = rl("forged-en-balance.pdf", st, lambda c, page: None)
    row = st.txns[6]
    old = S.fmt_us(row.balance)
    retype_reportlab(p, out / "forged-en-balance.pdf", 545, en_row_baseline(6), old, S.fmt_us(row.balance + 2_500_000))
    m.add("forged-en-balance.pdf", "fail", ["TEXT_OVERLAP"], f"""row 7's balance {old} covered by a white box and
          {S.fmt_us(row.balance + 2_500_000)} typed on top (reportlab overlay merged by pypdf)""")

    st = en()
    p = rl("forged-en-tilted.pdf", st, rl_stamp)
    row = st.txns[12]
    old = S.fmt_us(row.balance)
    new = S.fmt_us(row.balance + 5_000_000)
    retype_tilted(p, out / "forged-en-tilted.pdf", 545, en_row_baseline(12), old, new, 5)
    m.add("forged-en-tilted.pdf", "fail", ["TEXT_OVERLAP"], f"""the stamped statement with row 13's balance {old} covered by
          a white box and {new} typed on top tilted by 5 degrees, as if it were part of the stamp: a slight slant is
          still upright text (only a slope over 1 in 10 counts as turned)""")

    st = ca()
    p = cr("forged-cairo-amount.pdf", st, lambda ctx, page: None)
    k = next(i for i, t in enumerate(st.txns) if t.amount > 0 and i > 0)
    row = st.txns[k]
    old = S.fmt_fr(row.amount)
    new = S.fmt_fr(row.amount * 3)
    retype_fpdf(p, out / "forged-cairo-amount.pdf", 470, cairo_row_baseline(k), cairo_text_width(old), new)
    m.add("forged-cairo-amount.pdf", "fail", ["TEXT_OVERLAP"], f"""cairo statement; row {k + 1}'s credit {old} covered by a
          white box drawn with fpdf2 and {new} typed on top (merged by pypdf)""")

    st = ca()
    p = cr("forged-cairo-balance.pdf", st, cairo_leaders)
    row = st.txns[4]
    old = S.fmt_fr(row.balance)
    new = S.fmt_fr(row.balance + 1_000_000)
    retype_fpdf(p, out / "forged-cairo-balance.pdf", 555, cairo_row_baseline(4), cairo_text_width(old), new)
    m.add("forged-cairo-balance.pdf", "fail", ["TEXT_OVERLAP"], f"""the cairo statement with twice-drawn leader dots
          (genuine-cairo-leaders) and row 5's balance {old} covered by a white box drawn with fpdf2, {new} typed on top""")

    m.write()
    return m


def main(argv: list[str] | None = None) -> int:
    m = build()
    print(f"furniture: {len(m.entries)} files in {m.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
