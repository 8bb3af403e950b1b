"""Reading article files: finding them, reading their bytes, and choosing a reader by content."""
from __future__ import annotations

import errno
import os
import pathlib
import stat
from collections.abc import Callable, Iterable

from desktop_app.core.datelines import parse_date_line  # noqa: F401 (re-export)
from desktop_app.core.decoding import Rejected, decode
from desktop_app.core.model import ParsedArticle
from desktop_app.core.read_text import (  # noqa: F401 (re-export)
    MARKDOWN_SUFFIXES, MAX_TITLE_CHARS, Metadata, content_hash, parse_front_matter, parse_text)

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + (".pdf",)
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db", "icon\r"})
# No news article is this large; refusing early keeps one stray dump from stalling an import.
MAX_BYTES = 20 * 1024 * 1024

Item = ParsedArticle | Rejected
Problem = tuple[pathlib.Path, str]

__all__ = ["ARTICLE_SUFFIXES", "MAX_BYTES", "MAX_TITLE_CHARS", "Metadata", "Rejected", "content_hash",
           "decode", "find_article_files", "parse_bytes", "parse_date_line", "parse_front_matter",
           "parse_text", "read_articles", "read_bytes", "read_file"]


# ---------------------------------------------------------------------------- finding files

def _sort_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def _skipped_name(name: str) -> bool:
    return name.startswith(".") or name.casefold() in SYSTEM_FILES


def os_reason(exc: OSError, path: str | os.PathLike = "") -> str:
    """One report line for a failed file-system call, naming link and path problems plainly."""
    if exc.errno == errno.ELOOP:
        return "cannot read: symbolic link loop"
    if exc.errno == errno.ENAMETOOLONG:
        return "cannot read: path too long for the file system"
    if exc.errno == errno.ENOENT and path and os.path.islink(path):
        return f"cannot read: broken symbolic link (to {os.readlink(path)})"
    return f"cannot read: {exc.strerror or exc}"


def _link_problem(path: pathlib.Path) -> str | None:
    """The reason a symbolic link cannot be followed, or None when it can."""
    try:
        os.stat(path)
    except OSError as exc:
        return os_reason(exc, path)
    return None


def find_article_files(paths: Iterable[str | os.PathLike]) -> tuple[list[pathlib.Path], list[Problem]]:
    """Files to import (given files as-is, folders walked for article suffixes) and (path, reason) problems."""
    found: list[pathlib.Path] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(path: pathlib.Path) -> None:
        key = os.path.normcase(os.path.realpath(path))  # one file reached twice is read once
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        path = pathlib.Path(given).absolute()
        try:
            if path.is_symlink() and (reason := _link_problem(path)):
                problems.append((path, reason))
            elif path.is_dir():
                _walk(path, add, problems)
            elif path.is_file():
                if os.access(path, os.R_OK):
                    add(path)
                else:
                    problems.append((path, "cannot read: Permission denied"))
            elif path.exists():
                problems.append((path, "not a regular file"))
            else:
                problems.append((path, "not found"))
        except OSError as exc:
            problems.append((path, os_reason(exc, path)))
    return found, problems


def _walk(root: pathlib.Path, add: Callable[[pathlib.Path], None], problems: list[Problem]) -> None:
    """Add a folder's article files, then its subfolders', following folder links without looping."""
    active: set[str] = set()  # real paths of the folders being walked: a link back to one loops

    def visit(folder: pathlib.Path) -> None:
        real = os.path.realpath(folder)
        if real in active:
            problems.append((folder, "cannot read: symbolic link loop"))
            return
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: _sort_key(e.name))
        except OSError as exc:
            problems.append((folder, os_reason(exc, folder)))
            return
        active.add(real)
        subfolders = []
        for entry in entries:
            if _skipped_name(entry.name):
                continue
            path = pathlib.Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links; False for a broken one
            except OSError:  # a link loop raises instead
                is_dir = False
            if is_dir:
                subfolders.append(path)
            elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
                if entry.is_symlink() and (reason := _link_problem(path)):
                    problems.append((path, reason))
                else:
                    add(path)
        for sub in subfolders:
            visit(sub)
        active.discard(real)

    visit(root)


# ---------------------------------------------------------------------------- reading

def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def too_large(size: int, max_bytes: int) -> str:
    return f"file too large ({_size(size)}; the limit is {_size(max_bytes)})"


def read_bytes(path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, refusing files over `max_bytes` before reading; raises Rejected."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise Rejected("cannot read: not a regular file")
        if info.st_size > max_bytes:
            raise Rejected(too_large(info.st_size, max_bytes))
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        raise Rejected(os_reason(exc, path)) from None
    if len(data) > max_bytes:
        raise Rejected(too_large(len(data), max_bytes))
    return data


def parse_bytes(data: bytes, path: str) -> list[Item]:
    """The articles in one file's bytes, the reader chosen by content first, then by extension.

    For HTML, JSON and PDF the stored original is the extracted article text, and its content
    hash is that text's: the same article saved twice (two snapshots of a page with different
    ads, a PDF printed twice) is one article, where hashing raw bytes would call them two."""
    suffix = os.path.splitext(path)[1].lower()
    if not data.strip():
        raise Rejected("empty file")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        from desktop_app.core import read_pdf

        return [read_pdf.read_pdf(data, path)]
    if suffix == ".pdf":
        raise Rejected("malformed PDF (no %PDF header)")
    if suffix in JSON_SUFFIXES:
        from desktop_app.core import read_json

        return read_json.read_json(data, path)
    text, encoding = decode(data)  # rejects binary and undecodable files
    from desktop_app.core import read_html

    if read_html.looks_like_html(text):  # also a .txt or .md that is really a saved page
        return [read_html.read_html(data, path)]
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):  # a scraper export under a text name
        from desktop_app.core import read_json

        try:
            items = read_json.read_json(data, path)
        except Rejected:
            items = []
        if any(isinstance(item, ParsedArticle) for item in items):
            return items
    return [parse_text(text, path, encoding, markdown=suffix in MARKDOWN_SUFFIXES)]


def read_articles(path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> list[Item]:
    """Every article in one file (a JSON file can hold many), or Rejected for a bad object."""
    return parse_bytes(read_bytes(path, max_bytes), os.fspath(path))


def read_file(path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> ParsedArticle:
    """Read, decode and parse a file's first article; raises Rejected with the reason."""
    first = read_articles(path, max_bytes)[0]
    if isinstance(first, Rejected):
        raise first
    return first
