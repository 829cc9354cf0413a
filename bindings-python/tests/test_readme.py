"""The Python code blocks of bindings-python/README.md work as pasted.

Each ```python block runs on its own, in a fresh namespace, unless the line
before it is an HTML comment starting with "<!-- not run".
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest


def _readme() -> Path:
    env = os.environ.get("PAYSIGN_README")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "README.md"


def _blocks():
    path = _readme()
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "```python":
            prev = next((l for l in reversed(lines[:i]) if l.strip()), "")
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            if not prev.strip().startswith("<!-- not run"):
                blocks.append(pytest.param("\n".join(lines[i + 1 : j]), id="line%d" % (i + 1)))
            i = j
        i += 1
    return blocks


BLOCKS = _blocks()


def test_readme_found():
    assert BLOCKS, "no runnable python blocks in %s" % _readme()


@pytest.mark.parametrize("code", BLOCKS)
def test_readme_block(code):
    for module in re.findall(r"^(?:import|from) (requests|httpx|redis|flask|starlette)\b", code, re.M):
        pytest.importorskip(module)
    exec(compile(code, str(_readme()), "exec"), {"__name__": "readme"})
