#!/usr/bin/env bash
# Builds the demo workspace (once) and opens the console on it. Used by `make run`.
set -euo pipefail
build_dir=${1:-build}
workspace=${2:-$build_dir/demo-workspace}
cli="$build_dir/app/cli/tidemark-cli"
console="$build_dir/app/console/tidemark"
pass_file="$build_dir/demo-passphrase.txt"
[ -f "$pass_file" ] || { echo "tidemark demo passphrase" > "$pass_file"; chmod 600 "$pass_file"; }
opts=(--workspace "$workspace" --passphrase-file "$pass_file")
if [ ! -f "$workspace/workspace.json" ]; then
  "$cli" "${opts[@]}" demo
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$console" "${opts[@]}"
fi
echo "No display: showing the demo workspace through the CLI instead of the console."
echo "(With a display, or under xvfb-run, 'make run' opens the console.)"
"$cli" "${opts[@]}" db list
"$cli" "${opts[@]}" backups shop
