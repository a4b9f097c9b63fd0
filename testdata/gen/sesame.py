"""testdata/sesame/: signed Sesame reports — the genuine set (every layout, both
SubFilters, RSA PKCS#1 v1.5 / RSA-PSS / ECDSA P-256 / P-384, SHA-256/384/512, signed as an
incremental update or in a single revision) and the policy variants (signed properly,
content outside the policy).

Evaluation time assumed by the manifest: 2026-11-25T12:00:00Z (docverify --now), default
policy luxembourg (minimum score 750, maximum age 30 days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyhanko_check
import reports
import signing
from common import CST, NOW_ISO, TESTDATA, Manifest, fresh_folder, write

OUT = TESTDATA / "sesame"
GENUINE_CODES = ["SIG_VALID", "TEST_ISSUER"]

ISSUED = dt.datetime(2026, 11, 20, 10, 32, 5, tzinfo=CST)  # 5 days before the evaluation time


def report_no(day: dt.date, n: int) -> str:
    return f"ZM{day:%Y%m%d}{0xA1B2C3D4 + 0x1F1F * n:08X}"


@dataclass
class Genuine:
    file: str
    layout: str
    signer: str
    subfilter: str
    md: str
    mode: str
    score: int
    pss: bool = False
    masked: bool = False
    assets: bool = True
    certify: bool = False
    note: str = ""


GENUINE = [
    Genuine("genuine-en-rsa2048-pkcs7.pdf", "en", "signer-rsa2048", "pkcs7", "sha256", "incremental", 782),
    Genuine("genuine-zh-p256-cades.pdf", "zh", "signer-p256", "cades", "sha256", "single", 801),
    Genuine("genuine-bilingual-rsa3072pss-cades.pdf", "bilingual", "signer-rsa3072", "cades", "sha384",
            "incremental", 756, pss=True),
    Genuine("genuine-table-p384-pkcs7.pdf", "table", "signer-p384", "pkcs7", "sha384", "incremental", 845),
    Genuine("genuine-fpdf-rsa2048-cades-sha512.pdf", "fpdf", "signer-rsa2048", "cades", "sha512", "single", 768),
    Genuine("genuine-zhima-p256-pkcs7-masked-id.pdf", "zhima", "signer-p256", "pkcs7", "sha256", "incremental", 912,
            masked=True, assets=False, note="The ID number is printed masked (first and last four kept), so no "
            "check-character or birth-date test applies; no Daily Asset table."),
    Genuine("genuine-en-score750-p384-cades.pdf", "en", "signer-p384", "cades", "sha384", "single", 750,
            note="Score exactly 750, the luxembourg minimum: 'score >= minimum' passes."),
    Genuine("genuine-raw-rsa3072-pkcs7.pdf", "raw", "signer-rsa3072", "pkcs7", "sha256", "incremental", 791,
            note="The hand-written uncompressed layout the attack set starts from, here untouched."),
    Genuine("genuine-zh-rsa2048-certified.pdf", "zh", "signer-rsa2048", "pkcs7", "sha256", "incremental", 777,
            certify=True, note="A certification signature (DocMDP P2, /Perms) rather than an approval signature; "
            "still exactly one signature covering the whole file."),
]


def build_genuine(i: int, g: Genuine) -> tuple[bytes, str]:
    r = reports.make_report(i, score=g.score, issued=ISSUED + dt.timedelta(minutes=7 * i),
                            report_no=report_no(ISSUED.date(), i), masked_id=g.masked, assets=g.assets)
    pdf = reports.LAYOUTS[g.layout](r)
    signed = signing.sign(pdf, g.signer, at=r.issued, subfilter=g.subfilter, md=g.md, pss=g.pss, mode=g.mode,
                          certify=g.certify)
    algo = {"signer-rsa2048": "RSA-2048 PKCS#1 v1.5", "signer-rsa3072": "RSA-3072 " + ("PSS" if g.pss else "PKCS#1 v1.5"),
            "signer-p256": "ECDSA P-256", "signer-p384": "ECDSA P-384"}[g.signer]
    how = "as an incremental update after the report" if g.mode == "incremental" else "in the report's only revision"
    why = (f"Layout '{g.layout}' (see gen/reports.py), score {g.score}, issued {r.issued:%Y-%m-%d %H:%M} CST; signed with "
           f"pyHanko by testdata/pki/{g.signer} ({algo}, {g.md.upper().replace('SHA', 'SHA-')}), /SubFilter {signing.SUBFILTER_NAMES[g.subfilter]}, "
           f"intermediate embedded, {how}, whole file covered. {g.note}")
    return signed, why


@dataclass
class Variant:
    file: str
    expect: str
    codes: list[str]
    why: str
    layout: str = "en"
    signer: str = "signer-rsa2048"
    subfilter: str = "pkcs7"
    signed: bool = True
    extra: dict | None = None


def variants() -> list[tuple[Variant, reports.Report, dt.datetime]]:
    """(variant, report, signing time)."""
    out = []

    def base(n: int, **kw) -> reports.Report:
        issued = kw.pop("issued", ISSUED + dt.timedelta(hours=n))
        return reports.make_report(n, score=kw.pop("score", 783), issued=issued, report_no=report_no(issued.date(), 100 + n),
                                   **kw)

    r = base(1, score=712)
    out.append((Variant("policy-score-712.pdf", "review", ["SCORE_BELOW_MINIMUM", "SIG_VALID", "TEST_ISSUER"],
                        "Genuine signature; score 712 is below the luxembourg/canada minimum 750 (a warning: the "
                        "consulate asks for bank statements instead). Under --policy singapore (minimum 700) the same "
                        "file passes.", layout="zh", signer="signer-p256", subfilter="cades",
                        extra={"policy_expect": {"singapore": "pass", "canada": "review", "luxembourg": "review"}}),
                r, r.issued))

    r = base(2, issued=dt.datetime(2026, 9, 1, 9, 15, tzinfo=CST), valid_days=None)
    out.append((Variant("policy-stale-issued-2026-09-01.pdf", "review", ["REPORT_STALE", "SIG_VALID", "TEST_ISSUER"],
                        "Genuine signature, signed 2026-09-01; issued 85 days before the evaluation time, more than the "
                        "30-day maximum age. No Valid Until line, so only the age check speaks."), r, r.issued))

    r = base(3, issued=dt.datetime(2026, 10, 29, 14, 0, tzinfo=CST))
    r = r.derive(valid_until=dt.date(2026, 11, 1))
    out.append((Variant("policy-expired-valid-until-2026-11-01.pdf", "review", ["REPORT_EXPIRED", "SIG_VALID", "TEST_ISSUER"],
                        "Genuine signature; issued 2026-10-29 (27 days old, within the maximum age) but its "
                        "Valid Until 2026-11-01 has passed.", layout="bilingual", signer="signer-p384"), r, r.issued))

    r = base(4, issued=dt.datetime(2026, 12, 1, 9, 0, tzinfo=CST))
    out.append((Variant("policy-future-issued-2026-12-01.pdf", "fail", ["ISSUED_IN_FUTURE"],
                        "Genuine signature (signed 2026-11-20, before the evaluation time, so the certificates are "
                        "judged normally) but the printed issue date 2026-12-01 09:00 CST is after the evaluation time."),
                r, ISSUED))

    r = base(5, score=990)
    out.append((Variant("policy-score-990.pdf", "fail", ["SCORE_OUT_OF_RANGE"],
                        "Genuine signature; score 990 is outside the Sesame range 350-950: the document is wrong."),
                r, r.issued))

    r = base(6, score=320)
    out.append((Variant("policy-score-320.pdf", "fail", ["SCORE_OUT_OF_RANGE"],
                        "Genuine signature; score 320 is below the Sesame range 350-950.", layout="table",
                        signer="signer-p256"), r, r.issued))

    r = base(7)
    r = r.derive(id_number=reports.with_wrong_check(r.id_number))
    out.append((Variant("policy-id-check-char.pdf", "fail", ["ID_NUMBER_INVALID"],
                        f"Genuine signature; the 18-character ID number {r.id_number[:4]}…{r.id_number[-4:]} has a wrong "
                        "GB 11643 check character (birth date still matches the date of birth)."), r, r.issued))

    r = base(8)
    _, _, dob, region, seq = reports.person(8)
    r = r.derive(id_number=reports.id_number(region, dob + dt.timedelta(days=1), seq))
    out.append((Variant("policy-id-birthdate-mismatch.pdf", "fail", ["ID_BIRTHDATE_MISMATCH"],
                        "Genuine signature; the ID number is well formed (valid check character) but its birth date "
                        f"{dob + dt.timedelta(days=1)} is one day after the printed Date of Birth {dob}.",
                        layout="zh", signer="signer-p384", subfilter="cades"), r, r.issued))

    r = base(9, score=None)
    out.append((Variant("policy-missing-score.pdf", "fail", ["FIELD_MISSING"],
                        "Genuine signature; the report has its title, number, dates and name but no Sesame Score line "
                        "(a required field)."), r, r.issued))

    r = base(10, score=802)
    out.append((Variant("policy-unsigned.pdf", "fail", ["SIG_MISSING"],
                        "A complete, plausible report (score 802, issued 5 days before the evaluation time) with no "
                        "signature at all: exactly the forgery the signature requirement stops.", signed=False),
                r, r.issued))

    r = base(11, score=802)
    out.append((Variant("policy-unsigned-zh.pdf", "fail", ["SIG_MISSING"],
                        "Chinese layout, no signature (an applicant typing a report in a word processor would get this).",
                        layout="zh", signed=False), r, r.issued))

    issued = dt.datetime(2026, 11, 25, 20, 3, 0, tzinfo=CST)  # 12:03 UTC, 3 minutes after the evaluation time
    r = base(12, issued=issued, score=799)
    out.append((Variant("policy-issued-3min-ahead-cst.pdf", "pass", ["SIG_VALID", "TEST_ISSUER"],
                        "Issue Date 2026-11-25 20:03:00 printed without a zone = China Standard Time = 12:03 UTC, three "
                        "minutes after the evaluation time: inside the 5-minute clock skew, so not 'in the future'. A reader "
                        "taking the time as UTC would call it 8 hours ahead.", signer="signer-p256", subfilter="cades"),
                r, issued))

    issued = dt.datetime(2026, 11, 25, 20, 10, 0, tzinfo=CST)  # 12:10 UTC, 10 minutes ahead
    r = base(13, issued=issued, score=799)
    out.append((Variant("policy-issued-10min-ahead-cst.pdf", "fail", ["ISSUED_IN_FUTURE"],
                        "Issue Date 2026-11-25 20:10:00 CST = 12:10 UTC, ten minutes after the evaluation time: beyond "
                        "the 5-minute clock skew. Signed at 2026-11-20 (certificates judged normally)."), r, ISSUED))
    return out


def build() -> Manifest:
    fresh_folder(OUT)
    manifest = Manifest(OUT)
    for i, g in enumerate(GENUINE):
        data, why = build_genuine(i, g)
        write(OUT, g.file, data)
        manifest.add(g.file, "pass", GENUINE_CODES, why)
    for v, r, at in variants():
        pdf = reports.LAYOUTS[v.layout](r)
        if v.signed:
            md = "sha384" if v.signer == "signer-p384" else "sha256"
            pdf = signing.sign(pdf, v.signer, at=at, subfilter=v.subfilter, md=md)
            how = (f" Layout '{v.layout}', signed with pyHanko by testdata/pki/{v.signer}, "
                   f"/SubFilter {signing.SUBFILTER_NAMES[v.subfilter]}, whole file covered.")
        else:
            how = f" Layout '{v.layout}', never signed."
        write(OUT, v.file, pdf)
        codes = v.codes + [c for c in GENUINE_CODES if v.signed and c not in v.codes]
        manifest.add(v.file, v.expect, codes, v.why + how, **(v.extra or {}))
    pyhanko_check.annotate(manifest.entries, OUT)
    manifest.write()
    return manifest


def main(argv: list[str]) -> int:
    m = build()
    print(f"sesame: {len(m.entries)} files (evaluation time {NOW_ISO})")
    return 0
