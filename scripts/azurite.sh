#!/usr/bin/env bash
# Installs the pinned Azurite (the Azure Storage emulator the blob location is tested against)
# into CACHE_DIR and prints the path of its azurite-blob launcher. The whole dependency tree is
# pinned by scripts/azurite/package-lock.json and installed with `npm ci`, so every machine runs
# the same emulator. Idempotent: a cache installed from the same lock only prints the path.
# Later Azurite versions, and later releases of some of its dependencies (held back by the
# overrides in scripts/azurite/package.json), need a newer Node than Debian 12 ships (18.19):
# after installing, every package's declared Node range is checked against that version and
# the running one, so a lock regenerated carelessly fails here, on any machine, not mid-test.
set -euo pipefail

pinned="$(cd "$(dirname "${BASH_SOURCE[0]}")/azurite" && pwd)"
cache=${1:?usage: azurite.sh CACHE_DIR}
launcher="$cache/node_modules/.bin/azurite-blob"

# Test executables run in parallel and each asks for the emulator: one installs, the others
# wait for it and then find the cache ready.
mkdir -p "$cache"
exec 9>"$cache/.install.lock"
flock 9

if [ -x "$launcher" ] && cmp -s "$pinned/package-lock.json" "$cache/package-lock.json" &&
  cmp -s "$pinned/package.json" "$cache/package.json"; then
  echo "$launcher"
  exit 0
fi
command -v npm >/dev/null || { echo "azurite.sh: npm is not installed" >&2; exit 1; }
cp "$pinned/package.json" "$pinned/package-lock.json" "$cache/"
(cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >&2)
[ -x "$launcher" ] || { echo "azurite.sh: npm did not install $launcher" >&2; exit 1; }
(cd "$cache" && node -e '
  const semver = require("./node_modules/semver");
  const lock = require("./package-lock.json");
  const wrong = [];
  for (const [name, pkg] of Object.entries(lock.packages))
    for (const node of ["18.19.0", process.version]) {
      const range = pkg.engines && pkg.engines.node;
      if (typeof range === "string" && !semver.satisfies(node, range))
        wrong.push(`${name} needs Node ${range}, not ${node}`);
    }
  if (wrong.length) {
    console.error("azurite.sh: the lock does not fit Debian 12:\n" + wrong.join("\n"));
    process.exit(1);
  }') || { rm -f "$cache/package-lock.json"; exit 1; }
echo "$launcher"
