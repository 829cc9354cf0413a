#!/usr/bin/env python3
"""Checks the C#, PHP, Go and Ruby wrappers against the C header.

Usage: check_wrappers.py HEADER BINDINGS_C_DIR          check (test.sh runs it)
       check_wrappers.py --write-php HEADER BINDINGS_C_DIR   regenerate php/src/paysign.h

What is checked, per wrapper:
- its status codes (names and values) are exactly the header's paysign_status;
- PAYSIGN_NOW / PAYSIGN_DEFAULT_MAX_SKEW (INT64_MIN) are what it passes for
  "now" and "the default window";
- every C function it binds exists in the header with the same number of
  parameters (C#: the delegate bound; Ruby: the Fiddle argument list);
- PHP: php/src/paysign.h, the declarations FFI::cdef reads, is exactly what
  this script generates from the header (preprocessor lines and comments
  removed, byte parameters declared `char *` so that PHP strings pass as
  they are: the same ABI); the status codes come from it through FFI.
- Go: cgo reads the header itself; its exported Status* constants must be the
  header's enum constants by name.

Python 3 standard library only.
"""

import os
import re
import sys

INT64_MIN = -(2 ** 63)


def strip_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def preprocess(text):
    """The header as a C11 compiler without C++ sees it: cbindgen's few
    conditionals evaluated, #include/#define lines dropped."""
    defined = {"__cplusplus": False, "PAYSIGN_H": False}

    def evaluate(cond):
        expr = re.sub(r"defined\((\w+)\)", lambda m: str(defined.get(m.group(1), False)), cond)
        expr = expr.replace("__STDC_VERSION__", "201112").replace("||", " or ").replace("&&", " and ")
        expr = re.sub(r"(\d+)L\b", r"\1", expr)
        return bool(eval(expr, {"__builtins__": {}}, {"True": True, "False": False}))

    out, stack = [], []
    for line in strip_comments(text).splitlines():
        s = line.strip()
        m = re.match(r"#\s*(ifdef|ifndef|if|else|endif|define|include)\b\s*(.*)", s)
        if not m:
            if all(stack):
                out.append(line)
            continue
        kind, rest = m.groups()
        if kind == "ifdef":
            stack.append(bool(defined.get(rest.strip(), False)))
        elif kind == "ifndef":
            stack.append(not defined.get(rest.strip(), False))
        elif kind == "if":
            stack.append(evaluate(rest))
        elif kind == "else":
            stack[-1] = not stack[-1]
        elif kind == "endif":
            stack.pop()
    text = "\n".join(out)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip() + "\n"


def functions(header):
    """name -> list of parameter texts."""
    body = preprocess(header)
    found = {}
    for m in re.finditer(r"\b(paysign_[a-z0-9_]+)\(([^;]*?)\);", body, re.S):
        params = " ".join(m.group(2).split())
        found[m.group(1)] = [] if params in ("", "void") else [p.strip() for p in params.split(",")]
    return found


def status_codes(header):
    enum = re.search(r"enum paysign_status\b[^{]*\{(.*?)\}", strip_comments(header), re.S).group(1)
    return {name: int(value) for name, value in re.findall(r"(PAYSIGN_\w+)\s*=\s*(-?\d+)", enum)}


def defines(header):
    return dict(re.findall(r"#define (PAYSIGN_\w+) (\S+)", header))


def php_cdef(header):
    """The declarations PHP's FFI::cdef reads."""
    lines = []
    for decl in re.split(r"(?<=;)\s*\n", preprocess(header)):
        decl = " ".join(decl.split())
        if not decl:
            continue
        if "(" in decl and decl.startswith(("paysign_status ", "const ", "void ", "size_t ", "int32_t ", "int64_t ")):
            head, params = decl.split("(", 1)
            # Bytes in: PHP strings (same ABI as uint8_t). Return types stay, so
            # that the signed bytes of an explanation come back with their length.
            decl = head + "(" + params.replace("uint8_t *", "char *")
        lines.append(decl)
    return ("/* Generated from paysign.h by bindings-c/tests/check_wrappers.py --write-php: do not edit. */\n"
            + "\n".join(lines) + "\n")


def camel(name):
    return "".join(part.capitalize() for part in name[len("PAYSIGN_"):].lower().split("_"))


