#!/usr/bin/env bash
# The files of dist/ (make dist) installed as a user installs them, on a PATH
# with no Rust toolchain (no cargo, no rustc, no ~/.cargo/bin; CARGO_HOME and
# RUSTUP_HOME point nowhere), each in a fresh place under target/install-test/:
#
#   python  the wheel into a fresh venv (with its [requests,httpx] extras), the
#           package's suite run against it; a fresh venv on the oldest and newest
#           CPython found (pyenv) imports and signs
#   node    both npm tarballs into an empty project, on the machine's Node and on
#           Node 22 and 24 (scripts/registry-node.sh); the package's suite run there
#   jvm     a consumer Maven project that takes dev.paysign:paysign from dist/maven
#   c       the C tarball unpacked into a prefix; examples/example.c linked against
#           libpaysign.so (rpath) and fully statically (pkg-config --static)
#   cli     dist/cli/paysign signs, verifies its own --format http output
#
#   bash scripts/install-test.sh [python node jvm c cli]
#
# A part whose runtime is missing prints "skipped: <part>: <why>"; the script
# fails if any part that ran failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DIST=$ROOT/dist
WORK=$ROOT/target/install-test
VECTORS=$ROOT/tests/vectors
VERSION=$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)
[ -f "$DIST/SHA256SUMS" ] || { echo "install-test: no dist/: run make dist first" >&2; exit 1; }
(cd "$DIST" && sha256sum --quiet -c SHA256SUMS)

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(python node jvm c cli)

# Resolve the tools that need a registry or a compiler before PATH is cleaned.
NODE_BINS=()
if command -v node >/dev/null 2>&1; then
  NODE_BINS+=("$(dirname "$(command -v node)")")
  for major in 22 24; do NODE_BINS+=("$(bash scripts/registry-node.sh "$major")"); done
fi

