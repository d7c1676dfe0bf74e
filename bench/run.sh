#!/usr/bin/env bash
# Tidemark benchmark: measures tidemark-cli against restic and against the scripted
# `sqlite3 .backup` + `zstd` on one generated database, and prints a markdown table.
#
#   bash bench/run.sh BUILD_DIR
#
# Environment:
#   BENCH_SIZE_MIB     size of the generated database (default 500)
#   BENCH_DIR          parent of the scratch folder (default /tmp)
#   BENCH_SEED         generator seed (default 42)
#   BENCH_KEEP=1       keep the scratch folder afterwards
#   BENCH_PEERS_ONLY=1 measure only the peers (for checking the script without tidemark-cli)
#   BENCH_STRICT=1     exit 3 when a goal is missed (correctness failures always exit 1)
#   BENCH_AZURE_ONLY=1 generate the database, then measure only the blob location part (Azurite)
#   BLOB_IDLE_HOURS    simulated idle hours for the blob requests-per-hour figure (default 24)
#
# Everything runs warm: each measured command follows one read of the database file.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: bench/run.sh BUILD_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
CLI="$BUILD_DIR/app/cli/tidemark-cli"
GEN="$BUILD_DIR/bench/tidemark-bench-gen"
SIZE_MIB=${BENCH_SIZE_MIB:-500}
SEED=${BENCH_SEED:-42}
PEERS_ONLY=${BENCH_PEERS_ONLY:-0}
RESULTS="$BUILD_DIR/bench-results.md"

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

