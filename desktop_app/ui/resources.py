"""Locate bundled resources, from the source tree or a PyInstaller bundle."""
from __future__ import annotations

import pathlib
import sys


def resource_root() -> pathlib.Path:
    """The folder holding help, sample corpus and other bundled files."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return pathlib.Path(bundle) / "resources"
    # desktop_app/ui/resources.py -> repo root is three levels up.
    return pathlib.Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> pathlib.Path:
    """A path inside the resources folder (it may not exist)."""
    return resource_root().joinpath(*parts)
