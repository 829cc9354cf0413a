#!/usr/bin/env bash
# Where the time of one benchmark row goes: `perf record -e cpu-clock -g` (the
# software clock event: no PMU needed) of a loop that runs that row alone,
# then the top symbols by self time (`perf report --stdio --no-children`).
#
#   bash bench/profile.sh LANG CASE/IMPL/SIZE [SECONDS]
#     LANG            python, node, core or c
#     CASE/IMPL/SIZE  a row as the results name it (size in bytes), e.g.
#                     xpay/signer/300, cybersource/flat/0, webhook_verify/verifier/300,
#                     paysimple/flat/0; BENCHMARKS.md's "Rows above the bound" lists
#                     the command for each row over its bound
#     SECONDS         how long the loop runs (default 10, or BENCH_PROFILE_S)
#
#   e.g. bash bench/profile.sh node xpay/signer/300
#
# Profiles what bench/run.sh built (`bash bench/run.sh LANG` first; core:
# builds the criterion bench if needed). Prints the top BENCH_PROFILE_TOP
# (25) symbols; keeps the recording and the full report with call chains
# under target/bench/profile/. Node runs with --perf-basic-prof so that
# JIT-compiled JavaScript has names. Paste the printed table into
# BENCHMARKS.md's "Where the time goes" (outside the generated block).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$TARGET/bench
[ $# -ge 2 ] || { sed -n '5,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
LANG_=$1
ROW=$2
SECONDS_=${3:-${BENCH_PROFILE_S:-10}}
TOP=${BENCH_PROFILE_TOP:-25}
IFS=/ read -r CASE IMPL SIZE <<<"$ROW"
[ -n "${SIZE:-}" ] || { echo "row: CASE/IMPL/SIZE, e.g. xpay/signer/300" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf not found (apt-get install linux-perf)" >&2; exit 1; }

need() { # path, what builds it
    [ -e "$1" ] || { echo "$1 is missing: run $2 first" >&2; exit 1; }
}

case $LANG_ in
python)
    need "$OUT/py-venv/bin/python" "bash bench/run.sh python"
    CMD=("$OUT/py-venv/bin/python" bench/python_bench.py)
    ;;
node)
    node -e 'require("./bindings-node")' 2>/dev/null || { echo "the Node binding does not load: run bash bench/run.sh node first" >&2; exit 1; }
    # --perf-basic-prof also writes V8's log: into target/bench/profile, not the working directory.
    CMD=(node --perf-basic-prof --interpreted-frames-native-stack --no-logfile-per-isolate
        --logfile="$OUT/profile/node-v8.log" bench/node_bench.js bindings-node)
    ;;
c)
    need "$OUT/cbench" "bash bench/run.sh c"
    CMD=("$OUT/cbench")
    ;;
core)
    case $SIZE in
    0) LABEL=0B ;; 300) LABEL=300B ;; 65536) LABEL=64KiB ;; 1048576) LABEL=1MiB ;;
    *) echo "core sizes: 0, 300, 65536, 1048576" >&2; exit 2 ;;
    esac
    EXE=$(cargo bench -p paysign --bench schemes --no-run --message-format=json 2>/dev/null |
        python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "schemes":
        print(m["executable"])')
    [ -n "$EXE" ] || { echo "could not build the core bench (cargo bench -p paysign --bench schemes --no-run)" >&2; exit 1; }
    CMD=("$EXE" --bench --profile-time "$SECONDS_" --exact "$CASE/$IMPL/$LABEL")
    ;;
*) echo "LANG: python, node, core or c" >&2; exit 2 ;;
esac

mkdir -p "$OUT/profile"
NAME=$OUT/profile/$LANG_-$CASE-$IMPL-$SIZE
echo "== perf record -e cpu-clock -g: $LANG_ $ROW, ${SECONDS_} s" >&2
BENCH_ONLY=$ROW BENCH_PROFILE_S=$SECONDS_ CRITERION_HOME=$OUT/profile/criterion \
    perf record -q -e cpu-clock -g -o "$NAME.data" -- "${CMD[@]}" >/dev/null
perf report -i "$NAME.data" --stdio --no-children >"$NAME.txt" 2>/dev/null || true

SAMPLES=$(perf report -i "$NAME.data" --stdio --no-children -g none --sort dso 2>/dev/null |
    sed -n 's/^# Samples: *\([0-9kKM]*\).*/\1/p' | head -1)
echo "Top $TOP symbols by self time, $LANG_ $ROW (perf, cpu-clock, $SAMPLES samples; full report: ${NAME#"$ROOT"/}.txt):"
echo
echo '```'
perf report -i "$NAME.data" --stdio --no-children -g none --sort dso,sym --percent-limit 0.3 2>/dev/null |
    grep -v '^#' | grep -v '^$' | head -n "$TOP" | sed "s|$ROOT/||g" # JavaScript symbols carry file paths
echo '```'
