"""Sesame (Zhima) Credit visa reports as data, and the layouts that draw them.

Every layout follows `docs`' canonical text layer (shared spec sesame-report.md): a title
with `Sesame Credit` / `Zhima Credit` / `芝麻信用`, then `label: value` lines (English,
Chinese or both labels, `:` or `：`), and an optional Daily Asset table. The layouts
differ in tool (reportlab, fpdf2, a hand-written PDF), font (standard Type 1, embedded
WenQuanYi Zen Hei subset), language, date format and structure (lines or table cells),
so a parser that keys on one generator's positions or wording fails here.

Layouts
  en         English, reportlab canvas, Helvetica, `Label: value`, ISO dates with seconds
  zh         Chinese labels and dates (2026年11月20日), full-width colon, reportlab + WQY TTF
  bilingual  both labels on one line in either order (芝麻分 Sesame Score: / Name 姓名：), reportlab + WQY
  table      label and value in separate table cells (no colon), reportlab platypus Table, Helvetica
  fpdf       English-then-Chinese labels, fpdf2 (a second PDF producer) + WQY TTF, YYYY/MM/DD dates
  zhima      "Zhima Credit" wording (Report Number, Date of Issue, Zhima Score), Times, masked ID, no table
  raw        a hand-written, uncompressed PDF (Helvetica) whose objects the attack recipes need to
             address exactly; optional unreferenced or xref-free "shadow" content
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace

from common import CJK_FONT, CST, MARKER, RawPDF, pdf_date, simple_document, stream_object, text_stream

# ---------------------------------------------------------------------------------------
# GB 11643-1999 citizen identity numbers

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def id_number(region: str, birth: dt.date, sequence: str) -> str:
    """A well-formed 18-character number: region (6) + birth date (8) + sequence (3) + check."""
    body = f"{region}{birth:%Y%m%d}{sequence}"
    assert len(body) == 17
    return body + id_check_char(body)


def with_wrong_check(number: str) -> str:
    """The same number with a check character that does not match."""
    right = number[-1]
    wrong = next(c for c in "0123456789X" if c != right)
    return number[:17] + wrong


def masked(number: str) -> str:
    """`1101**********123X`: first and last four kept."""
    return number[:4] + "*" * 10 + number[-4:]


# ---------------------------------------------------------------------------------------
# The report as data


@dataclass
class AssetRow:
    month: str  # YYYY-MM
    average: float
    minimum: float
    maximum: float


def default_assets(seed_amount: float = 152_300.00) -> list[AssetRow]:
    rows = []
    for i, month in enumerate(["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]):
        avg = seed_amount + 3_150.25 * i
        rows.append(AssetRow(month, avg, round(avg * 0.64, 2), round(avg * 1.32 + 450.5, 2)))
    return rows


@dataclass
class Report:
    report_no: str
    issued: dt.datetime  # CST
    name_en: str
    name_zh: str
    score: int | None
    valid_until: dt.date | None = None
    dob: dt.date | None = None
    passport: str | None = None
    id_number: str | None = None
    score_date: dt.date | None = None
    assets: list[AssetRow] | None = None
    note: str = ""  # an extra line some layouts print (e.g. why a variant exists is NOT printed)

    def derive(self, **changes) -> "Report":
        return replace(self, **changes)


def person(i: int) -> tuple[str, str, dt.date, str, str]:
    """Obviously fictitious applicants: (English name, Chinese name, birth date, region, sequence).
    Every name carries the privacy marker."""
    people = [
        ("ZHANG {m} Wei", "张{m}伟", dt.date(1990, 3, 7), "110101", "451"),
        ("LI {m} Na", "李{m}娜", dt.date(1987, 11, 23), "310104", "282"),
        ("WANG {m} Fang", "王{m}芳", dt.date(1994, 6, 1), "440305", "026"),
        ("LIU {m} Yang", "刘{m}洋", dt.date(1979, 1, 31), "330106", "713"),
        ("CHEN {m} Jing", "陈{m}静", dt.date(2000, 2, 29), "320102", "364"),
        ("ZHAO {m} Lei", "赵{m}磊", dt.date(1985, 9, 15), "510107", "597"),
        ("SUN {m} Li", "孙{m}丽", dt.date(1992, 12, 12), "420106", "148"),
        ("ZHOU {m} Qiang", "周{m}强", dt.date(1976, 8, 8), "370202", "835"),
    ]
    en, zh, dob, region, seq = people[i % len(people)]
    return en.format(m=MARKER), zh.format(m=MARKER), dob, region, seq


def make_report(i: int, *, score: int, issued: dt.datetime, report_no: str, masked_id: bool = False,
                assets: bool = True, valid_days: int | None = 30) -> Report:
    en, zh, dob, region, seq = person(i)
    number = id_number(region, dob, seq)
    return Report(
        report_no=report_no, issued=issued, name_en=en, name_zh=zh, score=score,
        valid_until=(issued.date() + dt.timedelta(days=valid_days)) if valid_days else None,
        dob=dob, passport=f"E{90000000 + 1111 * (i + 1):08d}", id_number=masked(number) if masked_id else number,
        score_date=issued.date(), assets=default_assets(120_000 + 17_500 * i) if assets else None,
    )


def money(x: float) -> str:
    return f"{x:,.2f}"


def iso_date(d: dt.date) -> str:
    return d.strftime("%Y-%m-%d")


def zh_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def zh_month(m: str) -> str:
    y, mm = m.split("-")
    return f"{y}年{mm}月"


def slash_date(d: dt.date) -> str:
    return d.strftime("%Y/%m/%d")


# ---------------------------------------------------------------------------------------
# reportlab helpers

_FONT_REGISTERED = False


def _register_cjk() -> str:
    global _FONT_REGISTERED
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not _FONT_REGISTERED:
        pdfmetrics.registerFont(TTFont("WQYZenHei", CJK_FONT, subfontIndex=0))
        _FONT_REGISTERED = True
    return "WQYZenHei"


def _canvas(buf: io.BytesIO, r: Report, title: str, compress: bool = True):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1 if compress else 0)
    stamp = pdf_date(r.issued)
    c._doc.setDateFormatter(lambda *_: stamp)
    c.setTitle(title)
    c.setAuthor("Zhima Credit (TEST issuer)")
    c.setCreator("Zhima Credit report service (TEST)")
    c.setSubject("Credit report for visa application")
    return c


def _rows_at(c, font: str, size: float, y: float, xs: list[float], cells: list[str]) -> None:
    c.setFont(font, size)
    for x, text in zip(xs, cells):
        c.drawString(x, y, text)


# ---------------------------------------------------------------------------------------
# Layouts: each returns the unsigned PDF bytes


def layout_en(r: Report) -> bytes:
    buf = io.BytesIO()
    c = _canvas(buf, r, "Sesame Credit Visa Report")
    y = 790
    c.setFont("Helvetica-Bold", 18)
    c.drawString(60, y, "Sesame Credit Visa Report")
    c.setFont("Helvetica", 9)
    c.drawString(60, y - 16, "Zhima Credit Management Co. - TEST ISSUER, fictitious data for software tests")
    y -= 50
    lines = [
        ("Report No.", r.report_no),
        ("Issue Date", r.issued.strftime("%Y-%m-%d %H:%M:%S")),
    ]
    if r.valid_until:
        lines.append(("Valid Until", iso_date(r.valid_until)))
    lines.append(("Name", r.name_en))
    if r.dob:
        lines.append(("Date of Birth", iso_date(r.dob)))
    if r.passport:
        lines.append(("Passport No.", r.passport))
    if r.id_number:
        lines.append(("ID Number", r.id_number))
    if r.score is not None:
        lines.append(("Sesame Score", str(r.score)))
    if r.score_date:
        lines.append(("Score Date", iso_date(r.score_date)))
    for label, value in lines:
        c.setFont("Helvetica", 11)
        c.drawString(60, y, f"{label}: {value}")
        y -= 20
    if r.assets:
        y -= 14
        c.setFont("Helvetica-Bold", 12)
        c.drawString(60, y, "Daily Asset (CNY, Alipay balances)")
        y -= 20
        xs = [60, 160, 280, 400]
        _rows_at(c, "Helvetica-Bold", 10, y, xs, ["Month", "Average", "Minimum", "Maximum"])
        y -= 16
        for row in r.assets:
            _rows_at(c, "Helvetica", 10, y, xs, [row.month, money(row.average), money(row.minimum), money(row.maximum)])
            y -= 16
    c.setFont("Helvetica", 8)
    c.drawString(60, 60, "This report reflects the applicant's credit standing on the score date.")
    c.drawString(60, 48, "Verify the electronic signature of this PDF; printed copies carry no proof.")
    c.showPage()
    c.save()
    return buf.getvalue()


def layout_zh(r: Report) -> bytes:
    font = _register_cjk()
    buf = io.BytesIO()
    c = _canvas(buf, r, "芝麻信用 签证报告")
    y = 790
    c.setFont(font, 20)
    c.drawString(60, y, "芝麻信用 签证信用报告")
    c.setFont(font, 9)
    c.drawString(60, y - 16, "测试签发机构（TEST ISSUER）：本报告数据均为虚构，仅供软件测试")
    y -= 52
    lines = [("报告编号", r.report_no), ("出具日期", f"{zh_date(r.issued.date())} {r.issued:%H:%M}")]
    if r.valid_until:
        lines.append(("有效期至", zh_date(r.valid_until)))
    lines.append(("姓名", r.name_zh))
    if r.dob:
        lines.append(("出生日期", zh_date(r.dob)))
    if r.passport:
        lines.append(("护照号码", r.passport))
    if r.id_number:
        lines.append(("身份证号码", r.id_number))
    if r.score is not None:
        lines.append(("芝麻分", str(r.score)))
    if r.score_date:
        lines.append(("评分日期", zh_date(r.score_date)))
    for label, value in lines:
        c.setFont(font, 12)
        c.drawString(60, y, f"{label}：{value}")
        y -= 22
    if r.assets:
        y -= 12
        c.setFont(font, 13)
        c.drawString(60, y, "日均资产（人民币元）")
        y -= 22
        xs = [60, 170, 290, 410]
        _rows_at(c, font, 10, y, xs, ["月份", "日均", "最低", "最高"])
        y -= 17
        for row in r.assets:
            _rows_at(c, font, 10, y, xs, [zh_month(row.month), money(row.average), money(row.minimum), money(row.maximum)])
            y -= 17
    c.setFont(font, 8)
    c.drawString(60, 60, "本报告反映申请人在评分日期的信用状况。请以电子签名验证本文件的真实性。")
    c.showPage()
    c.save()
    return buf.getvalue()


def layout_bilingual(r: Report) -> bytes:
    font = _register_cjk()
    buf = io.BytesIO()
    c = _canvas(buf, r, "芝麻信用 Sesame Credit Visa Report")
    y = 792
    c.setFont(font, 17)
    c.drawString(50, y, "芝麻信用 Sesame Credit")
    c.setFont(font, 12)
    c.drawString(50, y - 20, "签证信用报告 / Credit Report for Visa Application")
    c.setFont(font, 8)
    c.drawString(50, y - 34, "TEST ISSUER - fictitious data / 测试数据")
    y -= 64
    # Labels in both orders and with both separators, one field per line.
    lines = [
        f"Report No. / 报告编号：{r.report_no}",
        f"出具日期 Issue Date: {r.issued:%Y-%m-%d %H:%M}",
    ]
    if r.valid_until:
        lines.append(f"有效期至 Valid Until：{iso_date(r.valid_until)}")
    lines.append(f"Name 姓名：{r.name_en}")
    if r.dob:
        lines.append(f"出生日期 Date of Birth: {iso_date(r.dob)}")
    if r.passport:
        lines.append(f"Passport No. 护照号码: {r.passport}")
    if r.id_number:
        lines.append(f"身份证号码 ID Number：{r.id_number}")
    if r.score is not None:
        lines.append(f"芝麻分 Sesame Score: {r.score}")
    if r.score_date:
        lines.append(f"Score Date 评分日期: {iso_date(r.score_date)}")
    c.setFont(font, 11)
    for line in lines:
        c.drawString(50, y, line)
        y -= 20
    if r.assets:
        y -= 12
        c.setFont(font, 12)
        c.drawString(50, y, "日均资产 Daily Asset (CNY)")
        y -= 20
        xs = [50, 160, 280, 400]
        _rows_at(c, font, 10, y, xs, ["Month 月份", "Average 日均", "Minimum 最低", "Maximum 最高"])
        y -= 16
        for row in r.assets:
            _rows_at(c, font, 10, y, xs, [row.month, money(row.average), money(row.minimum), money(row.maximum)])
            y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def layout_table(r: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buf = io.BytesIO()
    stamp = pdf_date(r.issued)

    def on_page(canvas, _doc):
        canvas._doc.setDateFormatter(lambda *_: stamp)

    doc = SimpleDocTemplate(buf, pagesize=A4, invariant=1, title="Zhima Credit Report", author="Zhima Credit (TEST issuer)",
                            creator="Zhima Credit report service (TEST)", leftMargin=56, rightMargin=56, topMargin=56)
    styles = getSampleStyleSheet()
    story = [
        Paragraph("Zhima Credit Report for Visa Application", styles["Title"]),
        Paragraph("TEST ISSUER - fictitious data for software tests", styles["Normal"]),
        Spacer(1, 14),
    ]
    # Label and value in separate cells, no colon: the cell boundary separates them.
    rows = [["Report Number", r.report_no], ["Issue Date", r.issued.strftime("%Y-%m-%d %H:%M")]]
    if r.valid_until:
        rows.append(["Valid Until", iso_date(r.valid_until)])
    rows.append(["Name", r.name_en])
    if r.dob:
        rows.append(["Date of Birth", iso_date(r.dob)])
    if r.passport:
        rows.append(["Passport No.", r.passport])
    if r.id_number:
        rows.append(["ID Number", r.id_number])
    if r.score is not None:
        rows.append(["Zhima Score", str(r.score)])
    if r.score_date:
        rows.append(["Score Date", iso_date(r.score_date)])
    table = Table(rows, colWidths=[170, 260])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 10),
        ("FONT", (1, 0), (1, -1), "Helvetica", 10),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    story.append(table)
    if r.assets:
        story += [Spacer(1, 18), Paragraph("Daily Asset (CNY)", styles["Heading3"])]
        asset_rows = [["Month", "Average", "Minimum", "Maximum"]] + [
            [row.month, money(row.average), money(row.minimum), money(row.maximum)] for row in r.assets]
        assets = Table(asset_rows, colWidths=[100, 110, 110, 110])
        assets.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 10),
            ("FONT", (0, 1), (-1, -1), "Helvetica", 10),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ]))
        story.append(assets)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def layout_fpdf(r: Report) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(r.issued)
    pdf.set_title("Sesame Credit Report")
    pdf.set_author("Zhima Credit (TEST issuer)")
    pdf.set_creator("Zhima Credit report service (TEST)")
    pdf.add_font("wqy", fname=CJK_FONT, collection_font_number=0)
    pdf.add_page()
    pdf.set_font("wqy", size=18)
    pdf.cell(0, 12, "Sesame Credit Report 芝麻信用报告", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("wqy", size=8)
    pdf.cell(0, 6, "TEST ISSUER - fictitious data for software tests", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("wqy", size=11)
    lines = [f"Report No. 报告编号: {r.report_no}", f"Issue Date 出具日期: {r.issued:%Y/%m/%d %H:%M}"]
    if r.valid_until:
        lines.append(f"Valid Until 有效期至: {slash_date(r.valid_until)}")
    lines.append(f"Name 姓名: {r.name_en}")
    if r.dob:
        lines.append(f"Date of Birth 出生日期: {slash_date(r.dob)}")
    if r.passport:
        lines.append(f"Passport No. 护照号码: {r.passport}")
    if r.id_number:
        lines.append(f"ID Number 证件号码: {r.id_number}")
    if r.score is not None:
        lines.append(f"Sesame Score 芝麻分: {r.score}")
    if r.score_date:
        lines.append(f"Score Date 评分日期: {slash_date(r.score_date)}")
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if r.assets:
        pdf.ln(5)
        pdf.set_font("wqy", size=12)
        pdf.cell(0, 9, "Daily Asset 日均资产 (CNY)", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("wqy", size=10)
        widths = [35, 40, 40, 40]
        for cells in [["Month", "Average", "Minimum", "Maximum"]] + [
                [row.month, money(row.average), money(row.minimum), money(row.maximum)] for row in r.assets]:
            for w, text in zip(widths, cells):
                pdf.cell(w, 7, text, align="L" if w == widths[0] else "R")
            pdf.ln(7)
    return bytes(pdf.output())


def layout_zhima(r: Report) -> bytes:
    buf = io.BytesIO()
    c = _canvas(buf, r, "Zhima Credit Personal Credit Report")
    y = 790
    c.setFont("Times-Bold", 17)
    c.drawString(64, y, "Zhima Credit - Personal Credit Report (Visa)")
    c.setFont("Times-Roman", 9)
    c.drawString(64, y - 15, "Issued electronically by the TEST issuer; all data fictitious")
    y -= 48
    lines = [("Report Number", r.report_no), ("Date of Issue", r.issued.strftime("%Y/%m/%d %H:%M"))]
    if r.valid_until:
        lines.append(("Valid Until", slash_date(r.valid_until)))
    lines.append(("Name", r.name_en))
    if r.dob:
        lines.append(("Date of Birth", slash_date(r.dob)))
    if r.passport:
        lines.append(("Passport No", r.passport))
    if r.id_number:
        lines.append(("ID Number", r.id_number))
    if r.score is not None:
        lines.append(("Zhima Score", str(r.score)))
    if r.score_date:
        lines.append(("Score Date", slash_date(r.score_date)))
    for label, value in lines:
        c.setFont("Times-Bold", 12)
        c.drawString(64, y, f"{label}:")
        c.setFont("Times-Roman", 12)
        c.drawString(64 + c.stringWidth(f"{label}: ", "Times-Bold", 12), y, value)
        y -= 21
    c.showPage()
    c.save()
    return buf.getvalue()


def raw_lines(r: Report) -> list[str]:
    lines = [f"Report No.: {r.report_no}", f"Issue Date: {r.issued:%Y-%m-%d %H:%M:%S}"]
    if r.valid_until:
        lines.append(f"Valid Until: {iso_date(r.valid_until)}")
    lines.append(f"Name: {r.name_en}")
    if r.dob:
        lines.append(f"Date of Birth: {iso_date(r.dob)}")
    if r.passport:
        lines.append(f"Passport No.: {r.passport}")
    if r.id_number:
        lines.append(f"ID Number: {r.id_number}")
    if r.score is not None:
        lines.append(f"Sesame Score: {r.score}")
    if r.score_date:
        lines.append(f"Score Date: {iso_date(r.score_date)}")
    return lines


RAW_TITLE = "Sesame Credit Visa Report"


def raw_content(r: Report) -> bytes:
    return text_stream(raw_lines(r), title=RAW_TITLE)


def layout_raw_pdf(r: Report, *, shadow: Report | None = None, shadow_free: bool = False,
                   shadow_in_contents: bool = False) -> RawPDF:
    """Catalog 1, Pages 2, Font 3, Info 4, Page 5, content 6 (the report); with `shadow`,
    object 7 holds the shadow content (a forged report): unreferenced, or referenced from
    the page's /Contents array while marked free in the xref (`shadow_free`)."""
    info = {"Title": RAW_TITLE, "Author": "Zhima Credit (TEST issuer)", "Creator": "Zhima Credit report service (TEST)",
            "Producer": "docverify fixture writer", "CreationDate": pdf_date(r.issued), "ModDate": pdf_date(r.issued)}
    doc = simple_document([raw_content(r)], info=info, version="1.7")
    if shadow is not None:
        # A white box over the whole page, then the forged text: drawn after the genuine content.
        forged = b"q 1 1 1 rg 0 0 595 842 re f Q\n" + raw_content(shadow)
        doc.objects[7] = stream_object(forged)
        if shadow_free:
            doc.free.add(7)
        if shadow_in_contents:
            doc.objects[5] = doc.objects[5].replace(b"/Contents 6 0 R", b"/Contents [6 0 R 7 0 R]")
    return doc


def layout_raw(r: Report, **kw) -> bytes:
    return layout_raw_pdf(r, **kw).build()[0]


LAYOUTS = {
    "en": layout_en, "zh": layout_zh, "bilingual": layout_bilingual, "table": layout_table,
    "fpdf": layout_fpdf, "zhima": layout_zhima, "raw": layout_raw,
}

__all__ = ["Report", "AssetRow", "make_report", "LAYOUTS", "id_number", "with_wrong_check", "masked", "CST",
           "raw_content", "layout_raw_pdf"]
