#!/usr/bin/env python3
"""Makes the git-ignored trust stores testdata/realworld/anchors/<id>/ for the PAdES-LTA files of
testdata/realworld/signatures.tsv (rows whose `what` is valid-lta), from each file's own
self-signed certificates: those in its signatures' and document timestamps' CMS, in the
timestamp tokens their signers carry as unsigned attributes, and in its DSS streams. They stand
in for the trust list the source validated the file against, so scripts/realworld-signatures.sh
can check "pass with its anchors". Development measurement only: a file's own roots prove nothing.

With MIRROR_ROOT (the repository snapshots scripts/fetch-realworld.sh reads), each store also
gets the certificates testdata/realworld/lta-anchors.tsv names for its file: the anchors the
source's own tests trust (`test-anchor`, e.g. a base64 TRUST_ANCHOR in a DSS test class) and
issuers the file lacks, found in another resource of the same repository (`supplied`). Each is
taken from the named blob by its SHA-256 (a DER certificate anywhere in it: raw, in a PDF
stream or hex string, or base64) and written as dss-<n>.pem.

For every signer and TSA certificate it also says whether its path reaches one of those roots
through certificates the file carries (and the supplied ones); when it does not (`no path in
the file`), the file cannot pass with its anchors, whatever docverify does: the missing issuer
is named.

    .venv/bin/python scripts/realworld-anchors.py [MIRROR_ROOT]   (after scripts/fetch-realworld.sh; needs asn1crypto)
"""
import base64, csv, os, re, subprocess, sys, zlib

from asn1crypto import cms, pem, x509

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
os.chdir(root)


def signed_data(der):
    # No strict parsing: /Contents is zero padded after the CMS, and a BER CMS of indefinite
    # length ends in zero octets of its own (stripping the padding would cut them).
    info = cms.ContentInfo.load(der, strict=False)
    return info["content"] if info["content_type"].native == "signed_data" else None


def walk(sd, what, certs, ends):
    """Certificates of a SignedData and of the timestamp tokens its signers carry; `ends`
    gets (what, certificate) for each signer (a signer or a TSA)."""
    own = [c.chosen for c in (sd["certificates"] or []) if c.name == "certificate"]
    certs += own
    for si in sd["signer_infos"]:
        sid = si["sid"]
        for c in own:
            if (sid.name == "issuer_and_serial_number" and c.issuer == sid.chosen["issuer"] and c.serial_number == sid.chosen["serial_number"].native) or (
                sid.name == "subject_key_identifier" and c.key_identifier == sid.chosen.native
            ):
                ends.append((what, c))
        for attribute in si["unsigned_attrs"] or []:
            if attribute["type"].dotted == "1.2.840.113549.1.9.16.2.14":  # id-aa-signatureTimeStampToken
                for token in attribute["values"]:
                    walk(token["content"], what + " (its timestamp)", certs, ends)


def certificates_of(pdf):
    d = open(pdf, "rb").read()
    certs, ends = [], []
    for n, m in enumerate(re.finditer(rb"/Contents\s*<([0-9A-Fa-f\s]+)>", d)):
        h = re.sub(rb"\s", b"", m.group(1))
        if len(h) <= 200:
            continue
        try:
            sd = signed_data(bytes.fromhex(h.decode()))
        except ValueError:
            continue
        if sd is not None:
            kind = "document timestamp" if sd["encap_content_info"]["content_type"].dotted == "1.2.840.113549.1.9.16.1.4" else "signature"
            walk(sd, f"{kind} at byte {m.start()}", certs, ends)
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", d, re.S):
        data = m.group(1)
        try:
            data = zlib.decompress(data)
        except zlib.error:
            pass
        if data[:1] == b"\x30":
            try:
                c = x509.Certificate.load(data, strict=False)
                c.native  # parses it all: a CRL or OCSP response is not a certificate
                certs.append(c)
            except (ValueError, TypeError, KeyError):
                pass
    unique = {}
    for c in certs:
        unique.setdefault(c.sha256, c)
    return list(unique.values()), ends


