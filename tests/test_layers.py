"""The import-direction rule: core ← db ← export ← ui ← app, and core/db never touch Qt."""
from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "desktop_app"

FORBIDDEN = {
    "core": ("PySide6", "sqlalchemy", "alembic", "desktop_app.db", "desktop_app.ui",
             "desktop_app.export", "desktop_app.app"),
    "db": ("PySide6", "desktop_app.ui", "desktop_app.export", "desktop_app.app"),
    "export": ("desktop_app.ui", "desktop_app.app"),
    "ui": ("desktop_app.app",),
    "app": (),
}


def imported_modules(source: str, module: str) -> set[str]:
    """Every module a source file imports, relative imports resolved against `module`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def violations(layer: str, imports: set[str]) -> list[str]:
    return sorted(name for name in imports for banned in FORBIDDEN[layer]
                  if name == banned or name.startswith(banned + "."))


def layer_files():
    for layer in FORBIDDEN:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            yield layer, path


def test_every_layer_exists_and_has_code():
    assert {layer for layer, _ in layer_files()} == set(FORBIDDEN)


@pytest.mark.parametrize("layer,path", list(layer_files()),
                         ids=lambda v: str(v.relative_to(PACKAGE)) if isinstance(v, pathlib.Path) else v)
def test_imports_follow_the_layer_rule(layer, path):
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    assert violations(layer, imported_modules(path.read_text(encoding="utf-8"), module)) == []


@pytest.mark.parametrize("layer,source,module,bad", [
    ("core", "from PySide6 import QtCore", "desktop_app.core.x", "PySide6"),
    ("core", "import sqlalchemy.orm", "desktop_app.core.x", "sqlalchemy.orm"),
    ("core", "from ..db import models", "desktop_app.core.x", "desktop_app.db"),
    ("db", "from desktop_app.ui import main_window", "desktop_app.db.x", "desktop_app.ui"),
    ("ui", "from desktop_app.app import gui", "desktop_app.ui.x", "desktop_app.app"),
    ("export", "from ..ui.highlight import render_html", "desktop_app.export.x", "desktop_app.ui"),
])
def test_the_checker_catches_violations(layer, source, module, bad):
    assert any(v == bad or v.startswith(bad + ".") for v in violations(layer, imported_modules(source, module)))
