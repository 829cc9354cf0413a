#!/usr/bin/env python3
"""Runs every command and code block of the project's Markdown, as a reader would.

    python3 scripts/docs-test.py [--list] [FILE.md ...]

Without arguments: README.md, every bindings-*/README.md and
bindings-c/RUNTIMES.md. Run by `make test` after `make dist`, from the
repository root. Python standard library only.

How a block runs (per Markdown file, in document order, like a reader with one
terminal who goes back to the repository root at each `#` or `##` heading):

  sh, bash, console  bash with `set -eo pipefail`. Exported variables carry over
                     to the file's next blocks, the working directory to the
                     section's next blocks.
                     A command line whose comment is `# exit N` must exit with
                     status N (any other status fails the block).
                     HOME is a scratch directory (the toolchains' own homes,
                     CARGO_HOME, RUSTUP_HOME, PYENV_ROOT, the npm, pip, Maven and
                     Go caches, stay where they are); a fresh Python venv is
                     active, so `pip install` goes there; `cargo install`
                     installs into a scratch root that is on PATH.
  python             the file's venv's python (where its `pip install` went).
  js                 node, in the project where the file's commands installed
                     paysign (the last directory a shell block left with a
                     node_modules/paysign in it), so that `paysign` resolves as
                     in the reader's project: an ES module when
                     the block has an `import` or `export` line, else CommonJS.
                     `fetch` is replaced by a stub that answers 200 `{}` and
                     sends nothing (nothing leaves this machine).
  rust               rustdoc --test against the workspace's `paysign` crate.
  kotlin, java       compiled together, one `main` per block (imports hoisted;
                     a java block that is a whole public class with a main is
                     compiled as it is, in package docs),
                     in a Maven project whose dependencies are the file's xml
                     `<dependency>` blocks (so the reader's own install step,
                     earlier in the file, must have made them resolvable); then
                     each block is run with `java`.
  xml                a `<dependency>` block is used by that project.
  c                  written to a file when marked (below), for the commands to
                     compile; otherwise compiled with pkg-config's paysign flags
                     and run.
  anything else      needs a marker.

The sandbox credentials: a shell assignment whose value is the placeholder `…`
(`export PAYSIGN_VISA_API_KEY=…`) gets the value of the Markdown files' table
row | `PAYSIGN_VISA_API_KEY` | `value` | … |, read at run time. Nothing else is
rewritten, and nothing is exported that the blocks do not export themselves.

Markers: an HTML comment on the line(s) right before a fence.

  <!-- not run: REASON -->              skipped; listed with REASON
  <!-- docs-test: file NAME -->         the block is written to NAME in the
                                         directory where the file's commands
                                         run, before they run (removed after)
  <!-- install-steps: RUNTIME -->       run as written, in an empty directory, by
                                         bindings-c/install-steps-test.sh (make
                                         test): not run a second time here
  <!-- docs-test: run by make test -->  a test command of make test itself:
                                         each of its commands must be in a
                                         line of scripts/test-all.sh (checked),
                                         and it is not run a second time
  <!-- docs-test: prelude               code run before the block, in the same
  …code…                                 language (for a fragment that uses
  -->                                    names the text around it defines)
  <!-- run: esm --> / <!-- run: cjs -->  the module kind of a js block
  <!-- docs-test: background -->        (sh) a server the next blocks talk to: started
                                         in the background, ready once it prints
                                         its first line (within 120 s), stopped
                                         (its process group) after the file
  <!-- docs-test: without rust -->      (sh) run with no Rust toolchain on PATH
                                         (no cargo, rustc, ~/.cargo/bin): an
                                         install step a user runs without Rust
  <!-- docs-test: run: COMMAND -->      any language: the block (after its
                                         prelude) is written to a file, and
                                         COMMAND, with {file} its path, runs in
                                         bash where the file's commands are
                                         (their exported variables, the
                                         section's directory)

After each Markdown file: a tracked file changed by its blocks fails the file;
untracked files its blocks left in the repository are removed and listed.
Ends with "docs: N passed, N failed, N skipped" and the skipped blocks with
their reasons.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "target" / "docs-test"
BLOCK_TIMEOUT = 900  # s, one block; every command a README shows is bounded

SHELL = {"sh", "bash", "console", "shell"}


@dataclass
class Block:
    doc: Path
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    markers: list[str] = field(default_factory=list)
    prelude: str = ""
    section: int = 0

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"

    def marker(self, prefix: str) -> str | None:
        for m in self.markers:
            if m.startswith(prefix):
                return m[len(prefix):].strip()
        return None


def parse(doc: Path) -> list[Block]:
    lines = doc.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    section = 0
    i = 0
    while i < len(lines):
        if re.match(r"^#{1,2} ", lines[i]):
            section += 1
        m = re.match(r"^(\s*)(`{3,})\s*([\w+-]*)", lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m.group(1), m.group(2), m.group(3).lower()
        j = i + 1
        while j < len(lines) and not re.match(r"^\s*" + fence + r"\s*$", lines[j]):
            j += 1
        body = [l[len(indent):] if l.startswith(indent) else l.lstrip() for l in lines[i + 1 : j]]
        block = Block(doc, i + 1, lang, "\n".join(body) + "\n", section=section)
        # the comments right before the fence (blank lines allowed between)
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        comments: list[str] = []
        while k >= 0 and lines[k].rstrip().endswith("-->"):
            end = k
            while k >= 0 and "<!--" not in lines[k]:
                k -= 1
            if k < 0:
                break
            text = "\n".join(lines[k : end + 1])
            text = text[text.index("<!--") + 4 : text.rindex("-->")]
            comments.insert(0, text.strip())
            k -= 1
            while k >= 0 and not lines[k].strip():
                k -= 1
        for c in comments:
            if c.startswith("docs-test: prelude"):
                block.prelude = c[len("docs-test: prelude"):].strip("\n") + "\n"
            else:
                block.markers.append(c)
        blocks.append(block)
        i = j + 1
    return blocks


def credentials(docs: list[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    row = re.compile(r"^\|\s*`(PAYSIGN_[A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|")
    for doc in docs:
        for line in doc.read_text(encoding="utf-8").splitlines():
            m = row.match(line)
            if m:
                found[m.group(1)] = m.group(2)
    return found


def fill_placeholders(code: str, creds: dict[str, str], where: str) -> str:
    def put(m: re.Match) -> str:
        name = m.group(1)
        if name not in creds:
            raise RunError(f"{where}: {name}=… has no sandbox value in a credentials table")
        return f"{name}={shlex.quote(creds[name])}"

    return re.sub(r"\b([A-Z][A-Z0-9_]*)=…(?=\s|$)", put, code)


def expect_exit(code: str) -> str:
    """`command   # exit N` → the command must exit with N."""

    def put(m: re.Match) -> str:
        cmd, n = m.group(1), m.group(2)
        return (f"{{ set +e; ( {cmd} ); s=$?; set -e; [ \"$s\" -eq {n} ] || "
                f"{{ echo \"docs-test: exit $s, the line says exit {n}\" >&2; exit 1; }}; }}")

    return re.sub(r"^(\S.*?)\s+# exit (\d+)\b.*$", put, code, flags=re.M)


class RunError(Exception):
    pass


FETCH_STUB = """\
// docs-test: fetch answers 200 {} and sends nothing.
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init)
  process.stderr.write(`docs-test: fetch stub: ${request.method} ${request.url} (not sent)\\n`)
  return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
}
"""


class Runner:
    def __init__(self, doc: Path, creds: dict[str, str]):
        self.doc = doc
        self.creds = creds
        self.dir = WORK / re.sub(r"[^\w.-]", "_", str(doc.relative_to(ROOT)))
        shutil.rmtree(self.dir, ignore_errors=True)
        self.home = self.dir / "home"
        self.home.mkdir(parents=True)
        self.venv = self.dir / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        self.cargo_root = self.dir / "cargo-install"
        self.state = self.dir / "state.sh"
        self.cwd = ROOT
        real_home = Path.home()
        env = dict(os.environ)
        env.update(self.creds)
        env.update(
            HOME=str(self.home),
            CARGO_HOME=os.environ.get("CARGO_HOME", str(real_home / ".cargo")),
            RUSTUP_HOME=os.environ.get("RUSTUP_HOME", str(real_home / ".rustup")),
            PYENV_ROOT=os.environ.get("PYENV_ROOT", str(real_home / ".pyenv")),
            npm_config_cache=os.environ.get("npm_config_cache", str(real_home / ".npm")),
            npm_config_audit="false",
            npm_config_fund="false",
            npm_config_update_notifier="false",
            PIP_CACHE_DIR=str(real_home / ".cache" / "pip"),
            PIP_DISABLE_PIP_VERSION_CHECK="1",
            MAVEN_OPTS=(os.environ.get("MAVEN_OPTS", "") + f" -Dmaven.repo.local={real_home}/.m2/repository").strip(),
            GOPATH=os.environ.get("GOPATH", str(real_home / "go")),
            GOCACHE=os.environ.get("GOCACHE", str(real_home / ".cache" / "go-build")),
            CARGO_INSTALL_ROOT=str(self.cargo_root),
            VIRTUAL_ENV=str(self.venv),
            PATH=os.pathsep.join([str(self.venv / "bin"), str(self.cargo_root / "bin"), os.environ["PATH"]]),
        )
        env.pop("PYTHONHOME", None)
        self.env = env
        self.files: list[Path] = []
        self.servers: list[subprocess.Popen] = []
        self.section = 0
        self.node_project: Path | None = None
        (self.dir / "fetch-stub.mjs").write_text(FETCH_STUB, encoding="utf-8")

    def enter(self, block: Block) -> None:
        """A new section starts at the repository root."""
        if block.section != self.section:
            self.section = block.section
            self.cwd = ROOT

    # The shell's state after a block: exported variables and the directory.
    def load_state(self) -> None:
        if not self.state.exists():
            return
        out = subprocess.run(
            ["bash", "-c", f'source {shlex.quote(str(self.state))} && env -0'],
            env=self.env, capture_output=True, check=True,
        ).stdout.decode()
        self.env = dict(p.split("=", 1) for p in out.split("\0") if "=" in p)
        cwd_file = Path(str(self.state) + ".cwd")
        if cwd_file.exists():
            self.cwd = Path(cwd_file.read_text(encoding="utf-8"))

    def run(self, cmd: list[str], *, stdin: str | None = None, cwd: Path | None = None) -> None:
        try:
            p = subprocess.run(cmd, input=stdin, text=True, cwd=cwd or self.cwd, env=self.env,
                               capture_output=True, timeout=BLOCK_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise RunError(f"timed out after {BLOCK_TIMEOUT} s")
        out = (p.stdout + p.stderr).rstrip()
        if out:
            print(indent(out, 80 if p.returncode else 12))
        if p.returncode != 0:
            raise RunError(f"exit {p.returncode}")

    def sh(self, block: Block) -> None:
        code = expect_exit(fill_placeholders(block.prelude + block.code, self.creds, block.where))
        script = self.dir / f"block-{block.line}.sh"
        state = shlex.quote(str(self.state))
        # Without Rust for this block only: what it exports is kept, its PATH is not.
        no_rust, restore = "", ""
        if block.marker("docs-test: without rust") is not None:
            no_rust = (
                "__docs_path=$PATH __docs_cargo=$CARGO_HOME __docs_rustup=$RUSTUP_HOME\n"
                f"export PATH={shlex.quote(without_rust(self.env['PATH']))} CARGO_HOME=/nonexistent RUSTUP_HOME=/nonexistent\n"
                "if command -v cargo || command -v rustc; then echo 'docs-test: Rust is still on PATH' >&2; exit 1; fi\n"
            )
            restore = "PATH=$__docs_path CARGO_HOME=$__docs_cargo RUSTUP_HOME=$__docs_rustup; "
        script.write_text(
            "set -eo pipefail\n"
            + (f"source {state}\n" if self.state.exists() else "")
            + f"cd {shlex.quote(str(self.cwd))}\n"
            + f"trap '{restore}export -p > {state}.new; printf %s \"$PWD\" > {state}.cwd' EXIT\n"
            + no_rust
            + code,
            encoding="utf-8",
        )
        try:
            self.run(["bash", str(script)], cwd=ROOT)
        finally:
            new = Path(str(self.state) + ".new")
            if new.exists():
                new.replace(self.state)
        self.load_state()
        if (self.cwd / "node_modules" / "paysign").is_dir():
            self.node_project = self.cwd

    def background(self, block: Block) -> None:
        """Starts a server block; it runs until the file is done (stop_background)."""
        code = fill_placeholders(block.prelude + block.code, self.creds, block.where)
        script = self.dir / f"block-{block.line}.sh"
        script.write_text(f"set -eo pipefail\ncd {shlex.quote(str(self.cwd))}\n" + code, encoding="utf-8")
        p = subprocess.Popen(["bash", str(script)], cwd=ROOT, env=self.env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        self.servers.append(p)
        ready: list[str] = []
        reader = threading.Thread(target=lambda: ready.append(p.stdout.readline()), daemon=True)
        reader.start()
        reader.join(120)
        if not ready or not ready[0]:
            raise RunError("the server printed nothing within 120 s" if p.poll() is None
                           else f"the server exited ({p.returncode}) before printing a line")
        print(indent(ready[0].rstrip(), 12))
        # Keep draining its output so that it never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()

    def stop_background(self) -> None:
        for p in self.servers:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
        self.servers.clear()

    def command(self, block: Block, command: str) -> None:
        ext = {"python": "py", "ruby": "rb", "csharp": "cs", "kotlin": "kt"}.get(block.lang, block.lang or "txt")
        src = self.dir / f"block-{block.line}.{ext}"
        src.write_text(block.prelude + block.code, encoding="utf-8")
        self.run(["bash", "-c", "set -eo pipefail\n" + command.replace("{file}", shlex.quote(str(src)))])

    def python(self, block: Block) -> None:
        self.run([str(self.venv / "bin" / "python"), "-"], stdin=block.prelude + block.code)

    def js(self, block: Block) -> None:
        kind = block.marker("run:")
        if kind is None:
            kind = "esm" if re.search(r"^\s*(import|export)\s", block.code, re.M) else "cjs"
        stub = (self.dir / "fetch-stub.mjs").as_uri()
        if self.node_project is None:
            raise RunError("no shell block of this file installed paysign into a project before this block")
        self.run(["node", "--import", stub, "--input-type=" + ("module" if kind == "esm" else "commonjs"), "-"],
                 stdin=block.prelude + block.code, cwd=self.node_project)

    def rust(self, block: Block) -> None:
        target = ROOT / "target" / "debug"
        subprocess.run(["cargo", "build", "-q", "-p", "paysign"], cwd=ROOT, check=True)
        md = self.dir / f"block-{block.line}.md"
        md.write_text("```rust\n" + block.prelude + block.code + "```\n", encoding="utf-8")
        self.run(["rustdoc", "--test", "--edition", "2021", str(md),
                  "--extern", f"paysign={target / 'libpaysign.rlib'}", "-L", f"dependency={target / 'deps'}"],
                 cwd=ROOT)

    def c(self, block: Block) -> None:
        src = self.dir / f"block-{block.line}.c"
        src.write_text(block.prelude + block.code, encoding="utf-8")
        exe = self.dir / f"block-{block.line}"
        self.run(["bash", "-c", f"cc {shlex.quote(str(src))} $(pkg-config --cflags --libs paysign) "
                  f"-o {shlex.quote(str(exe))} && {shlex.quote(str(exe))}"])


class Jvm:
    """The kotlin and java blocks of one file, built in one Maven project."""

    def __init__(self, runner: Runner, blocks: list[Block]):
        self.runner = runner
        self.blocks = [b for b in blocks if b.lang in ("kotlin", "java") and runnable(b)]
        self.deps = [b for b in blocks if b.lang == "xml" and "<dependency>" in b.code and runnable(b)]
        self.dir = runner.dir / "jvm"
        self.error: str | None = None
        self.built = False

    @staticmethod
    def own_class(b: Block) -> str | None:
        """A java block that is a whole program: its public class with a main."""
        m = re.search(r"^public\s+(?:final\s+)?class\s+(\w+)", b.code, re.M)
        return m.group(1) if b.lang == "java" and m and "static void main(" in b.code else None

    @classmethod
    def main_class(cls, b: Block) -> str:
        own = cls.own_class(b)
        if own:
            return f"docs.{own}"
        return f"docs.Block{b.line}" + ("Kt" if b.lang == "kotlin" else "")

    def source(self, b: Block) -> tuple[str, str]:
        own = self.own_class(b)
        if own:
            return (f"{own}.java", "package docs;\n" + b.prelude + b.code)
        imports, rest = [], []
        for line in (b.prelude + b.code).splitlines():
            (imports if re.match(r"^import\s", line) else rest).append(line)
        body = "\n".join("        " + l for l in rest)
        if b.lang == "kotlin":
            return (f"Block{b.line}.kt",
                    "package docs\n" + "\n".join(imports) + f"\n\nfun main() {{\n{body}\n}}\n")
        return (f"Block{b.line}.java",
                "package docs;\n" + "\n".join(imports) + f"\n\npublic class Block{b.line} {{\n"
                f"    public static void main(String[] args) throws Exception {{\n{body}\n    }}\n}}\n")

    def build(self) -> None:
        self.built = True
        kotlin = re.search(r"<kotlin\.version>([^<]+)<", (ROOT / "bindings-kotlin" / "pom.xml").read_text()).group(1)
        shutil.rmtree(self.dir, ignore_errors=True)
        src = self.dir / "src" / "main" / "kotlin" / "docs"
        src.mkdir(parents=True)
        for b in self.blocks:
            name, text = self.source(b)
            (src / name).write_text(text, encoding="utf-8")
        deps = "\n".join(b.code for b in self.deps)
        (self.dir / "pom.xml").write_text(JVM_POM.replace("@KOTLIN@", kotlin).replace("@DEPENDENCIES@", deps),
                                          encoding="utf-8")
        try:
            self.runner.run(["mvn", "-B", "-ntp", "-q", "-Dstyle.color=never", "package",
                             "dependency:build-classpath", "-Dmdep.outputFile=cp.txt"], cwd=self.dir)
        except RunError as e:
            self.error = f"the Maven project of the kotlin/java blocks did not build: {e}"

    def run(self, b: Block) -> None:
        if not self.built:
            self.build()
        if self.error:
            raise RunError(self.error)
        cp = (self.dir / "cp.txt").read_text().strip()
        self.runner.run(["java", "-cp", f"{self.dir / 'target' / 'classes'}:{cp}", self.main_class(b)])


JVM_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>docs</groupId>
  <artifactId>docs-test</artifactId>
  <version>1</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>17</maven.compiler.release>
  </properties>
  <dependencies>
@DEPENDENCIES@
  </dependencies>
  <build>
    <sourceDirectory>src/main/kotlin</sourceDirectory>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>@KOTLIN@</version>
        <configuration><jvmTarget>17</jvmTarget></configuration>
        <executions><execution><id>compile</id><goals><goal>compile</goal></goals></execution></executions>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
        <executions>
          <execution><id>default-compile</id><phase>none</phase></execution>
          <execution><id>java-compile</id><phase>compile</phase><goals><goal>compile</goal></goals></execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
"""


