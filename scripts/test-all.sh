#!/usr/bin/env bash
# Every test suite of the repository, from a fresh clone. Each binding's own
# test.sh installs the tools it needs (maturin, the napi CLI from the lock
# file, …) and prints "skipped: <runtime> not found" for a missing runtime;
# every such line is listed again at the end, and under CI=true any of them
# fails the run (CI installs every runtime). Then `make dist`, the install
# tests of its files (no Rust on PATH) and the docs test (every command and
# code block of the READMEs).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
skipped=()
timings=()

# suite NAME COMMAND...: runs COMMAND, keeps its "skipped: …" lines and its time.
suite() {
  local name=$1 start=$SECONDS log
  shift
  printf '\n==> %s\n' "$name"
  log=$(mktemp)
  local status=0
  "$@" 2>&1 | tee "$log" || status=$?
  if [ "$status" -ne 0 ]; then
    rm -f "$log"
    printf '\n==> FAILED: %s (exit %d after %d s; its output is above)\n' "$name" "$status" "$((SECONDS - start))"
    exit "$status"
  fi
  while IFS= read -r line; do
    skipped+=("$name: ${line#skipped: }")
  done < <(grep -E '^skipped: ' "$log" || true)
  rm -f "$log"
  timings+=("$(printf '%5d s  %s' "$((SECONDS - start))" "$name")")
}

suite "vectors: committed files are what tests/vectors/generate.py makes" python3 tests/vectors/generate.py --check
suite "diagnosis table: tests/diagnose/cases.json is what its generator makes" python3 tests/diagnose/generate.py --check
suite "adversarial table: tests/adversarial/cases.json is what its generator makes" python3 tests/adversarial/generate.py --check

suite "rust: fmt" cargo fmt --all -- --check
suite "rust: clippy" cargo clippy --workspace --all-targets -- -D warnings
suite "rust: tests (core, cli and every binding crate)" cargo test --workspace

suite "bindings-python" bash bindings-python/test.sh
suite "bindings-node" bash bindings-node/test.sh
suite "bindings-c" bash bindings-c/test.sh
suite "bindings-kotlin" bash bindings-kotlin/test.sh
suite "Java, C#, PHP, Go and Ruby over libpaysign" bash bindings-c/runtimes-test.sh

suite "make dist" make dist
suite "install tests: dist/ as users install it, no Rust on PATH" bash scripts/install-test.sh
suite "docs: every command and code block of the READMEs" python3 scripts/docs-test.py

printf '\n==> times\n'
printf '%s\n' "${timings[@]}"
if [ ${#skipped[@]} -gt 0 ]; then
  printf '\n==> skipped (%d): a runtime or tool was not found\n' "${#skipped[@]}"
  printf '  %s\n' "${skipped[@]}"
  if [ "${CI:-}" = true ]; then
    echo "CI=true: every suite must run; install what is missing in .ci/run"
    exit 1
  fi
  printf '\n==> all suites that ran passed in %d s (%d skipped)\n' "$((SECONDS - started))" "${#skipped[@]}"
else
  printf '\n==> all suites passed in %d s, none skipped\n' "$((SECONDS - started))"
fi
