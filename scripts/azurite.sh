#!/usr/bin/env bash
# Installs the pinned Azurite (the Azure Storage emulator the blob location is tested against)
# into CACHE_DIR and prints the path of its azurite-blob launcher. Idempotent: a cache that
# already holds the pinned version only prints the path. Later Azurite versions need a newer
# Node than Debian 12 ships, hence the pin.
set -euo pipefail

version=3.34.0
cache=${1:?usage: azurite.sh CACHE_DIR}
launcher="$cache/node_modules/.bin/azurite-blob"
manifest="$cache/node_modules/azurite/package.json"

if [ -x "$launcher" ] && grep -q "\"version\": \"$version\"" "$manifest" 2>/dev/null; then
  echo "$launcher"
  exit 0
fi
command -v npm >/dev/null || { echo "azurite.sh: npm is not installed" >&2; exit 1; }
mkdir -p "$cache"
npm install --prefix "$cache" --save-exact --no-audit --no-fund --loglevel=error "azurite@$version" >&2
[ -x "$launcher" ] || { echo "azurite.sh: npm did not install $launcher" >&2; exit 1; }
echo "$launcher"
