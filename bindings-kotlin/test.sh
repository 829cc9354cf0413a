#!/usr/bin/env bash
# Kotlin/JVM library: builds the native library and the uniffi-generated Kotlin (via
# Maven's generate-sources step, build-native.sh), runs the JUnit 5 suite (every
# vector in tests/vectors/, bad inputs, round trips, threads, a Java caller), packages
# the jar, and runs a Java program against that jar alone. Run from the repo root.
set -euo pipefail

if ! command -v mvn >/dev/null 2>&1; then
  echo "skipped: maven not found"
  exit 0
fi
if ! command -v java >/dev/null 2>&1; then
  echo "skipped: java not found"
  exit 0
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "skipped: cargo not found"
  exit 0
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/bindings-kotlin"
cd "$here"

# -B: batch, -ntp: no download progress; not -q, so Surefire's "Tests run:" summary shows.
mvn -B -ntp -Dstyle.color=never package

jar="$(ls target/paysign-*.jar | grep -v -e sources -e javadoc | head -n1)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) so=linux-x86-64/libpaysign_kotlin.so ;;
  Linux-aarch64) so=linux-aarch64/libpaysign_kotlin.so ;;
  Darwin-x86_64) so=darwin-x86-64/libpaysign_kotlin.dylib ;;
  Darwin-arm64) so=darwin-aarch64/libpaysign_kotlin.dylib ;;
  *) so="" ;;
esac
if [ -n "$so" ]; then
  if ! unzip -l "$jar" 2>/dev/null | grep " $so\$" >/dev/null && ! jar tf "$jar" | grep -x "$so" >/dev/null; then
    echo "FAIL: $jar lacks $so" >&2
    exit 1
  fi
fi

mvn -B -ntp -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
cp src/smoke/Smoke.java "$smoke/"
(cd "$smoke" && env -u LD_LIBRARY_PATH java -cp "$here/$jar:$(cat "$here/target/runtime.classpath")" Smoke.java)
