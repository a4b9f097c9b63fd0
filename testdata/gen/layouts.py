"""Bank-statement fixtures in layouts the first statement set (gen/statements.py) does not
have: real banks' habits with invented data, drawn with several PDF producers, each with a
genuine variant and forged variants made with the forging tools of gen/statements.py.

Layouts (producer)
  au        Australian everyday account (fpdf2, Helvetica): `DD Mon` dates without a year over a
            year boundary, OPENING/CLOSING BALANCE rows with the year, balances suffixed CR/DR
            (an overdraft), wrapped descriptions with date-like references on continuation
            lines, a day's rows printed out of posting order, summary with values under labels
  au-filtered the same bank's export filtered to credits only (footer says so)
  hk        Hong Kong integrated account statement (reportlab + WenQuanYi Zen Hei): Traditional
            Chinese/English, header values under their labels, an account summary table, two
            accounts (HKD, USD) each with 承上結餘 B/F BALANCE, `D Mon YYYY`, a pending section
  nl        Dutch (pycairo): Datum/Omschrijving/Af/Bij, no running balance, `3 aug. 2026`,
            `1.234,56`, Beginsaldo/Eindsaldo, footer box Totaal af/bij with item counts
  in-card   Indian credit card (fpdf2): `DD/MM/YY`, `1,234.56 Dr`/`Cr`, `Rs.` token, amounts on
            a row's second line, reward points column, summary box, no running balance
  de-spk    German savings-bank style (reportlab): Buchung/Valuta `DD.MM` without a year,
            one Betrag column with a trailing minus, Alter/Neuer Kontostand, Summe Soll/Haben
  ch        Swiss private account in French (reportlab Times): `DD.MM.YY`, `1'234.50`,
            Débit/Crédit/Valeur/Solde, `Solde précédent`, French month names in the header
  nz        New Zealand (fpdf2 + DejaVu Sans): `DD MON YY`, Particulars/Code/Reference,
            one signed amount `+1,234.56`/`-45.60`, running balance
  es        Spanish current account (reportlab): Importe with the euro sign after, Saldo anterior, header
            values under their labels, Resumen del periodo with counts
  gb-print  UK online-banking activity printed from a browser (fpdf2): newest first, `DD/MM` without a
            year across 1 January, debits in parentheses `(42.15)`
  garbled   the nz statement with the embedded font's ToUnicode map removed: glyph codes only
  unreadable the nz statement with its amounts and balances (or its column header) drawn as glyph
            outlines, not text: a genuine statement whose table cannot be read (review, ROWS_UNREADABLE)
  alipay    支付宝 交易流水证明 (reportlab + WQY), signed with a TEST platform key
  wechat    微信支付 交易明细证明 (fpdf2 + WQY), signed with a TEST platform key
  wechat-filtered  the same proof filtered to income only (`筛选条件：仅收入`)

The platform proofs are signed with TEST platform keys made here from fixed seeds ("Alipay TEST
Platform Root CA", "WeChat Pay TEST Platform Root CA"; in no trust store): a valid signature from
an unknown issuer must not fail a statement.

Every manifest entry carries `arithmetic`: the method a correct reader records in
`fields.arithmetic.method` (running-balance, account-totals, printed-totals, none).
The manifest assumes `docverify verify --now 2026-11-25T12:00:00Z`.

Run: .venv/bin/python testdata/generate.py --only layouts
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import statements as S  # noqa: E402  (the data model, formatters and forging tools)
from common import MARKER, CJK_FONT, Manifest, fresh_folder  # noqa: E402
from statements import Txn, fmt_us, qpdf_edit, replace_once, incremental, iban_complete, group4  # noqa: E402

A4 = (595.2756, 841.8898)
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

EN_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
NL_MON = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
FR_MONTH = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"]
DE_MONTH = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
            "November", "Dezember"]


# ---------------------------------------------------------------------------------------
# Formats


def d_mon(d: dt.date) -> str:  # 02 Dec
    return f"{d.day:02d} {EN_MON[d.month - 1]}"


def d_mon_y(d: dt.date) -> str:  # 2 Dec 2025
    return f"{d.day} {EN_MON[d.month - 1]} {d.year}"


def d_mon_yy_upper(d: dt.date) -> str:  # 02 SEP 26
    return f"{d.day:02d} {EN_MON[d.month - 1].upper()} {d.year % 100:02d}"


def d_nl(d: dt.date) -> str:  # 3 aug. 2026
    return f"{d.day} {NL_MON[d.month - 1]} {d.year}"


def d_fr(d: dt.date) -> str:  # 1 août 2026
    return f"{d.day} {FR_MONTH[d.month - 1]} {d.year}"


def d_de_long(d: dt.date) -> str:  # 2. November 2026
    return f"{d.day}. {DE_MONTH[d.month - 1]} {d.year}"


def unsigned(cents: int) -> str:
    return fmt_us(abs(cents))


def fmt_nl(cents: int) -> str:  # 1.234,56 (unsigned)
    return S.fmt_de(abs(cents))


def fmt_ch(cents: int) -> str:  # 1'234.50 (unsigned)
    return fmt_us(abs(cents)).replace(",", "'")


def crdr(cents: int) -> str:  # 1,234.56 CR / 754.80 DR
    return f"{unsigned(cents)} {'DR' if cents < 0 else 'CR'}"


def signed_plus(cents: int) -> str:  # +1,234.56 / -45.60
    return ("+" if cents >= 0 else "-") + unsigned(cents)


def trailing_minus(cents: int) -> str:  # 1.234,56- / 1.234,56
    return S.fmt_de(abs(cents)) + ("-" if cents < 0 else "")


# ---------------------------------------------------------------------------------------
# Data


@dataclass
class Account:
    """One account's table: rows (Txn with desc lines joined by '\\n'), opening balance."""

    name: str
    number: str
    currency: str
    opening: int
    txns: list[Txn]

    @property
    def closing(self) -> int:
        return self.txns[-1].balance if self.txns else self.opening

    @property
    def credits(self) -> int:
        return sum(t.amount for t in self.txns if t.amount > 0)

    @property
    def debits(self) -> int:
        return -sum(t.amount for t in self.txns if t.amount < 0)


def not_parked(txns: list[Txn], end: dt.date, closing: int) -> None:
    """Genuine fixtures must not look like money parked before the application (FUNDS_PARKED:
    credits of the last 30 days more than half the closing balance)."""
    recent = sum(t.amount for t in txns if t.amount > 0 and (end - t.date).days < 30)
    assert recent * 2 < closing, f"credits {recent} in the last 30 days vs closing {closing}"


def recompute(opening: int, txns: list[Txn]) -> None:
    bal = opening
    for t in txns:
        bal += t.amount
        t.balance = bal


