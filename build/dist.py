#!/usr/bin/env python3
"""Build the app for this OS, run its frozen self-test and package it; print where it all is.

    python3 build/dist.py [--dist DIR] [--work DIR] [--no-self-test] [--no-package]

What `make dist` runs; Windows users without make run `python build\\dist.py`. Outside the
project's virtual environment it first sets that up (as `dev.py` does) and reruns itself there.
Linux: a .tar.gz with the bundle and the build/linux install files. macOS: a .dmg
(build/macos/make_dmg.sh). Windows: an installer when Inno Setup's ISCC is installed.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import tarfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
SPEC = ROOT / "app.spec"
SELF_TEST_TIMEOUT_S = 900


def _load(name: str, path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


info = _load("timeline_reader_spec_info", ROOT / "build" / "spec_info.py")


def say(message: str) -> None:
    print(f"[dist] {message}", flush=True)


def ensure_project_venv(argv: list[str]) -> None:
    """Rerun this script in .venv (created and filled by dev.py) unless PyInstaller is here."""
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    dev = _load("timeline_reader_dev", ROOT / "dev.py")
    if pathlib.Path(sys.prefix).resolve() == dev.VENV.resolve():
        sys.exit("PyInstaller is not installed in .venv: run "
                 f"{dev.PYTHON} -m pip install -e '.[test]' (or: pip install pyinstaller)")
    dev.ensure_installed()  # the test extras bring PyInstaller
    say(f"continuing in {dev.PYTHON}")
    sys.exit(subprocess.call([str(dev.PYTHON), str(pathlib.Path(__file__).resolve()), *argv]))


def bundle_paths(dist: pathlib.Path, platform_name: str = sys.platform) -> tuple[pathlib.Path, pathlib.Path]:
    """The bundle app.spec makes in `dist` (the .app on macOS) and the executable inside it."""
    if platform_name == "darwin":
        bundle = dist / f"{info.APP_NAME}.app"
        return bundle, bundle / "Contents" / "MacOS" / info.EXECUTABLE
    bundle = dist / info.APP_NAME
    suffix = ".exe" if platform_name == "win32" else ""
    return bundle, bundle / f"{info.EXECUTABLE}{suffix}"


def build(dist: pathlib.Path, work: pathlib.Path) -> None:
    """PyInstaller on app.spec: one folder (and on macOS the .app) in `dist`."""
    say(f"building with PyInstaller into {dist} (a few minutes)")
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
                   check=True, cwd=ROOT)
    say(f"built in {time.monotonic() - started:.0f} s")


def self_test(executable: pathlib.Path) -> bool:
    """Run the frozen `--self-test` (offscreen when there is no display); True if it passed."""
    say(f"self-test: {executable} --self-test")
    try:
        result = subprocess.run([str(executable), "--self-test"], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace",
                                timeout=SELF_TEST_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        say(f"the self-test did not finish in {SELF_TEST_TIMEOUT_S} s")
        return False
    print(result.stdout, end="", flush=True)
    return result.returncode == 0


def size_mb(path: pathlib.Path) -> float:
    """Bytes on disk of the files under `path` (symbolic links count once), in MB."""
    total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def archive_name(version: str, machine: str | None = None) -> str:
    """timeline-reader-<version>-linux-<machine>: the release archive's name and top folder."""
    machine = (machine or platform.machine() or "unknown").lower().replace("amd64", "x86_64")
    return f"{info.EXECUTABLE}-{version}-linux-{machine}"


LINUX_INSTALL_FILES = ("install.sh", "uninstall.sh", "common.sh", f"{info.APP_ID}.desktop",
                       f"{info.APP_ID}.metainfo.xml", "timeline-reader-mime.xml", "icons")
ARCHIVE_README = """Timeline Reader {version}

    ./install.sh            install for this user (under ~/.local) and register the desktop entry,
                            the icon and the .timeline file type
    ./install.sh --system   install for everyone (/opt, /usr/local; asks for sudo)
    ./uninstall.sh          remove it again (--system for a system install)

Or run "{app}/{exe}" in place. "{app}/{exe} --self-test" checks the installation.
"""