def runnable(b: Block) -> bool:
    return b.marker("not run:") is None and b.marker("docs-test:") is None


def without_rust(path: str) -> str:
    keep = []
    for d in path.split(os.pathsep):
        if not d or d.rstrip("/").endswith("/.cargo/bin"):
            continue
        if any(os.path.exists(os.path.join(d, tool)) for tool in ("cargo", "rustc", "rustup")):
            continue
        keep.append(d)
    return os.pathsep.join(keep)


def indent(text: str, limit: int) -> str:
    """The output's last `limit` lines, each after a bar."""
    lines = text.splitlines()
    if len(lines) > limit:
        lines = [f"… ({len(lines) - limit} lines before)"] + lines[-limit:]
    return "\n".join("    │ " + l for l in lines)


def git_status() -> tuple[set[str], set[str]]:
    out = subprocess.run(["git", "status", "--porcelain", "-z", "--untracked-files=all"], cwd=ROOT,
                         capture_output=True, check=True).stdout.decode()
    changed, untracked = set(), set()
    for entry in out.split("\0"):
        if not entry:
            continue
        (untracked if entry.startswith("??") else changed).add(entry[3:])
    return changed, untracked


def main(argv: list[str]) -> int:
    listing = "--list" in argv
    argv = [a for a in argv if a != "--list"]
    docs = [Path(a).resolve() for a in argv] or sorted(
        [ROOT / "README.md", *ROOT.glob("bindings-*/README.md"), ROOT / "bindings-c" / "RUNTIMES.md"])
    docs = [d for d in docs if d.is_file()]
    creds = credentials(sorted(set(docs) | {ROOT / "README.md"}))
    print(f"docs-test: {len(docs)} files; sandbox credentials from the Markdown: {', '.join(sorted(creds)) or 'none'}")
    if listing:  # what would run, and how, without running it
        for doc in docs:
            for b in parse(doc):
                how = next((m for m in b.markers if m.startswith(("not run:", "docs-test:", "run:"))), "")
                print(f"{b.where}\t{b.lang or 'text'}\t{'prelude ' if b.prelude else ''}{how}")
        return 0
    test_all = (ROOT / "scripts" / "test-all.sh").read_text(encoding="utf-8").splitlines()
    test_all = {l.strip() for l in test_all}
    passed, failed, skipped = [], [], []
    started = time.monotonic()
    for doc in docs:
        blocks = parse(doc)
        print(f"\n== {doc.relative_to(ROOT)}: {len(blocks)} blocks")
        before_changed, before_untracked = git_status()
        runner = Runner(doc, creds)
        jvm = Jvm(runner, blocks)
        for b in blocks:
            name = b.marker("docs-test: file")
            if name:
                path = ROOT / name
                if path.exists():
                    raise SystemExit(f"{b.where}: {name} exists in the repository; it would be overwritten")
                path.write_text(b.code, encoding="utf-8")
                runner.files.append(path)
        for b in blocks:
            reason = b.marker("not run:")
            label = f"{b.where} ({b.lang or 'text'})"
            if reason is not None:
                skipped.append((label, reason))
                print(f"-- {label}: skipped: {reason}")
                continue
            if b.marker("docs-test: file"):
                passed.append(label)
                print(f"ok {label}: written to {b.marker('docs-test: file')} for the commands")
                continue
            if b.marker("install-steps:") is not None:
                passed.append(label)
                print(f"ok {label}: run by bindings-c/install-steps-test.sh (make test)")
                continue
            if b.marker("docs-test: run by make test") is not None:
                missing = [l for l in command_lines(b.code) if not any(l in t for t in test_all)]
                if missing:
                    failed.append((label, f"not a line of scripts/test-all.sh: {missing}"))
                    print(f"FAIL {label}: not a line of scripts/test-all.sh: {missing}")
                else:
                    passed.append(label)
                    print(f"ok {label}: a step of make test (scripts/test-all.sh runs it)")
                continue
            runner.enter(b)
            if b.lang == "xml" and b in jvm.deps:
                if not jvm.blocks:
                    failed.append((label, "a <dependency> block, but no kotlin or java block to use it"))
                    print(f"FAIL {label}: a <dependency> block, but no kotlin or java block uses it")
                else:
                    passed.append(label)
                    print(f"ok {label}: the dependency of the kotlin/java blocks' Maven project")
                continue
            kind = "sh" if b.lang in SHELL else b.lang
            command = b.marker("docs-test: run:")
            if b.marker("docs-test: background") is not None:
                run = runner.background
            elif command:
                run = lambda b, command=command: runner.command(b, command)  # noqa: E731
            elif kind in ("kotlin", "java"):
                run = jvm.run
            else:
                run = getattr(runner, kind, None) if kind in {"sh", "python", "js", "rust", "c"} else None
            if run is None:
                failed.append((label, f"no way to run a '{b.lang}' block: add a marker"))
                print(f"FAIL {label}: no way to run a '{b.lang}' block: add a marker")
                continue
            t = time.monotonic()
            print(f"-> {label}")
            try:
                run(b)
            except (RunError, subprocess.CalledProcessError) as e:
                failed.append((label, str(e)))
                print(f"FAIL {label}: {e}")
            else:
                passed.append(label)
                print(f"ok {label} ({time.monotonic() - t:.1f} s)")
        runner.stop_background()
        for path in runner.files:
            path.unlink(missing_ok=True)
        after_changed, after_untracked = git_status()
        dirtied = sorted(after_changed - before_changed)
        if dirtied:
            failed.append((str(doc.relative_to(ROOT)), f"its commands changed tracked files: {dirtied}"))
            print(f"FAIL {doc.relative_to(ROOT)}: its commands changed tracked files: {dirtied}")
        left = sorted(after_untracked - before_untracked)
        for rel in left:
            p = ROOT / rel
            if p.is_file() or p.is_symlink():
                p.unlink()
            for parent in p.parents:
                if parent == ROOT or any(parent.iterdir()):
                    break
                parent.rmdir()
        if left:
            print(f"   removed what the blocks left in the repository: {', '.join(left)}")
    print(f"\ndocs-test: {time.monotonic() - started:.0f} s")
    if skipped:
        print(f"skipped blocks ({len(skipped)}):")
        for label, reason in skipped:
            print(f"  {label}: {reason}")
    for label, why in failed:
        print(f"FAILED {label}: {why}")
    print(f"docs: {len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped")
    return 1 if failed else 0


def command_lines(code: str) -> list[str]:
    lines = []
    for line in code.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
