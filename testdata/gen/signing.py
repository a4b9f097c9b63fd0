"""Signing reports with pyHanko, as the issuer would: a CMS signature over the whole
file in the signature field 'Signature1', the intermediate embedded in the CMS, the
signing time frozen at the report's issue time.

Two ways of signing:
  incremental  the report as produced, plus one incremental update holding the
               signature (IncrementalPdfFileWriter; what most signing services do)
  single       the report rewritten with the signature in its only revision
               (pyHanko's PdfFileWriter; what iText-style issuer systems produce)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io

from asn1crypto import cms
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

import pki
from common import frozen

SUBFILTERS = {"pkcs7": SigSeedSubFilter.ADOBE_PKCS7_DETACHED, "cades": SigSeedSubFilter.PADES}
SUBFILTER_NAMES = {"pkcs7": "adbe.pkcs7.detached", "cades": "ETSI.CAdES.detached"}


def signer(slug: str, *, pss: bool = False, extra_chain: list[str] | None = None) -> signers.SimpleSigner:
    """A pyHanko signer for a test-PKI certificate, with its CA chain (roots excluded,
    unless named in `extra_chain`)."""
    chain = [str(pki.cert_path(s)) for s in pki.chain_of(slug) + list(extra_chain or [])]
    return signers.SimpleSigner.load(
        str(pki.key_path(slug)), str(pki.cert_path(slug)), ca_chain_files=chain or None, prefer_pss=pss)


def sign(pdf: bytes, slug: str, *, at: dt.datetime, subfilter: str = "pkcs7", md: str = "sha256",
         pss: bool = False, field: str = "Signature1", mode: str = "incremental", certify: bool = False,
         seed: str = "", new_field_spec: SigFieldSpec | None = None, stamp_style=None,
         reason: str = "Zhima Credit visa report (TEST issuer)", extra_chain: list[str] | None = None,
         timestamper=None, prepare=None) -> bytes:
    """Signs `pdf` and returns the signed bytes; with a pyHanko `timestamper`, the CMS carries a
    signature timestamp token (unsigned attribute id-aa-signatureTimeStampToken). `prepare`, when
    given, is called with the incremental writer before signing: what it changes is written in the
    signature's own revision."""
    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=SUBFILTERS[subfilter], md_algorithm=md, location="Hangzhou, CN",
        reason=reason, certify=certify, docmdp_permissions=MDPPerm.FILL_FORMS,
    )
    with frozen(at, seed or f"{slug}/{field}/{at.isoformat()}"):
        reader_input = io.BytesIO(pdf)
        if mode == "incremental":
            writer = IncrementalPdfFileWriter(reader_input, strict=False)
        elif mode == "single":
            writer = copy_into_new_writer(PdfFileReader(reader_input, strict=False))
        else:
            raise ValueError(mode)
        if prepare is not None:
            prepare(writer)
        spec = new_field_spec or SigFieldSpec(field, on_page=0)
        pdf_signer = signers.PdfSigner(meta, signer=signer(slug, pss=pss, extra_chain=extra_chain),
                                       new_field_spec=spec,
                                       stamp_style=stamp_style, timestamper=timestamper)
        out = pdf_signer.sign_pdf(writer)
        return out.getvalue()


def cms_over(data_parts: list[bytes], slug: str, *, at: dt.datetime, md: str = "sha256", pss: bool = False,
             pades: bool = False) -> bytes:
    """A detached CMS SignedData (DER) over the concatenation of `data_parts`, made with
    pyHanko's signer: used to re-sign a deliberately odd /ByteRange."""
    import hashlib

    digest = hashlib.new(md)
    for part in data_parts:
        digest.update(part)
    s = signer(slug, pss=pss)
    with frozen(at, f"cms/{slug}/{at.isoformat()}"):
        attrs = PdfCMSSignedAttributes(signing_time=None if pades else at)
        content_info = asyncio.run(s.async_sign(digest.digest(), md, use_pades=pades, signed_attr_settings=attrs))
    return content_info.dump()


def put_contents(pdf: bytes, gap_start: int, gap_end: int, der: bytes) -> bytes:
    """Writes `der` as hex into the /Contents gap [gap_start, gap_end), zero padded."""
    width = gap_end - gap_start - 2
    hexed = der.hex().encode()
    if len(hexed) > width:
        raise ValueError("CMS does not fit the reserved /Contents")
    return pdf[:gap_start] + b"<" + hexed + b"0" * (width - len(hexed)) + b">" + pdf[gap_end:]


def byte_range(pdf: bytes, occurrence: int = -1) -> tuple[int, int, int, int, int, int]:
    """The numbers of a /ByteRange (the last one by default) and where its array is:
    (start, a, b, c, array_start, array_end)."""
    import re

    matches = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\] *", pdf))
    m = matches[occurrence]
    return int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)), m.start(), m.end()


def rewrite_byte_range(pdf: bytes, values: tuple[int, int, int, int], occurrence: int = -1) -> bytes:
    """Replaces a /ByteRange array in place, space-padded to the same length."""
    _, _, _, _, start, end = byte_range(pdf, occurrence)
    text = b"/ByteRange [%d %d %d %d]" % values
    if len(text) > end - start:
        raise ValueError("new /ByteRange longer than the old one")
    return pdf[:start] + text + b" " * (end - start - len(text)) + pdf[end:]


def parse_cms(der: bytes) -> cms.ContentInfo:
    return cms.ContentInfo.load(der)


__all__ = ["sign", "signer", "cms_over", "put_contents", "byte_range", "rewrite_byte_range", "SUBFILTER_NAMES",
           "parse_cms"]