def gen_txns(seed: int, start: dt.date, end: dt.date, n: int, opening: int, descs: list, salary: tuple | None,
             salary_day: int = 25, max_credit: int = 60_000, debit_share: int = 8) -> list[Txn]:
    """n random rows between start and end (descs: (text, sign)), plus a salary on
    `salary_day` of every month; balances follow from `opening`. Debits stay below a
    `debit_share`-th of the balance, so the account never runs dry by accident."""
    rng = random.Random(seed)
    days = (end - start).days
    rows: list[Txn] = []
    for _ in range(n):
        d = start + dt.timedelta(days=rng.randint(1, days))
        text, sign = rng.choice(descs)
        rows.append(Txn(d, text, sign))  # amount filled below
    if salary:
        d = start.replace(day=1)
        while d <= end:
            pay = d.replace(day=min(salary_day, 28))
            if start < pay <= end:
                rows.append(Txn(pay, salary[0], 0, date_text="SALARY"))
            d = (d.replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    rows.sort(key=lambda t: t.date)
    bal = opening
    for t in rows:
        if t.date_text == "SALARY":
            t.amount, t.date_text = salary[1], None
        elif t.amount > 0:
            t.amount = rng.randint(1_500, max_credit)
        else:
            t.amount = -rng.randint(350, max(1_000, min(180_000, bal // debit_share)))
        bal += t.amount
        t.balance = bal
    return rows


# ---------------------------------------------------------------------------------------
# Forging helpers (on top of statements.qpdf_edit / incremental)


def stream_edit(src: Path, dst: Path, old: str, new: str, encoding: str = "latin-1", whole: bool = True) -> None:
    """qpdf --qdf, replace the one `(old)` string of the content streams (or, with whole=False,
    the one string that starts with `old`), recompress."""

    def edit(data: bytes) -> bytes:
        close = b")" if whole else b""
        o = b"(" + old.encode(encoding) + close
        assert data.count(o) == 1, f"{old!r} occurs {data.count(o)} times"
        return replace_once(data, o, b"(" + new.encode(encoding) + close)

    from pypdf import PdfReader

    if "/ID" not in PdfReader(str(src)).trailer:
        # qpdf --qdf would invent a random /ID that --deterministic-id then keeps: give the input one first
        with tempfile.TemporaryDirectory() as tmp:
            with_id = Path(tmp) / "id.pdf"
            subprocess.run(["qpdf", "--deterministic-id", str(src), str(with_id)], check=True)
            qpdf_edit(with_id, dst, edit)
        return
    qpdf_edit(src, dst, edit)


def bbox_of(pdf: Path, word: str, page: int | None = None) -> tuple[int, float, float, float, float]:
    """(page index, xMin, yMin, xMax, yMax) of the only word `word` (pdftotext -bbox, top-left origin)."""
    import html

    doc = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    hits = []
    for p, chunk in enumerate(doc.split("<page ")[1:]):
        if page is not None and p != page:
            continue
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', chunk):
            if html.unescape(m.group(5)) == word:
                hits.append((p, float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4))))
    assert len(hits) == 1, f"{word!r} found {len(hits)} times"
    return hits[0]


def overlay(src: Path, dst: Path, old: str, new: str, size: float, font: str = "Helvetica", page: int | None = None) -> None:
    """A white box over the word `old` and `new` typed on top, right-aligned to the old
    word's right edge (pypdf merge + rewrite, the Info dictionary kept)."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    p, x0, y0, x1, y1 = bbox_of(src, old, page)
    reader = PdfReader(str(src))
    W, H = (float(v) for v in reader.pages[p].mediabox[2:])
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H), invariant=1)
    c.setFillColorRGB(1, 1, 1)
    c.rect(x0 - 1, H - y1 - 1, x1 - x0 + 2, y1 - y0 + 2, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(font, size)
    c.drawRightString(x1, H - y1 + (y1 - y0) * 0.22, new)
    c.save()
    writer = PdfWriter(clone_from=reader)
    writer.pages[p].merge_page(PdfReader(buf).pages[0])
    writer.add_metadata({k: v for k, v in (reader.metadata or {}).items()})
    with open(dst, "wb") as f:
        writer.write(f)


def incremental_pages(src: Path, dst: Path, forged: Path, pages: list[int]) -> None:
    """An incremental update (pypdf's incremental writer) that replaces the content and
    resources of `pages` with those of the same pages of `forged` (the document re-typed
    with the changed value): what an editor that saves incrementally leaves."""
    from pypdf import PdfReader
    from pypdf.generic import NameObject

    fr = PdfReader(str(forged))
    info = PdfReader(str(src)).trailer.raw_get("/Info") if "/Info" in PdfReader(str(src)).trailer else None

    def change(writer):
        for i in pages:
            fp = fr.pages[i]
            writer.pages[i][NameObject("/Contents")] = fp.raw_get("/Contents").clone(writer)
            writer.pages[i][NameObject("/Resources")] = fp.raw_get("/Resources").clone(writer)

    incremental(src, dst, change)
    if info is not None:
        # pypdf's update trailer leaves out /Info; the original Info dictionary still stands
        data = dst.read_bytes()
        start = data.rfind(b"/Root ", data.rfind(b"startxref") - 2000)
        assert start > 0 and b"/Info" not in data[start:]
        dst.write_bytes(data[:start] + b"/Info %d 0 R " % info.idnum + data[start:])


def forged_render(render, *args) -> Path:
    """Renders a forged copy into a temporary file (for incremental_pages)."""
    tmp = Path(tempfile.mkdtemp()) / "forged.pdf"
    render(*args, tmp)
    return tmp


def unique_amount(rows: list[Txn], pdf: Path) -> Txn:
    """The first row whose amount, as printed, is no other word of the file."""
    words = re.findall(r"\S+", text_of(pdf))
    for t in rows:
        if words.count(unsigned(t.amount)) == 1:
            return t
    raise AssertionError("no row with a unique amount")


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


# ---------------------------------------------------------------------------------------
# fpdf2 helpers


_outline_fonts: dict = {}


class Pen:
    """fpdf2 in points with a top-left origin: text at a baseline, left or right aligned."""

    def __init__(self, creator: str, title: str, created: dt.datetime, producer: str | None = None):
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(created)
        self.pdf.set_creator(creator)
        self.pdf.set_title(title)
        import fpdf

        self.pdf.set_producer(producer or f"PyFPDF/fpdf{fpdf.__version__}")
        self.font = ("Helvetica", "", 9)

    def add_font(self, name: str, path: str, collection: int | None = None) -> None:
        if collection is None:
            self.pdf.add_font(name, "", path)
        else:
            self.pdf.add_font(name, "", path, collection_font_number=collection)

    def set(self, family: str = "Helvetica", style: str = "", size: float = 9) -> None:
        self.pdf.set_font(family, style, size)

    def text(self, x: float, y: float, s: str, right: bool = False) -> None:
        if right:
            x -= self.pdf.get_string_width(s)
        self.pdf.text(x, y, s)

    def line(self, x0, y0, x1, y1, width=0.5):
        self.pdf.set_line_width(width)
        self.pdf.line(x0, y0, x1, y1)

    def outline(self, x: float, y: float, s: str, size: float, right: bool = False, font_path: str = DEJAVU) -> None:
        """Draws `s` at baseline `y` as filled glyph outlines (vector paths from the font file), so it
        shows on the page but nothing of it is in the text layer: what a PDF made from a picture of
        the table, or text converted to curves, gives the reader."""
        from fontTools.pens.basePen import BasePen
        from fontTools.ttLib import TTFont

        font = _outline_fonts.get(font_path)
        if font is None:
            font = _outline_fonts[font_path] = TTFont(font_path)
        glyphs, cmap, hmtx = font.getGlyphSet(), font.getBestCmap(), font["hmtx"]
        scale = size / font["head"].unitsPerEm
        names = [cmap.get(ord(c), ".notdef") for c in s]
        if right:
            x -= sum(hmtx[n][0] for n in names) * scale
        with self.pdf.new_path() as path:
            path.style.fill_color = "#000000"
            path.style.stroke_color = None

            class FpdfPen(BasePen):
                def _at(self, p):
                    return (origin + p[0] * scale, y - p[1] * scale)

                def _moveTo(self, p):
                    path.move_to(*self._at(p))

                def _lineTo(self, p):
                    path.line_to(*self._at(p))

                def _curveToOne(self, p1, p2, p3):
                    path.curve_to(*self._at(p1), *self._at(p2), *self._at(p3))

                def _closePath(self):
                    path.close()

            origin = x
            for n in names:
                glyphs[n].draw(FpdfPen(glyphs))
                origin += hmtx[n][0] * scale

    def rect(self, x, y, w, h):
        self.pdf.set_line_width(0.6)
        self.pdf.rect(x, y, w, h)

    def page(self):
        self.pdf.add_page()

    def save(self, path: Path):
        self.pdf.output(str(path))


def at(d: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, hour, 15, tzinfo=dt.timezone.utc)


def paginate(groups: list, first: int, rest: int, cost=lambda g: len(g)) -> list[list]:
    """Splits row groups into pages of at most `first` (then `rest`) lines, never splitting a group."""
    pages, cur, budget = [], [], first
    for g in groups:
        if cur and sum(cost(x) for x in cur) + cost(g) > budget:
            pages.append(cur)
            cur, budget = [], rest
        cur.append(g)
    pages.append(cur)
    return pages


# =======================================================================================
# au: Australian everyday account (fpdf2)


AU_DESCS = [
    ("Card xx4821\nWOOLWORTHS 3021 SYDNEY AU", -1), ("Card xx4821\nCOLES 0872 NEWTOWN AU", -1),
    ("Transfer To J CITIZEN\nNetBank Rent", -1), ("Direct Debit 301234\nORIGIN ENERGY 88123", -1),
    ("Card xx4821\nOPAL TRANSPORT NSW", -1), ("Osko Payment From M NGUYEN\nRef 31/02/77-889 share of bills", 1),
    ("BPAY TELSTRA\nRef 29 Feb 26 INV 4471", -1), ("Transfer From NetSaver\n1234 5678", 1),
    ("Card xx4821\nJB HI FI BROADWAY\nValue Date: {vd}", -1), ("Direct Credit 012345 MEDICARE\nBENEFIT 30/02 CLAIM", 1),
    ("ATM Withdrawal\nCBA ATM TOWN HALL", -1),
]


@dataclass
class AuStatement:
    holder: str
    bsb: str
    account: str
    start: dt.date
    end: dt.date
    issue: dt.date
    opening: int
    txns: list[Txn]
    printed: list[Txn] = field(default_factory=list)  # the order the bank prints
    closing_override: int | None = None
    filter_note: str | None = None  # filtered export: footer, no opening/closing rows
    total_rows: int = 0

    @property
    def closing(self) -> int:
        return self.txns[-1].balance


def au_statement() -> AuStatement:
    start, end = dt.date(2025, 11, 16), dt.date(2026, 11, 15)
    opening = 84_520
    rows = gen_txns(11, start, end, 54, opening, AU_DESCS, ("Direct Credit 401234 ACME PTY LTD\nPAYROLL PAY-0925", 520_000),
                    salary_day=26, max_credit=30_000, debit_share=9)
    # rent before the first pay day takes the account into overdraft (DR balances)
    rows = [r for r in rows if r.date > dt.date(2025, 11, 21)]
    rows.insert(0, Txn(dt.date(2025, 11, 20), "Transfer To J CITIZEN\nNetBank Rent Dec", -160_000))
    rows.insert(1, Txn(dt.date(2025, 11, 21), "Card xx4821\nCOLES 0872 NEWTOWN AU", -8_415))
    # one day with three rows that the bank prints in another order than it posted them
    day = dt.date(2026, 3, 9)
    trio = [Txn(day, "Card xx4821\nUBER *TRIP SYDNEY", -2_350), Txn(day, "Osko Payment From L SMITH\nRef dinner 09/03", 4_500),
            Txn(day, "Card xx4821\nTHE GROUNDS ALEXANDRIA", -6_870)]
    rows = [r for r in rows if r.date != day] + trio
    rows.sort(key=lambda t: t.date)  # stable: the trio stays in posting order
    # New Year's Eve and New Year's Day rows, so the year boundary is inside the table
    rows.append(Txn(dt.date(2025, 12, 31), "Card xx4821\nBWS NEWTOWN AU", -4_599))
    rows.append(Txn(dt.date(2026, 1, 2), "Card xx4821\nWOOLWORTHS 3021 SYDNEY AU", -11_240))
    rows.sort(key=lambda t: t.date)
    recompute(opening, rows)
    printed = list(rows)
    i = next(k for k, t in enumerate(printed) if t.date == day)
    printed[i:i + 3] = [printed[i + 2], printed[i], printed[i + 1]]  # printed: last posted first
    st = AuStatement(f"MR JACK CITIZEN {MARKER}", "062-914", "1048 3321", start, end, dt.date(2026, 11, 18), opening,
                     rows, printed)
    assert min(t.balance for t in rows) < 0 < rows[-1].balance
    return st


def render_au(st: AuStatement, path: Path) -> None:
    pen = Pen("Southern Cross Bank NetBank Statements", "Everyday Account Statement", at(st.issue))
    X = {"date": 40, "desc": 100, "debit": 380, "credit": 448, "bal": 556}
    groups = []
    if not st.filter_note:
        groups.append(("open", None))
    groups += [("row", t) for t in st.printed]
    if not st.filter_note:
        groups.append(("close", None))
    lines = lambda g: (g[1].desc.count("\n") + 1) if g[0] == "row" else 1  # noqa: E731
    pages = paginate(groups, 38, 50, lines)
    for p, page_groups in enumerate(pages, start=1):
        pen.page()
        pen.set("Helvetica", "B", 15)
        pen.text(40, 52, "Southern Cross Bank")
        pen.set("Helvetica", "", 10)
        pen.text(556, 52, "Transaction Search Export" if st.filter_note else "Your Statement", right=True)
        pen.set("Helvetica", "", 9)
        y = 78
        if p == 1:
            pen.text(40, y, st.holder)
            pen.text(40, y + 12, "12 EXAMPLE ST")
            pen.text(40, y + 24, "NEWTOWN NSW 2042")
            pen.set("Helvetica", "B", 9)
            pen.text(330, y, "Statement 14")
            pen.set("Helvetica", "", 9)
            pen.text(330, y + 12, "(Page 1 of %d)" % len(pages))
            pen.text(330, y + 28, "Account Number")
            pen.text(430, y + 28, f"{st.bsb} {st.account}")
            pen.text(330, y + 40, "Statement Period")
            pen.text(430, y + 40, f"{d_mon_y(st.start)} - {d_mon_y(st.end)}")
            pen.text(330, y + 52, "Issue Date")
            pen.text(430, y + 52, d_mon_y(st.issue))
            pen.set("Helvetica", "B", 11)
            pen.text(40, y + 70, "Everyday Smart Access")
            pen.set("Helvetica", "", 8)
            pen.text(40, y + 82, "Name: " + st.holder)
            y += 104
        else:
            pen.text(330, y, f"Statement 14 (Page {p} of {len(pages)})")
            pen.text(40, y, f"Account Number {st.bsb} {st.account}")
            y += 22
        pen.set("Helvetica", "B", 9)
        pen.text(X["date"], y, "Date")
        pen.text(X["desc"], y, "Transaction")
        pen.text(X["debit"], y, "Debit", right=True)
        pen.text(X["credit"], y, "Credit", right=True)
        pen.text(X["bal"], y, "Balance", right=True)
        pen.line(38, y + 4, 557, y + 4)
        y += 16
        pen.set("Helvetica", "", 9)
        for kind, t in page_groups:
            if kind == "open":
                pen.text(X["date"], y, d_mon_y(st.start))
                pen.set("Helvetica", "B", 9)
                pen.text(X["desc"], y, "OPENING BALANCE")
                pen.set("Helvetica", "", 9)
                pen.text(X["bal"], y, "$" + crdr(st.opening), right=True)
                y += 13
                continue
            if kind == "close":
                pen.text(X["date"], y, d_mon_y(st.end))
                pen.set("Helvetica", "B", 9)
                pen.text(X["desc"], y, "CLOSING BALANCE")
                pen.set("Helvetica", "", 9)
                pen.text(X["bal"], y, "$" + crdr(st.closing_override if st.closing_override is not None else st.closing), right=True)
                y += 13
                continue
            desc = t.desc.replace("{vd}", (t.date - dt.timedelta(days=1)).strftime("%d/%m/%Y")).split("\n")
            pen.text(X["date"], y, t.date_text or d_mon(t.date))
            pen.text(X["desc"], y, desc[0])
            pen.text(X["debit" if t.amount < 0 else "credit"], y, unsigned(t.amount), right=True)
            pen.text(X["bal"], y, crdr(t.balance), right=True)
            for more in desc[1:]:
                y += 11
                pen.text(X["desc"], y, more)
            y += 13
        if p == len(pages):
            y += 14
            if st.filter_note:
                shown = [t for t in st.printed]
                total = sum(t.amount for t in shown)
                pen.set("Helvetica", "B", 9)
                pen.text(40, y, f"Total credits shown ({len(shown)} items)")
                pen.text(X["credit"], y, "$" + unsigned(total), right=True)
                pen.set("Helvetica", "", 8)
                pen.text(40, y + 16, st.filter_note)
                pen.text(40, y + 28, "Balances are the account balance after each transaction, including transactions not shown.")
            else:
                closing = st.closing_override if st.closing_override is not None else st.closing
                credits = sum(t.amount for t in st.txns if t.amount > 0)
                debits = -sum(t.amount for t in st.txns if t.amount < 0)
                pen.rect(38, y - 10, 519, 40)
                pen.set("Helvetica", "B", 8)
                for x, label in ((44, "Opening balance"), (160, "- Total debits"), (280, "+ Total credits"), (410, "= Closing balance")):
                    pen.text(x, y + 2, label)
                pen.set("Helvetica", "", 9)
                for x, value in ((44, "$" + crdr(st.opening)), (160, "$" + unsigned(debits)), (280, "$" + unsigned(credits)),
                                 (410, "$" + crdr(closing))):
                    pen.text(x, y + 18, value)
        pen.set("Helvetica", "", 7)
        pen.text(40, 808, "Southern Cross Bank Limited ABN 12 345 678 901 AFSL and Australian credit licence 234567. "
                 "Invented bank: test fixture.")
    pen.save(path)


def build_au(out: Path, m: Manifest) -> None:
    st = au_statement()
    g = out / "genuine-au.pdf"
    not_parked(st.txns, st.end, st.closing)
    render_au(st, g)
    m.add(g.name, "pass", [], """Australian layout (fpdf2, Helvetica), one year 16 Nov 2025 - 15 Nov 2026 over 4 pages: `DD Mon`
          row dates without a year across the Dec->Jan boundary (year from the period), OPENING/CLOSING BALANCE rows dated
          `16 Nov 2025`; Debit/Credit columns, balances `1,234.56 CR` and `754.80 DR` (overdrawn 20-25 Nov 2025); descriptions
          wrapped over 2-3 lines with references `Ref 31/02/77-889`, `Ref 29 Feb 26`, `30/02` and `Value Date: dd/mm/yyyy` (the day
          before the row's) on continuation lines (not dates); the three rows of 09 Mar printed last-posted first (the chain reconciles only
          when that day's rows are reordered); summary box with values under the labels Opening balance / - Total debits /
          + Total credits / = Closing balance""", arithmetic="running-balance")

    # amount edited in the content stream (qpdf), balances left: a debit on page 1
    victim = next(t for t in st.printed[5:] if t.amount < -10_000 and t.date.month == 1)
    old = unsigned(victim.amount)
    new = str(int(old[0]) + 1 if old[0] != "9" else 1) + old[1:]
    stream_edit(g, out / "forged-au-amount-stream.pdf", old, new)
    m.add("forged-au-amount-stream.pdf", "fail", ["BALANCE_CHAIN_BROKEN"],
          f"""genuine-au with the debit of {d_mon(victim.date)} changed from {old} to {new} in the decompressed content stream
          (qpdf --qdf, fix-qdf, recompressed); balances and totals left as they were""", arithmetic="running-balance")

    # an amount of the day printed out of posting order: now no order of that day's rows reconciles
    words = re.findall(r"\S+", text_of(g))
    trio = [t for t in st.printed if t.date == dt.date(2026, 3, 9)]
    victim = next(t for t in trio if words.count(unsigned(t.amount)) == 1)
    old = unsigned(victim.amount)
    new = old[:-4] + str((int(old[-4]) + 1) % 10) + old[-3:]
    stream_edit(g, out / "forged-au-sameday-amount-stream.pdf", old, new)
    m.add("forged-au-sameday-amount-stream.pdf", "fail", ["BALANCE_CHAIN_BROKEN"],
          f"""genuine-au with one of the three rows of 09 Mar (printed out of posting order) changed from {old} to {new} in the
          content stream (qpdf): no order of that day's rows reconciles any more""", arithmetic="running-balance")

    # a date cell that cannot exist, the statement retyped (balances follow)
    bad = AuStatement(**{**st.__dict__, "printed": [Txn(**{**t.__dict__}) for t in st.printed]})
    row = next(t for t in bad.printed if t.date.month == 2 and t.date.day >= 20)
    row.date_text = "30 Feb"
    render_au(bad, out / "forged-au-impossible-date.pdf")
    m.add("forged-au-impossible-date.pdf", "fail", ["DATE_INVALID"],
          f"""genuine-au retyped with the row of {d_mon(row.date)} dated `30 Feb` (a `DD Mon` date cell without a year that no
          year has); balances unchanged and reconciling""", arithmetic="running-balance")

    # a balance retyped over a white box on page 2
    victim = st.printed[40]
    overlay(g, out / "forged-au-balance-overlay.pdf", unsigned(victim.balance), unsigned(victim.balance + 250_000), 9)
    m.add("forged-au-balance-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-au with the balance of the row of {d_mon(victim.date)} ({unsigned(victim.balance)}) covered by a white
          box and {unsigned(victim.balance + 250_000)} typed on top; the old value stays in the text layer""",
          arithmetic="running-balance")

    # the closing balance raised, saved as an incremental update
    forged = AuStatement(**{**st.__dict__, "closing_override": st.closing + 1_500_000})
    fpath = forged_render(render_au, forged)
    n_pages = len(re.findall(r"\f", text_of(g)))
    incremental_pages(g, out / "forged-au-closing-incremental.pdf", fpath, [n_pages - 1])
    m.add("forged-au-closing-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_TOTALS_MISMATCH"],
          f"""genuine-au with the CLOSING BALANCE row and the summary's closing balance raised by 15,000.00 to
          {crdr(st.closing + 1_500_000)}; the last page's content replaced in an incremental update (pypdf): opening -
          debits + credits no longer gives the closing balance""", arithmetic="running-balance")

    # filtered export: credits only, balances are the account's and do not follow
    shown = [t for t in st.printed if t.amount > 0]
    fl = AuStatement(**{**st.__dict__, "printed": shown,
                        "filter_note": f"Filter applied: Credits only ({len(shown)} of {len(st.txns)} transactions shown)."})
    g2 = out / "genuine-au-filtered.pdf"
    render_au(fl, g2)
    m.add(g2.name, "pass", [], f"""filtered export of the Australian account (fpdf2): footer `{fl.filter_note}`, only the
          {len(shown)} credits, each with the account's balance after it (the chain does not follow: the debits between
          are hidden, not a forgery); `Total credits shown ({len(shown)} items)` is the sum of the rows""",
          arithmetic="printed-totals")
    victim = unique_amount(shown[3:], g2)
    old = unsigned(victim.amount)
    new = str(int(old[0]) + 1 if old[0] != "9" else 1) + old[1:]
    stream_edit(g2, out / "forged-au-filtered-amount-stream.pdf", old, new)
    m.add("forged-au-filtered-amount-stream.pdf", "fail", ["BALANCE_TOTALS_MISMATCH"],
          f"""genuine-au-filtered with the credit of {d_mon(victim.date)} changed from {old} to {new} in the content stream
          (qpdf): the rows no longer sum to the printed `Total credits shown`""", arithmetic="printed-totals")


# =======================================================================================
# hk: Hong Kong integrated account statement (reportlab + WenQuanYi Zen Hei)

HK_DESCS = [("八達通自動增值 OCTOPUS AAVS", -1), ("百佳超級市場 PARKNSHOP", -1), ("轉賬 TRANSFER TO 陳小明", -1),
            ("自動櫃員機提款 ATM WITHDRAWAL", -1), ("繳費 BILL PAYMENT 中華電力 CLP", -1), ("轉數快 FPS 收款 LEE K M", 1),
            ("信用卡還款 CREDIT CARD REPAYMENT", -1), ("支票存入 CHEQUE DEPOSIT", 1)]
USD_DESCS = [("外匯兌換 FX HKD→USD", 1), ("電匯 OUTWARD TT 匯款", -1), ("網上購物 AMAZON.COM", -1)]


def with_interest(acc: "Account", days: list[dt.date], amounts: list[int]) -> None:
    """Adds the month-end interest rows (small credits) and recomputes the balances."""
    for d, a in zip(days, amounts):
        acc.txns.append(Txn(d, "利息 CREDIT INTEREST", a))
    acc.txns.sort(key=lambda t: t.date)
    recompute(acc.opening, acc.txns)


@dataclass
class HkStatement:
    holder: str
    start: dt.date
    end: dt.date
    issue: dt.date
    accounts: list[Account]
    balance_override: dict = field(default_factory=dict)  # (account index, row index) -> printed balance


def hk_statement() -> HkStatement:
    start, end = dt.date(2026, 8, 21), dt.date(2026, 11, 20)
    hkd = Account("港元儲蓄 HKD Savings", "012-345678-833", "HKD", 14_567_890, [])
    hkd.txns = gen_txns(21, start, end, 24, hkd.opening, HK_DESCS, ("薪金 PAYROLL HARBOUR LOGISTICS LTD", 3_850_000),
                        salary_day=28, max_credit=400_000)
    usd = Account("美元儲蓄 USD Savings", "012-345678-834", "USD", 1_234_567, [])
    usd.txns = gen_txns(22, start, end, 7, usd.opening, USD_DESCS, None, max_credit=300_000, debit_share=6)
    month_ends = [dt.date(2026, 8, 31), dt.date(2026, 9, 30), dt.date(2026, 10, 31)]
    with_interest(hkd, month_ends, [1_523, 1_687, 1_702])
    with_interest(usd, month_ends, [262, 248, 231])
    return HkStatement(f"陳大文 CHAN TAI MAN {MARKER}", start, end, dt.date(2026, 11, 21), [hkd, usd])


def render_hk(st: HkStatement, path: Path) -> None:
    S._register_cjk()
    os.environ["SOURCE_DATE_EPOCH"] = S.epoch(st.issue, 2)
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setProducer("Harbour Trust eStatement Server")
    c.setCreator("HTB Statement Composer 7.1")
    c.setTitle("綜合戶口結單 Integrated Account Statement")
    W, H = A4
    F = "WQY"
    X = {"date": 40, "desc": 112, "dep": 390, "wd": 470, "bal": 555}

    def header(page: int, pages: int) -> float:
        c.setFont(F, 15)
        c.drawString(40, H - 48, "港信銀行")
        c.setFont(F, 9)
        c.drawString(40, H - 61, "HARBOUR TRUST BANK (invented bank, test fixture)")
        c.setFont(F, 12)
        c.drawRightString(555, H - 48, "綜合戶口結單")
        c.setFont(F, 9)
        c.drawRightString(555, H - 61, "Integrated Account Statement")
        y = H - 88
        if page == 1:
            c.drawString(40, y, st.holder)
            c.drawString(40, y - 12, "九龍旺角範例道8號12樓B室")
            c.drawString(40, y - 24, "FLAT B 12/F 8 EXAMPLE ROAD MONGKOK KOWLOON")
            y -= 48
        grid = [("戶口號碼 Account Number", st.accounts[0].number), ("結單日期 Statement Date", d_mon_y(st.issue)),
                ("結單期 Statement Period", f"{d_mon_y(st.start)} - {d_mon_y(st.end)}"), ("頁數 Page", f"{page} / {pages}")]
        for x, (label, value) in zip((40, 170, 290, 480), grid):
            c.setFont(F, 8)
            c.drawString(x, y, label)
            c.setFont(F, 9)
            c.drawString(x, y - 13, value)
        c.line(38, y - 20, 557, y - 20)
        return y - 40

    def table(acc: Account, ai: int, y: float) -> float:
        c.setFont(F, 11)
        c.drawString(40, y, f"{acc.name}  {acc.number}  ({acc.currency})")
        y -= 18
        c.setFont(F, 8.5)
        for key, label, right in (("date", "日期 Date", False), ("desc", "進支詳情 Transaction Details", False),
                                  ("dep", "存入 Deposit", True), ("wd", "支出 Withdrawal", True), ("bal", "結餘 Balance", True)):
            (c.drawRightString if right else c.drawString)(X[key], y, label)
        c.line(38, y - 4, 557, y - 4)
        y -= 16
        c.setFont(F, 9)
        c.drawString(X["date"], y, d_mon_y(st.start))
        c.drawString(X["desc"], y, "承上結餘 B/F BALANCE")
        c.drawRightString(X["bal"], y, fmt_us(acc.opening))
        y -= 14
        for i, t in enumerate(acc.txns):
            c.drawString(X["date"], y, d_mon_y(t.date))
            c.drawString(X["desc"], y, t.desc)
            c.drawRightString(X["dep" if t.amount > 0 else "wd"], y, unsigned(t.amount))
            c.drawRightString(X["bal"], y, fmt_us(st.balance_override.get((ai, i), t.balance)))
            y -= 14
        c.drawString(X["date"], y, d_mon_y(st.end))
        c.drawString(X["desc"], y, "結單結餘 C/F BALANCE")
        c.drawRightString(X["bal"], y, fmt_us(acc.closing))
        return y - 30

    hkd, usd = st.accounts
    y = header(1, 2)
    # account summary: balances, not transactions
    c.setFont(F, 11)
    c.drawString(40, y, "戶口摘要 Account Summary")
    y -= 16
    c.setFont(F, 8.5)
    for x, label, right in ((40, "戶口 Account", False), (230, "貨幣 Currency", False), (420, "結餘 Balance", True),
                            (555, "港元等值 HKD Equivalent", True)):
        (c.drawRightString if right else c.drawString)(x, y, label)
    y -= 14
    c.setFont(F, 9)
    equiv = [hkd.closing, usd.closing * 78 // 10]
    for acc, eq in zip(st.accounts, equiv):
        c.drawString(40, y, f"{acc.name} {acc.number}")
        c.drawString(230, y, acc.currency)
        c.drawRightString(420, y, fmt_us(acc.closing))
        c.drawRightString(555, y, fmt_us(eq))
        y -= 13
    c.drawString(40, y, "總額 Total (匯率 Rate USD 1 = HKD 7.8000)")
    c.drawRightString(555, y, fmt_us(sum(equiv)))
    y -= 32
    table(hkd, 0, y)
    c.setFont(F, 7)
    c.drawString(40, 30, "港信銀行有限公司 Harbour Trust Bank Limited. 如有錯漏，請於結單日期起計90日內通知本行。")
    c.showPage()
    y = header(2, 2)
    y = table(usd, 1, y)
    c.setFont(F, 11)
    c.drawString(40, y, "待處理交易 Pending Transactions (未計入結餘 not included in the balance)")
    y -= 16
    c.setFont(F, 9)
    c.drawString(X["date"], y, d_mon_y(st.end))
    c.drawString(X["desc"], y, "網上購物 APPLE.COM/BILL (USD)")
    c.drawRightString(X["wd"], y, "9.99")
    y -= 30
    c.setFont(F, 11)
    c.drawString(40, y, "利息摘要 Interest Summary")
    y -= 16
    c.setFont(F, 9)
    c.drawString(40, y, "港元儲蓄 HKD Savings  年利率 Rate 0.125% p.a.")
    c.drawString(40, y - 13, "美元儲蓄 USD Savings  年利率 Rate 0.250% p.a.")
    c.setFont(F, 7)
    c.drawString(40, 30, "港信銀行有限公司 Harbour Trust Bank Limited. 如有錯漏，請於結單日期起計90日內通知本行。")
    c.showPage()
    c.save()


def build_hk(out: Path, m: Manifest) -> None:
    st = hk_statement()
    g = out / "genuine-hk.pdf"
    [not_parked(a.txns, st.end, a.closing) for a in st.accounts]
    render_hk(st, g)
    m.add(g.name, "pass", [], """Hong Kong bilingual layout (reportlab + embedded WenQuanYi Zen Hei subset), 綜合戶口結單 over 2
          pages: header values printed under their labels (戶口號碼 Account Number / 結單日期 Statement Date / 結單期 Statement
          Period / 頁數 Page); an account summary table (戶口摘要, balances and HKD equivalents, not transactions) before two
          accounts, HKD and USD savings, each with its own table 日期 Date / 進支詳情 Transaction Details / 存入 Deposit /
          支出 Withdrawal / 結餘 Balance, a first row `承上結餘 B/F BALANCE` and a last row `結單結餘 C/F BALANCE`; `D Mon
          YYYY` dates; after the tables a pending-transactions section (not in the balance) and an interest summary""",
          arithmetic="running-balance", accounts=2)
    hkd, usd = st.accounts
    victim = unique_amount([t for t in usd.txns if t.amount < 0], g)
    old = unsigned(victim.amount)
    new = str(int(old[0]) + 1 if old[0] != "9" else 1) + old[1:]
    stream_edit(g, out / "forged-hk-usd-amount-stream.pdf", old, new)
    m.add("forged-hk-usd-amount-stream.pdf", "fail", ["BALANCE_CHAIN_BROKEN"],
          f"""genuine-hk with a USD withdrawal of {d_mon_y(victim.date)} changed from {old} to {new} in the content stream
          (qpdf); the USD balances left: the second account's chain breaks, the HKD one holds""",
          arithmetic="running-balance", accounts=2)
    i = 9
    forged = HkStatement(**{**st.__dict__, "balance_override": {(0, i): hkd.txns[i].balance + 2_000_000}})
    incremental_pages(g, out / "forged-hk-hkd-balance-incremental.pdf", forged_render(render_hk, forged), [0])
    m.add("forged-hk-hkd-balance-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_CHAIN_BROKEN"],
          f"""genuine-hk with the HKD balance of the row of {d_mon_y(hkd.txns[i].date)} raised by 20,000.00 to
          {fmt_us(hkd.txns[i].balance + 2_000_000)}, page 1 replaced in an incremental update (pypdf)""",
          arithmetic="running-balance", accounts=2)
    victim = unique_amount([t for t in hkd.txns if t.amount > 0 and t.amount != 3_850_000], g)
    overlay(g, out / "forged-hk-deposit-overlay.pdf", unsigned(victim.amount), unsigned(victim.amount + 3_000_000), 9)
    m.add("forged-hk-deposit-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-hk with the HKD deposit of {d_mon_y(victim.date)} ({unsigned(victim.amount)}) covered by a white box
          and {unsigned(victim.amount + 3_000_000)} typed on top""", arithmetic="running-balance", accounts=2)


# =======================================================================================
# nl: Dutch current account, no running balance (pycairo)

NL_DESCS = [
    ("Betaalautomaat\nAlbert Heijn 1234 UTRECHT\nPasvolgnr: 012 {vd} 12:31", -1),
    ("Betaalautomaat\nJumbo Supermarkten ZEIST\nPasvolgnr: 012 {vd} 17:05", -1),
    ("iDEAL\nBol.com B.V.\nKenmerk: 4471-30-02-77 Bestelling", -1),
    ("SEPA Incasso\nVattenfall Klantenservice N.V.\nMachtiging: 20240101-88 Termijnbedrag", -1),
    ("SEPA Incasso\nZilveren Kruis Zorgverzekeringen\nPremie", -1),
    ("Tikkie\nVan S Jansen\nOmschrijving: etentje 31/02", 1),
    ("SEPA Overboeking\nJ.P. de Vries Spaarrekening\nIBAN: " + iban_complete("NL", "POLD0987654321"), 1),
    ("Geldautomaat\nPOLDERBANK UTRECHT CS", -1),
]


@dataclass
class NlStatement:
    holder: str
    iban: str
    start: dt.date
    end: dt.date
    issue: dt.date
    acc: Account
    closing_override: int | None = None
    amount_override: dict = field(default_factory=dict)  # row index -> printed amount


def fill(desc: str, d: dt.date, fmt: str = "%d-%m-%Y") -> list[str]:
    """A description's lines, with {vd} (a value date in the text) filled in."""
    return desc.replace("{vd}", d.strftime(fmt)).split("\n")


def nl_statement() -> NlStatement:
    start, end = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    acc = Account("Betaalrekening", "", "EUR", 2_876_543, [])
    acc.txns = gen_txns(31, start, end, 30, acc.opening, NL_DESCS,
                        ("SEPA Overboeking\nVoorbeeld Logistiek B.V.\nSalaris", 312_500), salary_day=24, max_credit=8_000)
    return NlStatement(f"J.P. de Vries {MARKER}", iban_complete("NL", "POLD0123456789"), start, end, dt.date(2026, 11, 4), acc)


def render_nl(st: NlStatement, path: Path) -> None:
    import cairo

    W, H = A4
    surface = cairo.PDFSurface(str(path), W, H)
    surface.set_metadata(cairo.PDFMetadata.TITLE, "Rekeningafschrift")
    surface.set_metadata(cairo.PDFMetadata.CREATOR, "Polderbank Afschriftenservice")
    surface.set_metadata(cairo.PDFMetadata.CREATE_DATE, st.issue.strftime("%Y-%m-%dT07:40:00+01:00"))
    ctx = cairo.Context(surface)
    X = {"date": 40, "desc": 115, "af": 455, "bij": 545}

    def text(x, y, s, size=8.5, bold=False, right=False):
        ctx.select_font_face("DejaVu Sans", cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        ctx.set_font_size(size)
        if right:
            x -= ctx.text_extents(s).x_advance
        ctx.move_to(x, y)
        ctx.show_text(s)

    acc = st.acc
    amounts = [st.amount_override.get(i, t.amount) for i, t in enumerate(acc.txns)]
    pages = paginate(list(range(len(acc.txns))), 42, 52, lambda i: fill(acc.txns[i].desc, acc.txns[i].date).__len__())
    for p, idxs in enumerate(pages, start=1):
        text(40, 50, "Polderbank", 17, bold=True)
        text(555, 50, "Rekeningafschrift", 12, right=True)
        y = 78
        if p == 1:
            for label, value in (("Rekeninghouder", st.holder), ("Rekeningnummer (IBAN)", group4(st.iban)), ("BIC", "POLDNL2U"),
                                 ("Periode", f"{d_nl(st.start)} t/m {d_nl(st.end)}"), ("Datum afschrift", d_nl(st.issue)),
                                 ("Afschriftnummer", "10"), ("Valuta", "EUR")):
                text(40, y, label)
                text(170, y, value)
                y += 12
            y += 12
        else:
            text(40, y, f"Rekeningnummer (IBAN) {group4(st.iban)}")
            y += 22
        text(X["date"], y, "Datum", bold=True)
        text(X["desc"], y, "Omschrijving", bold=True)
        text(X["af"], y, "Af", bold=True, right=True)
        text(X["bij"], y, "Bij", bold=True, right=True)
        ctx.set_line_width(0.5)
        ctx.move_to(38, y + 4)
        ctx.line_to(557, y + 4)
        ctx.stroke()
        y += 16
        for i in idxs:
            t = acc.txns[i]
            lines = fill(t.desc, t.date)
            text(X["date"], y, d_nl(t.date))
            text(X["desc"], y, lines[0])
            text(X["af" if amounts[i] < 0 else "bij"], y, fmt_nl(amounts[i]), right=True)
            for more in lines[1:]:
                y += 10.5
                text(X["desc"], y, more, 7.5)
            y += 13
        if p == len(pages):
            y += 16
            ctx.rectangle(300, y - 14, 257, 80)
            ctx.stroke()
            closing = st.closing_override if st.closing_override is not None else acc.closing
            n_af = sum(1 for t in acc.txns if t.amount < 0)
            text(308, y, "Saldo-overzicht", 9, bold=True)
            for label, value in ((f"Beginsaldo {d_nl(st.start)}", acc.opening), (f"Totaal af ({n_af} posten)", acc.debits),
                                 (f"Totaal bij ({len(acc.txns) - n_af} posten)", acc.credits),
                                 (f"Eindsaldo {d_nl(st.end)}", closing)):
                y += 14
                text(308, y, label)
                text(550, y, "€ " + fmt_nl(value), right=True)
        text(40, H - 30, "Polderbank N.V., Utrecht. KvK 12345678. Verzonnen bank: testbestand.", 7)
        text(555, H - 30, f"Pagina {p} van {len(pages)}", 7, right=True)
        ctx.show_page()
    surface.finish()


def build_nl(out: Path, m: Manifest) -> None:
    st = nl_statement()
    acc = st.acc
    g = out / "genuine-nl.pdf"
    not_parked(st.acc.txns, st.end, st.acc.closing)
    render_nl(st, g)
    m.add(g.name, "pass", [], """Dutch layout drawn with pycairo (DejaVu Sans): Datum / Omschrijving / Af / Bij, no running balance;
          `3 aug. 2026` dates (Dutch month abbreviations), `1.234,56` amounts; descriptions over three lines (type,
          counterparty, reference) holding a `dd-mm-yyyy` payment date, `31/02`, `30-02` and an IBAN that are not row
          dates; a bordered Saldo-overzicht box at the end: `Beginsaldo 1 aug. 2026`, `Totaal af (N posten)`, `Totaal bij
          (N posten)`, `Eindsaldo 31 okt. 2026`, each `€ 1.234,56`: opening + credits - debits = closing, and the rows sum to
          the totals""", arithmetic="account-totals")
    victim = unique_amount([t for t in acc.txns if t.amount < 0], g) if False else None
    words = re.findall(r"\S+", text_of(g))
    victim = next(t for t in acc.txns[8:] if t.amount < 0 and words.count(fmt_nl(t.amount)) == 1)
    old = fmt_nl(victim.amount)
    new = str(int(old[0]) + 1 if old[0] != "9" else 1) + old[1:]
    stream_edit(g, out / "forged-nl-amount-stream.pdf", old, new)
    m.add("forged-nl-amount-stream.pdf", "fail", ["BALANCE_TOTALS_MISMATCH"],
          f"""genuine-nl with the debit of {d_nl(victim.date)} changed from {old} to {new} in the content stream (qpdf):
          the rows no longer sum to `Totaal af` and Beginsaldo - af + bij no longer gives the Eindsaldo""",
          arithmetic="account-totals")
    forged = NlStatement(**{**st.__dict__, "closing_override": acc.closing + 500_000})
    n_pages = text_of(g).count("\f")
    incremental_pages(g, out / "forged-nl-closing-incremental.pdf", forged_render(render_nl, forged), [n_pages - 1])
    m.add("forged-nl-closing-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_TOTALS_MISMATCH"],
          f"""genuine-nl with the Eindsaldo raised by 5.000,00 to € {fmt_nl(acc.closing + 500_000)}, the last page replaced in
          an incremental update (pypdf)""", arithmetic="account-totals")
    victim = next(t for t in acc.txns[3:] if t.amount > 0 and words.count(fmt_nl(t.amount)) == 1)
    overlay(g, out / "forged-nl-amount-overlay.pdf", fmt_nl(victim.amount), fmt_nl(victim.amount + 150_000), 8.5)
    m.add("forged-nl-amount-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-nl with the credit of {d_nl(victim.date)} ({fmt_nl(victim.amount)}) covered by a white box and
          {fmt_nl(victim.amount + 150_000)} typed on top""", arithmetic="account-totals")


# =======================================================================================
# in-card: Indian credit card statement (fpdf2)

IN_DESCS = [("SWIGGY BANGALORE", -1), ("AMAZON PAY INDIA PRIVATE MUMBAI", -1), ("BIGBASKET BANGALORE", -1),
            ("UBER INDIA SYSTEMS PVT LTD NEW DELHI", -1), ("INDIAN OIL FUEL STATION PUNE", -1),
            ("NETFLIX.COM LOS GATOS US (Ref# 74111236245\nUSD 15.49 @ 84.12)", -1),
            ("MAKEMYTRIP INDIA PVT LTD GURGAON (Ref#\n09999999926091200012345 31/02/26)", -1),
            ("AMAZON REFUND MUMBAI", 1)]


@dataclass
class CardStatement:
    holder: str
    card: str
    start: dt.date
    end: dt.date
    issue: dt.date
    acc: Account  # balances negative: money owed
    amount_override: dict = field(default_factory=dict)
    dues_override: int | None = None


def card_statement() -> CardStatement:
    start, end = dt.date(2026, 8, 19), dt.date(2026, 11, 18)
    rng = random.Random(41)
    acc = Account("Platinum Rewards", "", "INR", -1_824_050, [])
    rows = []
    for _ in range(30):
        d = start + dt.timedelta(days=rng.randint(1, (end - start).days))
        text, sign = rng.choice(IN_DESCS)
        amount = -rng.randint(15_000, 600_000) if sign < 0 else rng.randint(5_000, 60_000)
        rows.append(Txn(d, text, -130_302 if text.startswith("NETFLIX") else amount))  # USD 15.49 @ 84.12
    for month, amount in ((9, 1_824_050), (10, 2_200_000), (11, 2_500_000)):
        rows.append(Txn(dt.date(2026, month, 6), "PAYMENT RECEIVED - THANK YOU (BBPS)", amount))
    rows.sort(key=lambda t: t.date)
    recompute(acc.opening, rows)
    acc.txns = rows
    assert acc.closing < 0
    return CardStatement(f"PRIYA SHARMA {MARKER}", "4375 XXXX XXXX 1234", start, end, end, acc)


def d_in(d: dt.date) -> str:
    return d.strftime("%d/%m/%y")


def card_amount(cents: int) -> str:
    return f"{unsigned(cents)} {'Cr' if cents > 0 else 'Dr'}"


def render_card(st: CardStatement, path: Path) -> None:
    pen = Pen("Ganges Bank Card Statements", "Credit Card Statement", at(st.issue, 3))
    acc = st.acc
    amounts = [st.amount_override.get(i, t.amount) for i, t in enumerate(acc.txns)]
    X = {"date": 40, "desc": 100, "pts": 440, "amt": 556}
    pages = paginate(list(range(len(acc.txns))), 24, 44, lambda i: acc.txns[i].desc.count("\n") + 1)
    dues = -(st.dues_override if st.dues_override is not None else acc.closing)
    limit = 30_000_000
    for p, idxs in enumerate(pages, start=1):
        pen.page()
        pen.set("Helvetica", "B", 15)
        pen.text(40, 50, "GANGES BANK")
        pen.set("Helvetica", "", 10)
        pen.text(556, 50, "Platinum Rewards Credit Card Statement", right=True)
        y = 76
        pen.set("Helvetica", "", 9)
        if p == 1:
            pen.text(40, y, st.holder)
            pen.text(40, y + 11, "FLAT 402, EXAMPLE RESIDENCY, BANDRA WEST")
            pen.text(40, y + 22, "MUMBAI 400050")
            y += 44
            grids = [
                [("Card No.", st.card), ("Statement Date", f"{st.issue:%d / %m / %Y}"),
                 ("Payment Due Date", f"{dt.date(2026, 12, 8):%d / %m / %Y}"),
                 ("Statement Period", f"{st.start:%d / %m / %Y} To {st.end:%d / %m / %Y}")],
                [("Credit Limit", "Rs. " + unsigned(limit)), ("Available Credit Limit", "Rs. " + unsigned(limit - dues)),
                 ("Cash Limit", "Rs. " + unsigned(limit // 5)), ("Minimum Amount Due", "Rs. " + unsigned(max(20_000, dues // 20)))],
            ]
            for grid in grids:
                for x, (label, value) in zip((40, 170, 300, 430), grid):
                    pen.set("Helvetica", "B", 8)
                    pen.text(x, y, label)
                    pen.set("Helvetica", "", 9)
                    pen.text(x, y + 12, value)
                y += 32
            pen.set("Helvetica", "B", 10)
            pen.text(40, y + 4, "Account Summary")
            y += 12
            pen.rect(38, y, 519, 36)
            payments = sum(a for a in amounts if a > 0)
            purchases = -sum(a for a in amounts if a < 0)
            cells = [("Opening Balance", f"Rs. {unsigned(acc.opening)} Dr."), ("- Payments/Credits", f"Rs. {unsigned(payments)} Cr."),
                     ("+ Purchases/Debits", f"Rs. {unsigned(purchases)} Dr."), ("+ Finance Charges", "Rs. 0.00"),
                     ("= Total Dues", f"Rs. {unsigned(dues)} Dr.")]
            for x, (label, value) in zip((44, 150, 256, 362, 458), cells):
                pen.set("Helvetica", "B", 8)
                pen.text(x, y + 13, label)
                pen.set("Helvetica", "", 9)
                pen.text(x, y + 28, value)
            y += 56
        else:
            pen.text(40, y, f"Card No. {st.card}    Statement Date {d_in(st.issue)}")
            y += 22
        pen.set("Helvetica", "B", 9)
        pen.text(X["date"], y, "Date")
        pen.text(X["desc"], y, "Transaction Details")
        pen.text(X["pts"], y, "Reward Points", right=True)
        pen.text(X["amt"], y, "Amount (in Rs.)", right=True)
        pen.line(38, y + 4, 557, y + 4)
        y += 16
        pen.set("Helvetica", "", 9)
        for i in idxs:
            t = acc.txns[i]
            lines = t.desc.split("\n")
            pen.text(X["date"], y, d_in(t.date))
            for k, line in enumerate(lines):
                pen.text(X["desc"], y + 11 * k, line)
            y_amt = y + 11 * (len(lines) - 1)  # a wrapped row prints its amount on its last line
            pen.text(X["pts"], y_amt, str(max(0, -amounts[i]) // 10_000) if amounts[i] < 0 else "0", right=True)
            pen.text(X["amt"], y_amt, card_amount(amounts[i]), right=True)
            y = y_amt + 14
        if p == len(pages):
            y += 16
            pen.set("Helvetica", "B", 9)
            pen.text(40, y, "Reward Points Summary")
            pen.set("Helvetica", "", 9)
            earned = sum(max(0, -a) // 10_000 for a in amounts)
            for x, label, value in ((40, "Opening", "4,210"), (150, "Earned", str(earned)), (260, "Redeemed", "0"),
                                    (370, "Closing", f"{4_210 + earned:,}")):
                pen.text(x, y + 14, label)
                pen.text(x, y + 26, value)
        pen.set("Helvetica", "", 7)
        pen.text(40, 808, f"Ganges Bank Ltd (invented bank, test fixture). GSTIN 27AAACG0000A1Z5. Page {p} of {len(pages)}")
    pen.save(path)


def build_card(out: Path, m: Manifest) -> None:
    st = card_statement()
    acc = st.acc
    g = out / "genuine-in-card.pdf"
    render_card(st, g)
    m.add(g.name, "pass", [], """Indian credit-card layout (fpdf2, Helvetica): `DD/MM/YY` dates, amounts `1,234.56 Dr` / `25,000.00 Cr`
          in one column, no running balance; wrapped rows whose amount and reward points stand on the row's second line (the
          first line holds a `Ref#` number, the second `USD 15.49 @ 84.12` or `31/02/26` inside the reference); header values
          under their labels, with the spaced dates `18 / 11 / 2026`, `19 / 08 / 2026 To 18 / 11 / 2026`; an Account Summary box `Opening Balance` / `- Payments/Credits` / `+ Purchases/Debits` / `+ Finance
          Charges` / `= Total Dues` with values `Rs. 18,240.50 Dr.`, `Rs. ... Cr.` under the labels (Dr = owed: the card's
          balance is negative); a Reward Points Summary (not money)""", arithmetic="account-totals")
    words = re.findall(r"\S+", text_of(g))
    victim = next(t for t in acc.txns[4:] if t.amount < -100_000 and words.count(unsigned(t.amount)) == 1)
    old = unsigned(victim.amount)
    new = str(int(old[0]) - 1 if old[0] not in "01" else 1) + old[1:]
    stream_edit(g, out / "forged-in-card-amount-stream.pdf", old + " Dr", new + " Dr")
    m.add("forged-in-card-amount-stream.pdf", "fail", ["BALANCE_TOTALS_MISMATCH"],
          f"""genuine-in-card with the purchase of {d_in(victim.date)} lowered from {old} to {new} in the content stream (qpdf):
          the rows no longer sum to Purchases/Debits""", arithmetic="account-totals")
    dues = unsigned(acc.closing)
    overlay(g, out / "forged-in-card-dues-overlay.pdf", dues, unsigned(acc.closing + 1_000_000), 9)
    m.add("forged-in-card-dues-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-in-card with the Total Dues (Rs. {dues}) covered by a white box and a lower figure typed on top""",
          arithmetic="account-totals")
    i = next(k for k, t in enumerate(acc.txns) if t.desc.startswith("PAYMENT") and t.date.month == 10)
    forged = CardStatement(**{**st.__dict__, "amount_override": {i: acc.txns[i].amount + 1_500_000}})
    fpath = forged_render(render_card, forged)
    page = next(p for p, chunk in enumerate(text_of(g).split("\f")) if card_amount(acc.txns[i].amount) in chunk)
    incremental_pages(g, out / "forged-in-card-payment-incremental.pdf", fpath, [page])
    m.add("forged-in-card-payment-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_TOTALS_MISMATCH"],
          f"""genuine-in-card with the payment of {d_in(acc.txns[i].date)} raised by 15,000.00, page {page + 1} replaced in an
          incremental update (pypdf) with the summary's Payments/Credits re-added to match; Total Dues left: Opening
          Balance - Payments/Credits + Purchases/Debits no longer gives Total Dues""",
          arithmetic="account-totals")


# =======================================================================================
# de-spk: German savings-bank statement, one Betrag column with a trailing minus (reportlab)

DE_SPK_DESCS = [
    ("Lastschrift\nStadtwerke Beispielstadt GmbH\nAbschlag {vm} Vertragskonto 4711\nMandat M-2024-31.02 Gläubiger-ID DE98ZZZ09999999999", -1),
    ("Kartenzahlung\nREWE Markt GmbH//Beispielstadt/DE\n{iso} Debitk.1 2029-12", -1),
    ("Kartenzahlung\nDM Drogerie Markt//Beispielstadt/DE\n{iso} Debitk.1 2029-12", -1),
    ("Überweisung\nHausverwaltung Muster KG\nMiete Whg. 3 OG links", -1),
    ("Gutschrift\nAnna Beispiel\nAnteil Urlaub 30.02.-04.03.", 1),
    ("Bargeldauszahlung\nGA Sparkasse Beispielstadt\n{iso} Debitk.1 2029-12", -1),
    ("Dauerauftrag\nJonas Beispiel Sparbuch\nSparen", -1),
]


@dataclass
class SpkStatement:
    holder: str
    iban: str
    start: dt.date
    end: dt.date
    issue: dt.date
    acc: Account
    closing_override: int | None = None


def spk_statement() -> SpkStatement:
    start, end = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    acc = Account("Giro", "", "EUR", 2_245_678, [])
    acc.txns = gen_txns(51, start, end, 26, acc.opening, DE_SPK_DESCS,
                        ("Gehalt/Rente\nBeispiel Maschinenbau AG\nLohn/Gehalt {vm} PersNr 0815", 298_700), salary_day=28,
                        max_credit=20_000)
    return SpkStatement(f"Herrn Jonas Beispiel {MARKER}", iban_complete("DE", "120300000012345678"), start, end,
                        dt.date(2026, 11, 2), acc)


def render_spk(st: SpkStatement, path: Path) -> None:
    from reportlab.pdfgen import canvas

    os.environ["SOURCE_DATE_EPOCH"] = S.epoch(st.issue, 5)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setProducer("Sparkasse Beispielstadt Kontoauszugsdrucker")
    c.setCreator("OSPlus-Kontoauszug 4.2")
    c.setTitle("Kontoauszug")
    W, H = A4
    acc = st.acc
    X = {"bu": 40, "va": 80, "vo": 125, "betrag": 555}

    def desc_lines(t: Txn) -> list[str]:
        iso = dt.datetime(t.date.year, t.date.month, t.date.day, 10 + t.amount % 9, 23).strftime("%Y-%m-%dT%H:%M")
        return t.desc.replace("{vm}", t.date.strftime("%m/%Y")).replace("{iso}", iso).split("\n")

    pages = paginate(list(range(len(acc.txns))), 36, 52, lambda i: len(desc_lines(acc.txns[i])))
    for p, idxs in enumerate(pages, start=1):
        c.setFont("Helvetica-Bold", 15)
        c.drawString(40, H - 50, "Sparkasse Beispielstadt")
        c.setFont("Helvetica", 9)
        c.drawRightString(555, H - 50, f"Kontoauszug 3/2026   Blatt {p}/{len(pages)}")
        y = H - 78
        if p == 1:
            c.drawString(40, y, st.holder)
            c.drawString(40, y - 11, "Musterweg 5")
            c.drawString(40, y - 22, "12345 Beispielstadt")
            c.drawString(330, y, "Girokonto")
            c.drawString(330, y - 11, f"IBAN {group4(st.iban)}")
            c.drawString(330, y - 22, "BIC BSPKDE3BXXX")
            c.drawString(330, y - 33, f"Zeitraum {st.start:%d.%m.%Y} - {st.end:%d.%m.%Y}")
            c.drawString(330, y - 44, f"Erstellt am {d_de_long(st.issue)}")
            y -= 70
        else:
            c.drawString(40, y, f"IBAN {group4(st.iban)}")
            y -= 22
        c.setFont("Helvetica-Bold", 9)
        c.drawString(X["bu"], y, "Buchung")
        c.drawString(X["va"], y, "Valuta")
        c.drawString(X["vo"], y, "Vorgang")
        c.drawRightString(X["betrag"], y, "Betrag EUR")
        c.line(38, y - 4, 557, y - 4)
        y -= 16
        c.setFont("Helvetica", 9)
        if p == 1:
            c.setFont("Helvetica-Bold", 9)
            c.drawString(X["vo"], y, f"Alter Kontostand vom {st.start - dt.timedelta(days=1):%d.%m.%Y}")
            c.setFont("Helvetica", 9)
            c.drawRightString(X["betrag"], y, trailing_minus(acc.opening))
            y -= 16
        for i in idxs:
            t = acc.txns[i]
            valuta = t.date + dt.timedelta(days={5: 2, 6: 1}.get(t.date.weekday(), 0))
            c.drawString(X["bu"], y, t.date.strftime("%d.%m"))
            c.drawString(X["va"], y, valuta.strftime("%d.%m"))
            for k, line in enumerate(desc_lines(t)):
                c.drawString(X["vo"], y - 10.5 * k, line)
            c.drawRightString(X["betrag"], y, trailing_minus(t.amount))
            y -= 10.5 * len(desc_lines(t)) + 4
        if p == len(pages):
            y -= 8
            c.line(300, y + 8, 557, y + 8)
            closing = st.closing_override if st.closing_override is not None else acc.closing
            c.drawString(X["vo"], y, "Summe Soll")
            c.drawRightString(X["betrag"], y, trailing_minus(-acc.debits))
            c.drawString(X["vo"], y - 12, "Summe Haben")
            c.drawRightString(X["betrag"], y - 12, trailing_minus(acc.credits))
            c.setFont("Helvetica-Bold", 9)
            c.drawString(X["vo"], y - 28, f"Neuer Kontostand vom {st.end:%d.%m.%Y}")
            c.setFont("Helvetica", 9)
            c.drawRightString(X["betrag"], y - 28, trailing_minus(closing))
        c.setFont("Helvetica", 7)
        c.drawString(40, 40, "Bitte erheben Sie Einwendungen gegen einzelne Buchungen unverzüglich. Guthaben sind als Einlagen nach "
                     "Maßgabe des Einlagensicherungsgesetzes entschädigungsfähig.")
        c.drawString(40, 30, "Sparkasse Beispielstadt (erfundene Bank, Testdatei) · Anstalt des öffentlichen Rechts")
        c.showPage()
    c.save()


def build_spk(out: Path, m: Manifest) -> None:
    st = spk_statement()
    acc = st.acc
    g = out / "genuine-de-spk.pdf"
    not_parked(st.acc.txns, st.end, st.acc.closing)
    render_spk(st, g)
    m.add(g.name, "pass", [], """German savings-bank layout (reportlab, Helvetica): Buchung / Valuta / Vorgang / Betrag EUR with
          `DD.MM` dates without a year (year from `Zeitraum 01.08.2026 - 31.10.2026`), one amount column with debits as
          `1.234,56-` (trailing minus) and credits unsigned, no running balance; Vorgang over 3-4 lines holding `09/2026`,
          `2026-08-14T10:23`, `2029-12`, `31.02` and `30.02.-04.03.` (not dates of the row); `Alter Kontostand vom 31.07.2026`
          before the rows, `Summe Soll` / `Summe Haben` and `Neuer Kontostand vom 31.10.2026` after them; `Erstellt am 2.
          November 2026` (German month name)""", arithmetic="account-totals")
    words = re.findall(r"\S+", text_of(g))
    victim = next(t for t in acc.txns[5:] if t.amount < -10_000 and words.count(trailing_minus(t.amount)) == 1)
    old = trailing_minus(victim.amount)
    new = str(int(old[0]) + 1 if old[0] != "9" else 1) + old[1:]
    stream_edit(g, out / "forged-de-spk-amount-stream.pdf", old, new)
    m.add("forged-de-spk-amount-stream.pdf", "fail", ["BALANCE_TOTALS_MISMATCH"],
          f"""genuine-de-spk with the debit of {victim.date:%d.%m.} changed from {old} to {new} in the content stream (qpdf):
          the rows no longer sum to Summe Soll, and Alter Kontostand + Haben - Soll no longer gives the Neuer Kontostand""",
          arithmetic="account-totals")
    forged = SpkStatement(**{**st.__dict__, "closing_override": acc.closing + 800_000})
    n_pages = text_of(g).count("\f")
    incremental_pages(g, out / "forged-de-spk-closing-incremental.pdf", forged_render(render_spk, forged), [n_pages - 1])
    m.add("forged-de-spk-closing-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_TOTALS_MISMATCH"],
          f"""genuine-de-spk with the Neuer Kontostand raised by 8.000,00 to {trailing_minus(acc.closing + 800_000)}, the last
          page replaced in an incremental update (pypdf)""", arithmetic="account-totals")
    victim = next(t for t in acc.txns[2:] if t.amount > 0 and words.count(trailing_minus(t.amount)) == 1)
    overlay(g, out / "forged-de-spk-amount-overlay.pdf", trailing_minus(victim.amount), trailing_minus(victim.amount + 100_000), 9)
    m.add("forged-de-spk-amount-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-de-spk with the credit of {victim.date:%d.%m.} ({trailing_minus(victim.amount)}) covered by a white box
          and {trailing_minus(victim.amount + 100_000)} typed on top""", arithmetic="account-totals")


# =======================================================================================
# ch: Swiss private account in French, apostrophe thousands (reportlab, Times)

CH_DESCS = [("Paiement carte Migros Genève\nCarte 5168 XXXX XXXX 1234", -1), ("Paiement carte Coop Lausanne\nCarte 5168 XXXX XXXX 1234", -1),
            ("Ordre permanent\nRégie du Lac SA loyer", -1), ("Débit direct LSV\nAssura SA prime 08-12/26", -1),
            ("Virement TWINT\nde M. Rochat 31.02 souper", 1), ("Retrait Bancomat\nBCL Genève Cornavin", -1),
            ("eBill Swisscom (Suisse) SA\nFacture 4471-3002-2026", -1)]


@dataclass
class ChStatement:
    holder: str
    iban: str
    start: dt.date
    end: dt.date
    issue: dt.date
    acc: Account
    amount_override: dict = field(default_factory=dict)


def ch_statement() -> ChStatement:
    start, end = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    acc = Account("Compte privé", "", "CHF", 2_345_050, [])
    acc.txns = gen_txns(61, start, end, 28, acc.opening, CH_DESCS, ("Virement salaire\nHorlogerie Exemple SA", 712_000),
                        salary_day=25, max_credit=30_000)
    return ChStatement(f"Madame Claire Dupont {MARKER}", iban_complete("CH", "00762011623852957"), start, end,
                       dt.date(2026, 11, 3), acc)


def render_ch(st: ChStatement, path: Path) -> None:
    from reportlab.pdfgen import canvas

    os.environ["SOURCE_DATE_EPOCH"] = S.epoch(st.issue, 6)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setProducer("BCL e-Documents")
    c.setCreator("BCL Relevés 2.0")
    c.setTitle("Relevé de compte")
    W, H = A4
    acc = st.acc
    X = {"date": 40, "text": 90, "debit": 380, "credit": 445, "val": 455, "bal": 555}
    amounts = [st.amount_override.get(i, t.amount) for i, t in enumerate(acc.txns)]
    pages = paginate(list(range(len(acc.txns))), 40, 52, lambda i: acc.txns[i].desc.count("\n") + 1)
    for p, idxs in enumerate(pages, start=1):
        c.setFont("Times-Bold", 15)
        c.drawString(40, H - 50, "Banque Cantonale du Léman")
        c.setFont("Times-Roman", 10)
        c.drawRightString(555, H - 50, "Relevé de compte")
        y = H - 78
        if p == 1:
            for label, value in (("Titulaire", st.holder), ("Compte", "Compte privé CHF"), ("IBAN", group4(st.iban)),
                                 ("Période", f"du {d_fr(st.start)} au {d_fr(st.end)}"), ("Date d'édition", d_fr(st.issue))):
                c.drawString(40, y, label)
                c.drawString(130, y, value)
                y -= 12
            y -= 14
        else:
            c.drawString(40, y, f"IBAN {group4(st.iban)}   page {p}/{len(pages)}")
            y -= 22
        c.setFont("Times-Bold", 10)
        c.drawString(X["date"], y, "Date")
        c.drawString(X["text"], y, "Texte")
        c.drawRightString(X["debit"], y, "Débit")
        c.drawRightString(X["credit"], y, "Crédit")
        c.drawString(X["val"], y, "Valeur")
        c.drawRightString(X["bal"], y, "Solde")
        c.line(38, y - 4, 557, y - 4)
        y -= 16
        c.setFont("Times-Roman", 10)
        if p == 1:
            c.drawString(X["date"], y, (st.start - dt.timedelta(days=1)).strftime("%d.%m.%y"))
            c.drawString(X["text"], y, "Solde précédent")
            c.drawRightString(X["bal"], y, fmt_ch(acc.opening))
            y -= 14
        for i in idxs:
            t = acc.txns[i]
            lines = t.desc.split("\n")
            c.drawString(X["date"], y, t.date.strftime("%d.%m.%y"))
            for k, line in enumerate(lines):
                c.drawString(X["text"], y - 11 * k, line)
            c.drawRightString(X["debit" if amounts[i] < 0 else "credit"], y, fmt_ch(amounts[i]))
            c.drawString(X["val"], y, t.date.strftime("%d.%m.%y"))
            c.drawRightString(X["bal"], y, fmt_ch(t.balance))
            y -= 11 * len(lines) + 3
        if p == len(pages):
            c.line(300, y + 8, 557, y + 8)
            c.drawString(X["text"], y - 4, "Total des mouvements")
            c.drawRightString(X["debit"], y - 4, fmt_ch(acc.debits))
            c.drawRightString(X["credit"], y - 4, fmt_ch(acc.credits))
            c.setFont("Times-Bold", 10)
            c.drawString(X["text"], y - 20, f"Solde en votre faveur au {st.end:%d.%m.%Y}")
            c.setFont("Times-Roman", 10)
            c.drawRightString(X["bal"], y - 20, "CHF " + fmt_ch(acc.closing))
        c.setFont("Times-Roman", 7)
        c.drawString(40, 30, "Banque Cantonale du Léman (banque fictive, fichier de test). Sauf erreur ou omission.")
        c.showPage()
    c.save()


def build_ch(out: Path, m: Manifest) -> None:
    st = ch_statement()
    acc = st.acc
    g = out / "genuine-ch.pdf"
    not_parked(st.acc.txns, st.end, st.acc.closing)
    render_ch(st, g)
    m.add(g.name, "pass", [], """Swiss private account in French (reportlab, Times): Date / Texte / Débit / Crédit / Valeur / Solde
          (a date column between the amounts and the balance), `DD.MM.YY` dates, amounts `1'234.50` (apostrophe thousands);
          first row `Solde précédent`, a `Total des mouvements` line under the Débit and Crédit columns, `Solde en votre faveur au
          31.10.2026` with `CHF 12'345.60`; header period `du 1 août 2026 au 31 octobre 2026` and `Date d'édition 3 novembre
          2026` (French month names); descriptions on two lines holding `31.02`, `08-12/26`, `4471-3002-2026`""",
          arithmetic="running-balance")
    words = re.findall(r"\S+", text_of(g))
    victim = next(t for t in acc.txns[6:] if t.amount < -10_000 and words.count(fmt_ch(t.amount)) == 1)
    old = fmt_ch(victim.amount)
    new = str(int(old[0]) + 1 if old[0] != "9" else 1) + old[1:]
    stream_edit(g, out / "forged-ch-amount-stream.pdf", old, new)
    m.add("forged-ch-amount-stream.pdf", "fail", ["BALANCE_CHAIN_BROKEN"],
          f"""genuine-ch with the debit of {victim.date:%d.%m.%y} changed from {old} to {new} in the content stream (qpdf);
          balances left""", arithmetic="running-balance")
    victim = acc.txns[20]
    overlay(g, out / "forged-ch-balance-overlay.pdf", fmt_ch(victim.balance), fmt_ch(victim.balance + 1_000_000), 10, "Times-Roman")
    m.add("forged-ch-balance-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-ch with the balance of {victim.date:%d.%m.%y} ({fmt_ch(victim.balance)}) covered by a white box and
          {fmt_ch(victim.balance + 1_000_000)} typed on top""", arithmetic="running-balance")
    i = next(k for k, t in enumerate(acc.txns) if k > 3 and t.amount > 0 and t.amount < 700_000)
    forged = ChStatement(**{**st.__dict__, "amount_override": {i: acc.txns[i].amount + 500_000}})
    incremental_pages(g, out / "forged-ch-amount-incremental.pdf", forged_render(render_ch, forged), [0])
    m.add("forged-ch-amount-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_CHAIN_BROKEN"],
          f"""genuine-ch with the credit of {acc.txns[i].date:%d.%m.%y} raised by 5'000.00 to {fmt_ch(acc.txns[i].amount + 500_000)},
          page 1 replaced in an incremental update (pypdf); balances left""", arithmetic="running-balance")


