"""`timeline-reader export-pdf` on the bundled sample corpus, imported through the real path:
the report's sections, outline, citations and page numbers hold end to end."""
from __future__ import annotations

import re

import pytest

from desktop_app.app import cli
from tests.conftest import SAMPLE_CORPUS
from tests.export.test_pdf import assert_in_order, assert_page_numbers, pages_text, section_texts

pypdf = pytest.importorskip("pypdf")
# pytest-qt's QApplication first: a QGuiApplication made by export-pdf would block the widget tests.
pytestmark = [pytest.mark.spacy, pytest.mark.usefixtures("qapp")]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'corpus.timeline'}"
    assert cli.main(["ingest", str(SAMPLE_CORPUS), "--db", url]) == 0
    return url


def test_the_sample_corpus_report(db, tmp_path, capsys):
    out = tmp_path / "sample.pdf"
    assert cli.main(["export-pdf", str(out), "--db", db, "--title", "Harbour project"]) == 0
    printed = capsys.readouterr().out
    events, pages = map(int, re.search(r"(\d+) events on (\d+) pages", printed).groups())
    assert events >= 40
    reader = pypdf.PdfReader(out)
    texts = pages_text(out)
    assert len(texts) == pages
    assert_page_numbers(texts)
    assert "Corpus: 8 articles (1 undated), published 20 Jan 2026 – 2 Jun 2026" in texts[0]
    assert "Filters: none" in texts[0]
    top = [i.title for i in reader.outline if not isinstance(i, list)]
    assert top == ["Title page", "Timeline", "Events", "Sources", "Index"]
    # Years, and decades standing outside any year ("Since 1970s") at the same level.
    years = [i.title for i in reader.outline[3] if not isinstance(i, list) and i.title.isdigit()]
    assert years == sorted(years) and "2026" in years
    listed = " ".join(section_texts(out, "Events"))
    assert_in_order(listed, ["Apr 2025", "signed last April", "Fall 2026"])
    sources = " ".join(section_texts(out, "Sources"))
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", listed)}
    assert cited == set(range(1, len(cited) + 1)) and len(cited) == 8
    for number in cited:
        assert f"[{number}]" in sources
    assert "undated" in sources  # the undated article
    assert reader.metadata.title == "Harbour project"


def test_options_on_the_command_line(db, tmp_path, capsys):
    out = tmp_path / "letter.pdf"
    code = cli.main(["export-pdf", str(out), "--db", db, "--page-size", "Letter", "--landscape",
                     "--sections", "title,events", "--from", "2026-03-01", "--author", "Desk"])
    assert code == 0
    reader = pypdf.PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    assert [i.title for i in reader.outline if not isinstance(i, list)] == ["Title page", "Events"]
    assert "Filters: dated from 2026-03-01" in pages_text(out)[0]
    assert reader.metadata.author == "Desk"


def test_an_unknown_section_is_a_usage_error(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["export-pdf", str(tmp_path / "x.pdf"), "--db", db, "--sections", "cover"])
    assert stop.value.code == 2
    assert "not a report section" in capsys.readouterr().err
