"""Shared pieces of the fixture generators: paths, the evaluation time the manifests
assume, manifest writing, a frozen clock and seeded randomness for pyHanko, a tiny
hand-written PDF writer (for files whose object layout must be exact), and the poppler /
qpdf probes recorded in the manifests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import random
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

TESTDATA = Path(__file__).resolve().parent.parent
REPO = TESTDATA.parent
KEYS = REPO / "keys"

# Every manifest assumes `docverify verify --now 2026-11-25T12:00:00Z --allow-test-keys --keys keys`.
NOW_ISO = "2026-11-25T12:00:00Z"
NOW = dt.datetime(2026, 11, 25, 12, 0, 0, tzinfo=dt.timezone.utc)
CST = dt.timezone(dt.timedelta(hours=8), "CST")  # China Standard Time, how the issuer prints times

# Planted in the name of every report so daemon tests can scan logs for leaked personal data.
MARKER = "DVPRIVACYMARKER"
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

# No committed file may reach this size.
MAX_FILE_BYTES = 1_000_000


# ---------------------------------------------------------------------------------------
# Manifests


@dataclass
class Manifest:
    """`manifest.json` of one output folder: a list of
    {"file", "expect", "codes", "why", ...optional extra keys}."""

    folder: Path
    entries: list[dict] = field(default_factory=list)

    def add(self, file: str, expect: str, codes: list[str], why: str, **extra) -> None:
        assert expect in ("pass", "review", "fail", "error"), expect
        assert (self.folder / file).exists(), f"{file} was not written"
        size = (self.folder / file).stat().st_size
        assert size < MAX_FILE_BYTES, f"{file} is {size} bytes"
        assert not any(e["file"] == file for e in self.entries), f"{file} listed twice"
        entry = {"file": file, "expect": expect, "codes": list(codes), "why": " ".join(why.split())}
        entry.update({k: v for k, v in extra.items() if v is not None})
        self.entries.append(entry)

    def write(self) -> Path:
        path = self.folder / "manifest.json"
        path.write_text(json.dumps(self.entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path


def fresh_folder(path: Path) -> Path:
    """Empties (or creates) an output folder: a rebuilt set never keeps stale files."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------
# Determinism: a frozen clock and seeded randomness for the libraries that use them


class SeededRandom:
    """`os.urandom` and `uuid.uuid4` replacements drawing from one seeded stream."""

    def __init__(self, seed: str):
        self.rng = random.Random(hashlib.sha256(seed.encode()).digest())

    def urandom(self, n: int) -> bytes:
        return self.rng.randbytes(n)

    def uuid4(self) -> uuid.UUID:
        return uuid.UUID(bytes=self.rng.randbytes(16), version=4)


class _OsProxy:
    """The `os` module with a seeded `urandom` (pyHanko draws document IDs from it)."""

    def __init__(self, real, rng: SeededRandom):
        self._real, self._rng = real, rng

    def urandom(self, n: int) -> bytes:
        return self._rng.urandom(n)

    def __getattr__(self, name):
        return getattr(self._real, name)


@contextlib.contextmanager
def frozen(moment: dt.datetime, seed: str):
    """Runs pyHanko as if the clock read `moment` (signingTime, /M, /ModDate), with
    seeded document IDs and resource names and deterministic (RFC 6979) ECDSA, so a
    rebuilt fixture differs from the committed one only where the signature scheme
    itself is randomised (RSA-PSS salts)."""
    import os
    import tzlocal
    from cryptography.hazmat.primitives.asymmetric import ec
    import pyhanko.pdf_utils.incremental_writer as incremental_writer
    import pyhanko.pdf_utils.metadata.info as meta_info
    import pyhanko.pdf_utils.metadata.xmp_xml as meta_xmp
    import pyhanko.pdf_utils.writer as writer
    import pyhanko.sign.signers.functions as functions
    import pyhanko.sign.signers.pdf_cms as pdf_cms
    import pyhanko.sign.signers.pdf_signer as pdf_signer
    import pyhanko.stamp.base as stamp_base
    import pyhanko.stamp.text as stamp_text

    assert moment.tzinfo is not None
    real_datetime = dt.datetime

    class FrozenDateTime(real_datetime):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)

    rng = SeededRandom(seed)
    time_modules = [pdf_signer, pdf_cms, meta_info, meta_xmp, functions, stamp_text]
    saved = [(m, "datetime", m.datetime) for m in time_modules]
    saved += [(writer, "os", writer.os), (incremental_writer, "os", incremental_writer.os)]
    saved += [(stamp_base.uuid, "uuid4", stamp_base.uuid.uuid4), (pdf_signer.uuid, "uuid4", pdf_signer.uuid.uuid4)]
    saved += [(tzlocal, "get_localzone", tzlocal.get_localzone), (pdf_cms, "ECDSA", pdf_cms.ECDSA)]
    try:
        # RFC 6979 deterministic ECDSA (same key, same bytes, same signature) where the
        # OpenSSL under `cryptography` has it (3.2+; the PyPI wheels do).
        from cryptography.hazmat.backends.openssl.backend import backend

        if backend.ecdsa_deterministic_supported():
            pdf_cms.ECDSA = lambda algorithm: ec.ECDSA(algorithm, deterministic_signing=True)
        for m in time_modules:
            m.datetime = FrozenDateTime
        writer.os = _OsProxy(os, rng)
        incremental_writer.os = _OsProxy(os, rng)
        stamp_base.uuid.uuid4 = rng.uuid4
        tzlocal.get_localzone = lambda: CST
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


