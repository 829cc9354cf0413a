#!/usr/bin/env python3
"""Checks that the C ABI, its header and its tests agree.

Usage: check_exports.py HEADER LIBRARY.so SUITE.c FUZZ.c

1. The functions libpaysign.so exports (nm -D) are exactly the ones the
   header declares: nothing exported outside the header, nothing declared
   that is not exported.
2. Every declared function is called by the C suite (SUITE.c) and by the
   randomised ABI harness (FUZZ.c), except the few the harness has no input
   for (listed below).

Python 3 standard library and binutils' nm only.
"""

import re
import subprocess
import sys

# No argument to randomise: a static string, or a getter of the last failure
# (the harness reads paysign_last_error after every failure).
NOT_FUZZED = {"paysign_version", "paysign_last_field", "paysign_last_reason"}


def declared(header_text):
    # Declarations start a line: "<type> paysign_name(" (cbindgen's layout).
    return set(re.findall(r"^[a-z_][a-z0-9_ ]*?\**\s*\b(paysign_[a-z0-9_]+)\(", header_text, re.M))


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library], check=True,
                         capture_output=True, text=True).stdout
    return {parts[2] for parts in (line.split() for line in out.splitlines())
            if len(parts) == 3 and parts[1] == "T" and parts[2].startswith("paysign_")}


def called(source_text, names):
    return {n for n in names if re.search(r"\b%s\s*\(" % re.escape(n), source_text)}


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    header, library, suite, fuzz = sys.argv[1:]
    with open(header, encoding="utf-8") as f:
        functions = declared(f.read())
    problems = []
    symbols = exported(library)
    for name in sorted(symbols - functions):
        problems.append("exported but not in the header: " + name)
    for name in sorted(functions - symbols):
        problems.append("in the header but not exported: " + name)
    for path, exempt in ((suite, set()), (fuzz, NOT_FUZZED)):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for name in sorted(functions - called(text, functions) - exempt):
            problems.append("%s does not call %s" % (path.rsplit("/", 1)[-1], name))
    for p in problems:
        print("exports: " + p, file=sys.stderr)
    if problems:
        return 1
    print("exports: %d functions, exported = declared, every one called by the suite and "
          "(but %d) by the ABI harness" % (len(functions), len(NOT_FUZZED)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