# =======================================================================================
# nz: New Zealand account, Particulars/Code/Reference, one signed amount (fpdf2 + DejaVu Sans)
# garbled: the same file with the font's ToUnicode map removed

NZ_DESCS = [
    (("EFTPOS COUNTDOWN PONSONBY", "4835****1234", "", "C"), -1),
    (("AP#1234567 TO KAURI RENTALS", "RENT", "FLAT 2", "31/02/26"), -1),
    (("BILL PAYMENT MERCURY NZ", "ELECTRICITY", "INV", "30 02 26"), -1),
    (("DEBIT CARD PURCHASE Z ENERGY", "4835****1234", "", "WESTHAVEN"), -1),
    (("TRANSFER FROM T WILLIAMS", "FLATMATE", "POWER", "SEP"), 1),
    (("ATM WITHDRAWAL KOWHAI QUEEN ST", "", "", ""), -1),
    (("DD SOUTHERN CROSS HEALTH", "PREMIUM", "", "12-3456-78"), -1),
]


@dataclass
class NzStatement:
    holder: str
    account: str
    start: dt.date
    end: dt.date
    issue: dt.date
    acc: Account
    amount_override: dict = field(default_factory=dict)
    # "amounts": every amount and balance of the table drawn as glyph outlines; "header": the
    # column header drawn so (the unreadable variants: the table shows, its text layer lacks it)
    outlined: str = ""


