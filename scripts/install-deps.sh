#!/usr/bin/env bash
# Installs the Debian packages docverify builds and tests with, if any is missing.
# Idempotent and quiet when everything is present.
set -euo pipefail
packages=(libpoppler-glib-dev libssl-dev zlib1g-dev pkg-config poppler-utils qpdf python3-venv systemd fonts-wqy-zenhei fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
