#!/usr/bin/env bash
# Benchmarks against the incumbents and the floor (issues 8 and 19); `make bench` runs this.
#
#   bash bench/run.sh                  every part: core c python node gateway
#   bash bench/run.sh python node      only those parts (the report uses what is there)
#
# Builds what it measures the way users get it (release libpaysign installed
# under target/bench/prefix, the wheel in a fresh venv, the Node addon with
# `npm ci && npm run build`), runs each part, writes raw results to
# target/bench/results/ and the tables to target/bench/report.md, and
# rewrites the results block of BENCHMARKS.md (BENCH_UPDATE=0: leave it).
# bench/profile.sh then profiles any one row of what was built.
#
# Settings (environment):
#   BENCH_SAMPLES=11        samples per implementation (C, Python, Node); the median is reported
#   BENCH_SAMPLE_MS=20      length of one sample
#   BENCH_CLOCK=cpu         C and Python: cpu = the thread's CPU time, so that time-slicing
#                           by other processes does not count; wall = wall-clock (Node: always wall)
#   BENCH_CRITERION="--warm-up-time 0.5 --measurement-time 1"   criterion options (quick)
#   BENCH_GATEWAY_REQUESTS=20000   requests per kind for the gateway (a tenth for refusals)
#   BENCH_NODE_BUILD=1      0: use the addon already built in bindings-node
#   BENCH_UPDATE=1          0: do not touch BENCHMARKS.md
# Run it on a quiet machine: the report records the load (uptime) before and
# after each part, and every ratio compares implementations sampled
# round-robin in one process.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$TARGET/bench
RES=$OUT/results
export BENCH_SAMPLES=${BENCH_SAMPLES:-11}
export BENCH_SAMPLE_MS=${BENCH_SAMPLE_MS:-20}
CRITERION_OPTS=${BENCH_CRITERION:---warm-up-time 0.5 --measurement-time 1}
GATEWAY_REQUESTS=${BENCH_GATEWAY_REQUESTS:-20000}
PARTS=("$@")
[ ${#PARTS[@]} -gt 0 ] || PARTS=(core c python node gateway)
PYTHON=${PYTHON:-python3}
export PIP_DISABLE_PIP_VERSION_CHECK=1

mkdir -p "$RES"
START=$(date +%s)

load() { # part, phase
    printf '{"part":"%s","phase":"%s","time":"%s","uptime":"%s"}\n' "$1" "$2" \
        "$(date -u +%FT%TZ)" "$(uptime | sed 's/^ *//')" >>"$RES/load.jsonl"
}
show() { # one short line per result row: case/impl/size and the median
    sed -E 's/.*"case": ?"([^"]+)", ?"impl": ?"([^"]+)", ?"size": ?([0-9]+),.*"ns": ?([0-9.]+).*/\1\/\2\/\3  \4 ns/' | cut -c1-110
}
skip() { # part, why
    echo "skipped: $2"
    printf '{"lang":"%s","skipped":"%s"}\n' "$1" "$2" >"$RES/$1.jsonl"
}

machine() {
    local sha=no
    grep -qw sha_ni /proc/cpuinfo && sha=yes
    "$PYTHON" - "$RES/machine.json" "$sha" <<'EOF'
import json, os, platform, subprocess, sys
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""
info = {
    "cpu": sh("lscpu | sed -n 's/^Model name: *//p' | head -1"),
    "cpus": os.cpu_count(),
    "sha_ni": sys.argv[2],
    "hypervisor": sh("lscpu | sed -n 's/^Hypervisor vendor: *//p'"),
    "kernel": platform.release(),
    "rustc": sh("rustc --version"),
    "cc": sh("cc --version | head -1"),
    "openssl": sh("openssl version"),
    "python": sh(os.environ.get("PYTHON", "python3") + " --version"),
    "node": sh("node --version"),
    "date": sh("date -u '+%F %T UTC'"),
    "commit": sh("git rev-parse --short HEAD") + (" (with uncommitted changes)" if sh("git status --porcelain --untracked-files=no") else ""),
}
json.dump(info, open(sys.argv[1], "w"), indent=1)
EOF
}

part_core() {
    # CRITERION_HOME: this run's estimates only, read by bench/report.py.
    rm -rf "$OUT/criterion"
    # shellcheck disable=SC2086
    CRITERION_HOME=$OUT/criterion cargo bench -p paysign --bench schemes -- $CRITERION_OPTS \
        2>&1 | grep -E '^[a-z_]+/|time:|thrpt:' || true
    [ -d "$OUT/criterion" ] || { echo "core: criterion wrote no results" >&2; return 1; }
}

part_c() {
    local inc=
    for d in /usr/include /usr/local/include; do [ -f $d/openssl/evp.h ] && inc=yes; done
    if [ -z "$inc" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y -q libssl-dev >/dev/null || true
        [ -f /usr/include/openssl/evp.h ] && inc=yes
    fi
    [ -n "$inc" ] || { skip c "OpenSSL headers not found (apt-get install libssl-dev)"; return 0; }
    command -v cc >/dev/null || { skip c "cc not found"; return 0; }
    make -s -C bindings-c build
    make -s -C bindings-c install PREFIX="$OUT/prefix" >/dev/null
    # Static libpaysign (as bindings-c/README.md links it), shared libcrypto.
    cc -O2 -std=c11 -Wall -o "$OUT/cbench" bench/bench.c -I"$OUT/prefix/include" \
        "$OUT/prefix/lib/libpaysign.a" -lcrypto -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
    "$OUT/cbench" | tee "$RES/c.jsonl" | show
}

part_python() {
    command -v "$PYTHON" >/dev/null || { skip python "python3 not found"; return 0; }
    # maturin: from bindings-python/test.sh's tools venv when it is there, else our own.
    local tools=$TARGET/py-venv
    if ! "$tools/bin/maturin" --version >/dev/null 2>&1; then
        tools=$OUT/py-tools
        if ! "$tools/bin/maturin" --version >/dev/null 2>&1; then
            "$PYTHON" -m venv --clear "$tools"
            "$tools/bin/pip" install -q 'maturin>=1.9.4,<2'
        fi
    fi
    rm -rf "$OUT/py-dist"
    "$tools/bin/maturin" build --release -m bindings-python/Cargo.toml -o "$OUT/py-dist" \
        -i "$tools/bin/python" 2>&1 | tail -1
    local wheel
    wheel=$(ls "$OUT"/py-dist/paysign-*.whl)
    "$PYTHON" -m venv --clear "$OUT/py-venv"
    "$OUT/py-venv/bin/pip" install -q --no-index "$wheel"
    "$OUT/py-venv/bin/python" bench/python_bench.py | tee "$RES/python.jsonl" | show
}

part_node() {
    command -v node >/dev/null || { skip node "node not found"; return 0; }
    if [ "${BENCH_NODE_BUILD:-1}" != 0 ]; then
        if ! (cd bindings-node && npm ci --no-audit --no-fund >/dev/null && npm run -s build >/dev/null); then
            skip node "the Node binding did not build (cd bindings-node && npm ci && npm run build)"
            return 0
        fi
    fi
    if ! node -e 'require("./bindings-node")' 2>/dev/null; then
        skip node "the Node binding does not load"
        return 0
    fi
    node bench/node_bench.js bindings-node | tee "$RES/node.jsonl" | show
}

part_gateway() {
    # Builds quietly first, so that the timed run starts with the example compiled.
    cargo build -q --release -p paysign-gateway --example bench
    bash bench/gateway.sh 64 "$GATEWAY_REQUESTS" >"$RES/gateway.jsonl"
}

machine
for part in "${PARTS[@]}"; do
    case $part in
    core | c | python | node | gateway) ;;
    *) echo "unknown part: $part (core, c, python, node, gateway)" >&2; exit 2 ;;
    esac
    echo "== $part"
    rm -f "$RES/$part.jsonl"
    load "$part" before
    "part_$part"
    load "$part" after
done
echo "== done in $(($(date +%s) - START)) s"

"$PYTHON" bench/report.py "$OUT" >"$OUT/report.md"
if [ "${BENCH_UPDATE:-1}" != 0 ]; then
    "$PYTHON" bench/report.py "$OUT" --update BENCHMARKS.md
    echo "BENCHMARKS.md updated (results block); tables also in $OUT/report.md"
else
    echo "tables in $OUT/report.md"
fi