def nz_statement() -> NzStatement:
    start, end = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    acc = Account("Streamline", "12-3456-0123456-00", "NZD", 3_843_260, [])
    descs = [("\t".join(d), sign) for d, sign in NZ_DESCS]
    acc.txns = gen_txns(71, start, end, 30, acc.opening, descs,
                        ("\t".join(("SALARY KAURI LOGISTICS LTD", "WAGES", "", "PAY 0926")), 415_000), salary_day=20,
                        max_credit=25_000)
    # rows in posting order: card purchases show the day they were made, one to three days before
    # they were posted, so the printed dates step back a little now and then (not DATE_ORDER)
    stepped = 0
    for k, t in enumerate(acc.txns):
        prev = acc.txns[k - 1] if k else None
        if prev and not prev.date_text and t.desc.startswith(("EFTPOS", "DEBIT CARD")) and (t.date - prev.date).days <= 2:
            made = prev.date - dt.timedelta(days=1)  # made the day before the previous row was posted
            if made >= start:
                t.date_text = d_mon_yy_upper(made)
                stepped += 1
    assert stepped >= 2, stepped
    return NzStatement(f"MS ARIA TANE {MARKER}", acc.number, start, end, dt.date(2026, 11, 3), acc)


def render_nz(st: NzStatement, path: Path) -> None:
    pen = Pen("Kōwhai Bank Internet Banking", "Account Statement", at(st.issue, 4))
    pen.add_font("DejaVu", DEJAVU)
    acc = st.acc
    amounts = [st.amount_override.get(i, t.amount) for i, t in enumerate(acc.txns)]
    X = {"date": 36, "tx": 92, "part": 270, "code": 345, "ref": 392, "amt": 500, "bal": 559}
    pages = paginate(list(range(len(acc.txns))), 40, 52, lambda i: 1)
    for p, idxs in enumerate(pages, start=1):
        pen.page()
        pen.set("DejaVu", "", 15)
        pen.text(36, 50, "Kōwhai Bank")
        pen.set("DejaVu", "", 10)
        pen.text(559, 50, "Account Statement", right=True)
        pen.set("DejaVu", "", 8.5)
        y = 76
        if p == 1:
            pen.text(36, y, st.holder)
            pen.text(36, y + 11, "14 EXAMPLE TERRACE")
            pen.text(36, y + 22, "PONSONBY AUCKLAND 1011")
            for k, (label, value) in enumerate((("Account", f"Streamline {st.account}"),
                                                ("Statement period", f"{d_mon_yy_upper(st.start)} - {d_mon_yy_upper(st.end)}"),
                                                ("Statement date", d_mon_yy_upper(st.issue)))):
                pen.text(330, y + 11 * k, label)
                pen.text(420, y + 11 * k, value)
            y += 48
        else:
            pen.text(36, y, f"Streamline {st.account}   Page {p} of {len(pages)}")
            y += 22
        header = pen.text if st.outlined != "header" else lambda x, y, s, right=False: pen.outline(x, y, s, 8.5, right)
        money = pen.text if st.outlined != "amounts" else lambda x, y, s, right=False: pen.outline(x, y, s, 8.5, right)
        for key, label in (("date", "Date"), ("tx", "Transaction"), ("part", "Particulars"), ("code", "Code"), ("ref", "Reference")):
            header(X[key], y, label)
        header(X["amt"], y, "Amount", right=True)
        header(X["bal"], y, "Balance", right=True)
        pen.line(34, y + 4, 561, y + 4)
        y += 15
        if p == 1:
            pen.text(X["date"], y, d_mon_yy_upper(st.start))
            pen.text(X["tx"], y, "OPENING BALANCE")
            money(X["bal"], y, unsigned(acc.opening), right=True)
            y += 12.5
        for i in idxs:
            t = acc.txns[i]
            tx, part, code, ref = t.desc.split("\t")
            pen.text(X["date"], y, t.date_text or d_mon_yy_upper(t.date))
            for key, value in (("tx", tx), ("part", part), ("code", code), ("ref", ref)):
                if value:
                    pen.text(X[key], y, value)
            money(X["amt"], y, signed_plus(amounts[i]), right=True)
            money(X["bal"], y, unsigned(t.balance), right=True)
            y += 12.5
        if p == len(pages):
            pen.text(X["date"], y, d_mon_yy_upper(st.end))
            pen.text(X["tx"], y, "CLOSING BALANCE")
            money(X["bal"], y, unsigned(acc.closing), right=True)
        pen.set("DejaVu", "", 6.5)
        pen.text(36, 810, "Kōwhai Bank Limited (invented bank, test fixture). Registered bank under the Banking (Prudential "
                 "Supervision) Act.")
    pen.save(path)


