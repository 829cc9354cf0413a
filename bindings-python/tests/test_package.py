"""The installed package: every file is there, and the stubs match the module."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

import paysign
import paysign._native

PACKAGE = Path(paysign.__file__).parent


def test_installed_package_not_source_tree():
    if os.environ.get("PAYSIGN_EXPECT_INSTALLED") != "1":
        pytest.skip("set PAYSIGN_EXPECT_INSTALLED=1 when testing an installed wheel")
    assert "site-packages" in PACKAGE.parts, PACKAGE
    assert "bindings-python" not in PACKAGE.parts, PACKAGE


@pytest.mark.parametrize(
    "name", ["__init__.py", "_errors.py", "_types.py", "_body.py", "_native.pyi", "py.typed",
             "requests.py", "httpx.py", "redis.py", "webhooks.py"]
)
def test_files_shipped(name):
    assert (PACKAGE / name).is_file(), name


def test_native_is_an_abi3_extension():
    native = Path(paysign._native.__file__)
    assert native.parent == PACKAGE
    if os.name == "posix":
        assert native.name == "_native.abi3.so", native.name


def test_stub_matches_native_module():
    tree = ast.parse((PACKAGE / "_native.pyi").read_text(encoding="utf-8"))
    stubbed = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stubbed.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            stubbed.add(node.target.id)
    public = {n for n in dir(paysign._native) if not n.startswith("_")}
    assert public == stubbed
    # the stub's signatures name the same parameters as the runtime ones
    import inspect

    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            runtime = inspect.signature(getattr(paysign._native, node.name))
            assert [a.arg for a in node.args.args] == [
                p.name for p in runtime.parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ], node.name
            assert [a.arg for a in node.args.kwonlyargs] == [
                p.name for p in runtime.parameters.values() if p.kind == p.KEYWORD_ONLY
            ], node.name


def test_all_is_exported():
    for name in paysign.__all__:
        assert hasattr(paysign, name), name
