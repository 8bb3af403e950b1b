"""`timeline-reader eval-entities` and `eval-ner`: both systems' figures, on our files and the dev data."""
from __future__ import annotations

import re

import pytest

from desktop_app.app import cli
from desktop_app.core import conll
from tests.e2e.test_entity_eval import CONLL, DOC_A, DOC_B

NUMBER = re.compile(r"\d+\.\d")


def table_rows(lines: list[str], labels: tuple[str, ...]) -> dict[str, list[float]]:
    rows = {}
    for line in lines:
        for label in labels:
            if line.startswith(label + " "):
                rows[label] = [float(x) for x in NUMBER.findall(line[len(label):])]
    return rows


def assert_both_columns(lines: list[str], labels: tuple[str, ...], per_system: int) -> None:
    assert any("spaCy alone" in line and "Timeline Reader" in line for line in lines)
    rows = table_rows(lines, labels)
    assert set(rows) == set(labels)
    for values in rows.values():
        assert len(values) == 2 * per_system and all(0 <= v <= 100 for v in values)


TOPIC_ROWS = ("mention recall", "type accuracy", "B3 precision", "B3 recall", "B3 F1")


def test_no_xml_files_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["eval-entities", str(tmp_path)]) == 2
    assert "no .xml files" in capsys.readouterr().err


def test_missing_conll_file_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["eval-ner", str(tmp_path / "absent.conll")]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.spacy
def test_eval_entities_on_a_tiny_topic(tmp_path, capsys):
    (tmp_path / "a.xml").write_text(DOC_A, encoding="utf-8")
    (tmp_path / "b.xml").write_text(DOC_B, encoding="utf-8")
    assert cli.main(["eval-entities", str(tmp_path), "--errors"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith(f"{tmp_path.name}: "))
    assert lines[header] == (f"{tmp_path.name}: 2 documents, 5 gold NAM mentions scored "
                             "(1 more refer to no entity)")
    assert_both_columns(lines[header:], TOPIC_ROWS, 1)
    assert all(line.split()[0] in ("wrong", "missed") for line in lines[:header] if line)


@pytest.mark.spacy
def test_eval_ner_on_a_tiny_file(tmp_path, capsys):
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    assert cli.main(["eval-ner", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "tiny.conll: 2 documents, 11 tokens, 5 gold PER/ORG/LOC, 1 gold MISC"
    assert_both_columns(lines, ("all", "PER", "ORG", "LOC"), 3)
    assert lines[-2].startswith("MISC: 1 gold")


@pytest.mark.spacy
@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["corpus_airbus", "corpus_apple"])
def test_meantime_dev_topics_score_through_the_cli(corpus, capsys):
    from tests.conftest import shared_path

    root = shared_path("data", "meantime-dev", corpus)
    assert cli.main(["eval-entities", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{corpus}: 30 documents, ")
    assert_both_columns(lines, TOPIC_ROWS, 1)


@pytest.mark.spacy
@pytest.mark.shared
def test_conll_dev_file_scores_through_the_cli(tmp_path, capsys):
    from tests.conftest import shared_path

    # The first 20 documents of eng.testa keep the test quick; `eval-ner` reads the whole file.
    text = shared_path("data", "conll2003", "eng.testa").read_text(encoding="utf-8")
    part = "-DOCSTART-".join(text.split("-DOCSTART-")[:21])
    (tmp_path / "testa-part").write_text(part, encoding="utf-8")
    assert cli.main(["eval-ner", str(tmp_path / "testa-part")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"testa-part: {len(conll.parse(part))} documents, ")
    assert_both_columns(lines, ("all", "PER", "ORG", "LOC"), 3)