# PATH without any directory that holds cargo or rustc.
clean=()
IFS=: read -r -a entries <<<"$PATH"
for dir in "${entries[@]}"; do
  [ -n "$dir" ] || continue
  case "$dir" in */.cargo/bin | */.cargo/bin/) continue ;; esac
  [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || [ -e "$dir/rustup" ] && continue
  clean+=("$dir")
done
PATH=$(IFS=:; echo "${clean[*]}")
export PATH CARGO_HOME=/nonexistent RUSTUP_HOME=/nonexistent
unset RUSTC CARGO CARGO_TARGET_DIR LD_LIBRARY_PATH PAYSIGN_LIB
if command -v cargo >/dev/null 2>&1 || command -v rustc >/dev/null 2>&1; then
  echo "install-test: a Rust toolchain is still on PATH" >&2
  exit 1
fi
echo "PATH without Rust: $PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1 npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

have() { command -v "$1" >/dev/null 2>&1; }
SKIP=10

part_python() {
  have python3 || { echo "skipped: python: python3 not found"; return $SKIP; }
  local wheel
  wheel=$(ls "$DIST"/python/paysign-"$VERSION"-cp311-abi3-manylinux*.whl)
  rm -rf "$WORK/python" && mkdir -p "$WORK/python"
  python3 -m venv "$WORK/python/venv"
  local pip=("$WORK/python/venv/bin/pip" install -q)
  [ -d "$ROOT/target/py-wheelhouse" ] && pip+=(--find-links "$ROOT/target/py-wheelhouse")
  "${pip[@]}" "$wheel[requests,httpx,redis]" pytest uvicorn starlette flask
  "$WORK/python/venv/bin/pip" list --format=freeze | grep -i '^paysign=='
  cp -r bindings-python/tests "$WORK/python/tests"
  (cd "$WORK/python/tests" && PAYSIGN_VECTORS=$VECTORS PAYSIGN_README=$ROOT/bindings-python/README.md \
    PAYSIGN_EXPECT_INSTALLED=1 PYTHONDONTWRITEBYTECODE=1 \
    "$WORK/python/venv/bin/python" -m pytest -q -p no:cacheprovider)
  # The one abi3 wheel on other CPythons, when pyenv has them.
  local root c
  root=$(pyenv root 2>/dev/null || true)
  for c in "$root"/versions/3.12*/bin/python3 "$root"/versions/3.13*/bin/python3; do
    [ -x "$c" ] || continue
    local v
    v=$("$c" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    "$c" -m venv "$WORK/python/venv-$v"
    "$WORK/python/venv-$v/bin/pip" install -q --no-index "$wheel"
    "$WORK/python/venv-$v/bin/python" -c '
import sys, paysign
t = paysign.x_pay_token("s3cr3t-Shared_Secret", "helloworld", "apikey=KSKDFJOP934ALSFDJP34", timestamp=1455716783)
assert t == "xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11", t
print("wheel on CPython %d.%d: imports and signs" % sys.version_info[:2])'
  done
}

part_node() {
  [ ${#NODE_BINS[@]} -gt 0 ] || { echo "skipped: node: node not found"; return $SKIP; }
  local bin major
  for bin in "${NODE_BINS[@]}"; do
    major=$("$bin/node" -p 'process.versions.node.split(".")[0]')
    if [ "$major" -lt 20 ]; then
      echo "node: $("$bin/node" --version) is older than the package's engines (>= 20): not tested"
      continue
    fi
    (
      export PATH="$bin:$PATH"
      local project="$WORK/node-$major"
      rm -rf "$project" && mkdir -p "$project" && cd "$project"
      echo "== node $(node --version), npm $(npm --version): install into an empty project"
      npm init -y >/dev/null
      npm install --loglevel=error "$DIST/npm/paysign-linux-x64-gnu-$VERSION.tgz" "$DIST/npm/paysign-$VERSION.tgz"
      node -e '
        const p = require("paysign"), assert = require("node:assert/strict")
        assert.equal(p.xPayToken("s3cr3t-Shared_Secret", "helloworld", "apikey=KSKDFJOP934ALSFDJP34", "", 1455716783),
          "xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11")
        console.log("addon from", require.resolve("paysign-linux-x64-gnu"))'
      cp -R "$ROOT/bindings-node/__test__" test
      # The suite's own dependencies: the optional peer redis and express, at
      # the versions the package is developed against.
      npm install --loglevel=error --no-save $(node -p 'const d = require(process.argv[1]).devDependencies; ["express", "redis"].map((n) => n + "@" + d[n]).join(" ")' "$ROOT/bindings-node/package.json")
      PAYSIGN_VECTORS=$VECTORS PAYSIGN_EXPECT_INSTALLED=$project/node_modules/paysign \
        node --test --test-reporter=tap test/*.test.js test/*.test.mjs >"$project/test.tap" 2>&1 ||
        {
          # each failing test with its error, then the counts
          awk '/^ *not ok /{show=1} show{print} show && /^ *\.\.\.$/{show=0}' "$project/test.tap"
          grep -E '^# (tests|pass|fail|cancelled)' "$project/test.tap"
          exit 1
        }
      echo "node $(node --version): $(grep -E '^# (tests|pass|fail)' "$project/test.tap" | tr '\n' ' ')"
    )
  done
}

part_jvm() {
  have java && have mvn || { echo "skipped: jvm: java or mvn not found"; return $SKIP; }
  local project="$WORK/jvm"
  rm -rf "$project" && mkdir -p "$project/src/main/java"
  cat >"$project/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>paysign-consumer</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <repositories>
    <repository><id>paysign-dist</id><url>file://$DIST/maven</url></repository>
  </repositories>
  <dependencies>
    <dependency><groupId>dev.paysign</groupId><artifactId>paysign</artifactId><version>$VERSION</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    </plugins>
  </build>
</project>
POM
  cat >"$project/src/main/java/Consumer.java" <<'JAVA'
import dev.paysign.Paysign;

public class Consumer {
    public static void main(String[] args) throws Exception {
        String token = Paysign.xPayToken("s3cr3t-Shared_Secret", "helloworld", "apikey=KSKDFJOP934ALSFDJP34",
                (byte[]) null, 1455716783L);
        String want = "xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11";
        if (!token.equals(want)) throw new AssertionError(token);
        System.out.println("jvm consumer: token ok, native library from the jar");
    }
}
JAVA
  # The jar must come from dist/maven, not from an earlier `mvn install`: drop
  # paysign (only) from the local repository first, and compare what Maven took.
  local cached="$HOME/.m2/repository/dev/paysign/paysign/$VERSION"
  rm -rf "$cached"
  (cd "$project" &&
    mvn -B -ntp -q -Dstyle.color=never package &&
    mvn -B -ntp -q -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile=cp.txt >/dev/null &&
    grep -q "$cached/paysign-$VERSION.jar" cp.txt &&
    cmp "$cached/paysign-$VERSION.jar" "$DIST/maven/dev/paysign/paysign/$VERSION/paysign-$VERSION.jar" &&
    java -cp "target/classes:$(cat cp.txt)" Consumer)
}

part_c() {
  have cc || { echo "skipped: c: cc not found"; return $SKIP; }
  have pkg-config || { echo "skipped: c: pkg-config not found"; return $SKIP; }
  local prefix="$WORK/c/prefix" out="$WORK/c"
  rm -rf "$out" && mkdir -p "$prefix"
  tar -xzf "$DIST/c/paysign-$VERSION-linux-x86_64.tar.gz" -C "$prefix" --strip-components=1
  ls "$prefix/include/paysign.h" "$prefix/lib/libpaysign.so" "$prefix/lib/libpaysign.a" "$prefix/lib/pkgconfig/paysign.pc"
  export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
  echo "pkg-config --cflags --libs paysign: $(pkg-config --cflags --libs paysign)"
  echo "pkg-config --static --libs paysign: $(pkg-config --static --libs paysign)"
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Werror bindings-c/examples/example.c $(pkg-config --cflags --libs paysign) \
    -Wl,-rpath,"$prefix/lib" -o "$out/example-shared"
  ldd "$out/example-shared" >"$out/ldd.txt"
  grep -q "$prefix/lib/libpaysign.so" "$out/ldd.txt" || { cat "$out/ldd.txt"; return 1; }
  "$out/example-shared" >"$out/shared.txt"
  # shellcheck disable=SC2046
  cc -static -std=c11 -Wall -Wextra -Werror bindings-c/examples/example.c \
    $(pkg-config --static --cflags --libs paysign) -o "$out/example-static"
  readelf -d "$out/example-static" >"$out/readelf.txt"
  if grep -q NEEDED "$out/readelf.txt"; then
    echo "c: the static link still needs shared libraries:" >&2
    grep NEEDED "$out/readelf.txt" >&2
    return 1
  fi
  "$out/example-static" >"$out/static.txt"
  local run
  for run in shared static; do
    grep -q '^x-pay-token: xv2:1455716783:0c07476e35cab123d0ebf6c41db3ab0364d1e1724940c236918df85098485c11$' "$out/$run.txt"
    grep -q '^cybersource: verified$' "$out/$run.txt"
    grep -q '^paysimple: verified$' "$out/$run.txt"
  done
  echo "c: example.c runs linked to libpaysign.so (rpath) and fully static ($(stat -c %s "$out/example-static") bytes, no NEEDED)"
}

part_cli() {
  local bin="$WORK/cli/bin"
  rm -rf "$WORK/cli" && mkdir -p "$bin"
  install -m 755 "$DIST/cli/paysign" "$bin/paysign"
  (
    export PATH="$bin:$PATH"
    cd "$WORK/cli"
    paysign --version
    paysign cybersource sign --sandbox POST https://apitest.cybersource.com/pts/v2/payments \
      --data '{"amount":"10.00"}' --format http >received.txt
    paysign cybersource verify --sandbox POST https://apitest.cybersource.com/pts/v2/payments \
      --data '{"amount":"10.00"}' --headers-file received.txt
  )
}

failed=()
skipped=()
for part in "${parts[@]}"; do
  case "$part" in python | node | jvm | c | cli) ;; *) echo "unknown part: $part" >&2; exit 2 ;; esac
  echo
  echo "== install-test: $part"
  start=$SECONDS
  mkdir -p "$WORK"
  # Not `part_x || status=$?`: bash ignores set -e inside a function called
  # that way, and a part would then pass whatever failed before its last
  # command. The output is kept, to be shown again under the summary.
  set +e
  (set -e; "part_$part") 2>&1 | tee "$WORK/$part.log"
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -eq "$SKIP" ]; then
    skipped+=("$part")
  elif [ "$status" -ne 0 ]; then
    echo "install-test: $part FAILED ($((SECONDS - start)) s)"
    failed+=("$part")
  else
    echo "install-test: $part passed ($((SECONDS - start)) s)"
  fi
done
echo
for part in "${failed[@]}"; do
  echo
  echo "== install-test: why $part failed (the last lines of target/install-test/$part.log)"
  tail -n 30 "$WORK/$part.log"
done
echo
echo "install-test: $((${#parts[@]} - ${#failed[@]} - ${#skipped[@]})) passed, ${#failed[@]} failed, ${#skipped[@]} skipped${failed:+: ${failed[*]} FAILED}"
[ ${#failed[@]} -eq 0 ]
