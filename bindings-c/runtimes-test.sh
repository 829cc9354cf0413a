#!/usr/bin/env bash
# The C#, PHP, Go and Ruby wrappers of libpaysign (bindings-c/<runtime>/),
# run from the repository root:
#
#   bash bindings-c/runtimes-test.sh [csharp php go ruby]
#
# Builds the C library and installs it into target/runtimes/prefix (make -C
# bindings-c install), then for each runtime runs the wrapper's suite against
# that install (every vector of tests/vectors, the adversarial and diagnosis
# tables, the bad inputs) and the install steps of RUNTIMES.md as written
# (install-steps-test.sh, from an empty directory). A runtime whose tools are
# missing prints "skipped: <runtime> not found"; the script exits non-zero if
# any runtime that is present fails. Each suite ends with its runner's count:
# go test "ok", minitest "N runs, ...", and "csharp: N passed, M failed" /
# "php: N passed, M failed". (Java callers use bindings-kotlin.)
#
# Each runtime finds the library its own usual way, one per runtime here:
#   csharp  PAYSIGN_LIB=$PREFIX/lib/libpaysign.so
#   php     LD_LIBRARY_PATH=$PREFIX/lib
#   go      PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig (build), LD_LIBRARY_PATH (run)
#   ruby    PAYSIGN_LIB=$PREFIX/lib/libpaysign.so
#
# Debian packages: mono-devel, php-cli, ruby, pkg-config; Go from go.dev (1.21+).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
vectors="$root/tests/vectors"
work="$root/target/runtimes"
prefix="$work/prefix"
lib="$prefix/lib"

runtimes=("$@")
if [ ${#runtimes[@]} -eq 0 ]; then
  runtimes=(csharp php go ruby)
fi

have() { command -v "$1" >/dev/null 2>&1; }
# The suites test the fresh install, located as set below, never a library named from outside.
unset PAYSIGN_LIB

echo "== libpaysign: build and install to $prefix"
make -s -C bindings-c build
rm -rf "$prefix"
make -s -C bindings-c install PREFIX="$prefix"

# Each returns non-zero on the first failing step (they run under `if`, where
# set -e does not apply).
run_csharp() {
  have mcs && have mono || return 10
  local out="$work/csharp"
  mkdir -p "$out" &&
    mcs -nologo -warnaserror -target:library -out:"$out/Paysign.dll" bindings-c/csharp/src/Paysign.cs &&
    mcs -nologo -warnaserror -r:"$out/Paysign.dll" -out:"$out/PaysignTests.exe" \
      bindings-c/csharp/tests/PaysignTests.cs &&
    PAYSIGN_LIB="$lib/libpaysign.so" mono "$out/PaysignTests.exe" "$vectors"
}

run_php() {
  have php || return 10
  if ! php -r 'exit(extension_loaded("FFI") ? 0 : 1);'; then
    echo "php: the FFI extension is not loaded (Debian's php-cli has it)" >&2
    return 1
  fi
  LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    php bindings-c/php/tests/PaysignTest.php "$vectors"
}

run_go() {
  have go || return 10
  (cd bindings-c/go &&
    PKG_CONFIG_PATH="$lib/pkgconfig" LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      PAYSIGN_VECTORS="$vectors" CGO_ENABLED=1 go test -count=1 -v ./... >"$work/go-test.log" 2>&1)
  local status=$?
  grep -E -- '--- FAIL|^(panic|#|FAIL)|\.go:[0-9]+:' "$work/go-test.log" || true
  echo "go: $(grep -c -- '--- PASS' "$work/go-test.log") tests and subtests passed," \
    "$(grep -c -- '--- FAIL' "$work/go-test.log") failed"
  grep -E '^(ok|PASS|FAIL)' "$work/go-test.log" || true
  return $status
}

run_ruby() {
  have ruby || return 10
  PAYSIGN_LIB="$lib/libpaysign.so" PAYSIGN_VECTORS="$vectors" \
    ruby -w -Ibindings-c/ruby/lib bindings-c/ruby/test/test_paysign.rb
}

failed=()
for rt in "${runtimes[@]}"; do
  case "$rt" in
    csharp | php | go | ruby) ;;
    *) echo "unknown runtime: $rt (csharp php go ruby)" >&2; exit 2 ;;
  esac
  echo "== $rt"
  start=$SECONDS
  status=0
  "run_$rt" || status=$?
  if [ "$status" -eq 0 ]; then
    bash bindings-c/install-steps-test.sh "$rt" || status=$?
  fi
  if [ "$status" -eq 10 ]; then
    echo "skipped: $rt not found"
  elif [ "$status" -ne 0 ]; then
    echo "$rt: FAILED (exit $status, $((SECONDS - start)) s)"
    failed+=("$rt")
  else
    echo "$rt: passed ($((SECONDS - start)) s)"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "runtimes failed: ${failed[*]}"
  exit 1
fi