def strip_tounicode(src: Path, dst: Path) -> None:
    """Rewrites `src` without the fonts' /ToUnicode maps (pypdf), the Info dictionary kept."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
    writer.add_metadata({k: v for k, v in (reader.metadata or {}).items()})
    with open(dst, "wb") as f:
        writer.write(f)


def build_nz(out: Path, m: Manifest) -> None:
    st = nz_statement()
    acc = st.acc
    g = out / "genuine-nz.pdf"
    not_parked(st.acc.txns, st.end, st.acc.closing)
    render_nz(st, g)
    m.add(g.name, "pass", [], """New Zealand layout (fpdf2 + embedded DejaVu Sans subset, Identity-H): Date / Transaction /
          Particulars / Code / Reference / Amount / Balance, `02 SEP 26` dates (DD MON YY), one signed amount column
          `+4,150.00` / `-45.60`, running balance; OPENING BALANCE and CLOSING BALANCE rows; Reference cells `31/02/26` and
          `30 02 26` (not dates), an account number `12-3456-0123456-00`; header period `01 AUG 26 - 31 OCT 26`; rows in
          posting order, card purchases dated the day they were made (1-3 days before posting), so a date now and then is
          earlier than the row above it: posting order, not DATE_ORDER""",
          arithmetic="running-balance")
    i = next(k for k, t in enumerate(acc.txns) if k > 5 and t.amount < -5_000)
    forged = NzStatement(**{**st.__dict__, "amount_override": {i: acc.txns[i].amount // 2}})
    incremental_pages(g, out / "forged-nz-amount-incremental.pdf", forged_render(render_nz, forged), [0])
    m.add("forged-nz-amount-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_CHAIN_BROKEN"],
          f"""genuine-nz with the debit of {d_mon_yy_upper(acc.txns[i].date)} halved to {signed_plus(acc.txns[i].amount // 2)}
          (balances left), page 1 replaced in an incremental update (pypdf)""", arithmetic="running-balance")
    victim = acc.txns[-4]
    overlay(g, out / "forged-nz-balance-overlay.pdf", unsigned(victim.balance), unsigned(victim.balance + 900_000), 8.5)
    m.add("forged-nz-balance-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-nz with the balance of {d_mon_yy_upper(victim.date)} ({unsigned(victim.balance)}) covered by a white box
          and {unsigned(victim.balance + 900_000)} typed on top""", arithmetic="running-balance")
    bad = NzStatement(**{**st.__dict__, "acc": Account(**{**acc.__dict__, "txns": [Txn(**{**t.__dict__}) for t in acc.txns]})})
    row = next(t for t in bad.acc.txns if t.date.month == 9 and t.date.day >= 25 and not t.date_text)
    row.date_text = "31 SEP 26"
    render_nz(bad, out / "forged-nz-impossible-date.pdf")
    m.add("forged-nz-impossible-date.pdf", "fail", ["DATE_INVALID"],
          f"""genuine-nz retyped with the row of {d_mon_yy_upper(row.date)} dated `31 SEP 26` in its date cell (the
          Reference cells `31/02/26` are not dates); balances unchanged""", arithmetic="running-balance")
    strip_tounicode(g, out / "genuine-garbled.pdf")
    m.add("genuine-garbled.pdf", "review", ["TEXT_LAYER_GARBLED"],
          """genuine-nz rewritten (pypdf) without the embedded font's /ToUnicode map: the font is Identity-H with glyph
          codes only, so extracted text is control characters and glyph numbers, not words (what fonts without a Unicode map
          give). Nothing can be checked: `review` with TEXT_LAYER_GARBLED (proposed code, warn), never UNKNOWN_KIND and never
          `fail`; fields.arithmetic.method `none`""", arithmetic="none")


# =======================================================================================
# alipay / wechat: payment-platform transaction proofs, signed with a TEST platform key

PAY_PARTIES = [("支出", "美团外卖", "外卖订单", 2_000, 12_000), ("支出", "滴滴出行", "快车 行程", 1_500, 9_000),
               ("支出", "盒马鲜生", "商品订单", 3_000, 40_000), ("支出", "中国移动", "话费充值", 5_000, 20_000),
               ("支出", "王芳", "转账", 10_000, 150_000), ("收入", "李娜", "转账", 5_000, 200_000),
               ("收入", "闲鱼买家", "二手交易 订单31/02", 2_000, 60_000), ("支出", "国家电网", "电费 2026年08-09月", 8_000, 30_000)]


@dataclass
class PayRow:
    when: dt.datetime
    direction: str  # 收入 / 支出 / 不计收支
    party: str
    item: str
    method: str
    amount: int  # unsigned, minor units
    order: str


@dataclass
class PayProof:
    platform: str  # alipay / wechat
    holder: str
    id_masked: str
    account: str
    start: dt.date
    end: dt.date
    issue: dt.datetime
    number: str
    rows: list[PayRow]
    filter_note: str | None = None
    amount_override: dict = field(default_factory=dict)
    total_override: dict = field(default_factory=dict)  # direction -> printed total

    def amount(self, i: int) -> int:
        return self.amount_override.get(i, self.rows[i].amount)

    def totals(self) -> dict:
        out = {}
        for d in ("收入", "支出", "不计收支"):
            idx = [i for i, r in enumerate(self.rows) if r.direction == d]
            # the printed totals are the platform's: a row retyped later does not change them
            out[d] = (len(idx), self.total_override.get(d, sum(self.rows[i].amount for i in idx)))
        return out


def pay_rows(seed: int, start: dt.date, end: dt.date, n: int, methods: list[str], salary: str | None,
             only: str | None = None) -> list[PayRow]:
    rng = random.Random(seed)
    rows = []
    span = (end - start).days
    for k in range(n):
        direction, party, item, lo, hi = rng.choice(PAY_PARTIES)
        when = dt.datetime.combine(start + dt.timedelta(days=rng.randint(0, span)), dt.time(rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59)))
        method = methods[0] if direction == "收入" else rng.choice(methods)
        rows.append(PayRow(when, direction, party, item, method, rng.randint(lo, hi), ""))
    for k in range(3):  # money moved to the platform's fund and back: neither income nor spending
        when = dt.datetime.combine(start + dt.timedelta(days=20 + 30 * k), dt.time(3, 12, 8))
        rows.append(PayRow(when, "不计收支", "余额宝", "余额宝-自动转入", methods[0], rng.randint(20_000, 90_000), ""))
    if salary:
        for month in (8, 9, 10):
            when = dt.datetime(2026, month, 15, 10, 2, 41)
            rows.append(PayRow(when, "收入", salary, "转账-工资", methods[0], 1_250_000, ""))
    if only:
        rows = [r for r in rows if r.direction == only]
    rows.sort(key=lambda r: r.when)
    for k, r in enumerate(rows):
        r.order = f"{r.when:%Y%m%d}2200{14 + k % 7}{rng.randint(10**12, 10**13 - 1)}"
    return rows


