"""Bank-statement fixtures: genuine statements in four layouts and forged variants made
the way forgers make them.

Layouts
  cn     Chinese bank style (交易日期/摘要/收入/支出/余额), WenQuanYi Zen Hei embedded, reportlab
  en     English, separate Debit and Credit columns, DD/MM/YYYY, carried/brought-forward lines, reportlab
  eu     German, IBAN, DD.MM.YYYY, 1.234,56, one signed Amount column, newest first, reportlab
  cairo  French, "1 234,56", Débit/Crédit columns, drawn with cairo (a different PDF producer)

Every statement's account holder carries DVPRIVACYMARKER (the daemon tests scan logs for it).
The manifest assumes the evaluation time 2026-11-25T12:00:00Z.

Run: .venv/bin/python testdata/gen_statements.py [--out testdata/statements] [--pages-bench N,...]
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

MARKER = "DVPRIVACYMARKER"
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

# ---------------------------------------------------------------------------------------
# The statement as data


@dataclass
class Txn:
    date: dt.date
    desc: str
    amount: int  # minor units; credits positive
    balance: int = 0
    date_text: str | None = None  # printed instead of the formatted date (impossible dates)


@dataclass
class Statement:
    layout: str
    holder: str
    account: str
    period_start: dt.date
    period_end: dt.date
    issue: dt.date
    opening: int
    txns: list[Txn]
    currency: str = "CNY"
    card: str | None = None
    iban: str | None = None
    bic: str | None = None
    id_number: str | None = None
    newest_first: bool = False
    rows_per_page: int = 24
    # forgery hooks
    carry_shift_from_page: int | None = None  # pages from another statement: balances shifted
    closing_override: int | None = None
    total_credits_override: int | None = None
    outlier_row: int | None = None  # row index drawn in another font
    producer: str | None = None
    creator: str | None = None

    def closing(self) -> int:
        return self.txns[-1].balance if self.txns else self.opening


def luhn_complete(prefix: str) -> str:
    digits = [int(c) for c in prefix]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix + str((10 - total % 10) % 10)


def gb11643(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    chars = "10X98765432"
    return first17 + chars[sum(int(a) * w for a, w in zip(first17, weights)) % 11]


def iban_complete(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    check = 98 - number % 97
    return f"{country}{check:02d}{bban}"


def group4(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


CN_DESCS = [("工资", 1), ("快捷支付 美团外卖", -1), ("消费 永辉超市", -1), ("转账 房租", -1), ("跨行汇款", -1),
            ("快捷支付 滴滴出行", -1), ("代发 奖金", 1), ("消费 京东商城", -1), ("结息", 1), ("转账 收款", 1)]
EN_DESCS = [("SALARY ACME LTD", 1), ("CARD PAYMENT TESCO STORES", -1), ("DIRECT DEBIT RENT", -1),
            ("CARD PAYMENT SHELL", -1), ("TRANSFER FROM SAVINGS", 1), ("CARD PAYMENT AMAZON", -1),
            ("CASH WITHDRAWAL ATM", -1), ("INTEREST", 1), ("STANDING ORDER GYM", -1), ("REFUND ZARA", 1)]
DE_DESCS = [("Gehalt ACME GmbH", 1), ("Kartenzahlung REWE", -1), ("Lastschrift Miete", -1),
            ("Kartenzahlung Aral", -1), ("Überweisung Sparkonto", 1), ("Kartenzahlung Amazon", -1),
            ("Bargeldauszahlung", -1), ("Zinsen", 1), ("Dauerauftrag Fitness", -1), ("Gutschrift Erstattung", 1)]
FR_DESCS = [("Salaire ACME SA", 1), ("Paiement carte Carrefour", -1), ("Prélèvement Loyer", -1),
            ("Paiement carte Total", -1), ("Virement reçu Epargne", 1), ("Paiement carte Fnac", -1),
            ("Retrait DAB", -1), ("Intérêts", 1), ("Prélèvement Salle de sport", -1), ("Remboursement", 1)]


def make_txns(rng: random.Random, start: dt.date, end: dt.date, n: int, opening: int, descs, salary: int) -> list[Txn]:
    days = (end - start).days
    dates = sorted(start + dt.timedelta(days=rng.randint(0, days)) for _ in range(n))
    txns = []
    balance = opening
    for i, d in enumerate(dates):
        desc, sign = descs[0] if i % 12 == 0 else rng.choice(descs[1:])
        if i % 12 == 0:
            amount = salary
        elif sign > 0:
            amount = rng.randint(1_000, 80_000)
        else:
            amount = -rng.randint(500, min(150_000, max(1_000, balance // 6)))
        balance += amount
        txns.append(Txn(d, desc, amount, balance))
    return txns


def recompute(st: Statement) -> None:
    balance = st.opening
    for t in st.txns:
        balance += t.amount
        t.balance = balance


def base_statement(layout: str, seed: int, n: int = 45, opening: int | None = None, **kw) -> Statement:
    rng = random.Random(seed)
    start, end = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    if layout == "cn":
        st = Statement(layout, f"张伟{MARKER}", "6217000010012345678", start, end, dt.date(2026, 11, 20),
                       8_523_411, [], currency="人民币",
                       card=luhn_complete("621700001001234567"), id_number=gb11643("11010519850612301"))
        st.txns = make_txns(rng, start, end, n, st.opening, CN_DESCS, 1_850_000)
    elif layout == "en":
        st = Statement(layout, f"ZHANG WEI {MARKER}", "41234567", start, end, dt.date(2026, 11, 20), opening or 2_412_055, [],
                       currency="GBP", card=luhn_complete("492912345678901"), bic="GRNFGB2LXXX")
        st.txns = make_txns(rng, start, end, n, st.opening, EN_DESCS, 420_000)
    elif layout == "eu":
        st = Statement(layout, f"Wei Zhang {MARKER}", "0532013000", start, end, dt.date(2026, 11, 19), 1_830_500, [],
                       currency="EUR", iban=iban_complete("DE", "370400440532013000"), bic="COBADEFFXXX",
                       newest_first=True)
        st.txns = make_txns(rng, start, end, n, st.opening, DE_DESCS, 385_000)
    elif layout == "cairo":
        st = Statement(layout, f"Wei ZHANG {MARKER}", "00012345678", start, end, dt.date(2026, 11, 18), 1_520_075, [],
                       currency="EUR", iban=iban_complete("FR", "30006000011234567890189"), bic="AGRIFRPPXXX")
        st.txns = make_txns(rng, start, end, n, st.opening, FR_DESCS, 365_000)
    else:
        raise ValueError(layout)
    for k, v in kw.items():
        setattr(st, k, v)
    return st


# ---------------------------------------------------------------------------------------
# Formatting


def fmt_us(cents: int) -> str:
    s = f"{abs(cents) // 100:,}.{abs(cents) % 100:02d}"
    return "-" + s if cents < 0 else s


def fmt_de(cents: int) -> str:
    s = f"{abs(cents) // 100:,}".replace(",", ".") + f",{abs(cents) % 100:02d}"
    return "-" + s if cents < 0 else s


def fmt_fr(cents: int) -> str:
    s = f"{abs(cents) // 100:,}".replace(",", " ") + f",{abs(cents) % 100:02d}"
    return s


def d_iso(d: dt.date) -> str:
    return d.strftime("%Y-%m-%d")


def d_dmy(d: dt.date, sep: str) -> str:
    return d.strftime(f"%d{sep}%m{sep}%Y")


def epoch(d: dt.date, hour: int = 9) -> str:
    return str(int(dt.datetime(d.year, d.month, d.day, hour, 30, tzinfo=dt.timezone.utc).timestamp()))


def pages_of(rows: list, per_page: int) -> list[list]:
    return [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]


# ---------------------------------------------------------------------------------------
# reportlab layouts


def _canvas(path: Path, st: Statement):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    os.environ["SOURCE_DATE_EPOCH"] = epoch(st.issue, 1)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setProducer(st.producer or "ReportLab PDF Library - www.reportlab.com")
    c.setCreator(st.creator or {"cn": "CBS-EStatement 3.2", "en": "Greenfield Bank eStatements", "eu": "KontoService 9"}.get(st.layout, ""))
    c.setTitle("Statement")
    return c, A4


def _register_cjk():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", CJK_FONT, subfontIndex=0))


def render_cn(st: Statement, path: Path) -> None:
    _register_cjk()
    c, (W, H) = _canvas(path, st)
    rows = list(st.txns)
    pages = pages_of(rows, st.rows_per_page)
    cols = {"date": 40, "desc": 110, "in": 330, "out": 410, "bal": 500}
    credits = sum(t.amount for t in st.txns if t.amount > 0)
    debits = -sum(t.amount for t in st.txns if t.amount < 0)
    for p, page_rows in enumerate(pages, start=1):
        c.setFont("WQY", 15)
        c.drawString(40, H - 50, "中国建设银行 个人活期账户交易明细（电子版）")
        c.setFont("WQY", 9.5)
        y = H - 78
        c.drawString(40, y, f"户名：{st.holder}")
        c.drawString(300, y, f"卡号：{st.card}")
        y -= 15
        c.drawString(40, y, f"账号：{st.account}")
        c.drawString(300, y, f"身份证号：{st.id_number}")
        y -= 15
        c.drawString(40, y, f"币种：{st.currency}")
        c.drawString(300, y, f"起止日期：{d_iso(st.period_start)} 至 {d_iso(st.period_end)}")
        y -= 15
        c.drawString(40, y, f"打印日期：{d_iso(st.issue)}")
        c.drawString(300, y, f"期初余额：{fmt_us(st.opening)}")
        y -= 26
        c.setFont("WQY", 10)
        c.drawString(cols["date"], y, "交易日期")
        c.drawString(cols["desc"], y, "摘要")
        c.drawRightString(cols["in"], y, "收入")
        c.drawRightString(cols["out"], y, "支出")
        c.drawRightString(cols["bal"], y, "余额")
        c.drawString(515, y, "渠道")
        c.line(38, y - 4, W - 38, y - 4)
        y -= 18
        c.setFont("WQY", 9)
        for t in page_rows:
            c.drawString(cols["date"], y, t.date_text or d_iso(t.date))
            c.drawString(cols["desc"], y, t.desc)
            if t.amount > 0:
                c.drawRightString(cols["in"], y, fmt_us(t.amount))
            else:
                c.drawRightString(cols["out"], y, fmt_us(-t.amount))
            c.drawRightString(cols["bal"], y, fmt_us(t.balance))
            c.drawString(515, y, "网银" if t.amount < 0 else "柜面")
            y -= 16
        if p == len(pages):
            y -= 10
            c.setFont("WQY", 9.5)
            c.drawString(40, y, f"收入合计：{fmt_us(st.total_credits_override or credits)}")
            c.drawString(220, y, f"支出合计：{fmt_us(debits)}")
            c.drawString(400, y, f"期末余额：{fmt_us(st.closing_override or st.closing())}")
        c.setFont("WQY", 8)
        c.drawString(40, 30, f"第{p}页/共{len(pages)}页")
        c.drawString(300, 30, "本明细仅供参考，以银行系统记录为准")
        c.showPage()
    c.save()


def render_en(st: Statement, path: Path) -> None:
    c, (W, H) = _canvas(path, st)
    rows = list(st.txns)
    pages = pages_of(rows, st.rows_per_page)
    X = {"date": 40, "desc": 105, "debit": 380, "credit": 455, "bal": 545}
    credits = sum(t.amount for t in st.txns if t.amount > 0)
    debits = -sum(t.amount for t in st.txns if t.amount < 0)
    shift = 0
    idx = 0
    for p, page_rows in enumerate(pages, start=1):
        if st.carry_shift_from_page and p >= st.carry_shift_from_page:
            shift = 500_000
        c.setFont("Helvetica-Bold", 14)
        c.drawString(40, H - 50, "GREENFIELD BANK plc  Current Account Statement")
        c.setFont("Helvetica", 9)
        y = H - 75
        c.drawString(40, y, f"Account Holder: {st.holder}")
        c.drawString(320, y, f"Account No.: {st.account}")
        y -= 14
        c.drawString(40, y, f"Card No.: {group4(st.card)}" if st.card else "")
        c.drawString(320, y, f"BIC: {st.bic}")
        y -= 14
        c.drawString(40, y, f"Statement Period: {d_dmy(st.period_start, '/')} to {d_dmy(st.period_end, '/')}")
        c.drawString(320, y, f"Date of Issue: {d_dmy(st.issue, '/')}")
        y -= 14
        c.drawString(40, y, f"Currency: {st.currency}")
        c.drawString(320, y, f"Page {p} of {len(pages)}")
        y -= 24
        c.setFont("Helvetica-Bold", 9)
        c.drawString(X["date"], y, "Date")
        c.drawString(X["desc"], y, "Description")
        c.drawRightString(X["debit"], y, "Debit")
        c.drawRightString(X["credit"], y, "Credit")
        c.drawRightString(X["bal"], y, "Balance")
        c.line(38, y - 4, W - 38, y - 4)
        y -= 16
        c.setFont("Helvetica", 9)
        if p == 1:
            c.drawString(X["desc"], y, "Opening balance")
            c.drawRightString(X["bal"], y, fmt_us(st.opening))
            y -= 14
        else:
            prev_bal = rows[idx - 1].balance + shift
            c.drawString(X["desc"], y, "Balance brought forward")
            c.drawRightString(X["bal"], y, fmt_us(prev_bal))
            y -= 14
        for t in page_rows:
            font = "Times-Roman" if st.outlier_row == idx else "Helvetica"
            c.setFont("Helvetica", 9)
            c.drawString(X["date"], y, t.date_text or d_dmy(t.date, "/"))
            c.drawString(X["desc"], y, t.desc)
            if t.amount < 0:
                c.drawRightString(X["debit"], y, fmt_us(-t.amount))
            else:
                c.drawRightString(X["credit"], y, fmt_us(t.amount))
            c.setFont(font, 9)
            c.drawRightString(X["bal"], y, fmt_us(t.balance + shift))
            c.setFont("Helvetica", 9)
            y -= 14
            idx += 1
        if p < len(pages):
            c.drawString(X["desc"], y, "Balance carried forward")
            c.drawRightString(X["bal"], y, fmt_us(rows[idx - 1].balance + shift))
        else:
            y -= 10
            c.drawString(40, y, f"Total debits: {fmt_us(debits)}")
            c.drawString(200, y, f"Total credits: {fmt_us(st.total_credits_override or credits)}")
            c.drawString(370, y, f"Closing balance: {fmt_us(st.closing_override or (st.closing() + shift))}")
        c.setFont("Helvetica", 7)
        c.drawString(40, 30, "Greenfield Bank plc is authorised by the Prudential Regulation Authority.")
        c.showPage()
    c.save()


def render_eu(st: Statement, path: Path) -> None:
    c, (W, H) = _canvas(path, st)
    rows = list(reversed(st.txns)) if st.newest_first else list(st.txns)
    pages = pages_of(rows, st.rows_per_page)
    X = {"date": 40, "desc": 110, "amount": 430, "bal": 540}
    for p, page_rows in enumerate(pages, start=1):
        c.setFont("Times-Bold", 14)
        c.drawString(40, H - 50, "Musterbank AG  Kontoauszug")
        c.setFont("Times-Roman", 10)
        y = H - 75
        c.drawString(40, y, f"Kontoinhaber: {st.holder}")
        y -= 14
        c.drawString(40, y, f"IBAN: {group4(st.iban)}")
        c.drawString(330, y, f"BIC: {st.bic}")
        y -= 14
        c.drawString(40, y, f"Zeitraum: {d_dmy(st.period_start, '.')} - {d_dmy(st.period_end, '.')}")
        c.drawString(330, y, f"Erstellt am: {d_dmy(st.issue, '.')}")
        y -= 14
        c.drawString(40, y, "Währung: EUR")
        c.drawString(330, y, f"Seite {p} von {len(pages)}")
        y -= 14
        if p == 1:
            c.drawString(40, y, f"Alter Kontostand: {fmt_de(st.opening)} EUR")
            c.drawString(330, y, f"Neuer Kontostand: {fmt_de(st.closing_override or st.closing())} EUR")
        y -= 24
        c.setFont("Times-Bold", 10)
        c.drawString(X["date"], y, "Buchungsdatum")
        c.drawString(X["desc"], y, "Verwendungszweck")
        c.drawRightString(X["amount"], y, "Betrag")
        c.drawRightString(X["bal"], y, "Saldo")
        c.line(38, y - 4, W - 38, y - 4)
        y -= 16
        c.setFont("Times-Roman", 10)
        for t in page_rows:
            c.drawString(X["date"], y, t.date_text or d_dmy(t.date, "."))
            c.drawString(X["desc"], y, t.desc)
            c.drawRightString(X["amount"], y, fmt_de(t.amount))
            c.drawRightString(X["bal"], y, fmt_de(t.balance))
            y -= 15
        c.setFont("Times-Roman", 7)
        c.drawString(40, 30, "Musterbank AG · Bitte prüfen Sie Ihren Kontoauszug.")
        c.showPage()
    c.save()


def render_cairo(st: Statement, path: Path) -> None:
    import cairo

    W, H = 595.28, 841.89
    surface = cairo.PDFSurface(str(path), W, H)
    surface.set_metadata(cairo.PDFMetadata.TITLE, "Relevé de compte")
    surface.set_metadata(cairo.PDFMetadata.CREATOR, "Banque Exemple Relevés")
    surface.set_metadata(cairo.PDFMetadata.CREATE_DATE, st.issue.strftime("%Y-%m-%dT10:00:00+01:00"))
    ctx = cairo.Context(surface)
    rows = list(st.txns)
    pages = pages_of(rows, st.rows_per_page)
    X = {"date": 40, "desc": 110, "debit": 390, "credit": 470, "bal": 555}

    def text(x, y, s, size=9, bold=False, right=False):
        ctx.select_font_face("DejaVu Sans", cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        ctx.set_font_size(size)
        if right:
            x -= ctx.text_extents(s).x_advance
        ctx.move_to(x, y)
        ctx.show_text(s)

    for p, page_rows in enumerate(pages, start=1):
        text(40, 50, "BANQUE EXEMPLE  Relevé de compte", 14, bold=True)
        y = 76
        text(40, y, f"Titulaire: {st.holder}")
        text(330, y, f"N° de compte: {st.account}")
        y += 14
        text(40, y, f"IBAN: {group4(st.iban)}")
        text(330, y, f"BIC: {st.bic}")
        y += 14
        text(40, y, f"Période du relevé: {d_dmy(st.period_start, '/')} au {d_dmy(st.period_end, '/')}")
        text(330, y, f"Date d'édition: {d_dmy(st.issue, '/')}")
        y += 14
        text(40, y, "Devise: EUR")
        text(330, y, f"Page {p}/{len(pages)}")
        y += 26
        text(X["date"], y, "Date", bold=True)
        text(X["desc"], y, "Libellé", bold=True)
        text(X["debit"], y, "Débit", bold=True, right=True)
        text(X["credit"], y, "Crédit", bold=True, right=True)
        text(X["bal"], y, "Solde", bold=True, right=True)
        y += 18
        if p == 1:
            text(X["desc"], y, "Solde initial")
            text(X["bal"], y, fmt_fr(st.opening), right=True)
            y += 14
        for t in page_rows:
            text(X["date"], y, t.date_text or d_dmy(t.date, "/"))
            text(X["desc"], y, t.desc)
            if t.amount < 0:
                text(X["debit"], y, fmt_fr(-t.amount), right=True)
            else:
                text(X["credit"], y, fmt_fr(t.amount), right=True)
            text(X["bal"], y, fmt_fr(t.balance), right=True)
            y += 14
        if p == len(pages):
            y += 10
            text(40, y, f"Solde final: {fmt_fr(st.closing_override or st.closing())} EUR")
        text(40, H - 30, "Banque Exemple SA - relevé établi électroniquement", 7)
        ctx.show_page()
    surface.finish()


def render_libreoffice(st: Statement, path: Path) -> None:
    """The same English statement retyped in a word processor and exported with LibreOffice."""
    credits = sum(t.amount for t in st.txns if t.amount > 0)
    debits = -sum(t.amount for t in st.txns if t.amount < 0)
    rows = "\n".join(
        f"<tr><td>{d_dmy(t.date, '/')}</td><td>{t.desc}</td>"
        f"<td align=right>{fmt_us(-t.amount) if t.amount < 0 else ''}</td>"
        f"<td align=right>{fmt_us(t.amount) if t.amount > 0 else ''}</td>"
        f"<td align=right>{fmt_us(t.balance)}</td></tr>"
        for t in st.txns
    )
    html = f"""<html><head><meta charset="utf-8"><title>Statement</title></head><body style="font-family: Liberation Sans; font-size: 9pt">
