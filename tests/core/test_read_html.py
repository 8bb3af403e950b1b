"""Saved web pages read with trafilatura: body text, metadata, no page furniture."""
from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from desktop_app.core import read_html, reading
from desktop_app.core.reading import Rejected

PAGE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "import_mix" / "bridge-closure.html"


def test_news_page_body_and_metadata():
    art = read_html.read_html(PAGE.read_bytes(), "page.html")
    assert art.title == "Old Mill Bridge to close for six months of repairs"
    assert (art.published, art.published_how) == (dt.date(2026, 3, 4), "metadata")
    assert (art.outlet, art.author) == ("Riverton Daily", "Sam Okafor")
    assert art.url == "https://www.rivertondaily.example/local/old-mill-bridge-repairs"
    assert art.text.startswith(art.title + "\n")
    assert "steel girders" in art.text and "Maria Lindqvist" in art.text
    for furniture in ("Most Popular", "ferry should come back", "Leave a Reply", "newsletter", "Sport"):
        assert furniture not in art.text


def test_page_without_date_metadata_is_not_dated_from_its_body():
    html = ("<html><head><title>Pier reopens</title></head><body><article><h1>Pier reopens</h1>"
            "<p>The pier reopened on March 3, 2026 after a winter of repairs, the town said.</p>"
            "<p>Visitors queued from early morning to walk to the end of it again.</p></article></body></html>")
    art = read_html.read_html(html.encode(), "p.html")
    assert art.published is None and art.published_how == "none"


def test_text_file_holding_a_page_is_read_as_html(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.read_bytes())
    art = reading.read_file(path)
    assert art.outlet == "Riverton Daily" and "<p>" not in art.text


def test_legacy_charset_is_honoured():
    html = ("<html><head><meta charset=\"koi8-r\"><title>Новости</title></head><body><article>"
            "<p>Мост через реку закроют на ремонт на шесть месяцев, сообщили в администрации.</p>"
            "<p>Объезд пройдёт по соседней улице, автобусы будут ходить каждые двадцать минут.</p>"
            "</article></body></html>")
    art = read_html.read_html(html.encode("koi8-r"), "ru.html")
    assert art.encoding == "koi8-r" and "Мост через реку" in art.text


@pytest.mark.parametrize("data, reason", [
    (b"<html><body><div><div></div>", "no article text found"),
    (b"\x00\x01\x02<html>" * 50, "binary file"),
    (b"", "empty file"),
])
def test_bad_pages_are_rejected(tmp_path, data, reason):
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    with pytest.raises(Rejected, match=reason):
        reading.read_file(path)


def test_prose_mentioning_a_tag_is_not_html():
    assert not read_html.looks_like_html("Use the <p> tag for paragraphs.\n")
    assert read_html.looks_like_html("<!-- saved -->\n<!DOCTYPE html><html></html>")
