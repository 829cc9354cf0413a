#!/usr/bin/env bash
# Python package test, run from the repository root (`make test` does):
#   1. a tools venv (target/py-venv) with maturin, pytest, requests, httpx;
#   2. `maturin build --release`: the abi3 wheel, as users get it;
#   3. a FRESH venv (target/py-test-venv) that installs only that wheel and the
#      test tools, and pytest run from a temporary copy of the tests, so the
#      source tree cannot shadow the installed package: a file missing from
#      the wheel fails the run.
# Works offline once target/py-venv and target/py-wheelhouse exist.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "skipped: python3 not found"
    exit 0
fi
if ! "$PYTHON" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "skipped: python3 >= 3.11 with venv not found"
    exit 0
fi

TOOLS=$ROOT/target/py-venv
WHEELHOUSE=$ROOT/target/py-wheelhouse
DIST=$ROOT/target/py-dist
TESTVENV=$ROOT/target/py-test-venv
# the integrations' libraries, Redis's client, and the servers the webhook middleware is tested in
TEST_DEPS=(pytest requests httpx redis uvicorn starlette flask)
export PIP_DISABLE_PIP_VERSION_CHECK=1

# 1. tools venv (kept between runs)
if ! "$TOOLS/bin/python" -c 'import pytest, requests, httpx, redis, uvicorn, starlette, flask' 2>/dev/null ||
    ! "$TOOLS/bin/maturin" --version >/dev/null 2>&1; then
    "$PYTHON" -m venv --clear "$TOOLS"
    "$TOOLS/bin/pip" install -q 'maturin>=1.9.4,<2' "${TEST_DEPS[@]}"
fi
# the test dependencies as wheels, so the fresh venv installs offline
if [ "$(cat "$WHEELHOUSE/.complete" 2>/dev/null)" != "${TEST_DEPS[*]}" ]; then
    rm -rf "$WHEELHOUSE"
    "$TOOLS/bin/pip" download -q -d "$WHEELHOUSE" "${TEST_DEPS[@]}"
    echo "${TEST_DEPS[*]}" >"$WHEELHOUSE/.complete"
fi

# 2. the wheel
rm -rf "$DIST"
"$TOOLS/bin/maturin" build --release -m bindings-python/Cargo.toml -o "$DIST" -i "$TOOLS/bin/python"
shopt -s nullglob
wheels=("$DIST"/paysign-*-abi3-*.whl)
if [ "${#wheels[@]}" -ne 1 ]; then
    echo "expected one abi3 wheel in $DIST, found: ${wheels[*]:-none}" >&2
    exit 1
fi
WHEEL=${wheels[0]}
echo "built $(basename "$WHEEL")"

# 3. a fresh venv with only the wheel and the test tools
"$PYTHON" -m venv --clear "$TESTVENV"
"$TESTVENV/bin/pip" install -q --no-index --find-links "$WHEELHOUSE" "$WHEEL" "${TEST_DEPS[@]}" ||
    "$TESTVENV/bin/pip" install -q "$WHEEL" "${TEST_DEPS[@]}"

# The one abi3 wheel also imports and signs on the newer CPythons it claims, when installed
# (the tests below run on $PYTHON; the floor is 3.11).
for minor in 11 12 13 14; do
    c=$(ls "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.$minor.*/bin/python3.$minor 2>/dev/null | tail -1 || true)
    [ -n "$c" ] || c=$(command -v "python3.$minor" || true)
    [ -n "$c" ] && "$c" -c 'import venv' 2>/dev/null || continue
    "$c" -m venv --clear "$ROOT/target/py3$minor-venv"
    "$ROOT/target/py3$minor-venv/bin/pip" install -q --no-index "$WHEEL"
    "$ROOT/target/py3$minor-venv/bin/python" -c '
import sys, paysign
t = paysign.x_pay_token("s3cr3t-Shared_Secret", "helloworld", "apikey=KSKDFJOP934ALSFDJP34", timestamp=1455716783)
assert t == "xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11", t
print("abi3 wheel imports and signs on Python %d.%d" % sys.version_info[:2])'
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r bindings-python/tests "$WORK/tests"
cd "$WORK/tests"
PAYSIGN_VECTORS=$ROOT/tests/vectors PAYSIGN_README=$ROOT/bindings-python/README.md PAYSIGN_EXPECT_INSTALLED=1 PYTHONDONTWRITEBYTECODE=1 \
    "$TESTVENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
