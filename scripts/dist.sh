#!/usr/bin/env bash
# make dist: what a release publishes, built into dist/ from the repository root.
#
#   dist/python/  paysign-<v>-cp311-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl, paysign-<v>.tar.gz
#   dist/npm/     paysign-<v>.tgz (loader, types) + paysign-linux-x64-gnu-<v>.tgz (the addon),
#                 napi-rs's platform-package layout
#   dist/maven/   a Maven repository: dev/paysign/paysign/<v>/paysign-<v>.{jar,pom} (native library inside)
#   dist/c/       paysign-<v>-linux-x86_64.tar.gz: include/, lib/libpaysign.{so,a}, lib/pkgconfig/paysign.pc
#   dist/cli/     paysign (the command)
#   dist/SHA256SUMS
#
# Every native file is linked by zig (PyPI's `ziglang`, through maturin and
# cargo-zigbuild) against glibc 2.17, the manylinux2014 baseline, so the same
# files run on any x86_64 Linux with glibc >= 2.17; the script checks that with
# auditwheel (wheel) and the symbol versions (the rest). The Node package is
# made with the napi CLI (create-npm-dirs) run on Node 24 from the npm registry
# (scripts/registry-node.sh), since its own dependencies want Node >= 22.20. The musl package is not built:
# Rust's musl standard library is not installable from the registries this
# project uses.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
started=$SECONDS
step() { printf '\n== dist: %s (%d s)\n' "$*" "$((SECONDS - started))"; }

VERSION=$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)
GLIBC=2.17
TRIPLE=x86_64-unknown-linux-gnu
ZIG_TARGET=$TRIPLE.$GLIBC
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "dist: builds on Linux x86_64 only" >&2; exit 1; }
for tool in cargo python3 npm mvn java tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "dist: $tool not found" >&2; exit 1; }
done
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
OUT=$TARGET_DIR/$TRIPLE/release
DIST=$ROOT/dist
STAGE=$TARGET_DIR/dist-stage

step "build tools: maturin, ziglang, cargo-zigbuild, auditwheel (target/dist-tools)"
TOOLS=$TARGET_DIR/dist-tools
TOOL_PINS=('maturin==1.16.0' 'ziglang==0.17.1' 'cargo-zigbuild==0.24.1' 'auditwheel==6.8.2')
if [ "$(cat "$TOOLS/.pins" 2>/dev/null)" != "${TOOL_PINS[*]}" ]; then
  rm -rf "$TOOLS"
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/pip" install -q --disable-pip-version-check "${TOOL_PINS[@]}"
  echo "${TOOL_PINS[*]}" >"$TOOLS/.pins"
fi
export PATH="$TOOLS/bin:$PATH"
echo "zig $("$TOOLS/bin/python" -m ziglang version), $(maturin --version), cargo-zigbuild $("$TOOLS/bin/pip" show cargo-zigbuild | sed -n 's/^Version: //p')"

rm -rf "$DIST" "$STAGE"
mkdir -p "$DIST"/{python,npm,maven,c,cli} "$STAGE"

# One zig build of the C library, the CLI, the JVM library and the Node addon
# (one build of the core; maturin's own zig build of the Python module is the other).
step "cargo zigbuild --release --target $ZIG_TARGET (C library, CLI, JVM library, Node addon)"
cargo zigbuild --release --target "$ZIG_TARGET" -p paysign-c -p paysign-cli -p paysign-kotlin -p paysign-node

# Newest glibc symbol version a file needs; must not pass $GLIBC.
check_glibc() {
  local newest
  newest=$(objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)
  if [ -n "$newest" ] && [ "$(printf '%s\n%s\n' "$newest" "$GLIBC" | sort -V | tail -n1)" != "$GLIBC" ]; then
    echo "dist: $1 needs GLIBC_$newest, newer than $GLIBC" >&2
    exit 1
  fi
  echo "$(basename "$1"): newest glibc symbol ${newest:-none} (<= $GLIBC)"
}

step "python: abi3 manylinux wheel (maturin --zig) and sdist"
# Its own target directory: maturin's zig linker wrapper differs from
# cargo-zigbuild's, and in one directory each build would invalidate the other's.
maturin build --release --zig --compatibility manylinux2014 --target "$TRIPLE" \
  -m bindings-python/Cargo.toml -o "$DIST/python" --target-dir "$TARGET_DIR/dist-maturin"
