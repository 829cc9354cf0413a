#!/usr/bin/env bash
# Gateway throughput and latency on 127.0.0.1 (not a test): a gateway and a
# client of 64 keep-alive connections in one process. One JSON line per kind
# of request on stdout (bench/run.sh's gateway part stores them in
# target/bench/results/gateway.jsonl for bench/report.py), the same as text
# on stderr. Bounded: REQUESTS per kind (a tenth of it for refusals).
#   bash bench/gateway.sh [CONNECTIONS] [REQUESTS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo run -q --release -p paysign-gateway --example bench -- "${1:-64}" "${2:-20000}"
