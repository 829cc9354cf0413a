#!/usr/bin/env bash
# The Node package as users get it: build the addon (release), `npm pack`,
# install the tarball into an empty project under target/, and run the
# node:test suite and `tsc --noEmit --strict` against that installed copy.
# Run from the repository root: bash bindings-node/test.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/bindings-node"
SCRATCH="$ROOT/target/node-package-test"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "skipped: $tool not found"
    exit 0
  fi
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "skipped: node >= 20 not found (found $(node --version))"
  exit 0
fi

export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# The build tools (the napi CLI and its dependencies) want Node >= 22.20: they
# run on Node 24 from the npm registry. The package is then tested on the
# machine's Node (scripts/install-test.sh tests it on 22 and 24 too).
BUILD_NODE="$(bash "$ROOT/scripts/registry-node.sh" 24)"
echo "== npm ci, npm run build (release), on node $("$BUILD_NODE/node" --version)"
cd "$PKG"
PATH="$BUILD_NODE:$PATH" npm ci --no-audit --no-fund --loglevel=error
PATH="$BUILD_NODE:$PATH" npm run build

echo "== npm pack"
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH/project"
tarball="$(npm pack --silent --pack-destination "$SCRATCH")"
tarball="$SCRATCH/$(basename "$tarball")"
members="$(tar -tzf "$tarball" | sort)"
echo "$members"
for member in package/index.js package/index.mjs package/index.d.ts package/binding.js package/fetch.js package/verify.js package/redis.js package/webhook.js package/README.md; do
  grep -qx "$member" <<<"$members" || { echo "missing from the tarball: $member"; exit 1; }
done
grep -q '^package/paysign\..*\.node$' <<<"$members" || { echo "no .node binary in the tarball"; exit 1; }

echo "== npm install the tarball into an empty project"
cd "$SCRATCH/project"
printf '{ "name": "paysign-install-check", "version": "1.0.0", "private": true }\n' > package.json
# With the optional peer `redis` and `express`, at the versions the package's
# own devDependencies pin: the webhook and Redis suites use them as users would.
peers="$(cd "$PKG" && node -p 'const d = require("./package.json").devDependencies; ["express", "redis"].map((n) => n + "@" + d[n]).join(" ")')"
# shellcheck disable=SC2086
npm install --no-audit --no-fund --loglevel=error "$tarball" $peers
# The installed package loads with no Rust toolchain on PATH.
env PATH="$(dirname "$(command -v node)")" CARGO_HOME=/nonexistent RUSTUP_HOME=/nonexistent \
  node -e "const p = require('paysign'); if (typeof p.xPayToken !== 'function') process.exit(1); console.log('require(\"paysign\") from', require.resolve('paysign'))"
env PATH="$(dirname "$(command -v node)")" \
  node --input-type=module -e "import { xPayToken } from 'paysign'; if (typeof xPayToken !== 'function') process.exit(1); console.log('import { xPayToken } from \"paysign\": ok')"

# The suite, copied next to the installed package so that `paysign` resolves to it.
cp -R "$PKG/__test__" "$SCRATCH/project/test"

echo "== tsc --noEmit --strict (typed example against the installed index.d.ts)"
cat > "$SCRATCH/project/test/tsconfig.check.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "typeRoots": ["$PKG/node_modules/@types"] }
}
JSON
"$PKG/node_modules/.bin/tsc" --noEmit --strict -p "$SCRATCH/project/test/tsconfig.check.json"
echo "tsc: ok"

echo "== node --test (against the installed package)"
PAYSIGN_VECTORS="$ROOT/tests/vectors" \
PAYSIGN_EXPECT_INSTALLED="$SCRATCH/project/node_modules/paysign" \
  node --test --test-reporter=tap test/*.test.js test/*.test.mjs