maturin sdist -m bindings-python/Cargo.toml -o "$DIST/python"
shopt -s nullglob
wheels=("$DIST"/python/paysign-"$VERSION"-cp311-abi3-manylinux*_x86_64.whl)
sdists=("$DIST"/python/paysign-"$VERSION".tar.gz)
shopt -u nullglob
[ ${#wheels[@]} -eq 1 ] && [ ${#sdists[@]} -eq 1 ] || { ls -l "$DIST/python" >&2; echo "dist: expected one abi3 manylinux wheel and one sdist" >&2; exit 1; }
auditwheel show "${wheels[0]}" | tee "$STAGE/auditwheel.txt"
grep -q 'manylinux_2_17_x86_64' "$STAGE/auditwheel.txt" || { echo "dist: auditwheel does not find the wheel manylinux_2_17" >&2; exit 1; }
# The sdist builds without the repository: it carries the core crate and the lock file.
tar -tzf "${sdists[0]}" >"$STAGE/sdist.txt"
for member in pyproject.toml Cargo.lock core/src/lib.rs bindings-python/src/lib.rs python/paysign/__init__.py; do
  grep -q "^paysign-$VERSION/$member\$" "$STAGE/sdist.txt" || { echo "dist: sdist lacks $member" >&2; exit 1; }
done

step "npm: main package + linux-x64-gnu platform package (napi CLI on Node 24)"
NODE24_BIN=$(bash scripts/registry-node.sh 24)
NPM_STAGE=$STAGE/npm/paysign
mkdir -p "$NPM_STAGE"
(
  export PATH="$NODE24_BIN:$PATH" npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  cd bindings-node
  npm ci --loglevel=error
  # The addon is the cdylib of the zig build above (what `napi build -x` makes,
  # without a second build of the core); the loader binding.js and the types
  # index.d.ts are the committed ones, which `npm run build` (bindings-node/test.sh)
  # regenerates.
  install -m 755 "$OUT/libpaysign_node.so" "$NPM_STAGE/paysign.linux-x64-gnu.node"
  # What npm publishes: package.json and its "files" (the addon glob aside).
  for f in package.json $(node -p 'require("./package.json").files.filter((f) => !f.includes("*")).join(" ")'); do
    cp "$f" "$NPM_STAGE/$f"
  done
  npx napi create-npm-dirs --cwd "$NPM_STAGE" --npm-dir npm
  cd "$NPM_STAGE"
  # What `napi pre-publish` does before publishing: each platform package
  # becomes an optional dependency of the main one, and receives its addon.
  node -e '
    const fs = require("fs"), path = require("path")
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"))
    pkg.optionalDependencies = {}
    for (const dir of fs.readdirSync("npm")) {
      const sub = JSON.parse(fs.readFileSync(path.join("npm", dir, "package.json"), "utf8"))
      fs.renameSync(sub.main, path.join("npm", dir, sub.main))
      pkg.optionalDependencies[sub.name] = sub.version
    }
    fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n")'
  for dir in npm/*/; do npm pack --silent --pack-destination "$DIST/npm" "./$dir" >/dev/null; done
  npm pack --silent --pack-destination "$DIST/npm" >/dev/null
)
check_glibc "$NPM_STAGE/npm/linux-x64-gnu/paysign.linux-x64-gnu.node"
for t in paysign-"$VERSION".tgz paysign-linux-x64-gnu-"$VERSION".tgz; do
  [ -f "$DIST/npm/$t" ] || { echo "dist: $t not packed" >&2; exit 1; }
done
if tar -tzf "$DIST/npm/paysign-$VERSION.tgz" | grep '\.node$' >/dev/null; then
  echo "dist: the main npm package must not carry the addon" >&2
  exit 1
fi
tar -tzf "$DIST/npm/paysign-linux-x64-gnu-$VERSION.tgz" | grep -x 'package/paysign.linux-x64-gnu.node' >/dev/null

step "jvm: the Kotlin jar with its native library, as a Maven repository"
KOTLIN_LIB=$OUT/libpaysign_kotlin.so
check_glibc "$KOTLIN_LIB"
PAYSIGN_KOTLIN_LIBRARY=$KOTLIN_LIB mvn -B -ntp -q -Dstyle.color=never -f bindings-kotlin/pom.xml \
  -Dpaysign.build.directory="$STAGE/kotlin" -DskipTests package
JAR=$STAGE/kotlin/paysign-$VERSION.jar
unzip -l "$JAR" | grep ' linux-x86-64/libpaysign_kotlin.so$' >/dev/null || { echo "dist: $JAR lacks its native library" >&2; exit 1; }
REPO_DIR=$DIST/maven/dev/paysign/paysign/$VERSION
mkdir -p "$REPO_DIR"
cp "$JAR" "$REPO_DIR/paysign-$VERSION.jar"
cp bindings-kotlin/pom.xml "$REPO_DIR/paysign-$VERSION.pom"
for f in "$REPO_DIR"/*; do sha1sum "$f" | cut -d' ' -f1 >"$f.sha1"; done

step "c: headers, shared and static library, pkg-config file"
C_NAME=paysign-$VERSION-linux-x86_64
C_STAGE=$STAGE/c/$C_NAME
check_glibc "$OUT/libpaysign.so"
install -d "$C_STAGE/include" "$C_STAGE/lib/pkgconfig"
install -m 644 bindings-c/include/paysign.h "$C_STAGE/include/paysign.h"
install -m 755 "$OUT/libpaysign.so" "$C_STAGE/lib/libpaysign.so"
install -m 644 "$OUT/libpaysign.a" "$C_STAGE/lib/libpaysign.a"
# Relocatable: the prefix is wherever the tarball was unpacked.
sed -e 's|@PREFIX@|${pcfiledir}/../..|' -e 's|@LIBDIR@|${prefix}/lib|' -e 's|@INCLUDEDIR@|${prefix}/include|' \
  -e "s|@VERSION@|$VERSION|" -e "s|@LIBS_PRIVATE@|$(make -s --no-print-directory -C bindings-c print-libs-private)|" \
  bindings-c/paysign.pc.in >"$C_STAGE/lib/pkgconfig/paysign.pc"
cp bindings-c/README.md "$C_STAGE/README.md"
tar -C "$STAGE/c" --owner=0 --group=0 --numeric-owner -czf "$DIST/c/$C_NAME.tar.gz" "$C_NAME"

step "cli: the paysign command"
check_glibc "$OUT/paysign"
install -m 755 "$OUT/paysign" "$DIST/cli/paysign"
"$DIST/cli/paysign" --version

(cd "$DIST" && find . -type f ! -name SHA256SUMS ! -name '*.sha1' | sort | xargs sha256sum >SHA256SUMS)
step "done: dist/"
(cd "$DIST" && find . -type f ! -name '*.sha1' | sort | xargs ls -l | awk '{printf "%10d  %s\n", $5, $9}')
