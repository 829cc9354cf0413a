"""Shared fixtures: the vector files of tests/vectors (see tests/vectors/README.md)."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any, Dict, List

import pytest


def vectors_dir() -> Path:
    """$PAYSIGN_VECTORS, or tests/vectors of the repository this file sits in."""
    env = os.environ.get("PAYSIGN_VECTORS")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "tests" / "vectors"
    if not (path / "xpay.json").is_file():
        raise RuntimeError(f"no test vectors in {path}; set PAYSIGN_VECTORS")
    return path


def load(name: str) -> Dict[str, Any]:
    with open(vectors_dir() / name, encoding="utf-8") as f:
        return json.load(f)


def body_of(vector: Dict[str, Any]) -> bytes:
    """The body bytes: base64 of `body_b64`, repeated `body_repeat` times."""
    return base64.b64decode(vector.get("body_b64", "")) * vector.get("body_repeat", 1)


def cases(file: str, section: str) -> List[Any]:
    """pytest params of one section of a vector file, with the vector names as ids."""
    data = load(file)[section]
    return [pytest.param(v, id=v["name"]) for v in data]


def table(name: str) -> List[Any]:
    """pytest params of a shared table, tests/<name>/cases.json (see its README.md),
    with the case names as ids. The tables sit next to tests/vectors."""
    path = vectors_dir().parent / name / "cases.json"
    with open(path, encoding="utf-8") as f:
        data = json.load(f)["cases"]
    assert data, path
    return [pytest.param(c, id=c["name"]) for c in data]
