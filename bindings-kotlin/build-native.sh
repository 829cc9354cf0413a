#!/usr/bin/env bash
# Builds libpaysign_kotlin (release) and generates its Kotlin API with the workspace's
# own uniffi-bindgen (same uniffi version as the library), into the Maven build dir:
#   <out>/generated-sources/uniffi/dev/paysign/paysign.kt
#   <out>/native/<JNA platform folder>/libpaysign_kotlin.<so|dylib>   (packaged in the jar)
# Usage: build-native.sh [out-dir]   (default: bindings-kotlin/target). Maven runs it.
# PAYSIGN_KOTLIN_LIBRARY=<path>: package that library instead (make dist passes its
# glibc 2.17 build by zig). The Kotlin is still generated from this build's library:
# uniffi-bindgen reads the metadata from the symbol table, which zig's output lacks;
# the generated code checks the API checksums of the library it loads.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$here/target}"
cd "$root"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x86-64; lib=libpaysign_kotlin.so ;;
  Linux-aarch64) platform=linux-aarch64; lib=libpaysign_kotlin.so ;;
  Darwin-x86_64) platform=darwin-x86-64; lib=libpaysign_kotlin.dylib ;;
  Darwin-arm64) platform=darwin-aarch64; lib=libpaysign_kotlin.dylib ;;
  *) echo "build-native.sh: unsupported platform $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

target_dir="$(cargo metadata --format-version 1 --no-deps \
  | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
libpath="$target_dir/release/$lib"
packaged="${PAYSIGN_KOTLIN_LIBRARY:-$libpath}"

cargo build --release -p paysign-kotlin --lib
rm -rf "$out/generated-sources/uniffi"
# the generator is a debug build (quicker to compile than the LTO release profile)
cargo run -q -p paysign-kotlin --features bindgen --bin uniffi-bindgen -- \
  generate --no-format --library "$libpath" --language kotlin \
  --out-dir "$out/generated-sources/uniffi"

rm -rf "$out/native"
mkdir -p "$out/native/$platform"
cp "$packaged" "$out/native/$platform/$lib"
echo "build-native.sh: $out/native/$platform/$lib and $(cd "$out/generated-sources/uniffi" && find . -name '*.kt')"