# ---------------------------------------------------------------------------------------
# A minimal PDF writer with full control over objects, xref and trailer


def pdf_string(text: str) -> bytes:
    """A literal string for a WinAnsi (Helvetica) font."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_stream(lines: list[str], *, x: int = 72, y: int = 760, size: int = 11, leading: int = 16,
                title: str | None = None) -> bytes:
    """A content stream drawing `lines` in /F1 (Helvetica), one `Tj` per line."""
    out = []
    if title is not None:
        out.append(b"BT /F1 16 Tf %d %d Td " % (x, y) + pdf_string(title) + b" Tj ET")
        y -= 34
    out.append(b"BT /F1 %d Tf %d TL %d %d Td" % (size, leading, x, y))
    for line in lines:
        out.append(pdf_string(line) + b" Tj T*")
    out.append(b"ET")
    return b"\n".join(out) + b"\n"


def stream_object(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


@dataclass
class RawPDF:
    """A classic-xref PDF assembled from numbered object bodies."""

    objects: dict[int, bytes]
    root: int = 1
    info: int | None = None
    version: str = "1.4"
    free: set[int] = field(default_factory=set)  # written to the body but marked free in the xref
    trailer_extra: bytes = b""

    def build(self) -> tuple[bytes, dict[int, int], int]:
        """Returns the bytes, each object's offset and the xref offset."""
        out = bytearray(b"%PDF-" + self.version.encode() + b"\n%\xe2\xe3\xcf\xd3\n")
        offsets: dict[int, int] = {}
        for number in sorted(self.objects):
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + self.objects[number] + b"\nendobj\n"
        size = max(self.objects) + 1
        xref = len(out)
        frees = sorted(self.free)
        out += b"xref\n0 %d\n" % size
        # Free list: entry 0 points to the first free object, each free one to the next.
        chain = frees + [0]
        out += b"%010d 65535 f \n" % chain[0]
        for number in range(1, size):
            if number in self.free:
                nxt = chain[chain.index(number) + 1]
                out += b"%010d 00001 f \n" % nxt
            elif number in offsets:
                out += b"%010d 00000 n \n" % offsets[number]
            else:
                out += b"0000000000 00001 f \n"
        out += b"trailer\n<< /Size %d /Root %d 0 R" % (size, self.root)
        if self.info is not None:
            out += b" /Info %d 0 R" % self.info
        out += self.trailer_extra + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out), offsets, xref


def simple_document(pages: list[bytes], *, info: dict[str, str] | None = None, version: str = "1.4",
                    extra_objects: dict[int, bytes] | None = None) -> RawPDF:
    """Catalog 1, Pages 2, Font 3, Info 4 (optional), then page/content pairs from 5."""
    objects: dict[int, bytes] = {}
    kids = []
    number = 5
    for content in pages:
        page, stream = number, number + 1
        kids.append(page)
        objects[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                         b"/Resources << /Font << /F1 3 0 R >> >> >>" % stream)
        objects[stream] = stream_object(content)
        number += 2
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    info_number = None
    if info:
        info_number = 4
        objects[4] = b"<< " + b" ".join(b"/" + k.encode() + b" " + pdf_string(v) for k, v in info.items()) + b" >>"
    for key, value in (extra_objects or {}).items():
        objects[key] = value
    return RawPDF(objects=objects, info=info_number, version=version)


def pdf_date(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


# ---------------------------------------------------------------------------------------
# Probes: how poppler and qpdf treat a file (recorded in the manifests)


def pdftotext(path: Path, timeout: int = 120) -> tuple[int, str]:
    """`pdftotext FILE -`: exit status (-1 on timeout) and the text."""
    try:
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, ""
    return done.returncode, done.stdout.decode("utf-8", "replace")


def qpdf_check(path: Path, timeout: int = 120) -> int:
    """`qpdf --check FILE`: 0 fine, 2 errors, 3 warnings only; -1 on timeout."""
    try:
        return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return -1


def pdfsig(path: Path) -> str:
    done = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, timeout=60)
    return (done.stdout + done.stderr).decode("utf-8", "replace")


def seeded(seed: str) -> random.Random:
    return random.Random(hashlib.sha256(seed.encode()).digest())
