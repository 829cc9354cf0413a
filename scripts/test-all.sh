#!/usr/bin/env bash
# Every test suite of the repository, from a fresh clone. Each binding's own
# test.sh installs the tools it needs (maturin, the napi CLI from the lock
# file, …) and prints "skipped: <runtime> not found" for a missing runtime.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS

step "vectors: committed files are what tests/vectors/generate.py makes"
python3 tests/vectors/generate.py --check
python3 tests/diagnose/generate.py --check
python3 tests/adversarial/generate.py --check

step "rust: fmt, clippy, tests (core, cli and every binding crate)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace

for suite in bindings-python bindings-node bindings-c bindings-kotlin; do
  if [ -f "$suite/test.sh" ]; then
    step "$suite"
    bash "$suite/test.sh"
  fi
done

step "C#, PHP, Go and Ruby over libpaysign"
bash bindings-c/runtimes-test.sh

step "all suites passed in $((SECONDS - started)) s"
