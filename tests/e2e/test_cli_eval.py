"""`timeline-reader eval-timeml`: TempEval-3 figures and the --errors listing, on files we write."""
from __future__ import annotations

import pytest

from desktop_app.app import cli

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2026-03-11" functionInDocument="CREATION_TIME">2026-03-11</TIMEX3></DCT>
<TEXT>
The harbour board met <TIMEX3 tid="t1" type="DATE" value="2026-03-10">Tuesday</TIMEX3> and said profits rose in <TIMEX3 tid="t2" type="DATE" value="2025">last year</TIMEX3>&apos;s final months.
The board will meet again <TIMEX3 tid="t3" type="DATE" value="2026-04">next month</TIMEX3>.
The fund held its <TIMEX3 tid="t4" type="DATE" value="2026-Q1">first-quarter</TIMEX3> review.
</TEXT>
</TimeML>
"""


def figures(line: str) -> list[float]:
    return [float(x) for x in line.replace("F1", " ").split() if x.replace(".", "").isdigit()]


def test_figures_and_errors(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc.tml").write_text(TML, encoding="utf-8")
    assert cli.main(["eval-timeml", str(tmp_path), "--errors"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, strict, relaxed, attributes = lines[-4:]
    assert header.startswith(f"{tmp_path.name}: 1 documents, 4 gold TIMEX3, ")
    precision, recall, f1 = figures(relaxed)
    assert recall >= 75 and f1 >= 75  # Tuesday, last year, next month at the least
    assert figures(strict)[2] <= f1
    value_f1, type_f1 = figures(attributes)
    assert value_f1 <= f1 and type_f1 <= f1
    listed = [line for line in lines[:-4] if line]
    assert all(line.split()[0] in ("missed", "spurious", "value", "type") and "doc.tml" in line
               for line in listed)
    # Every listed problem is one the figures account for.
    assert len(listed) >= round(4 * (100 - recall) / 100)


def test_no_tml_files_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["eval-timeml", str(tmp_path)]) == 2
    assert "no .tml or MEANTIME .xml files" in capsys.readouterr().err


def test_a_missing_annotation_is_listed_as_missed(tmp_path, capsys):
    text = TML.replace("<TIMEX3 tid=\"t3\" type=\"DATE\" value=\"2026-04\">next month</TIMEX3>",
                       "<TIMEX3 tid=\"t3\" type=\"DATE\" value=\"2026-04\">in the spring of</TIMEX3>")
    (tmp_path / "doc.tml").write_text(text, encoding="utf-8")
    assert cli.main(["eval-timeml", str(tmp_path), "--errors"]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("missed") and "in the spring of" in line for line in out.splitlines())


@pytest.mark.parametrize("corpus", ["AQUAINT", "TimeBank"])
def test_dev_corpora_score_through_the_cli(corpus, capsys):
    from tests.conftest import shared_path

    root = shared_path("data", "timeml", corpus)
    assert cli.main(["eval-timeml", str(root)]) == 0
    first = capsys.readouterr().out.splitlines()[-4]
    assert first.startswith(f"{corpus}: ") and " gold TIMEX3" in first
