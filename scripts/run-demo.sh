#!/usr/bin/env bash
# Builds a demo workspace (once) and shows it. Used by `make run`.
set -euo pipefail
build_dir=${1:-build}
workspace=${2:-$build_dir/demo-workspace}
cli="$build_dir/app/cli/tidemark-cli"
pass_file="$build_dir/demo-passphrase.txt"
[ -f "$pass_file" ] || { echo "tidemark demo passphrase" > "$pass_file"; chmod 600 "$pass_file"; }
opts=(--workspace "$workspace" --passphrase-file "$pass_file")
if [ ! -f "$workspace/workspace.json" ]; then
  "$cli" "${opts[@]}" demo
fi
"$cli" "${opts[@]}" db list
"$cli" "${opts[@]}" backups shop
"$cli" "${opts[@]}" restore-window shop
