"""Finding and reading files: new suffixes, links, loops, long paths, size limits, sniffing."""
from __future__ import annotations

import errno
import os
import sys

import pytest

from desktop_app.core import reading
from desktop_app.core.reading import Rejected, find_article_files

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")


def test_every_supported_suffix_is_found(tmp_path):
    names = ["a.txt", "b.md", "c.html", "d.htm", "e.json", "f.jsonl", "g.pdf", "h.png", "i.docx"]
    for name in names:
        (tmp_path / name).write_text("x")
    found, problems = find_article_files([tmp_path])
    assert [p.name for p in found] == names[:7] and problems == []


@posix_only
def test_broken_links_and_loops_are_reported_once_each(tmp_path):
    (tmp_path / "ok.txt").write_text("x")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)  # no loop: followed
    (tmp_path / "sub" / "deep.md").write_text("x")
    found, problems = find_article_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["ok.txt", "linked/deep.md"]
    reasons = {p.relative_to(tmp_path).as_posix(): r for p, r in problems}
    assert reasons == {
        "gone.txt": f"cannot read: broken symbolic link (to {tmp_path / 'missing.txt'})",
        "a.txt": "cannot read: symbolic link loop", "b.txt": "cannot read: symbolic link loop",
        "linked/up": "cannot read: symbolic link loop", "sub/up": "cannot read: symbolic link loop"}


@posix_only
def test_given_broken_link_and_too_long_path(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    long = tmp_path / ("x" * 300 + ".txt")
    found, problems = find_article_files([tmp_path / "gone.txt", long])
    assert found == []
    assert [r for _, r in problems] == [f"cannot read: broken symbolic link (to {tmp_path / 'missing.txt'})",
                                        "cannot read: path too long for the file system"]


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text("Harbour news.\n" * 200)
    monkeypatch.setattr(reading, "open", lambda *a, **k: pytest.fail("read a file over the limit"),
                        raising=False)
    with pytest.raises(Rejected) as err:
        reading.read_file(path, max_bytes=1000)
    assert err.value.reason == "file too large (3 KB; the limit is 1000 bytes)"
    assert reading.too_large(25 * 1024 * 1024, reading.MAX_BYTES) == \
        "file too large (25 MB; the limit is 20 MB)"


def test_permission_denied_is_one_line(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("text")

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(reading, "open", denied, raising=False)
    with pytest.raises(Rejected) as err:
        reading.read_file(path)
    assert err.value.reason == "cannot read: Permission denied"


@pytest.mark.parametrize("data, suffix, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), ".txt", "binary file (not text)"),
    (b"\x00\x00\x01" * 100, ".html", "binary file (not text)"),
    (b"\x00\x00\x01" * 100, ".json", "binary file (not text)"),
    (b"caf\xe9 " + b"\x81\x8d\x8f\x90\x9d" * 20, ".md", "cannot decode text"),
])
def test_binary_and_undecodable_under_any_name(tmp_path, data, suffix, reason):
    path = tmp_path / f"file{suffix}"
    path.write_bytes(data)
    with pytest.raises(Rejected) as err:
        reading.read_file(path)
    assert err.value.reason == reason


def test_utf16_markdown_and_mixed_line_endings(tmp_path):
    path = tmp_path / "note.md"
    text = "---\r\ntitle: Tide tables\r\ndate: 2026-05-01\n---\r\nThe tide tables are out.\rHigh water at noon.\n"
    path.write_bytes(text.encode("utf-16"))
    art = reading.read_file(path)
    assert (art.title, art.encoding, art.published_how) == ("Tide tables", "utf-16", "metadata")
    assert art.text == text
