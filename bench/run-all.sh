#!/usr/bin/env bash
# Runs every benchmark; each prints its own figures next to the tools a user would
# otherwise use (pdftotext/pdfsig, pyHanko), measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in verify sesame statements daemon; do
    echo "==== bench/$bench.sh"
    bash "bench/$bench.sh"
    echo
done