def platform_signer(platform: str):
    """A pyHanko signer for a TEST payment-platform key: root and signer keys derived from fixed
    seeds, certificates signed with RFC 6979 ECDSA, so every rebuild makes the same chain. The root
    is in no trust store (docverify records a valid signature from an unknown issuer as info)."""
    import hashlib

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from cryptography import x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore
    from asn1crypto import keys as asn1_keys, x509 as asn1_x509

    label = {"alipay": "Alipay", "wechat": "WeChat Pay"}[platform]
    order = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)

    def key(seed: str):
        return ec.derive_private_key(int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big") % (order - 1) + 1,
                                     ec.SECP256R1())

    def name(cn: str):
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{label} TEST platform (invented, test fixture)"),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    root_key, signer_key = key(f"docverify {platform} test root"), key(f"docverify {platform} test signer")
    root_name = name(f"{label} TEST Platform Root CA")
    begin, end = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2035, 1, 1, tzinfo=dt.timezone.utc)

    def cert(subject, public_key, serial, ca: bool):
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(root_name).public_key(public_key)
             .serial_number(serial).not_valid_before(begin).not_valid_after(end)
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
             .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                          encipher_only=False, decipher_only=False), critical=True))
        if not ca:
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING.__class__("1.3.6.1.5.5.7.3.36")]),
                                critical=False)
        b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        return b.sign(root_key, hashes.SHA256(), ecdsa_deterministic=True)

    root = cert(root_name, root_key.public_key(), 0x7A01 if platform == "alipay" else 0x7B01, True)
    leaf = cert(name(f"{label} TEST Transaction Proof Signing"), signer_key.public_key(),
                0x7A02 if platform == "alipay" else 0x7B02, False)
    der = lambda c: c.public_bytes(serialization.Encoding.DER)  # noqa: E731
    key_der = signer_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    return signers.SimpleSigner(signing_cert=asn1_x509.Certificate.load(der(leaf)),
                                signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
                                cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(der(root))]))


def sign_proof(unsigned_pdf: Path, dst: Path, proof: PayProof) -> None:
    """Signs the proof as the platform would (an incremental update holding the signature)."""
    from common import frozen
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter

    name = {"alipay": "Alipay transaction statement", "wechat": "WeChat Pay transaction proof"}[proof.platform]
    at_ = proof.issue.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))) + dt.timedelta(minutes=1)
    meta = signers.PdfSignatureMetadata(field_name="Signature1", subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
                                        md_algorithm="sha256", reason=f"{name} (TEST platform key)",
                                        location="Hangzhou, CN" if proof.platform == "alipay" else "Shenzhen, CN")
    with frozen(at_, f"layouts/{dst.name}"):
        writer = IncrementalPdfFileWriter(io.BytesIO(unsigned_pdf.read_bytes()), strict=False)
        pdf_signer = signers.PdfSigner(meta, signer=platform_signer(proof.platform),
                                       new_field_spec=SigFieldSpec("Signature1", on_page=0))
        dst.write_bytes(pdf_signer.sign_pdf(writer).getvalue())


