"""The Windows version resource (PyInstaller's `version=` file) generated from pyproject.toml.

    python build/windows/version_info.py [OUT]    # default: build/windows/version_info.txt

app.spec calls write() on Windows for every build, so the resource never lags the version.
Pure standard library, like build/spec_info.py.
"""
from __future__ import annotations

import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP_NAME = "Timeline Reader"
EXECUTABLE = "timeline-reader.exe"
COMPANY = "Timeline Reader contributors"

TEMPLATE = """\
# UTF-8
# Generated from pyproject.toml by build/windows/version_info.py; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
        StringStruct('CompanyName', {company!r}),
        StringStruct('FileDescription', {name!r}),
        StringStruct('FileVersion', {version!r}),
        StringStruct('InternalName', {internal!r}),
        StringStruct('LegalCopyright', {copyright!r}),
        StringStruct('OriginalFilename', {exe!r}),
        StringStruct('ProductName', {name!r}),
        StringStruct('ProductVersion', {version!r}),
        StringStruct('Comments', {description!r})])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' -> (1, 2, 3, 0); pre-release and local parts ('1.2.0rc1+abc') are dropped."""
    numbers: list[int] = []
    for part in version.split("+")[0].split(".")[:4]:
        match = re.match(r"\d+", part)
        if not match:
            break
        numbers.append(min(int(match.group()), 65535))  # each field is 16 bits
        if match.end() < len(part):
            break  # "0rc1": the release number ends here
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def project(root: pathlib.Path = ROOT) -> dict:
    with (root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


def render(root: pathlib.Path = ROOT) -> str:
    """The version resource text for the project in `root`."""
    meta = project(root)
    license_text = meta.get("license") or ""  # an SPDX string (PEP 639), or the older table
    if isinstance(license_text, dict):
        license_text = license_text.get("text", "")
    return TEMPLATE.format(numbers=version_numbers(meta["version"]), version=meta["version"],
                           name=APP_NAME, company=COMPANY, internal=meta["name"], exe=EXECUTABLE,
                           copyright=f"{license_text} license".strip(),
                           description=meta.get("description", ""))


def write(out: pathlib.Path, root: pathlib.Path = ROOT) -> pathlib.Path:
    """Write the resource to `out` (creating its folder) and return the path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(root), encoding="utf-8")
    return out


if __name__ == "__main__":
    target = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build/windows/version_info.txt"
    print(write(target))
