#!/usr/bin/env bash
# Runs the install steps of bindings-c/RUNTIMES.md as they are written, as a
# user would: for each runtime, the ```sh block after its
# "<!-- install-steps: <runtime> -->" marker is extracted from the Markdown
# (never copied here), run with bash -euo pipefail in a new empty directory
# with CHECKOUT (this checkout) and PREFIX (a fresh install prefix) set, and
# must print Visa's helloworld token and the signed helloworld URL.
#
#   bash bindings-c/install-steps-test.sh [csharp php go ruby]
#
# A runtime whose tools are missing prints "skipped: <runtime> not found".
# Go runs with GOPROXY=off and GOFLAGS=-mod=mod: the steps need no network.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
doc="$root/bindings-c/RUNTIMES.md"

runtimes=("$@")
if [ ${#runtimes[@]} -eq 0 ]; then
  runtimes=(csharp php go ruby)
fi

token='xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11'
url='https://sandbox.api.visa.com/vdp/helloworld?apikey=KSKDFJOP934ALSFDJP34'

have() { command -v "$1" >/dev/null 2>&1; }
tools() {
  case "$1" in
    csharp) have mcs && have mono ;;
    php) have php && php -r 'exit(extension_loaded("FFI") ? 0 : 1);' ;;
    go) have go && have pkg-config ;;
    ruby) have ruby && have gem ;;
  esac
}

# The block of a runtime, exactly as the Markdown has it.
steps() {
  python3 - "$doc" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- install-steps: %s -->\s*```sh\n(.*?)\n```" % re.escape(sys.argv[2]), text, re.S)
if not m:
    sys.exit("no install steps for %s in %s" % (sys.argv[2], sys.argv[1]))
print(m.group(1))
PY
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
for rt in "${runtimes[@]}"; do
  case "$rt" in
    csharp | php | go | ruby) ;;
    *) echo "unknown runtime: $rt (csharp php go ruby)" >&2; exit 2 ;;
  esac
  echo "== install steps: $rt (RUNTIMES.md)"
  if ! tools "$rt"; then
    echo "skipped: $rt not found"
    continue
  fi
  steps "$rt" >"$work/$rt.sh"
  dir="$work/$rt"
  mkdir -p "$dir/project"
  status=0
  (cd "$dir/project" &&
    env -u PAYSIGN_LIB -u LD_LIBRARY_PATH -u PKG_CONFIG_PATH -u CGO_LDFLAGS -u GEM_HOME \
      CHECKOUT="$root" PREFIX="$dir/prefix" GOPROXY=off GOFLAGS=-mod=mod \
      bash -euo pipefail "$work/$rt.sh") >"$dir/out" 2>"$dir/err" || status=$?
  if [ "$status" -eq 0 ] && grep -qx "$token" "$dir/out" && grep -qx "$url" "$dir/out"; then
    echo "$rt: the install steps ran from an empty directory and printed the helloworld token and URL"
  else
    echo "$rt: FAILED (exit $status)"
    sed 's/^/  out: /' "$dir/out"
    tail -20 "$dir/err" | sed 's/^/  err: /'
    failed+=("$rt")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "install steps failed: ${failed[*]}"
  exit 1
fi