def render_alipay(pr: PayProof, path: Path) -> None:
    S._register_cjk()
    from reportlab.pdfgen import canvas

    os.environ["SOURCE_DATE_EPOCH"] = str(int(pr.issue.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp()))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setProducer("Alipay Document Service (TEST)")
    c.setCreator("alipay-proof-render 2.3")
    c.setTitle("支付宝交易流水证明")
    W, H = A4
    F = "WQY"
    X = {"dir": 36, "party": 72, "item": 132, "method": 222, "amt": 372, "order": 380, "time": 510}
    rows = list(range(len(pr.rows)))[::-1]  # newest first
    pages = paginate(rows, 25, 28, lambda i: 1)
    totals = pr.totals()
    for p, idxs in enumerate(pages, start=1):
        c.setFont(F, 17)
        c.drawCentredString(W / 2, H - 52, "支付宝交易流水证明")
        c.setFont(F, 8.5)
        c.drawRightString(559, H - 70, f"编号：{pr.number}")
        y = H - 92
        if p == 1:
            c.drawString(36, y, f"兹证明：{pr.holder}（证件号码：{pr.id_masked}）在其支付宝账户（{pr.account}）中的交易流水如下：")
            y -= 14
            c.drawString(36, y, f"交易时间段：{pr.start:%Y-%m-%d} 00:00:00 至 {pr.end:%Y-%m-%d} 23:59:59")
            c.drawString(330, y, f"申请时间：{pr.issue:%Y-%m-%d %H:%M:%S}")
            y -= 14
            parts = [f"{d}：{n}笔 {fmt_us(v)}元" for d, (n, v) in totals.items()]
            c.drawString(36, y, "    ".join(parts))
            y -= 22
        c.setFont(F, 8)
        for key, label in (("dir", "收/支"), ("party", "交易对方"), ("item", "商品说明"), ("method", "收/付款方式"),
                           ("order", "交易订单号"), ("time", "交易时间")):
            c.drawString(X[key], y, label)
        c.drawRightString(X["amt"], y, "金额")
        c.line(34, y - 5, 561, y - 5)
        y -= 17
        for i in idxs:
            r = pr.rows[i]
            c.setFont(F, 8)
            c.drawString(X["dir"], y, r.direction)
            c.drawString(X["party"], y, r.party)
            c.drawString(X["item"], y, r.item)
            c.drawString(X["method"], y, r.method)
            c.drawRightString(X["amt"], y, fmt_us(pr.amount(i)))
            c.setFont(F, 7)
            c.drawString(X["order"], y, r.order)
            c.setFont(F, 8)
            c.drawString(X["time"], y, f"{r.when:%Y-%m-%d}")
            c.drawString(X["time"], y - 10, f"{r.when:%H:%M:%S}")
            c.setLineWidth(0.2)
            c.line(34, y - 14, 561, y - 14)
            y -= 24
        c.setFont(F, 7)
        c.drawString(36, 44, "说明：本证明仅证明该账户在上述期间内的交易流水，不计收支指资金在本人账户之间的转移。金额单位：人民币元。")
        c.drawString(36, 33, "支付宝（TEST 测试平台，数据虚构）电子证明，已加盖电子签章，可验证PDF签名。")
        c.drawRightString(559, 33, f"第{p}页/共{len(pages)}页")
        c.showPage()
    c.save()


def render_wechat(pr: PayProof, path: Path) -> None:
    pen = Pen("WeChat Pay Proof Service (TEST)", "微信支付交易明细证明", pr.issue.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))))
    pen.add_font("WQY", CJK_FONT, collection=0)
    X = {"order": 34, "time": 152, "type": 212, "dir": 276, "method": 328, "amt": 452, "party": 462}
    rows = list(range(len(pr.rows)))
    pages = paginate(rows, 24, 28, lambda i: 1)
    totals = pr.totals()
    for p, idxs in enumerate(pages, start=1):
        pen.page()
        pen.set("WQY", "", 17)
        pen.text(297.6 - pen.pdf.get_string_width("微信支付交易明细证明") / 2, 52, "微信支付交易明细证明")
        pen.set("WQY", "", 8.5)
        y = 78
        if p == 1:
            pen.text(34, y, f"兹证明：{pr.holder}（身份证：{pr.id_masked}）在其微信号：{pr.account} 中的交易明细信息如下：")
            y += 14
            pen.text(34, y, f"起始时间：[{pr.start:%Y-%m-%d} 00:00:00]  终止时间：[{pr.end:%Y-%m-%d} 23:59:59]")
            y += 14
            pen.text(34, y, f"共计{len(pr.rows)}笔记录")
            y += 14
            for d, label in (("收入", "收入"), ("支出", "支出"), ("不计收支", "中性交易")):
                n, v = totals[d]
                pen.text(34, y, f"{label}：{n}笔 {fmt_us(v)}元")
                y += 12
            pen.text(34, y, f"证明编号：{pr.number}    开具时间：{pr.issue:%Y-%m-%d %H:%M:%S}")
            y += 20
        pen.set("WQY", "", 8)
        for key, label in (("order", "交易单号"), ("time", "交易时间"), ("type", "交易类型"), ("dir", "收/支/其他"),
                           ("method", "交易方式"), ("party", "交易对方")):
            pen.text(X[key], y, label)
        pen.text(X["amt"], y, "金额(元)", right=True)
        pen.line(32, y + 5, 563, y + 5)
        y += 17
        for i in idxs:
            r = pr.rows[i]
            kind = {"收入": "转账", "支出": "商户消费", "不计收支": "零钱通"}[r.direction] if r.item != "转账-工资" else "转账"
            pen.set("WQY", "", 6.5)
            pen.text(X["order"], y, r.order)
            pen.set("WQY", "", 8)
            pen.text(X["time"], y, f"{r.when:%Y-%m-%d}")
            pen.text(X["time"], y + 10, f"{r.when:%H:%M:%S}")
            pen.text(X["type"], y, kind)
            pen.text(X["dir"], y, {"不计收支": "其他"}.get(r.direction, r.direction[0]))
            pen.text(X["method"], y, r.method)
            pen.text(X["amt"], y, "¥" + fmt_us(pr.amount(i)), right=True)
            pen.text(X["party"], y, r.party)
            pen.line(32, y + 14, 563, y + 14, 0.2)
            y += 24
        pen.set("WQY", "", 7)
        if pr.filter_note:
            pen.text(34, 790, pr.filter_note)
        pen.text(34, 802, "财付通支付科技有限公司（TEST 测试平台，数据虚构）  本证明加盖电子签章，可验证PDF签名。")
        pen.text(563, 802, f"第{p}页 共{len(pages)}页", right=True)
    pen.save(path)


def alipay_proof() -> PayProof:
    start, end = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    rows = pay_rows(81, start, end, 40, ["余额", "花呗", "招商银行储蓄卡(1234)"], "示例科技公司")
    return PayProof("alipay", f"张伟{MARKER}", "110105********3012", "zha***@example.com", start, end,
                    dt.datetime(2026, 11, 20, 10, 15, 32), "20261120000100123456789", rows)


def wechat_proof(only: str | None = None) -> PayProof:
    start, end = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    rows = pay_rows(91, start, end, 36, ["零钱", "招商银行(1234)", "零钱通"], "示例贸易公司", only=only)
    pr = PayProof("wechat", f"李娜{MARKER}", "440305********2468", "wxid_****k9", start, end,
                  dt.datetime(2026, 11, 18, 16, 40, 5), "WXZM2026111800012345", rows)
    if only:
        pr.filter_note = "筛选条件：仅收入（交易类型：全部；收/支：收入）。本证明仅列出符合筛选条件的交易。"
        pr.number = "WXZM2026111800012346"
    return pr


