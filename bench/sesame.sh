#!/usr/bin/env bash
# Signed Sesame reports verified per second, in the same run over the same files:
#   docverify   `docverify verify` over N files in one process (CMS, chain, CRL, fields, policy)
#   pyHanko     its validator (validate_pdf_signature with the same trust root and CRL,
#               diff analysis on) looping over the N files in one Python process
#   pdfsig      poppler's pdfsig once per file (signature and digest; its certificate
#               check uses NSS and knows nothing of our trust root)
# Usage: bench/sesame.sh [N] (default 400). Needs the fixtures (make fixtures) and .venv (make venv).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-400}
BIN=${DOCVERIFY_BIN:-.build/release/docverify}
PY=${PYTHON:-.venv/bin/python}
[ -n "${DOCVERIFY_BIN:-}" ] || swift build -c release --static-swift-stdlib >/dev/null
[ -x "$PY" ] || { echo "bench/sesame.sh: $PY missing (run: make venv)" >&2; exit 1; }
[ -f testdata/sesame/manifest.json ] || { echo "bench/sesame.sh: testdata/sesame missing (run: make fixtures)" >&2; exit 1; }
NOW=2026-11-25T12:00:00Z
OUT=bench/out/sesame
rm -rf "$OUT" && mkdir -p "$OUT/corpus"

# N copies of the genuine reports (every layout, RSA and ECDSA, both SubFilters), cycled.
python3 - "$N" "$OUT/corpus" <<'PY'
import json, shutil, sys, pathlib
n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
entries = json.load(open("testdata/sesame/manifest.json"))
genuine = [e["file"] for e in entries if e["expect"] in ("pass", "review")]
if not genuine:
    sys.exit("no genuine report in testdata/sesame/manifest.json")
for i in range(n):
    src = pathlib.Path("testdata/sesame") / genuine[i % len(genuine)]
    shutil.copyfile(src, out / f"{i:05d}-{src.name}")
print(f"{len(genuine)} genuine reports, cycled", file=sys.stderr)
PY

cat > "$OUT/pyhanko_loop.py" <<'PY'
import glob, sys
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from asn1crypto import crl, pem

root = load_cert_from_pemder(sys.argv[2])
crls = []
for path in sys.argv[3:]:
    data = open(path, "rb").read()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    crls.append(crl.CertificateList.load(data))
ok = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.pdf")):
    with open(path, "rb") as f:
        reader = PdfFileReader(f)
        context = ValidationContext(trust_roots=[root], crls=crls, allow_fetching=False)
        status = validate_pdf_signature(reader.embedded_signatures[0], context)
        ok += bool(status.bottom_line)
print(ok)
PY