def der_certificates(data):
    """Every DER certificate inside `data`: raw, in (Flate) streams, hex strings or base64 runs."""
    pieces = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            pieces.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    for m in re.finditer(rb"<([0-9A-Fa-f\s]{400,})>", data):
        try:
            pieces.append(bytes.fromhex(re.sub(rb"\s", b"", m.group(1)).decode()))
        except ValueError:
            pass
    for m in re.finditer(rb"[A-Za-z0-9+/=\r\n]{800,}", data):
        try:
            pieces.append(base64.b64decode(re.sub(rb"\s", b"", m.group(0))))
        except ValueError:
            pass
    for piece in pieces:
        # A lookahead: a certificate often starts where an enclosing SEQUENCE's header ends.
        for m in re.finditer(rb"\x30\x82(?=(..)\x30\x82)", piece, re.S):
            blob = piece[m.start():m.start() + 4 + int.from_bytes(m.group(1), "big")]
            try:
                c = x509.Certificate.load(blob, strict=True)
                c.native
                yield c
            except (ValueError, TypeError, KeyError):
                pass


def listed_certificates(mirror, row):
    """The certificate an lta-anchors.tsv row names, from any version of its blob in the snapshot."""
    git_dir = os.path.join(mirror, row["repository"].replace("/", "+"), "repo")
    if not os.path.isdir(git_dir):
        return None
    commits = subprocess.run(["git", "--git-dir", git_dir, "log", "--all", "--format=%H", "--", row["path"]],
                             capture_output=True, text=True).stdout.split()
    for commit in commits:
        blob = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "blob", f"{commit}:{row['path']}"], capture_output=True)
        if blob.returncode != 0:
            continue
        for c in der_certificates(blob.stdout):
            if c.sha256.hex() == row["certificate_sha256"]:
                return c
    return None


def path_gap(cert, certs):
    """None when `cert` reaches a self-signed certificate of `certs` by names; else the issuer missing."""
    seen = set()
    while cert.self_signed == "no":
        if cert.sha256 in seen:
            return cert.issuer.human_friendly
        seen.add(cert.sha256)
        issuers = [c for c in certs if c.subject == cert.issuer]
        if not issuers:
            return cert.issuer.human_friendly
        cert = issuers[0]
    return None


mirror = sys.argv[1] if len(sys.argv) > 1 else None
if mirror and not os.path.isdir(mirror):
    sys.exit(f"usage: {sys.argv[0]} [MIRROR_ROOT]: {mirror} is not a directory")
with open("testdata/realworld/signatures.tsv", newline="") as f:
    rows = [r for r in csv.DictReader(f, delimiter="\t") if r["what"] == "valid-lta"]
with open("testdata/realworld/lta-anchors.tsv", newline="") as f:
    listed = list(csv.DictReader(f, delimiter="\t"))
made = 0
for row in rows:
    pdf = f"testdata/realworld/files/{row['id']}.pdf"
    if not os.path.exists(pdf):
        continue
    certs, ends = certificates_of(pdf)
    roots = [c for c in certs if c.self_signed != "no"]
    out = f"testdata/realworld/anchors/{row['id']}"
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        if (old.startswith("root-") or old.startswith("dss-")) and old.endswith(".pem"):
            os.remove(os.path.join(out, old))
    for i, c in enumerate(roots):
        open(os.path.join(out, f"root-{i}.pem"), "wb").write(pem.armor("CERTIFICATE", c.dump()))
    print(f"{row['id']}: {len(certs)} certificates, {len(roots)} self-signed roots")
    extra = [r for r in listed if r["id"] == row["id"]]
    for i, r in enumerate(extra):
        if not mirror:
            print(f"  not added (no MIRROR_ROOT): {r['role']}: {r['subject']}")
            continue
        c = listed_certificates(mirror, r)
        if c is None:
            print(f"  NOT FOUND in {r['repository']}:{r['path']}: {r['role']}: {r['subject']}")
            continue
        open(os.path.join(out, f"dss-{i}.pem"), "wb").write(pem.armor("CERTIFICATE", c.dump()))
        if c.sha256 not in {k.sha256 for k in certs}:
            certs.append(c)
        print(f"  added {r['role']}: {r['subject']} ({r['why']})")
    reported = set()
    for what, c in ends:
        gap = path_gap(c, certs)
        key = (c.sha256, gap)
        if gap and key not in reported:
            reported.add(key)
            print(f"  no path in the file: {what}: {c.subject.native.get('common_name', '?')} needs {gap}")
    made += 1
print(f"realworld-anchors: {made} trust stores in testdata/realworld/anchors" if made else
      "realworld-anchors: no PAdES-LTA files present (run scripts/fetch-realworld.sh first)")
