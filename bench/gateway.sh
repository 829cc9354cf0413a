#!/usr/bin/env bash
# Gateway throughput and latency on 127.0.0.1 (not a test): a gateway and a
# client of 64 keep-alive connections in one process. Figures: BENCHMARKS.md.
#   bash bench/gateway.sh [CONNECTIONS] [REQUESTS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo run -q --release -p paysign-gateway --example bench -- "${1:-64}" "${2:-40000}"
