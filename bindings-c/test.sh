#!/usr/bin/env bash
# The C library's test, run from the repository root (make test does):
#   1. release build + header drift check (include/paysign.h vs cbindgen),
#   2. make install into a temporary prefix,
#   3. examples/example.c built with `pkg-config --cflags --libs paysign` and run,
#   4. tests/test_paysign.c (every vector + the bad-input table), compiled with
#      -Wall -Wextra -Werror, run plain (libpaysign.so), under valgrind memcheck
#      (libpaysign.so) and with ASan+UBSan (libpaysign.a linked in),
#   5. tests/fuzz_abi.c: randomised inputs to every exported function, plain,
#      under valgrind and with ASan+UBSan,
#   6. tests/check_exports.py: the library exports exactly the header's
#      functions, and the suite and the harness call every one of them;
#      tests/check_wrappers.py: the C#, PHP, Go and Ruby wrappers' status
#      codes, constants and declarations agree with the header.
# Each run of the suite ends with "c: N passed, M failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v cc >/dev/null 2>&1; then
  echo "skipped: cc not found"
  exit 0
fi
for tool in cargo python3 make; do
  command -v "$tool" >/dev/null 2>&1 || { echo "c: $tool not found" >&2; exit 1; }
done

echo "== build and header check"
bash bindings-c/header.sh check

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

echo "== install to a temporary prefix"
make -s -C bindings-c install PREFIX="$prefix"
ls "$prefix/include/paysign.h" "$prefix/lib/libpaysign.so" "$prefix/lib/libpaysign.a" \
  "$prefix/lib/pkgconfig/paysign.pc" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
export LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

cflags=(-std=c11 -Wall -Wextra -Werror -g)
if command -v pkg-config >/dev/null 2>&1; then
  version="$(pkg-config --modversion paysign)"
  read -r -a pc_cflags <<<"$(pkg-config --cflags paysign)"
  read -r -a pc_libs <<<"$(pkg-config --libs paysign)"
  read -r -a pc_static_private <<<"$(pkg-config --static --libs-only-l paysign | sed 's/-lpaysign//')"

  echo "== example: cc examples/example.c \$(pkg-config --cflags --libs paysign)"
  # shellcheck disable=SC2046
  cc "${cflags[@]}" bindings-c/examples/example.c $(pkg-config --cflags --libs paysign) \
    -o "$tmp/example"
  "$tmp/example" | tee "$tmp/example.out"
  # The fixed-time token is Visa's helloworld vector (tests/vectors/xpay.json).
  grep -q '^x-pay-token: xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11$' \
    "$tmp/example.out"
  grep -q '^cybersource: verified$' "$tmp/example.out"
  grep -q '^verifier: accepted 08c94330-f618-42a3-b09d-e1e43be5efda, merchant testrest$' "$tmp/example.out"
  grep -q '^verifier: refused: replayed$' "$tmp/example.out"
  grep -q '^explain: resource path = `helloworld`$' "$tmp/example.out"
  grep -q '^paysimple: verified$' "$tmp/example.out"
  grep -q '^x-pay: rejected: signature_mismatch ' "$tmp/example.out"
  grep -q '^bad argument: invalid argument, field query_string$' "$tmp/example.out"
else
  echo "skipped: pkg-config not found (the example build and its flags)"
  version=""
  pc_cflags=(-I"$prefix/include")
  pc_libs=(-L"$prefix/lib" -lpaysign)
  pc_static_private=(-lutil -lrt -lpthread -lm -ldl -lc)
fi

echo "== exports: the library, the header, the suite and the ABI harness agree"
python3 bindings-c/tests/check_exports.py "$prefix/include/paysign.h" "$prefix/lib/libpaysign.so" \
  bindings-c/tests/test_paysign.c bindings-c/tests/fuzz_abi.c
echo "== wrappers: status codes, constants and declarations agree with the header"
python3 bindings-c/tests/check_wrappers.py "$prefix/include/paysign.h" bindings-c

echo "== header: C99 -pedantic and C++ compile it"
printf '#include <paysign.h>\nint main(void) { return paysign_version() == 0; }\n' >"$tmp/h.c"
cc -std=c99 -pedantic -Wall -Wextra -Werror -I"$prefix/include" -fsyntax-only "$tmp/h.c"
if command -v c++ >/dev/null 2>&1; then
  c++ -x c++ -std=c++11 -Wall -Wextra -Werror -I"$prefix/include" -fsyntax-only "$tmp/h.c"
fi

echo "== C suite: vectors from tests/vectors"
python3 bindings-c/tests/gen_vectors.py tests/vectors "$tmp/vectors.h"
suite_flags=("${cflags[@]}" -O1 -pthread -I"$tmp" "${pc_cflags[@]}")
if [ -n "$version" ]; then
  suite_flags+=("-DEXPECTED_VERSION=\"$version\"")
fi
cc "${suite_flags[@]}" bindings-c/tests/test_paysign.c "${pc_libs[@]}" -o "$tmp/test_shared"

echo "== C suite, plain (libpaysign.so)"
"$tmp/test_shared"

if command -v valgrind >/dev/null 2>&1; then
  echo "== C suite under valgrind memcheck (libpaysign.so)"
  valgrind -q --error-exitcode=1 --leak-check=full --track-origins=yes "$tmp/test_shared"
else
  echo "skipped: valgrind not found"
fi

echo "== C suite with AddressSanitizer + UndefinedBehaviorSanitizer (libpaysign.a)"
# The Rust code is not instrumented; the C side and every buffer it hands to
# the library are, and ASan's allocator and leak checker see the whole process.
cc "${suite_flags[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all \
  -fno-omit-frame-pointer bindings-c/tests/test_paysign.c "$prefix/lib/libpaysign.a" \
  "${pc_static_private[@]}" -o "$tmp/test_asan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$tmp/test_asan"

echo "== ABI robustness: randomised inputs to every exported function (tests/fuzz_abi.c)"
cc "${suite_flags[@]}" bindings-c/tests/fuzz_abi.c "${pc_libs[@]}" -o "$tmp/fuzz_shared"
"$tmp/fuzz_shared" 200000 1
if command -v valgrind >/dev/null 2>&1; then
  valgrind -q --error-exitcode=1 --leak-check=full "$tmp/fuzz_shared" 3000 2
fi
cc "${suite_flags[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all \
  -fno-omit-frame-pointer bindings-c/tests/fuzz_abi.c "$prefix/lib/libpaysign.a" \
  "${pc_static_private[@]}" -o "$tmp/fuzz_asan"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$tmp/fuzz_asan" 100000 3