def main():
    args = sys.argv[1:]
    write_php = args[:1] == ["--write-php"]
    if write_php:
        args = args[1:]
    if len(args) != 2:
        raise SystemExit(__doc__)
    header_path, root = args
    with open(header_path, encoding="utf-8") as f:
        header = f.read()
    php_h = os.path.join(root, "php", "src", "paysign.h")
    if write_php:
        with open(php_h, "w", encoding="utf-8") as f:
            f.write(php_cdef(header))
        print("wrote " + php_h)
        return 0

    def read(*parts):
        with open(os.path.join(root, *parts), encoding="utf-8") as f:
            return f.read()

    fns, codes, consts = functions(header), status_codes(header), defines(header)
    problems = []
    if consts.get("PAYSIGN_NOW") != "INT64_MIN" or consts.get("PAYSIGN_DEFAULT_MAX_SKEW") != "INT64_MIN":
        problems.append("header: PAYSIGN_NOW / PAYSIGN_DEFAULT_MAX_SKEW are no longer INT64_MIN: update the wrappers")

    def arity(wrapper, name, count):
        if name not in fns:
            problems.append("%s binds %s, which the header does not declare" % (wrapper, name))
        elif len(fns[name]) != count:
            problems.append("%s binds %s with %d parameters, the header has %d" % (wrapper, name, count, len(fns[name])))

    # C#: enum Status, delegates bound by name, long.MinValue for now.
    cs = read("csharp", "src", "Paysign.cs")
    enum = re.search(r"public enum Status\s*\{(.*?)\}", cs, re.S).group(1)
    got = {n: int(v) for n, v in re.findall(r"(\w+)\s*=\s*(-?\d+)", enum)}
    want = {camel(n): v for n, v in codes.items()}
    if got != want:
        problems.append("csharp: enum Status %s, header %s" % (got, want))
    delegates = {m.group(1): m.group(2) for m in re.finditer(r"delegate \w+ (\w+)\(([^)]*)\);", cs)}
    delegates.update({"SignFn": re.search(r"delegate int SignFn\(([^)]*)\);", cs).group(1)})
    for kind, name in re.findall(r"Bind<(?:Paysign\.)?(\w+)>\(\"(paysign_\w+)\"\)", cs):
        params = " ".join(delegates[kind].split())
        arity("csharp", name, 0 if not params else params.count(",") + 1)
    if "long.MinValue" not in cs:
        problems.append("csharp: no long.MinValue (PAYSIGN_NOW) in Paysign.cs")

    # PHP: the generated declarations, and its own now constant.
    if not os.path.exists(php_h) or read("php", "src", "paysign.h") != php_cdef(header):
        problems.append("php: src/paysign.h differs from the header: run check_wrappers.py --write-php")
    php = "".join(read("php", "src", f) for f in sorted(os.listdir(os.path.join(root, "php", "src")))
                  if f.endswith(".php"))
    if "PHP_INT_MIN" not in php:
        problems.append("php: no PHP_INT_MIN (PAYSIGN_NOW)")
    for name in set(re.findall(r"->(PAYSIGN_[A-Z_]+)\b", php)) - set(codes):
        problems.append("php: uses %s, which the header's paysign_status does not have" % name)

    # Go: Status* constants from the C enum by name.
    go = read("go", "paysign.go")
    got = sorted(re.findall(r"Status\w+\s*=\s*int\(C\.(PAYSIGN_\w+)\)", go))
    if got != sorted(codes):
        problems.append("go: Status constants of %s, header %s" % (got, sorted(codes)))

    # Ruby: STATUS table, Fiddle argument lists.
    rb = read("ruby", "lib", "paysign.rb")
    table = re.search(r"STATUS = \{(.*?)\}", rb, re.S).group(1)
    got = {n: int(v) for n, v in re.findall(r"(\w+):\s*(-?\d+)", table)}
    want = {n[len("PAYSIGN_"):].lower(): v for n, v in codes.items()}
    if got != want:
        problems.append("ruby: STATUS %s, header %s" % (got, want))
    for name, params in re.findall(r"fn\(\s*:(paysign_\w+),\s*\[([^\]]*)\]", rb):
        arity("ruby", name, len([p for p in params.split(",") if p.strip()]))
    if "-(2**63)" not in rb.replace(" ", ""):
        problems.append("ruby: no -(2**63) (PAYSIGN_NOW)")

    for p in problems:
        print("wrappers: " + p, file=sys.stderr)
    if problems:
        return 1
    print("wrappers: status codes, now/default-window and %d C functions agree with the header "
          "(csharp, php, go, ruby)" % len(fns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
