"""A package's compiled libraries read into the OS page cache before a worker thread imports it.

Python loads an extension module (dlopen, then its init) holding the interpreter lock, and the
pages of the library fault in from disk as they are touched. Cold, numpy's ~39 MB of libraries
kept the lock 40-55 ms on a fast disk and far longer on a slow one: the GUI thread stood still
meanwhile. A plain file read releases the lock while it waits for the disk.
"""
from __future__ import annotations

import importlib.util
import os
import pathlib

_LIBRARY_SUFFIXES = (".so", ".pyd", ".dylib", ".dll")
_CHUNK = 1 << 20


def read_libraries(package: str) -> int:
    """Read every shared library of the installed `package` (and the ones its wheel vendors in
    `<package>.libs` or `<package>/.dylibs`) once; the bytes read, 0 when it is not installed."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):  # only a head start: the import itself will say what is wrong
        return 0
    if spec is None or not spec.submodule_search_locations:
        return 0
    total, buffer = 0, bytearray(_CHUNK)
    for root in [*spec.submodule_search_locations,
                 *(str(pathlib.Path(p).parent / f"{package}.libs")
                   for p in spec.submodule_search_locations)]:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                if _is_library(name):
                    total += _read(os.path.join(folder, name), buffer)
    return total


def _is_library(name: str) -> bool:
    # Linux names carry versions after the suffix: libgfortran-….so.5.0.0.
    return name.endswith(_LIBRARY_SUFFIXES) or ".so." in name


def _read(path: str, buffer: bytearray) -> int:
    total = 0
    try:
        with open(path, "rb", buffering=0) as f:
            while n := f.readinto(buffer):
                total += n
    except OSError:  # unreadable: the import will say so itself
        return 0
    return total
