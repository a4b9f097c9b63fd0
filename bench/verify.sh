#!/usr/bin/env bash
# Throughput and peak memory of `docverify verify` over a corpus of small PDFs in one
# process, against the loop a user would write instead (pdftotext + pdfsig per file),
# in the same run. Usage: bench/verify.sh [N] (default 600 documents).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-600}
BIN=${DOCVERIFY_BIN:-.build/release/docverify}
[ -n "${DOCVERIFY_BIN:-}" ] || swift build -c release --static-swift-stdlib >/dev/null
OUT=bench/out/verify
rm -rf "$OUT" && mkdir -p "$OUT"
python3 bench/corpus.py "$N" "$OUT/corpus"
python3 bench/corpus.py $((N / 4)) "$OUT/small"
cat > "$OUT/loop.sh" <<'LOOP'
#!/usr/bin/env bash
for f in "$1"/*.pdf; do pdftotext "$f" - >/dev/null 2>&1; pdfsig "$f" >/dev/null 2>&1; done
LOOP
chmod +x "$OUT/loop.sh"
dv=$(python3 bench/measure.py "$BIN" verify --format json "$OUT"/corpus/*.pdf)
dv_small=$(python3 bench/measure.py "$BIN" verify --format json "$OUT"/small/*.pdf)
loop=$(python3 bench/measure.py "$OUT/loop.sh" "$OUT/corpus")
python3 - "$N" "$dv" "$dv_small" "$loop" <<'PY'
import json, sys
n = int(sys.argv[1]); dv, small, loop = (json.loads(a) for a in sys.argv[2:5])
dv_rate, loop_rate = n / dv["seconds"], n / loop["seconds"]
print(f"documents: {n} small PDFs, {__import__('os').cpu_count()} cores")
print(f"docverify verify (one process, worker pool): {dv_rate:8.1f} docs/s  peak RSS {dv['peak_rss_kib']/1024:7.1f} MiB (tree)")
print(f"pdftotext + pdfsig loop:                     {loop_rate:8.1f} docs/s  peak RSS {loop['peak_rss_kib']/1024:7.1f} MiB")
print(f"ratio docverify / loop: {dv_rate / loop_rate:.2f}x (target >= 3x)")
print(f"peak RSS with {n // 4} docs: {small['peak_rss_kib']/1024:.1f} MiB; with {n}: {dv['peak_rss_kib']/1024:.1f} MiB "
      f"(growth {dv['peak_rss_kib'] / max(small['peak_rss_kib'], 1):.2f}x; flat means ~1.0)")
PY
