"""The scale benchmark measures the app as installed: its bytecode compiled before a cold start."""
from __future__ import annotations

import importlib.util
import os

from bench import scale


def test_stale_or_missing_bytecode_is_written_before_measuring(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    source = package / "mod.py"
    source.write_text("X = 1\n", encoding="utf-8")
    cached = importlib.util.cache_from_source(str(source))
    scale.compile_app(package)
    assert os.path.exists(cached)
    first = open(cached, "rb").read()
    source.write_text("X = 2\n", encoding="utf-8")
    os.utime(source, (os.path.getmtime(cached) + 10,) * 2)  # edited after it was compiled
    scale.compile_app(package)
    assert open(cached, "rb").read() != first
