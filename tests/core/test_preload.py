"""core.preload reads a package's shared libraries, and nothing else, without importing it."""
from __future__ import annotations

import subprocess
import sys

from desktop_app.core import preload


def make_package(root, name="pkg"):
    (root / name / "sub").mkdir(parents=True)
    (root / name / "__init__.py").write_text("raise ImportError('never imported')\n")
    (root / name / "sub" / "_ext.cpython-311-x86_64-linux-gnu.so").write_bytes(b"a" * 3000)
    (root / name / "sub" / "_win.pyd").write_bytes(b"b" * 200)
    (root / name / "sub" / "data.py").write_bytes(b"c" * 5000)
    (root / name / ".dylibs").mkdir()
    (root / name / ".dylibs" / "libblas.dylib").write_bytes(b"d" * 70)
    (root / f"{name}.libs").mkdir()
    (root / f"{name}.libs" / "libgfortran-0a1b.so.5.0.0").write_bytes(b"e" * 1_500_000)
    (root / "other.libs").mkdir()
    (root / "other.libs" / "libother.so").write_bytes(b"f" * 9)


def test_the_libraries_of_the_package_and_its_vendored_folder_are_read(tmp_path, monkeypatch):
    make_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert preload.read_libraries("pkg") == 3000 + 200 + 70 + 1_500_000
    assert "pkg" not in sys.modules


def test_nothing_is_read_for_a_missing_package_or_a_plain_module(tmp_path, monkeypatch):
    (tmp_path / "plain.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert preload.read_libraries("no_such_package_here") == 0
    assert preload.read_libraries("plain") == 0


def test_a_package_the_import_system_cannot_look_up_reads_nothing(monkeypatch):
    def broken(name):
        raise ValueError(f"{name}.__spec__ is None")
    monkeypatch.setattr(preload.importlib.util, "find_spec", broken)
    assert preload.read_libraries("numpy") == 0


def test_numpy_is_read_in_a_fresh_process_without_being_imported():
    code = ("import sys, glob, os, importlib.util; from desktop_app.core import preload; "
            "n = preload.read_libraries('numpy'); "
            "root = os.path.dirname(importlib.util.find_spec('numpy').origin); "
            "core = sum(os.path.getsize(p) for p in glob.glob(root + '/_core/_multiarray_umath*')); "
            "print(n >= core > 1_000_000, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