<h3>GREENFIELD BANK plc  Current Account Statement</h3>
<p>Account Holder: {st.holder}<br>Account No.: {st.account}<br>
Statement Period: {d_dmy(st.period_start, '/')} to {d_dmy(st.period_end, '/')}<br>Date of Issue: {d_dmy(st.issue, '/')}<br>
Currency: {st.currency}<br>Opening balance: {fmt_us(st.opening)}</p>
<table width="100%" cellspacing=0 cellpadding=1>
<tr><th align=left>Date</th><th align=left>Description</th><th align=right>Debit</th><th align=right>Credit</th><th align=right>Balance</th></tr>
{rows}
</table>
<p>Total debits: {fmt_us(debits)} &nbsp;&nbsp; Total credits: {fmt_us(credits)} &nbsp;&nbsp; Closing balance: {fmt_us(st.closing())}</p>
</body></html>"""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / (path.stem + ".html")
        src.write_text(html, encoding="utf-8")
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf:writer_web_pdf_Export",
             "--outdir", tmp, str(src)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180,
        )
        shutil.copy(Path(tmp) / (path.stem + ".pdf"), path)


RENDER = {"cn": render_cn, "en": render_en, "eu": render_eu, "cairo": render_cairo}


def render(st: Statement, path: Path) -> None:
    RENDER[st.layout](st, path)


# ---------------------------------------------------------------------------------------
# Forgers' tools: content-stream edits through qpdf, incremental updates through pypdf,
# overlays, metadata rewrites.


def qpdf_edit(src: Path, dst: Path, edit) -> None:
    """Decompress with qpdf --qdf, let `edit` change the bytes, fix the xref and recompress."""
    with tempfile.TemporaryDirectory() as tmp:
        qdf = Path(tmp) / "a.qdf"
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(src), str(qdf)], check=True)
        data = qdf.read_bytes()
        new = edit(data)
        assert new != data, "edit changed nothing"
        edited = Path(tmp) / "b.qdf"
        edited.write_bytes(new)
        fixed = Path(tmp) / "c.qdf"
        subprocess.run(["fix-qdf", str(edited)], check=True, stdout=open(fixed, "wb"))
        subprocess.run(["qpdf", "--deterministic-id", "--compress-streams=y", "--object-streams=preserve", str(fixed), str(dst)], check=True)


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    i = data.find(old)
    assert i >= 0, f"{old!r} not found"
    return data[:i] + new + data[i + len(old):]


def set_info(src: Path, dst: Path, **info) -> None:
    """Rewrites the whole file with new Info entries (what an editor's "Save As" does)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    meta = {k: v for k, v in (reader.metadata or {}).items()}
    meta.update({f"/{k}": v for k, v in info.items()})
    writer.add_metadata(meta)
    with open(dst, "wb") as f:
        writer.write(f)


def incremental(src: Path, dst: Path, change) -> None:
    """An incremental update (pypdf's incremental writer): `change(writer)` edits, only the
    changed objects are appended after the original bytes."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(str(src), incremental=True)
    change(writer)
    with open(dst, "wb") as f:
        writer.write(f)


def pdf_date(d: dt.datetime) -> str:
    return d.strftime("D:%Y%m%d%H%M%S+08'00'")


# ---------------------------------------------------------------------------------------
# The set


@dataclass
class Entry:
    file: str
    expect: str
    codes: list[str]
    why: str


def build(out: Path) -> list[Entry]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.pdf"):
        old.unlink()
    entries: list[Entry] = []

    def add(name, expect, codes, why):
        entries.append(Entry(name, expect, codes, why))

    def make(name, st) -> Path:
        path = out / name
        render(st, path)
        return path

    # Genuine statements, every layout.
    cn = base_statement("cn", 1, n=48)
    en = base_statement("en", 2, n=56)
    eu = base_statement("eu", 3, n=40)
    ca = base_statement("cairo", 4, n=36)
    p_cn = make("genuine-cn.pdf", cn)
    add("genuine-cn.pdf", "pass", [], "Chinese layout, 48 rows over 2 pages, CJK font embedded")
    p_en = make("genuine-en.pdf", en)
    add("genuine-en.pdf", "pass", [], "English layout, debit/credit columns, 56 rows over 3 pages with carried/brought-forward lines")
    p_eu = make("genuine-eu.pdf", eu)
    add("genuine-eu.pdf", "pass", [], "German layout, IBAN, DD.MM.YYYY, 1.234,56, signed amount column, newest first over 2 pages")
    p_ca = make("genuine-cairo.pdf", ca)
    add("genuine-cairo.pdf", "pass", [], "French layout drawn with cairo (another PDF producer), 1 234,56 amounts")
    make("genuine-cn-short.pdf", base_statement("cn", 5, n=30, rows_per_page=40))
    add("genuine-cn-short.pdf", "pass", [], "Chinese layout, 30 rows on one page")
    make("genuine-en-single.pdf", base_statement("en", 6, n=32, rows_per_page=40))
    add("genuine-en-single.pdf", "pass", [], "English layout on one page")
    # Long enough (16 pages or more) to be read by several page readers in the worker.
    # A larger opening balance: two hundred rows of a salaried account would otherwise look
    # like money parked before the application (FUNDS_PARKED), which is not this file's point.
    make("genuine-en-long.pdf", base_statement("en", 7, n=200, opening=30_000_000, rows_per_page=10))
    add("genuine-en-long.pdf", "pass", [], "English layout, 200 rows over 20 pages: read by parallel page readers")
    subprocess.run(["qpdf", "--deterministic-id", "--linearize", str(p_en), str(out / "genuine-en-linearized.pdf")], check=True)
    add("genuine-en-linearized.pdf", "pass", [], "linearized by qpdf: the first-page xref is not an incremental update")

    # Forged: file forensics.
    victim = en.txns[5]
    old = fmt_us(-victim.amount if victim.amount < 0 else victim.amount).encode()
    digits = bytearray(old)
    digits[0] = ord("9") if digits[0] != ord("9") else ord("8")
    qpdf_edit(p_en, out / "forged-en-stream-edit.pdf", lambda b: replace_once(b, b"(" + old + b")", b"(" + bytes(digits) + b")"))
    add("forged-en-stream-edit.pdf", "fail", ["BALANCE_CHAIN_BROKEN"],
        "one amount's digits changed in the decompressed content stream (qpdf --qdf), recompressed; balances left as they were")

    def replace_page_content(writer):
        from pypdf.generic import ContentStream, NameObject, StreamObject

        page = writer.pages[1]
        data = page.get_contents().get_data()
        assert b"CARD PAYMENT AMAZON" in data
        data = data.replace(b"CARD PAYMENT AMAZON", b"SALARY ACME LTD BONUS", 1)
        stream = StreamObject()
        stream.set_data(data)
        page[NameObject("/Contents")] = writer._add_object(stream)

    incremental(p_en, out / "forged-en-incremental-content.pdf", replace_page_content)
    add("forged-en-incremental-content.pdf", "fail", ["REVISED_CONTENT"],
        "an incremental update (pypdf incremental writer) replaces page 2's content stream: a payee renamed")

    def overlay(src: Path, dst: Path, page_index: int, box, new_text: str):
        from pypdf import PdfReader, PdfWriter
        from reportlab.pdfgen import canvas

        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(595.2756, 841.8898))
        x0, y0, x1, y1 = box
        c.setFillColorRGB(1, 1, 1)
        c.rect(x0 - 1, y0 - 2, x1 - x0 + 2, y1 - y0 + 4, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Helvetica", 9)
        c.drawRightString(x1, y0, new_text)
        c.save()
        reader = PdfReader(str(src))
        writer = PdfWriter(clone_from=reader)
        writer.pages[page_index].merge_page(PdfReader(buf).pages[0])
        writer.add_metadata({k: v for k, v in (reader.metadata or {}).items()})
        with open(dst, "wb") as f:
            writer.write(f)

    # White box over the 4th row's balance on page 1 of the English statement, new value on top.
    row = en.txns[3]
    y_row = 841.8898 - 75 - 14 * 3 - 24 - 16 - 14 - 14 * 3
    bal_text = fmt_us(row.balance)
    new_bal = fmt_us(row.balance + 1_000_000)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    overlay(p_en, out / "forged-en-white-box.pdf", 0, (545 - stringWidth(bal_text, "Helvetica", 9), y_row, 545, y_row + 7), new_bal)
    add("forged-en-white-box.pdf", "fail", ["TEXT_OVERLAP"],
        "a white rectangle drawn over a balance and a larger balance typed on top; the old value stays in the text layer")

    def touchup(b: bytes) -> bytes:
        target = b"(CARD PAYMENT SHELL) Tj"
        return replace_once(b, target, b"/TouchUp_TextEdit MP\n(CARD PAYMENT SHEL1) Tj")

    qpdf_edit(p_en, out / "forged-en-touchup.pdf", touchup)
    add("forged-en-touchup.pdf", "fail", ["TOUCHUP_EDIT"], "text edited the way Acrobat's Edit Text tool leaves it: /TouchUp_TextEdit marked content")

    set_info(p_cn, out / "forged-cn-photoshop.pdf", Producer="Adobe Photoshop for Windows -- Image Conversion Plug-in",
             Creator="Adobe Photoshop CS6 (Windows)")
    add("forged-cn-photoshop.pdf", "review", ["EDITOR_PRODUCER"], "Producer/Creator of an image editor (Photoshop)")
    set_info(p_eu, out / "forged-eu-ilovepdf.pdf", Producer="iLovePDF", Creator="iLovePDF")
    add("forged-eu-ilovepdf.pdf", "review", ["EDITOR_PRODUCER"], "passed through an online editor (iLovePDF)")
    if shutil.which("soffice"):
        render_libreoffice(base_statement("en", 7, n=34), out / "forged-en-libreoffice.pdf")
        add("forged-en-libreoffice.pdf", "review", ["EDITOR_PRODUCER"], "the statement retyped in a word processor and exported by LibreOffice")

    def meta_only(writer):
        writer.add_metadata({"/ModDate": pdf_date(dt.datetime(2026, 11, 22, 18, 5)), "/Producer": "ReportLab PDF Library - www.reportlab.com"})

    incremental(p_cn, out / "forged-cn-metadata-revision.pdf", meta_only)
    add("forged-cn-metadata-revision.pdf", "review", ["REVISED_METADATA"], "an incremental update that rewrites only the Info dictionary (exiftool-style)")

    set_info(p_en, out / "forged-en-metadata-dates.pdf", CreationDate=pdf_date(dt.datetime(2026, 11, 20, 10, 0)),
             ModDate=pdf_date(dt.datetime(2026, 11, 2, 9, 0)))
    add("forged-en-metadata-dates.pdf", "review", ["METADATA_DATES"], "ModDate before CreationDate")
    set_info(p_eu, out / "forged-eu-created-early.pdf", CreationDate=pdf_date(dt.datetime(2026, 6, 1, 10, 0)),
             ModDate=pdf_date(dt.datetime(2026, 6, 1, 10, 0)))
    add("forged-eu-created-early.pdf", "review", ["METADATA_DATES"], "file created months before its last transaction")

    # Image-only: the English statement flattened to a picture.
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(p_en), f"{tmp}/p"], check=True)
        from reportlab.pdfgen import canvas as rlcanvas

        img = sorted(Path(tmp).glob("p*.png"))[0]
        os.environ["SOURCE_DATE_EPOCH"] = epoch(en.issue, 1)
        c = rlcanvas.Canvas(str(out / "forged-en-image-only.pdf"), pagesize=(595.2756, 841.8898), invariant=1)
        from reportlab.lib.utils import ImageReader

        c.drawImage(ImageReader(io.BytesIO(img.read_bytes())), 0, 0, 595.2756, 841.8898)
        c.showPage()
        c.save()
    add("forged-en-image-only.pdf", "review", ["IMAGE_ONLY"], "a flattened statement: the page is one picture, no text layer")

    data = p_cn.read_bytes() + b"\n<appended by an editor>\n" + bytes(range(32, 96)) + b"\n"
    (out / "forged-cn-trailing-bytes.pdf").write_bytes(data)
    add("forged-cn-trailing-bytes.pdf", "review", ["TRAILING_BYTES"], "bytes appended after the last %%EOF")

    fo = base_statement("en", 2, n=56, outlier_row=20)
    make("forged-en-font-outlier.pdf", fo)
    add("forged-en-font-outlier.pdf", "review", ["FONT_OUTLIER"], "one balance retyped in a different font (Times) than its column (Helvetica)")

    # Forged: content logic.
    dup = base_statement("cn", 1, n=48)
    dup.txns.insert(11, replace(dup.txns[10]))
    make("forged-cn-duplicate-rows.pdf", dup)
    add("forged-cn-duplicate-rows.pdf", "fail", ["DUPLICATE_ROWS"], "a row copied and pasted below itself")

    bad_date = base_statement("cn", 1, n=48)
    bad_date.txns[30].date_text = "2026-09-31"
    make("forged-cn-impossible-date.pdf", bad_date)
    add("forged-cn-impossible-date.pdf", "fail", ["DATE_INVALID"], "a row dated 2026-09-31")

    bad_feb = base_statement("en", 2, n=56)
    bad_feb.txns[0].date_text = "30/02/2026"
    make("forged-en-february-30.pdf", bad_feb)
    add("forged-en-february-30.pdf", "fail", ["DATE_INVALID"], "a row dated 30/02/2026")

    outside = base_statement("eu", 3, n=40)
    outside.txns[-1].date = dt.date(2026, 11, 4)
    make("forged-eu-date-outside-period.pdf", outside)
    add("forged-eu-date-outside-period.pdf", "fail", ["DATE_OUTSIDE_PERIOD"], "a transaction dated after the period's end")

    order = base_statement("cn", 1, n=48)
    order.txns[20].date, order.txns[30].date = order.txns[30].date, order.txns[20].date
    make("forged-cn-date-order.pdf", order)
    add("forged-cn-date-order.pdf", "review", ["DATE_ORDER"], "two rows' dates swapped; balances recomputed")

    carry = base_statement("en", 2, n=56, carry_shift_from_page=2)
    make("forged-en-page-carry.pdf", carry)
    add("forged-en-page-carry.pdf", "fail", ["PAGE_CARRY_BROKEN"], "pages 2-3 come from another statement: brought-forward balance differs")

    totals = base_statement("en", 2, n=56, total_credits_override=en.txns and sum(t.amount for t in en.txns if t.amount > 0) + 5_000_000)
    make("forged-en-totals.pdf", totals)
    add("forged-en-totals.pdf", "fail", ["BALANCE_TOTALS_MISMATCH"], "printed total credits inflated by 50,000.00")

    closing = base_statement("cn", 1, n=48)
    closing.closing_override = closing.closing() + 10_000_000
    make("forged-cn-closing.pdf", closing)
    add("forged-cn-closing.pdf", "fail", ["BALANCE_TOTALS_MISMATCH"], "closing balance raised by 100,000.00; rows unchanged")

    chain = base_statement("cn", 1, n=48)
    chain.txns[15].amount += 300_000  # amount edited, balances left
    make("forged-cn-amount.pdf", chain)
    add("forged-cn-amount.pdf", "fail", ["BALANCE_CHAIN_BROKEN"], "one income amount raised by 3,000.00 without touching the balances")

    long_chain = base_statement("en", 7, n=200, opening=30_000_000, rows_per_page=10)
    long_chain.txns[185].amount += 300_000  # on page 19 of 20
    make("forged-en-long-amount.pdf", long_chain)
    add("forged-en-long-amount.pdf", "fail", ["BALANCE_CHAIN_BROKEN"],
        "one amount on page 19 of 20 changed by 3,000.00 without touching the balances (parallel page readers)")

    iban = base_statement("eu", 3, n=40)
    iban.iban = iban.iban[:2] + f"{(int(iban.iban[2:4]) + 1) % 100:02d}" + iban.iban[4:]
    make("forged-eu-iban.pdf", iban)
    add("forged-eu-iban.pdf", "fail", ["IBAN_INVALID"], "IBAN check digits wrong")

    iban_len = base_statement("cairo", 4, n=36)
    iban_len.iban = iban_len.iban[:-1]
    make("forged-cairo-iban-length.pdf", iban_len)
    add("forged-cairo-iban-length.pdf", "fail", ["IBAN_INVALID"], "French IBAN one character short")

    card = base_statement("cn", 1, n=48)
    card.card = card.card[:-1] + str((int(card.card[-1]) + 3) % 10)
    make("forged-cn-card-luhn.pdf", card)
    add("forged-cn-card-luhn.pdf", "review", ["CARD_NUMBER_INVALID"], "card number failing the Luhn check")

    ident = base_statement("cn", 1, n=48)
    good = ident.id_number
    ident.id_number = good[:-1] + ("1" if good[-1] != "1" else "2")
    make("forged-cn-id-number.pdf", ident)
    add("forged-cn-id-number.pdf", "fail", ["ID_NUMBER_INVALID"], "ID number with a wrong GB 11643 check character")

    bic = base_statement("en", 2, n=56, bic="GRN1GB2L")
    make("forged-en-bic.pdf", bic)
    add("forged-en-bic.pdf", "review", ["BIC_INVALID"], "BIC with a digit in the institution code")

    parked = base_statement("en", 8, n=40)
    parked.txns.append(Txn(dt.date(2026, 10, 24), "TRANSFER FROM LI MING", 9_000_000))
    parked.txns.sort(key=lambda t: t.date)
    recompute(parked)
    make("forged-en-funds-parked.pdf", parked)
    add("forged-en-funds-parked.pdf", "review", ["FUNDS_PARKED"], "90,000.00 credited a week before the end, most of the closing balance")

    stale = base_statement("cn", 9, n=40, period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 8, 31), issue=dt.date(2026, 9, 10))
    stale.txns = make_txns(random.Random(9), stale.period_start, stale.period_end, 40, stale.opening, CN_DESCS, 1_850_000)
    make("forged-cn-stale.pdf", stale)
    add("forged-cn-stale.pdf", "review", ["STATEMENT_STALE"], "issued 2026-09-10, 76 days before the evaluation")

    short = base_statement("eu", 10, n=30, period_start=dt.date(2026, 10, 1))
    short.txns = make_txns(random.Random(10), short.period_start, short.period_end, 30, short.opening, DE_DESCS, 385_000)
    make("forged-eu-period-short.pdf", short)
    add("forged-eu-period-short.pdf", "review", ["PERIOD_TOO_SHORT"], "covers one month only")

    # Signed statements (a bank's e-seal): the signature is an incremental update, not a content revision.
    try:
        import signing  # the fixture engineer's pyHanko helpers (testdata/gen/signing.py)
    except Exception:  # noqa: BLE001 - the set is still useful without them
        signing = None
    if signing is not None:
        at = dt.datetime(2026, 11, 20, 9, 31, tzinfo=dt.timezone.utc)
        signed = signing.sign(p_en.read_bytes(), "signer-rsa2048", at=at, reason="Greenfield Bank e-statement")
        (out / "genuine-en-signed.pdf").write_bytes(signed)
        add("genuine-en-signed.pdf", "pass", [], "signed by the bank with pyHanko (an incremental update that only adds the signature)")
        altered = signed
        title = re.search(rb"/Title \((Statement)\)", altered)
        assert title, "no /Title to alter"
        altered = altered[: title.start(1)] + b"Statemenx" + altered[title.end(1):]
        (out / "forged-en-signed-altered.pdf").write_bytes(altered)
        add("forged-en-signed-altered.pdf", "fail", ["SIGNATURE_INVALID"], "a signed statement changed inside the signed bytes")

    return entries


def write_manifest(out: Path, entries: list[Entry]) -> None:
    rows = [e.__dict__ for e in sorted(entries, key=lambda e: e.file)]
    (out / "manifest.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def bench(out: Path, page_counts: list[int]) -> None:
    """Multi-page English statements for bench/statements.sh (not part of the fixture set)."""
    out.mkdir(parents=True, exist_ok=True)
    for pages in page_counts:
        rows = pages * 30
        st = base_statement("en", 100 + pages, n=rows, rows_per_page=30)
        span = max(92, rows // 3)
        st.period_start = st.period_end - dt.timedelta(days=span)
        st.opening = 100_000_000  # a balance that recent credits do not dominate (no FUNDS_PARKED)
        st.txns = make_txns(random.Random(pages), st.period_start, st.period_end, rows, st.opening, EN_DESCS, 420_000)
        render(st, out / f"statement-{pages}p.pdf")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parent.parent
    parser.add_argument("--out", default=str(root / "statements"))
    parser.add_argument("--bench", help="comma-separated page counts: write benchmark statements to --out instead")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if args.bench:
        bench(out, [int(x) for x in args.bench.split(",")])
        return 0
    entries = build(out)
    write_manifest(out, entries)
    print(f"statements: {len(entries)} files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
