#!/usr/bin/env bash
# Installs the pinned Azurite (the Azure Storage emulator the blob location is tested against)
# into CACHE_DIR and prints the path of its azurite-blob launcher. The whole dependency tree is
# pinned by scripts/azurite/package-lock.json and installed with `npm ci`, so every machine runs
# the same emulator. Idempotent: a cache installed from the same lock only prints the path.
# Later Azurite versions, and later releases of some of its dependencies (held back by the
# overrides in scripts/azurite/package.json), need a newer Node than Debian 12 ships; the
# engine check makes a lock that drifted past the running Node fail here, not mid-test.
set -euo pipefail

pinned="$(cd "$(dirname "${BASH_SOURCE[0]}")/azurite" && pwd)"
cache=${1:?usage: azurite.sh CACHE_DIR}
launcher="$cache/node_modules/.bin/azurite-blob"

if [ -x "$launcher" ] && cmp -s "$pinned/package-lock.json" "$cache/package-lock.json" &&
  cmp -s "$pinned/package.json" "$cache/package.json"; then
  echo "$launcher"
  exit 0
fi
command -v npm >/dev/null || { echo "azurite.sh: npm is not installed" >&2; exit 1; }
mkdir -p "$cache"
cp "$pinned/package.json" "$pinned/package-lock.json" "$cache/"
(cd "$cache" && npm ci --engine-strict --no-audit --no-fund --loglevel=error >&2)
[ -x "$launcher" ] || { echo "azurite.sh: npm did not install $launcher" >&2; exit 1; }
echo "$launcher"