def linux_archive(bundle: pathlib.Path, dist: pathlib.Path, version: str) -> pathlib.Path:
    """A .tar.gz of the bundle beside build/linux's install files: unpack, then ./install.sh."""
    name = archive_name(version)
    out = dist / f"{name}.tar.gz"
    linux = ROOT / "build" / "linux"
    readme = dist / f".{name}-README.txt"
    readme.write_text(ARCHIVE_README.format(version=version, app=info.APP_NAME,
                                            exe=info.EXECUTABLE), encoding="utf-8")
    partial = out.with_name(out.name + ".part")
    say(f"packing {out.name}")
    try:
        # compresslevel 6: nearly the size of 9 in half the time on a 2-core machine.
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            tar.add(readme, f"{name}/README.txt")
            for entry in LINUX_INSTALL_FILES:
                tar.add(linux / entry, f"{name}/{entry}")
            tar.add(bundle, f"{name}/{info.APP_NAME}")
        partial.replace(out)
    finally:
        readme.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return out


def macos_dmg(dist: pathlib.Path, version: str) -> pathlib.Path | None:
    script = ROOT / "build" / "macos" / "make_dmg.sh"
    result = subprocess.run(["bash", str(script), str(dist)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, VERSION=version), check=True)
    lines = result.stdout.strip().splitlines()
    return pathlib.Path(lines[-1]) if lines else None


def find_iscc() -> str | None:
    """Inno Setup's command-line compiler: on PATH or where its installer puts it."""
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.environ.get("LOCALAPPDATA") and os.path.join(os.environ["LOCALAPPDATA"],
                                                                  "Programs")):
        candidate = pathlib.Path(base or "/nonexistent") / "Inno Setup 6" / "ISCC.exe"
        if candidate.is_file():
            return str(candidate)
    return None


def windows_installer(dist: pathlib.Path, version: str) -> pathlib.Path | None:
    iss = ROOT / "build" / "windows" / "timeline-reader.iss"
    iscc = find_iscc()
    if iscc is None:
        say("Inno Setup 6 (ISCC.exe) not found: install it from https://jrsoftware.org/isinfo.php "
            f"for the installer, then rerun, or run: ISCC /DAppVersion={version} "
            f"/DDistDir={dist} {iss}")
        return None
    subprocess.run([iscc, "/Q", f"/DAppVersion={version}", f"/DDistDir={dist}", str(iss)],
                   check=True)
    return dist / f"{info.EXECUTABLE}-{version}-windows-setup.exe"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=pathlib.Path, default=ROOT / "dist",
                        help="where the bundle and packages go (default: dist/)")
    parser.add_argument("--work", type=pathlib.Path, default=None,
                        help="PyInstaller's work folder (default: build/<os>/work)")
    parser.add_argument("--no-self-test", action="store_true", help="skip the frozen self-test")
    parser.add_argument("--no-package", action="store_true",
                        help="only the bundle: no .tar.gz, .dmg or installer")
    args = parser.parse_args(argv)
    ensure_project_venv(argv)
    os_folder = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    dist = args.dist.resolve()
    work = (args.work or ROOT / "build" / os_folder / "work").resolve()
    version = info.project_metadata(ROOT)["version"]

    build(dist, work)
    bundle, executable = bundle_paths(dist)
    if not executable.is_file():
        say(f"PyInstaller made no {executable}")
        return 1
    say(f"bundle: {bundle} ({size_mb(bundle):.0f} MB)")
    if not args.no_self_test and not self_test(executable):
        say("the frozen self-test FAILED; nothing packaged")
        return 1
    package = None
    if not args.no_package:
        if sys.platform.startswith("linux"):
            package = linux_archive(bundle, dist, version)
        elif sys.platform == "darwin":
            package = macos_dmg(dist, version)
        elif sys.platform == "win32":
            package = windows_installer(dist, version)
    say(f"bundle:     {bundle}")
    say(f"executable: {executable}")
    if package is not None:
        say(f"package:    {package} ({package.stat().st_size / 1e6:.0f} MB)")
    if sys.platform.startswith("linux"):
        say(f"install:    build/linux/install.sh \"{bundle}\"  (or unpack the archive, ./install.sh)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