# --- peers -----------------------------------------------------------------------------------
install_peers() {
    local packages=(restic zstd sqlite3 sqlite3-tools time) missing=() p
    for p in "${packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
install_peers

[ -x "$GEN" ] || die "$GEN is missing: build the target tidemark-bench-gen first"
if [ "$PEERS_ONLY" != 1 ]; then
    [ -x "$CLI" ] || die "$CLI is missing: build tidemark-cli first (or set BENCH_PEERS_ONLY=1)"
fi

# --- scratch folder --------------------------------------------------------------------------
mkdir -p "${BENCH_DIR:-/tmp}"
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/tidemark-bench.XXXXXX")
# shellcheck disable=SC2317 # called by the trap
cleanup() {
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        say "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

DB="$WORK/shop.db"
WS="$WORK/workspace"
VAULT="$WS/vault"
export TIDEMARK_PASSPHRASE="tidemark bench passphrase"
export RESTIC_PASSWORD="restic bench password"
export RESTIC_REPOSITORY="$WORK/restic-repo"
export XDG_CACHE_HOME="$WORK/cache" # restic's cache stays in the scratch folder
unset TIDEMARK_WORKSPACE

# --- measuring -------------------------------------------------------------------------------
declare -A SECS RSS
LOGS="$WORK/logs"
mkdir -p "$LOGS"

warm() { cat "$DB" >/dev/null; }

# measure NAME COMMAND...: runs COMMAND once, warm, under /usr/bin/time -v. Records wall
# seconds in SECS[NAME] and peak resident set size (KiB) in RSS[NAME].
measure() {
    local name=$1
    shift
    warm
    local t0 t1
    t0=$(date +%s%N)
    if ! /usr/bin/time -v -o "$LOGS/$name.time" "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err"; then
        say "$name failed: $*"
        cat "$LOGS/$name.err" "$LOGS/$name.out" >&2 || true
        exit 1
    fi
    t1=$(date +%s%N)
    SECS[$name]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    RSS[$name]=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$LOGS/$name.time")
    say "$name: ${SECS[$name]} s, peak RSS $(mib_kib "${RSS[$name]}") MiB"
}

bytes_of() { du -sb "$1" | cut -f1; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
mib_kib() { awk -v k="${1:-0}" 'BEGIN { printf "%.0f", k / 1024 }'; }
# ratio A B -> A / B with two decimals (0 when B is zero)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print 0 }'; }
# goal AWK_CONDITION -> yes or **no**
goal() { if awk "BEGIN { exit !($1) }"; then echo yes; else echo "**no**"; fi; }
json_field() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" | head -n1; }

tm() { "$CLI" --workspace "$WS" "$@"; }

# tm_backup NAME TYPE: a measured Tidemark backup that must succeed; the stored type in TYPE_OF.
declare -A TYPE_OF
tm_backup() {
    local name=$1 type=$2
    measure "$name" "$CLI" --workspace "$WS" --json backup shop --type "$type"
    if ! grep -q '"status"[[:space:]]*:[[:space:]]*"succeeded"' "$LOGS/$name.out"; then
        cat "$LOGS/$name.out" >&2
        die "$name did not succeed"
    fi
    TYPE_OF[$name]=$(json_field type <"$LOGS/$name.out")
}

CORRECT=1
ROWS=()
# row OPERATION TM_S PEER PEER_S SPEEDUP TM_SIZE PEER_SIZE TM_RSS PEER_RSS GOAL MET
row() {
    local line="|" cell
    for cell in "$@"; do line+=" $cell |"; done
    ROWS+=("$line")
}

# --- the database ----------------------------------------------------------------------------
say "generating a ${SIZE_MIB} MiB database in $WORK"
t0=$(date +%s%N)
"$GEN" --out "$DB" --size-mib "$SIZE_MIB" --seed "$SEED" >"$LOGS/generate.out"
t1=$(date +%s%N)
GEN_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
DB_BYTES=$(stat -c %s "$DB")
say "$(cat "$LOGS/generate.out")"

# Blob locations against Azurite beside a folder: backup and restore MiB/s, the requests of a
# no-change full, requests per hour of an idle database and of one at 100 commits/s.
run_blob_bench() {
    local bin="$BUILD_DIR/bench/tidemark-blob-bench"
    if [ ! -x "$bin" ]; then
        say "$bin is missing: build the target tidemark-blob-bench first"
        return 0
    fi
    "$bin" "$DB" "$WORK/blob" "${BLOB_IDLE_HOURS:-24}" | tee -a "$RESULTS"
}
if [ "${BENCH_AZURE_ONLY:-0}" = 1 ]; then
    : >"$RESULTS"
    run_blob_bench
    exit 0
fi

restic init >"$LOGS/restic-init.out" 2>&1 || {
    cat "$LOGS/restic-init.out" >&2
    die "restic init failed"
}
if [ "$PEERS_ONLY" != 1 ]; then
    tm init >"$LOGS/tm-init.out" 2>&1 || {
        cat "$LOGS/tm-init.out" >&2
        die "tidemark-cli init failed"
    }
    tm db add shop --file "$DB" >"$LOGS/tm-add.out" 2>&1 || {
        cat "$LOGS/tm-add.out" >&2
        die "tidemark-cli db add failed"
    }
fi

# --- 1. first full backup vs restic ----------------------------------------------------------
NA="—"
if [ "$PEERS_ONLY" != 1 ]; then
    tm_backup tm_full1 full
    VAULT_FULL1=$(bytes_of "$VAULT")
fi
measure restic_1 restic backup --quiet --host bench "$DB"
RESTIC_1=$(bytes_of "$RESTIC_REPOSITORY")

# --- 2. first full backup vs sqlite3 .backup + zstd ------------------------------------------
# shellcheck disable=SC2016 # $1 and $2 belong to the inner shell
measure script_full bash -c 'sqlite3 "$1" ".backup '"'"'$2'"'"'" && zstd -3 -T2 -q -f "$2" -o "$2.zst"' \
    script "$DB" "$WORK/copy.db"
SCRIPT_BYTES=$(stat -c %s "$WORK/copy.db.zst")
rm -f "$WORK/copy.db" "$WORK/copy.db.zst"

# --- 3. second full backup of the unchanged database -----------------------------------------
if [ "$PEERS_ONLY" != 1 ]; then
    tm_backup tm_full2 full
    VAULT_FULL2=$(bytes_of "$VAULT")
fi

# --- 4. changes: diff after ~2 %, log after ~0.5 % twice; restic after each -----------------
declare -A VAULT_AFTER RESTIC_AFTER
prev_vault=${VAULT_FULL2:-0}
prev_restic=$RESTIC_1
step=0
for spec in "2 diff" "0.5 log" "0.5 log"; do
    read -r percent type <<<"$spec"
    step=$((step + 1))
    "$GEN" --mutate "$DB" --percent "$percent" --seed $((SEED * 100 + step)) >"$LOGS/mutate_$step.out"
    say "$(cat "$LOGS/mutate_$step.out")"
    if [ "$PEERS_ONLY" != 1 ]; then
        tm_backup "tm_step$step" "$type"
        now=$(bytes_of "$VAULT")
        VAULT_AFTER[$step]=$((now - prev_vault))
        prev_vault=$now
    fi
    measure "restic_step$step" restic backup --quiet --host bench "$DB"
    now=$(bytes_of "$RESTIC_REPOSITORY")
    RESTIC_AFTER[$step]=$((now - prev_restic))
    prev_restic=$now
done
VAULT_FINAL=$prev_vault
RESTIC_FINAL=$prev_restic

# --- 5. restore the latest point -------------------------------------------------------------
if [ "$PEERS_ONLY" != 1 ]; then
    tm --json restore-window shop >"$LOGS/window.out"
    LATEST=$(json_field latest <"$LOGS/window.out")
    if [ -z "$LATEST" ]; then
        say "no latest restore point in $(cat "$LOGS/window.out"); restoring to 2030-01-01"
        LATEST=2030-01-01T00:00:00Z
    fi
    measure tm_restore "$CLI" --workspace "$WS" --json restore shop --to "$LATEST" --as R1 \
        --file "$WORK/restored.db"
    TM_RESTORED=$(stat -c %s "$WORK/restored.db")
fi
measure restic_restore restic restore latest --target "$WORK/restic-restore"
RESTIC_RESTORED_FILE="$WORK/restic-restore$DB"
[ -f "$RESTIC_RESTORED_FILE" ] || die "restic restore produced no $RESTIC_RESTORED_FILE"
RESTIC_RESTORED=$(stat -c %s "$RESTIC_RESTORED_FILE")

# --- 6. correctness --------------------------------------------------------------------------
if cmp -s "$RESTIC_RESTORED_FILE" "$DB"; then RESTIC_SAME="byte-identical"; else
    RESTIC_SAME="differs"
fi
if [ "$PEERS_ONLY" != 1 ]; then
    if command -v sqldiff >/dev/null; then
        sqldiff "$WORK/restored.db" "$DB" >"$LOGS/sqldiff.out" 2>&1 || echo "sqldiff failed" >>"$LOGS/sqldiff.out"
        if [ -s "$LOGS/sqldiff.out" ]; then
            TM_SAME="sqldiff: $(wc -l <"$LOGS/sqldiff.out") differences"
            CORRECT=0
        else
            TM_SAME="sqldiff: no difference"
        fi
    else
        a=$(sqlite3 "$WORK/restored.db" .dump | sha256sum)
        b=$(sqlite3 "$DB" .dump | sha256sum)
        if [ "$a" = "$b" ]; then TM_SAME="same .dump"; else
            TM_SAME=".dump differs"
            CORRECT=0
        fi
    fi
    INTEGRITY=$(sqlite3 "$WORK/restored.db" "PRAGMA integrity_check" 2>&1 | head -n1)
    [ "$INTEGRITY" = ok ] || CORRECT=0
fi

# --- the table -------------------------------------------------------------------------------
rss() { mib_kib "${RSS[$1]:-}"; }
if [ "$PEERS_ONLY" != 1 ]; then
    s1=$(ratio "${SECS[restic_1]}" "${SECS[tm_full1]}")
    size_ratio=$(ratio "$VAULT_FULL1" "$RESTIC_1")
    met=$(goal "$s1 >= 2 && $size_ratio <= 1.05")
    row "full backup (first)" "${SECS[tm_full1]}" "restic backup" "${SECS[restic_1]}" "${s1}x" \
        "$(mib "$VAULT_FULL1") MiB" "$(mib "$RESTIC_1") MiB" "$(rss tm_full1)" "$(rss restic_1)" \
        "≥2x faster, ≤5% bigger (is $(awk -v r="$size_ratio" 'BEGIN { printf "%+.1f%%", (r - 1) * 100 }'))" "$met"

    s2=$(ratio "${SECS[script_full]}" "${SECS[tm_full1]}")
    met=$(goal "$s2 >= 1.5")
    row "full backup (first)" "${SECS[tm_full1]}" "sqlite3 .backup + zstd -3 -T2" "${SECS[script_full]}" \
        "${s2}x" "$(mib "$VAULT_FULL1") MiB" "$(mib "$SCRIPT_BYTES") MiB" "$(rss tm_full1)" \
        "$(rss script_full)" "≥1.5x faster" "$met"

    s3=$(ratio "${SECS[tm_full1]}" "${SECS[tm_full2]}")
    growth=$((VAULT_FULL2 - VAULT_FULL1))
    growth_pct=$(awk -v g="$growth" -v b="$VAULT_FULL1" 'BEGIN { printf "%.2f", 100 * g / b }')
    met=$(goal "$s3 >= 5 && $growth_pct < 0.5")
    row "full backup (unchanged db)" "${SECS[tm_full2]}" "first Tidemark full" "${SECS[tm_full1]}" \
        "${s3}x" "+$(mib "$growth") MiB (${growth_pct}%)" "$NA" "$(rss tm_full2)" "$NA" \
        "≥5x faster than first, <0.5% growth" "$met"

    labels=("" "${TYPE_OF[tm_step1]} after ~2% changed" "${TYPE_OF[tm_step2]} after ~0.5% changed" \
        "${TYPE_OF[tm_step3]} after ~0.5% changed")
    for step in 1 2 3; do
        row "${labels[$step]}" "${SECS[tm_step$step]}" "restic backup" "${SECS[restic_step$step]}" \
            "$(ratio "${SECS[restic_step$step]}" "${SECS[tm_step$step]}")x" \
            "+$(mib "${VAULT_AFTER[$step]}") MiB" "+$(mib "${RESTIC_AFTER[$step]}") MiB" \
            "$(rss "tm_step$step")" "$(rss "restic_step$step")" "(informative)" "$NA"
    done

    s4=$(ratio "${SECS[restic_restore]}" "${SECS[tm_restore]}")
    met=$(goal "$s4 >= 2")
    row "restore latest (full+diff+2 logs)" "${SECS[tm_restore]}" "restic restore latest" \
        "${SECS[restic_restore]}" "${s4}x" "$(mib "$TM_RESTORED") MiB" "$(mib "$RESTIC_RESTORED") MiB" \
        "$(rss tm_restore)" "$(rss restic_restore)" "≥2x faster" "$met"

    if [ "$CORRECT" = 1 ]; then met=yes; else met="**no**"; fi
    row "restored db = live db" "$TM_SAME, integrity $INTEGRITY" "restic" "$RESTIC_SAME" "$NA" "$NA" \
        "$NA" "$NA" "$NA" "identical content" "$met"
    row "vault / repo after all steps" "$NA" "restic" "$NA" "$NA" "$(mib "$VAULT_FINAL") MiB" \
        "$(mib "$RESTIC_FINAL") MiB" "$NA" "$NA" "(informative)" "$NA"
else
    row "full backup (first)" "$NA" "restic backup" "${SECS[restic_1]}" "$NA" "$NA" \
        "$(mib "$RESTIC_1") MiB" "$NA" "$(rss restic_1)" "≥2x faster, ≤5% bigger" "$NA"
    row "full backup (first)" "$NA" "sqlite3 .backup + zstd -3 -T2" "${SECS[script_full]}" "$NA" \
        "$NA" "$(mib "$SCRIPT_BYTES") MiB" "$NA" "$(rss script_full)" "≥1.5x faster" "$NA"
    for step in 1 2 3; do
        row "changes, step $step" "$NA" "restic backup" "${SECS[restic_step$step]}" "$NA" "$NA" \
            "+$(mib "${RESTIC_AFTER[$step]}") MiB" "$NA" "$(rss "restic_step$step")" "(informative)" "$NA"
    done
    row "restore latest" "$NA" "restic restore latest" "${SECS[restic_restore]}" "$NA" "$NA" \
        "$(mib "$RESTIC_RESTORED") MiB" "$NA" "$(rss restic_restore)" "≥2x faster" "$NA"
    row "restored db = live db" "$NA" "restic" "$RESTIC_SAME" "$NA" "$NA" "$NA" "$NA" "$NA" \
        "identical content" "$NA"
fi

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
restic_v=$(restic version | awk '{ print $2 }')
zstd_v=$(zstd --version | sed -n 's/.*v\([0-9.]*\).*/\1/p')
sqlite_v=$(sqlite3 --version | awk '{ print $1 }')
{
    echo "Machine: $(nproc) cores ($cpu), ${mem} GiB RAM; $(date -u +%Y-%m-%d)."
    echo "Database: $(mib "$DB_BYTES") MiB generated by tidemark-bench-gen (seed $SEED, WAL) in ${GEN_SECS} s."
    echo "Peers: restic $restic_v, zstd $zstd_v, sqlite3 $sqlite_v. Warm page cache; each command run once."
    echo
    echo "| operation | Tidemark s | compared with | its s | speed-up | Tidemark stored | its stored | Tidemark peak RSS MiB | its peak RSS MiB | goal | met |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|"
    printf '%s\n' "${ROWS[@]}"
} >"$RESULTS"

echo
cat "$RESULTS"
echo
echo "(written to $RESULTS)"

if [ "$CORRECT" != 1 ]; then
    say "the restored database does not match the live one"
    exit 1
fi
MISSED=$(printf '%s\n' "${ROWS[@]}" | grep -c '\*\*no\*\*' || true)
if [ "$MISSED" -gt 0 ]; then
    say "$MISSED goal(s) missed"
    [ "${BENCH_STRICT:-0}" = 1 ] && exit 3
fi
# Planning cost of the agent: schedule and retention for 100 databases over a simulated year.
if [ -x "$BUILD_DIR/bench/tidemark-schedule-bench" ]; then
  "$BUILD_DIR/bench/tidemark-schedule-bench" 100 | tee -a "$BUILD_DIR/bench-results.md"
fi
# Monthly bills from ten years of hourly consumption for 100 databases (about a minute to load).
if [ -x "$BUILD_DIR/bench/tidemark-billing-bench" ]; then
  "$BUILD_DIR/bench/tidemark-billing-bench" 100 10 | tee -a "$BUILD_DIR/bench-results.md"
fi
# Continuous capture: cost against size (10 MiB vs 1 GiB), latency to the vault, writer rate.
if [ -x "$BUILD_DIR/bench/tidemark-capture-bench" ]; then
  "$BUILD_DIR/bench/tidemark-capture-bench" "$WORK/capture" \
    "${CAPTURE_BIG_MIB:-1024}" | tee -a "$BUILD_DIR/bench-results.md"
fi
run_blob_bench
# The console: a 20-database workspace with a year of history opened, timeline frames over a
# year of five-minute logs.
if [ -x "$BUILD_DIR/bench/tidemark-console-bench" ]; then
  QT_QPA_PLATFORM=offscreen "$BUILD_DIR/bench/tidemark-console-bench" 20 | tee -a "$BUILD_DIR/bench-results.md"
fi
exit 0