cat > "$OUT/pdfsig_loop.sh" <<'LOOP'
#!/usr/bin/env bash
for f in "$1"/*.pdf; do pdfsig "$f" >/dev/null 2>&1 || true; done
LOOP
chmod +x "$OUT/pdfsig_loop.sh"

# Wall time and the CPU time of the whole process tree. /usr/bin/time counts only descendants
# that their parent waits for, and `docverify verify` kills its idle workers on exit without
# waiting (WorkerPool.shutdown(waitForExit: false)): they were re-parented to init and their
# CPU was missed. This runner is a child subreaper (PR_SET_CHILD_SUBREAPER), so orphaned
# workers come back to it, and it reaps every descendant before reading RUSAGE_CHILDREN.
cat > "$OUT/treetime.py" <<'PY'
import ctypes, os, resource, subprocess, sys, time
PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("treetime.py: prctl(PR_SET_CHILD_SUBREAPER) failed")
out, command = sys.argv[1], sys.argv[2:]
start = time.monotonic()
with open(os.devnull, "wb") as null:
    subprocess.run(command, stdout=null, stderr=null)
while True:  # the orphans: workers the command left behind
    try:
        os.wait()
    except ChildProcessError:
        break
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
open(out, "w").write(f"{wall:.3f} {usage.ru_utime:.3f} {usage.ru_stime:.3f}\n")
PY

ROOT=keys/test-sesame-root.pem
CRL=keys/test-sesame.crl.pem
# Wall time (what a clerk waits for) and CPU time of the whole process tree, workers included
# (robust against other load on the machine).
timed() { python3 "$OUT/treetime.py" "$@" || true; }
timed "$OUT/docverify.time" "$BIN" verify --format json --now "$NOW" --allow-test-keys --keys keys "$OUT"/corpus/*.pdf
timed "$OUT/pyhanko.time" "$PY" "$OUT/pyhanko_loop.py" "$OUT/corpus" "$ROOT" "$CRL"
timed "$OUT/pdfsig.time" "$OUT/pdfsig_loop.sh" "$OUT/corpus"
python3 - "$N" "$OUT" <<'PY'
import os, sys
n, out = int(sys.argv[1]), sys.argv[2]
def read(name):
    wall, user, system = (float(x) for x in open(f"{out}/{name}.time").read().split()[-3:])
    return wall, user + system
dv, ph, ps = read("docverify"), read("pyhanko"), read("pdfsig")
print(f"signed Sesame reports: {n} files, {os.cpu_count()} cores, same files, same run (load average {os.getloadavg()[0]:.1f})")
print(f"{'':40} {'reports/s':>10} {'wall s':>8} {'CPU ms/report':>14}")
for name, (wall, cpu) in [("docverify verify (one process)", dv), ("pyHanko validator (one Python process)", ph),
                          ("pdfsig (one process per file)", ps)]:
    print(f"{name:40} {n / wall:10.1f} {wall:8.2f} {cpu / n * 1000:14.2f}")
print(f"docverify / pyHanko: {ph[0] / dv[0]:.1f}x by wall time, {ph[1] / dv[1]:.1f}x by CPU time (target >= 5x)")
print(f"docverify / pdfsig:  {ps[0] / dv[0]:.1f}x by wall time, {ps[1] / dv[1]:.1f}x by CPU time (target > 1x)")
PY

# PAdES-LTA reports (testdata/ltv/lta-pass.pdf: signature, DSS with CRL and OCSP, document
# timestamp), N copies: docverify checks the signature, the LTV revisions object by object,
# the embedded revocation data and the document timestamp; pyHanko validates the signature
# with its diff analysis (which classifies the same revisions) and the same root and CRL.
if [ -f testdata/ltv/lta-pass.pdf ]; then
    mkdir -p "$OUT/lta"
    for i in $(seq -f "%05g" 1 "$N"); do cp testdata/ltv/lta-pass.pdf "$OUT/lta/$i-lta-pass.pdf"; done
    timed "$OUT/lta-docverify.time" "$BIN" verify --format json --now "$NOW" --allow-test-keys --keys keys "$OUT"/lta/*.pdf
    timed "$OUT/lta-pyhanko.time" "$PY" "$OUT/pyhanko_loop.py" "$OUT/lta" "$ROOT" "$CRL"
    python3 - "$N" "$OUT" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
def read(name):
    wall, user, system = (float(x) for x in open(f"{out}/{name}.time").read().split()[-3:])
    return wall, user + system
dv, ph = read("lta-docverify"), read("lta-pyhanko")
for name, (wall, cpu) in [("PAdES-LTA reports: docverify verify", dv), ("PAdES-LTA reports: pyHanko validator", ph)]:
    print(f"{name:40} {n / wall:10.1f} {wall:8.2f} {cpu / n * 1000:14.2f}")
print(f"PAdES-LTA docverify / pyHanko: {ph[0] / dv[0]:.1f}x by wall time, {ph[1] / dv[1]:.1f}x by CPU time")
PY
fi

# SM2/SM3 reports (the genuine ones of testdata/sm2), N files cycled: docverify only, because
# pyHanko (and pdfsig) cannot verify SM2 signatures.
if [ -f testdata/sm2/manifest.json ]; then
    mkdir -p "$OUT/sm2"
    python3 - "$N" "$OUT/sm2" <<'PY'
import json, shutil, sys, pathlib
n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
genuine = [e["file"] for e in json.load(open("testdata/sm2/manifest.json")) if e["expect"] == "pass"]
for i in range(n):
    shutil.copyfile(pathlib.Path("testdata/sm2") / genuine[i % len(genuine)], out / f"{i:05d}-{genuine[i % len(genuine)]}")
PY
    timed "$OUT/sm2.time" "$BIN" verify --format json --now "$NOW" --allow-test-keys --keys keys "$OUT"/sm2/*.pdf
    python3 - "$N" "$OUT/sm2.time" <<'PY'
import sys
n = int(sys.argv[1])
wall, user, system = (float(x) for x in open(sys.argv[2]).read().split()[-3:])
print(f"{'SM2/SM3 reports: docverify verify':40} {n / wall:10.1f} {wall:8.2f} {(user + system) / n * 1000:14.2f}"
      "   (pyHanko and pdfsig cannot verify SM2: not compared)")
PY
fi
