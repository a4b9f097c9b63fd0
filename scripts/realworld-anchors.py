#!/usr/bin/env python3
"""Makes the git-ignored trust stores testdata/realworld/anchors/<id>/ for the PAdES-LTA files of
testdata/realworld/signatures.tsv (rows whose `what` is valid-lta), from each file's own
self-signed certificates (in its signatures' CMS and its DSS streams). They stand in for the
trust list the source validated the file against, so scripts/realworld-signatures.sh can check
"pass with its anchors". Development measurement only: a file's own roots prove nothing.

    scripts/realworld-anchors.py        (after scripts/fetch-realworld.sh)
"""
import csv, os, re, subprocess, sys, zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
os.chdir(root)


def roots_of(pdf):
    d = open(pdf, "rb").read()
    pems = []
    for m in re.finditer(rb"/Contents\s*<([0-9A-Fa-f\s]+)>", d):
        h = re.sub(rb"\s", b"", m.group(1))
        if len(h) > 200:
            der = bytes.fromhex(h.decode()).rstrip(b"\0")
            r = subprocess.run(["openssl", "pkcs7", "-inform", "DER", "-print_certs"], input=der, capture_output=True)
            pems += re.findall(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", r.stdout, re.S)
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", d, re.S):
        data = m.group(1)
        try:
            data = zlib.decompress(data)
        except zlib.error:
            pass
        if data[:1] == b"\x30":
            r = subprocess.run(["openssl", "x509", "-inform", "DER"], input=data, capture_output=True)
            if r.returncode == 0:
                pems.append(r.stdout.strip())
    roots = {}
    for p in pems:
        r = subprocess.run(["openssl", "x509", "-noout", "-subject", "-issuer", "-fingerprint", "-sha256"], input=p, capture_output=True)
        lines = r.stdout.decode().splitlines()
        if len(lines) >= 3 and lines[0][len("subject="):] == lines[1][len("issuer="):]:
            roots[lines[2]] = p
    return len(pems), list(roots.values())


with open("testdata/realworld/signatures.tsv", newline="") as f:
    rows = [r for r in csv.DictReader(f, delimiter="\t") if r["what"] == "valid-lta"]
made = 0
for row in rows:
    pdf = f"testdata/realworld/files/{row['id']}.pdf"
    if not os.path.exists(pdf):
        continue
    count, roots = roots_of(pdf)
    out = f"testdata/realworld/anchors/{row['id']}"
    os.makedirs(out, exist_ok=True)
    for i, p in enumerate(roots):
        open(os.path.join(out, f"root-{i}.pem"), "wb").write(p + b"\n")
    print(f"{row['id']}: {count} certificates, {len(roots)} self-signed roots")
    made += 1
print(f"realworld-anchors: {made} trust stores in testdata/realworld/anchors" if made else
      "realworld-anchors: no PAdES-LTA files present (run scripts/fetch-realworld.sh first)")