def build_platforms(out: Path, m: Manifest) -> None:
    tmp = Path(tempfile.mkdtemp())
    for make, render, name, title in ((alipay_proof, render_alipay, "alipay", "交易流水证明"),
                                      (wechat_proof, render_wechat, "wechat", "交易明细证明")):
        pr = make()
        plain = tmp / f"{name}.pdf"
        render(pr, plain)
        g = out / f"genuine-{name}.pdf"
        sign_proof(plain, g, pr)
        t = pr.totals()
        m.add(g.name, "pass", [], f"""{'Alipay' if name == 'alipay' else 'WeChat Pay'} {title} ({'reportlab' if name == 'alipay' else 'fpdf2'}
              + WQY): a payment-platform proof of {len(pr.rows)} transactions, classified as a statement; columns
              {'收/支 | 交易对方 | 商品说明 | 收/付款方式 | 金额 | 交易订单号 | 交易时间, newest first' if name == 'alipay' else
               '交易单号 | 交易时间 | 交易类型 | 收/支/其他 | 交易方式 | 金额(元) | 交易对方, oldest first, amounts `¥1,234.00`'};
              date on the first line of a row and the time (`HH:MM:SS`) on its second; the direction in its own column
              ({'收入/支出/不计收支' if name == 'alipay' else '收/支/其他'}), unsigned amounts, no balance; summary
              `收入：{t['收入'][0]}笔 {fmt_us(t['收入'][1])}元` / `支出：{t['支出'][0]}笔 ...` /
              `{'不计收支' if name == 'alipay' else '中性交易'}：3笔 ...` the rows must sum to (the neutral rows in neither);
              signed by pyHanko with a TEST platform key (self-made root outside every trust store: a valid
              signature of an unknown issuer, info, not a failure)""", arithmetic="printed-totals")
        if name == "alipay":
            words = re.findall(r"\S+", text_of(g))
            victim = next(i for i, r in enumerate(pr.rows) if r.direction == "收入" and r.amount > 100_000
                          and words.count(fmt_us(r.amount)) == 1)
            old = fmt_us(pr.rows[victim].amount)
            new = str(int(old[0]) + 1 if old[0] != "9" else 1) + old[1:]
            stream_edit(g, out / "forged-alipay-amount-stream.pdf", old, new)
            m.add("forged-alipay-amount-stream.pdf", "fail", ["SIGNATURE_INVALID", "BALANCE_TOTALS_MISMATCH"],
                  f"""genuine-alipay with an income row of {pr.rows[victim].when:%Y-%m-%d} changed from {old} to {new} in the
                  content stream (qpdf rewrites the file: the platform signature no longer matches its byte range); the
                  收入 rows no longer sum to the printed 收入 total""", arithmetic="printed-totals")
            forged = PayProof(**{**pr.__dict__, "total_override": {"收入": t["收入"][1] + 5_000_000}})
            incremental_pages(g, out / "forged-alipay-total-incremental.pdf", forged_render(render_alipay, forged), [0])
            m.add("forged-alipay-total-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_TOTALS_MISMATCH", "SIG_UPDATED_AFTER_SIGNING"],
                  f"""genuine-alipay with the printed 收入 total raised by 50,000.00 to {fmt_us(t['收入'][1] + 5_000_000)}元,
                  page 1 replaced in an incremental update after the platform signature (the signature stays intact over
                  its revision; the change is a later revision)""", arithmetic="printed-totals")
        else:
            victim = next(i for i, r in enumerate(pr.rows) if r.direction == "支出" and i > 3)
            forged = PayProof(**{**pr.__dict__, "amount_override": {victim: pr.rows[victim].amount // 10}})
            incremental_pages(g, out / "forged-wechat-amount-incremental.pdf", forged_render(render_wechat, forged), [0])
            m.add("forged-wechat-amount-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_TOTALS_MISMATCH", "SIG_UPDATED_AFTER_SIGNING"],
                  f"""genuine-wechat with the spending of {pr.rows[victim].when:%Y-%m-%d} cut to a tenth
                  (¥{fmt_us(pr.rows[victim].amount // 10)}), page 1 replaced in an incremental update after the platform
                  signature: the 支出 rows no longer sum to the printed 支出 total""", arithmetic="printed-totals")
            victim = next(i for i, r in enumerate(pr.rows) if r.direction == "收入" and r.amount < 1_000_000 and i > 3)
            old = "¥" + fmt_us(pr.rows[victim].amount)
            overlay(g, out / "forged-wechat-amount-overlay.pdf", old, "¥" + fmt_us(pr.rows[victim].amount + 2_000_000), 8,
                    "WQY")
            m.add("forged-wechat-amount-overlay.pdf", "fail", ["TEXT_OVERLAP", "SIGNATURE_INVALID"],
                  f"""genuine-wechat with an income of {pr.rows[victim].when:%Y-%m-%d} ({old}) covered by a white box and a
                  larger amount typed on top, the file rewritten (pypdf): the platform signature no longer matches""",
                  arithmetic="printed-totals")

    # filtered: income only
    pr = wechat_proof(only="收入")
    plain = tmp / "wechat-filtered.pdf"
    render_wechat(pr, plain)
    g = out / "genuine-wechat-filtered.pdf"
    sign_proof(plain, g, pr)
    t = pr.totals()
    m.add(g.name, "pass", [], f"""WeChat Pay 交易明细证明 exported with a filter: footer `{pr.filter_note}`, only the
          {len(pr.rows)} income rows, summary `收入：{t['收入'][0]}笔 {fmt_us(t['收入'][1])}元`, `支出：0笔 0.00元`; no balance
          to follow (the arithmetic can only be checked as rows against the printed totals); signed with the TEST platform
          key""", arithmetic="printed-totals")
    victim = len(pr.rows) // 2
    forged = PayProof(**{**pr.__dict__, "amount_override": {victim: pr.rows[victim].amount + 1_000_000}})
    incremental_pages(g, out / "forged-wechat-filtered-amount-incremental.pdf", forged_render(render_wechat, forged), [0])
    m.add("forged-wechat-filtered-amount-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_TOTALS_MISMATCH", "SIG_UPDATED_AFTER_SIGNING"],
          f"""genuine-wechat-filtered with the income of {pr.rows[victim].when:%Y-%m-%d} raised by 10,000.00, page 1
          replaced in an incremental update after the signature: the rows no longer sum to the printed 收入 total""",
          arithmetic="printed-totals")


# =======================================================================================
# es: Spanish current account, one signed Importe column, euro sign after (reportlab, Helvetica)

ES_DESCS = [("Recibo Iberdrola Clientes S.A.U.\nRef. mandato ES-2024-31/02 Factura 30/02", -1),
            ("Compra tarjeta 4940 XXXX XXXX 1234\nMercadona Valencia", -1), ("Compra tarjeta 4940 XXXX XXXX 1234\nEl Corte Inglés",
                                                                              -1),
            ("Transferencia recibida\nDe: Lucía Martín Ortega Concepto: cena", 1), ("Bizum recibido\nDe: Pablo Ruiz", 1),
            ("Retirada de efectivo cajero\nOficina 0123 Valencia", -1), ("Recibo Movistar\nFactura 2026-0815", -1),
            ("Transferencia emitida\nA: Inmobiliaria Turia S.L. alquiler", -1)]


@dataclass
class EsStatement:
    holder: str
    iban: str
    start: dt.date
    end: dt.date
    issue: dt.date
    acc: Account
    closing_override: int | None = None


def fmt_eur_after(cents: int, sign: bool = True) -> str:  # -1.234,56 € / 1.234,56 €
    return (S.fmt_de(cents) if sign else S.fmt_de(abs(cents))) + " €"


def es_statement() -> EsStatement:
    start, end = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    acc = Account("Cuenta Online", "", "EUR", 1_985_040, [])
    acc.txns = gen_txns(101, start, end, 28, acc.opening, ES_DESCS, ("Nómina\nTransportes Levante S.A.", 241_500),
                        salary_day=27, max_credit=12_000)
    return EsStatement(f"Javier Gómez Sánchez {MARKER}", iban_complete("ES", "21000418450200051332"), start, end,
                       dt.date(2026, 11, 4), acc)


def render_es(st: EsStatement, path: Path) -> None:
    from reportlab.pdfgen import canvas

    os.environ["SOURCE_DATE_EPOCH"] = S.epoch(st.issue, 7)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setProducer("BIE Documentos Electrónicos")
    c.setCreator("BIE Extractos 5.3")
    c.setTitle("Extracto de cuenta")
    W, H = A4
    acc = st.acc
    X = {"op": 40, "val": 95, "desc": 150, "imp": 470, "saldo": 555}
    closing = st.closing_override if st.closing_override is not None else acc.closing
    pages = paginate(list(range(len(acc.txns))), 38, 50, lambda i: acc.txns[i].desc.count("\n") + 1)
    for p, idxs in enumerate(pages, start=1):
        c.setFont("Helvetica-Bold", 15)
        c.drawString(40, H - 50, "Banco Ibérico de Ejemplo")
        c.setFont("Helvetica", 10)
        c.drawRightString(555, H - 50, f"Extracto de cuenta · Página {p} de {len(pages)}")
        y = H - 80
        if p == 1:
            for x, (label, value) in zip((40, 225, 385, 495), (("Titular", st.holder), ("Cuenta (IBAN)", group4(st.iban)),
                                                                ("Periodo", f"{st.start:%d/%m/%Y} - {st.end:%d/%m/%Y}"),
                                                                ("Fecha de emisión", f"{st.issue:%d/%m/%Y}"))):
                c.setFont("Helvetica-Bold", 8)
                c.drawString(x, y, label)
                c.setFont("Helvetica", 8.5)
                c.drawString(x, y - 12, value)
            y -= 40
        c.setFont("Helvetica-Bold", 8.5)
        c.drawString(X["op"], y, "Fecha oper.")
        c.drawString(X["val"], y, "Fecha valor")
        c.drawString(X["desc"], y, "Concepto")
        c.drawRightString(X["imp"], y, "Importe")
        c.drawRightString(X["saldo"], y, "Saldo")
        c.line(38, y - 4, 557, y - 4)
        y -= 16
        c.setFont("Helvetica", 8.5)
        if p == 1:
            c.drawString(X["op"], y, f"{st.start:%d/%m/%Y}")
            c.drawString(X["desc"], y, "Saldo anterior")
            c.drawRightString(X["saldo"], y, fmt_eur_after(acc.opening))
            y -= 13
        for i in idxs:
            t = acc.txns[i]
            lines = t.desc.split("\n")
            c.drawString(X["op"], y, f"{t.date:%d/%m/%Y}")
            c.drawString(X["val"], y, f"{t.date:%d/%m/%Y}")
            for k, line in enumerate(lines):
                c.drawString(X["desc"], y - 10 * k, line)
            c.drawRightString(X["imp"], y, fmt_eur_after(t.amount))
            c.drawRightString(X["saldo"], y, fmt_eur_after(t.balance))
            y -= 10 * len(lines) + 4
        if p == len(pages):
            c.drawString(X["op"], y, f"{st.end:%d/%m/%Y}")
            c.drawString(X["desc"], y, "Saldo final")
            c.drawRightString(X["saldo"], y, fmt_eur_after(closing))
            y -= 30
            n_c = sum(1 for t in acc.txns if t.amount < 0)
            c.setFont("Helvetica-Bold", 9)
            c.drawString(300, y, "Resumen del periodo")
            c.setFont("Helvetica", 8.5)
            for label, value in (("Saldo inicial", acc.opening), (f"Total cargos ({n_c} apuntes)", acc.debits),
                                 (f"Total abonos ({len(acc.txns) - n_c} apuntes)", acc.credits), ("Saldo final", closing)):
                y -= 12
                c.drawString(300, y, label)
                c.drawRightString(555, y, fmt_eur_after(value, sign=False))
        c.setFont("Helvetica", 6.5)
        c.drawString(40, 30, "Banco Ibérico de Ejemplo, S.A. (banco ficticio, fichero de prueba). Inscrito en el Registro de Entidades "
                     "con el n.º 9999.")
        c.showPage()
    c.save()


def build_es(out: Path, m: Manifest) -> None:
    st = es_statement()
    acc = st.acc
    not_parked(acc.txns, st.end, acc.closing)
    g = out / "genuine-es.pdf"
    render_es(st, g)
    m.add(g.name, "pass", [], """Spanish layout (reportlab, Helvetica/WinAnsi): header values under their labels (Titular / Cuenta
          (IBAN) / Periodo / Fecha de emisión); Fecha oper. / Fecha valor / Concepto / Importe / Saldo, `DD/MM/YYYY`, one
          signed Importe column with the euro sign after the number (`-45,60 €`, `2.415,00 €`), balances `12.345,67 €`;
          `Saldo anterior` and `Saldo final` rows; concepts on two lines (`Ref. mandato ES-2024-31/02 Factura 30/02`, card
          numbers); `Resumen del periodo`: `Saldo inicial`, `Total cargos (N apuntes)`, `Total abonos (N apuntes)`, `Saldo
          final`""", arithmetic="running-balance")
    words = re.findall(r"\S+", text_of(g))
    victim = next(t for t in acc.txns[5:] if t.amount < -10_000 and words.count(S.fmt_de(t.amount)) == 1)
    old = S.fmt_de(victim.amount)
    new = "-" + str(int(old[1]) + 1 if old[1] != "9" else 1) + old[2:]
    stream_edit(g, out / "forged-es-amount-stream.pdf", old + " ", new + " ", encoding="cp1252", whole=False)
    m.add("forged-es-amount-stream.pdf", "fail", ["BALANCE_CHAIN_BROKEN"],
          f"""genuine-es with the charge of {victim.date:%d/%m/%Y} changed from {old} € to {new} € in the content stream
          (qpdf); balances left""", arithmetic="running-balance")
    victim = acc.txns[12]
    overlay(g, out / "forged-es-balance-overlay.pdf", S.fmt_de(victim.balance), S.fmt_de(victim.balance + 600_000), 8.5)
    m.add("forged-es-balance-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-es with the balance of {victim.date:%d/%m/%Y} ({S.fmt_de(victim.balance)} €) covered by a white box and
          {S.fmt_de(victim.balance + 600_000)} typed on top""", arithmetic="running-balance")
    forged = EsStatement(**{**st.__dict__, "closing_override": acc.closing + 700_000})
    n_pages = text_of(g).count("\f")
    incremental_pages(g, out / "forged-es-closing-incremental.pdf", forged_render(render_es, forged), [n_pages - 1])
    m.add("forged-es-closing-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_TOTALS_MISMATCH"],
          f"""genuine-es with the Saldo final (row and summary) raised by 7.000,00 to {fmt_eur_after(acc.closing + 700_000)},
          the last page replaced in an incremental update (pypdf): Saldo inicial - cargos + abonos no longer gives it""",
          arithmetic="running-balance")


# =======================================================================================
# gb-print: a UK account's activity printed from online banking (fpdf2): newest first, `DD/MM`
# without a year across a year boundary, debits in parentheses

GB_DESCS = [("TESCO STORES 2041", -1), ("TFL TRAVEL CH", -1), ("DD THAMES WATER", -1), ("SO RENT FLAT 4 REF 31/02", -1),
            ("FPI J SMITH DINNER 30/02", 1), ("CASH ATM 12/01 14:22", -1), ("AMAZON.CO.UK*RT5 ORDER 29/02/25", -1),
            ("BGC REFUND HMRC", 1)]


@dataclass
class GbPrint:
    holder: str
    sort_code: str
    account: str
    start: dt.date
    end: dt.date
    printed: dt.datetime
    acc: Account
    amount_override: dict = field(default_factory=dict)
    balance_override: dict = field(default_factory=dict)


def paren(cents: int) -> str:  # (45.60) / 1,234.56
    return f"({unsigned(cents)})" if cents < 0 else unsigned(cents)


def gb_print() -> GbPrint:
    start, end = dt.date(2025, 12, 1), dt.date(2026, 11, 20)
    acc = Account("Current Account", "", "GBP", 1_254_300, [])
    acc.txns = gen_txns(111, start, end, 40, acc.opening, GB_DESCS, ("BGC KESTREL DESIGN LTD SALARY", 268_000),
                        salary_day=28, max_credit=9_000, debit_share=10)
    acc.txns.append(Txn(dt.date(2025, 12, 31), "TESCO STORES 2041", -4_215))
    acc.txns.append(Txn(dt.date(2026, 1, 2), "TFL TRAVEL CH", -780))
    acc.txns.sort(key=lambda t: t.date)
    recompute(acc.opening, acc.txns)
    return GbPrint(f"Ms Olivia Bennett {MARKER}", "20-45-77", "73104482", start, end, dt.datetime(2026, 11, 21, 9, 12), acc)


def render_gb(st: GbPrint, path: Path) -> None:
    pen = Pen("Mozilla/5.0 (X11; Linux x86_64) Chrome/131 - Kestrel Bank Online Banking", "Kestrel Bank - Account activity",
              st.printed.replace(tzinfo=dt.timezone.utc))
    acc = st.acc
    rows = list(range(len(acc.txns)))[::-1]  # newest first
    X = {"date": 40, "desc": 90, "amt": 470, "bal": 556}
    pages = paginate(rows, 44, 56, lambda i: 1)
    for p, idxs in enumerate(pages, start=1):
        pen.page()
        pen.set("Helvetica", "", 7)
        pen.text(40, 24, f"{st.printed:%d/%m/%Y, %H:%M}")
        pen.text(300, 24, "Kestrel Bank - Account activity")
        pen.text(556, 24, f"{p}/{len(pages)}", right=True)
        y = 56
        if p == 1:
            pen.set("Helvetica", "B", 14)
            pen.text(40, y, "Kestrel Bank")
            pen.set("Helvetica", "", 9)
            y += 20
            pen.text(40, y, f"{st.holder}  -  Current Account  {st.sort_code}  {st.account}")
            y += 13
            pen.text(40, y, f"Transactions from {st.start:%d/%m/%Y} to {st.end:%d/%m/%Y} (newest first)")
            y += 13
            pen.text(40, y, f"Balance on {st.end:%d/%m/%Y}: £{unsigned(acc.closing)}     Balance on {st.start:%d/%m/%Y}: "
                     f"£{unsigned(acc.opening)}")
            y += 22
        pen.set("Helvetica", "B", 9)
        pen.text(X["date"], y, "Date")
        pen.text(X["desc"], y, "Description")
        pen.text(X["amt"], y, "Amount (£)", right=True)
        pen.text(X["bal"], y, "Balance (£)", right=True)
        pen.line(38, y + 4, 557, y + 4)
        y += 15
        pen.set("Helvetica", "", 9)
        for i in idxs:
            t = acc.txns[i]
            pen.text(X["date"], y, f"{t.date:%d/%m}")
            pen.text(X["desc"], y, t.desc)
            pen.text(X["amt"], y, paren(st.amount_override.get(i, t.amount)), right=True)
            pen.text(X["bal"], y, unsigned(st.balance_override.get(i, t.balance)), right=True)
            y += 13
        pen.set("Helvetica", "", 7)
        pen.text(40, 815, "https://online.kestrelbank.example/accounts/activity    Kestrel Bank plc (invented bank, test fixture)")
    pen.save(path)


def build_gb(out: Path, m: Manifest) -> None:
    st = gb_print()
    acc = st.acc
    assert all(t.balance > 0 for t in acc.txns)
    not_parked(acc.txns, st.end, acc.closing)
    g = out / "genuine-gb-print.pdf"
    render_gb(st, g)
    m.add(g.name, "pass", [], """UK account activity printed from online banking (fpdf2, Helvetica; the browser's header and footer
          lines): newest first, `DD/MM` dates without a year over 01/12/2025 - 20/11/2026 (the year comes from the period and
          steps back across 01/01), one Amount (£) column with debits in parentheses `(42.15)` and credits unsigned, Balance
          (£); opening and closing balances only in the header line `Balance on 20/11/2026: £... Balance on 01/12/2025:
          £...`; descriptions holding `31/02`, `30/02`, `12/01 14:22`, `29/02/25`""", arithmetic="running-balance")
    words = re.findall(r"\S+", text_of(g))
    victim = next(t for t in acc.txns[6:] if t.amount < -5_000 and words.count(paren(t.amount)) == 1)
    old = paren(victim.amount)
    new = "(" + str(int(old[1]) + 1 if old[1] != "9" else 1) + old[2:]
    stream_edit(g, out / "forged-gb-print-amount-stream.pdf", old.replace("(", "\\(").replace(")", "\\)"),
                new.replace("(", "\\(").replace(")", "\\)"))
    m.add("forged-gb-print-amount-stream.pdf", "fail", ["BALANCE_CHAIN_BROKEN"],
          f"""genuine-gb-print with the debit of {victim.date:%d/%m/%Y} changed from {old} to {new} in the content stream (qpdf);
          balances left""", arithmetic="running-balance")
    victim = acc.txns[-6]
    overlay(g, out / "forged-gb-print-balance-overlay.pdf", unsigned(victim.balance), unsigned(victim.balance + 400_000), 9)
    m.add("forged-gb-print-balance-overlay.pdf", "fail", ["TEXT_OVERLAP"],
          f"""genuine-gb-print with the balance of {victim.date:%d/%m/%Y} ({unsigned(victim.balance)}) covered by a white box and
          {unsigned(victim.balance + 400_000)} typed on top""", arithmetic="running-balance")
    i = len(acc.txns) - 10
    forged = GbPrint(**{**st.__dict__, "amount_override": {i: acc.txns[i].amount + 250_000}})
    incremental_pages(g, out / "forged-gb-print-amount-incremental.pdf", forged_render(render_gb, forged), [0])
    m.add("forged-gb-print-amount-incremental.pdf", "fail", ["REVISED_CONTENT", "BALANCE_CHAIN_BROKEN"],
          f"""genuine-gb-print with the row of {acc.txns[i].date:%d/%m/%Y} changed from {paren(acc.txns[i].amount)} to
          {paren(acc.txns[i].amount + 250_000)} (balances left), page 1 replaced in an incremental update (pypdf)""",
          arithmetic="running-balance")


# =======================================================================================
# unreadable: genuine statements whose transaction table is made unreadable on purpose (issue
# item 3: no statement is `pass` with fields.arithmetic.method `none`)


def build_unreadable(out: Path, m: Manifest) -> None:
    st = nz_statement()
    not_parked(st.acc.txns, st.end, st.acc.closing)
    amounts = out / "genuine-unreadable-amounts.pdf"
    render_nz(NzStatement(**{**st.__dict__, "outlined": "amounts"}), amounts)
    text = text_of(amounts)
    assert not re.search(r"\d\.\d\d\b", text.split("Date")[1].split("Kōwhai Bank Limited")[0]), "money in the table's text layer"
    m.add(amounts.name, "review", ["ROWS_UNREADABLE"],
          """genuine-nz with every amount and balance of its table (rows, OPENING and CLOSING BALANCE) drawn as filled
          glyph outlines (vector paths of the same DejaVu Sans) instead of text: the page shows the whole table, but its
          text layer holds the dates, descriptions and column header and no money, so no row can be rebuilt. Nothing
          is evidence of forgery and nothing was checked: `review` with ROWS_UNREADABLE (warn), never `pass`;
          fields.arithmetic.method `none`""", arithmetic="none")
    header = out / "genuine-unreadable-header.pdf"
    render_nz(NzStatement(**{**st.__dict__, "outlined": "header"}), header)
    text = text_of(header)
    assert "Particulars" not in text and "Reference" not in text, "column header in the text layer"
    m.add(header.name, "review", ["ROWS_UNREADABLE"],
          """genuine-nz with its column header (Date / Transaction / Particulars / Code / Reference / Amount / Balance)
          drawn as glyph outlines instead of text: dates, descriptions, amounts and balances are all in the text layer,
          but no column header names the columns, so no table is rebuilt. `review` with ROWS_UNREADABLE (warn), never
          `pass` and never `fail`; fields.arithmetic.method `none`""", arithmetic="none")


# =======================================================================================
# The set

BUILDERS = {"au": build_au, "hk": build_hk, "nl": build_nl, "in-card": build_card, "de-spk": build_spk, "ch": build_ch, "nz": build_nz, "es": build_es, "gb-print": build_gb, "platforms": build_platforms,
            "unreadable": build_unreadable}


def build(out: Path, only: list[str] | None = None) -> Manifest:
    fresh_folder(out)
    m = Manifest(out)
    for name, builder in BUILDERS.items():
        if only and name not in only:
            continue
        builder(out, m)
    return m


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "layouts"))
    parser.add_argument("--layout", action="append", help="build only these layouts (for development)")
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    out = Path(args.out)
    m = build(out, args.layout)
    m.write()
    print(f"layouts: {len(m.entries)} files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
