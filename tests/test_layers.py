"""The package's layers keep their promises: the contract layer, the conversation engine and
the shared core are plain Python on JSON values, so they can be used (and tested) without any
web framework, and the conversation can be driven by any transport."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mock_realtime"
WEB_FRAMEWORKS = {"starlette", "uvicorn", "websockets", "httptools", "uvloop"}
CORE = ["settings.py", "clock.py", "ids.py", "errors.py", "journal.py", "redaction.py", "auth.py"]


def imported_roots(path: Path) -> set[str]:
    """Top-level package names a module imports, anywhere in it (lazy imports included)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def framework_free_modules() -> list[Path]:
    layers = [*sorted((PACKAGE / "contract").glob("*.py")), *sorted((PACKAGE / "conversation").glob("*.py"))]
    return layers + [PACKAGE / name for name in CORE]


@pytest.mark.parametrize("module", framework_free_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_module_imports_no_web_framework(module: Path) -> None:
    assert imported_roots(module) & WEB_FRAMEWORKS == set()


def test_the_check_sees_a_framework_import(tmp_path: Path) -> None:
    """The walk above must be able to fail: a lazy import inside a function is found too."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from starlette.requests import Request\n    return Request\n")
    assert imported_roots(probe) & WEB_FRAMEWORKS == {"starlette"}


def imported_modules(path: Path) -> set[str]:
    """Full dotted names of what a module imports (`uvicorn.protocols.http.httptools_impl`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_only_the_uvicorn_module_reaches_into_uvicorn() -> None:
    """uvicorn's public surface is `uvicorn.Config` and `uvicorn.Server`; anything deeper
    is its internals, which one module (web/_uvicorn.py) holds, so an upgrade is one file's work."""
    reaching = {
        module.relative_to(PACKAGE).as_posix()
        for module in PACKAGE.rglob("*.py")
        if any(name.startswith("uvicorn.") for name in imported_modules(module))
    }
    assert reaching == {"web/_uvicorn.py"}
