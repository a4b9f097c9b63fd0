#!/usr/bin/env bash
# Benchmark of the daemon (`docverify watch`), all figures by default:
#   latency rename -> verdict (p50, p99 over 200 documents; target p50 < 50 ms),
#   throughput for 1,000 documents dropped at once vs `docverify verify` over the same files
#   in the same run (target >= 80 % of the CLI), daemon RSS after 10,000 documents (flat).
# Usage: bench/daemon.sh [--quick]   (--quick: 200 / 300 / 2,000 documents)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DOCVERIFY_BIN:-.build/release/docverify}
[ -n "${DOCVERIFY_BIN:-}" ] || swift build -c release --static-swift-stdlib >/dev/null
OUT=bench/out/daemon
args=(--latency 200 --throughput 1000 --memory 10000)
if [ "${1:-}" = "--quick" ]; then args=(--latency 200 --throughput 300 --memory 2000); fi
result=$(python3 bench/daemon.py "$BIN" "$OUT" "${args[@]}")
python3 - "$result" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
lat, thr, mem = r["latency_ms"], r["throughput"], r["memory"]
print(f"docverify watch, {r['workers']} workers on {r['cores']} cores; spool under {r['spool']}")
print(f"latency rename -> verdict published ({lat['n']} documents one at a time): "
      f"p50 {lat['p50']:.1f} ms, p99 {lat['p99']:.1f} ms, max {lat['max']:.1f} ms  (target p50 < 50 ms: "
      f"{'met' if lat['p50'] < 50 else 'NOT met'})")
print(f"throughput, {thr['documents']} documents dropped at once: daemon {thr['daemon_docs_per_s']:.1f} docs/s, "
      f"docverify verify {thr['cli_docs_per_s']:.1f} docs/s, ratio {thr['ratio'] * 100:.0f} % "
      f"(target >= 80 %: {'met' if thr['ratio'] >= 0.8 else 'NOT met'})")
if "tmpfs_ratio" in thr:
    print(f"  same with the spool on tmpfs (no disk; the daemon's own cost): daemon {thr['tmpfs_daemon_docs_per_s']:.1f} docs/s, "
          f"ratio {thr['tmpfs_ratio'] * 100:.0f} %  (the difference is fsync and inode allocation: 2 new files and "
          f"a filesystem sync and a directory fsync per group of verdicts published together)")
print("daemon resident memory (own process; its workers are recycled every 500 documents):")
for s in mem:
    print(f"  after {s['documents']:6d} documents: daemon {s['daemon_rss_mib']:6.1f} MiB, workers {s['workers_rss_mib']:6.1f} MiB")
first, last = mem[0]["daemon_rss_mib"], mem[-1]["daemon_rss_mib"]
print(f"daemon growth from {mem[0]['documents']} to {mem[-1]['documents']} documents: {last - first:+.1f} MiB "
      f"({'flat' if last - first < max(5, 0.1 * first) else 'GROWING'})")
PY
