#!/usr/bin/env python3
"""Writes N small, distinct one-page PDFs (letters, statements, report-like pages)
with correct xref tables, using only the standard library. Used by the benchmarks."""
import os
import random
import sys


def pdf(lines):
    content = "BT /F1 11 Tf 60 760 Td 14 TL\n"
    for line in lines:
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content += f"({esc}) Tj T*\n"
    content += "ET\n"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode())} >>\nstream\n{content}endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Producer (bench corpus) /CreationDate (D:20261120100000Z) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def statement(rng):
    bal = rng.randint(10_000, 90_000) * 100
    lines = ["Example Bank plc", "Account Statement", f"Account No.: {rng.randint(10**9, 10**10)}",
             "Statement Period: 2026-08-01 to 2026-10-31", f"Opening Balance: {bal / 100:,.2f}",
             "Date        Description            Debit      Credit     Balance"]
    for day in range(1, 30, 2):
        amt = rng.randint(100, 50_000)
        if rng.random() < 0.5:
            bal -= amt
            lines.append(f"2026-09-{day:02d}  Card payment {rng.randint(100, 999)}   {amt / 100:,.2f}               {bal / 100:,.2f}")
        else:
            bal += amt
            lines.append(f"2026-09-{day:02d}  Transfer in {rng.randint(100, 999)}               {amt / 100:,.2f}    {bal / 100:,.2f}")
    lines.append(f"Closing Balance: {bal / 100:,.2f}")
    return lines


def letter(rng):
    return ["Dear Sir or Madam,", f"Reference {rng.randint(1000, 9999)}",
            "please find enclosed the itinerary for my stay.", "Yours faithfully,"]


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261130)
    for i in range(n):
        lines = statement(rng) if i % 2 == 0 else letter(rng)
        with open(os.path.join(out, f"doc{i:05d}.pdf"), "wb") as f:
            f.write(pdf(lines))


if __name__ == "__main__":
    main()
