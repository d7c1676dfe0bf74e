#!/usr/bin/env bash
# Installs the Debian 12 packages Tidemark needs to build, test and run. Idempotent: a machine
# that already has everything does nothing but check.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
  libqt6svg6 qt6-qpa-plugins
  libsqlite3-dev sqlite3 sqlite3-tools
  libzstd-dev zstd libssl-dev libxxhash-dev libcurl4-openssl-dev
  xvfb xauth
  fonts-dejavu-core python3
  clang libclang-rt-14-dev
  python3-azure-storage
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# python3-azure-storage is Azure's own blob client: tests check with it what Tidemark really
# wrote into a container (tests/support/blob_inventory.py). Azurite (scripts/azurite.sh)
# installs through npm: a machine with its own Node keeps it; only one without npm gets
# Debian's.
if ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
