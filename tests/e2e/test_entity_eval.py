"""MEANTIME and CoNLL readers, B³, matching and scoring of the entity evals, on files we write."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.app import entity_eval
from desktop_app.core import conll, meantime
from desktop_app.app.entity_eval import SysMention


def cat_xml(doc_id: str, sentences: list[str], mentions: list[tuple[str, str, list[int]]],
            entities: list[tuple[str, str, str, str]], refers: list[tuple[list[str], str]],
            dct: str = "2026-03-11") -> str:
    """A CAT XML document: mentions (m_id, syntactic_type, t_ids); entities (m_id, type, instance, name)."""
    lines = [f'<?xml version="1.0" ?><Document doc_id="{doc_id}" doc_name="d{doc_id}" lang="en">']
    t_id = 0
    for n, sentence in enumerate(sentences):
        for number, word in enumerate(sentence.split()):
            t_id += 1
            word = word.replace("&", "&amp;")
            lines.append(f'<token number="{number}" sentence="{n}" t_id="{t_id}">{word}</token>')
    lines.append("<Markables>")
    for m_id, syntactic, t_ids in mentions:
        kind = f' syntactic_type="{syntactic}"' if syntactic is not None else ""
        anchors = "".join(f'<token_anchor t_id="{t}"/>' for t in t_ids)
        lines.append(f'<ENTITY_MENTION m_id="{m_id}"{kind}>{anchors}</ENTITY_MENTION>')
    lines.append(f'<TIMEX3 functionInDocument="CREATION_TIME" m_id="90" type="DATE" value="{dct}"/>')
    for m_id, ent_type, instance, name in entities:
        inst = f' instance_id="{instance}"' if instance else ""
        lines.append(f'<ENTITY TAG_DESCRIPTOR="{name}" ent_type="{ent_type}"{inst} m_id="{m_id}"/>')
    lines.append("</Markables><Relations>")
    for r, (sources, target) in enumerate(refers):
        src = "".join(f'<source m_id="{s}"/>' for s in sources)
        lines.append(f'<REFERS_TO r_id="{r}">{src}<target m_id="{target}"/></REFERS_TO>')
    lines.append("</Relations></Document>")
    return "\n".join(lines)


DOC_A = cat_xml("1", ["Harbour Board hires Ann Lee", "Lee said the board grew ."],
                [("1", "NAM", [1, 2]), ("2", "NAM", [4, 5]), ("3", "NAM", [6]),
                 ("4", "NOM", [8, 9]), ("5", "NAM", [3]), ("6", None, [6])],
                [("20", "ORG", "ORG1", "Harbour Board"), ("21", "PER", "PER1", "Ann Lee")],
                [(["1", "4"], "20"), (["2", "3", "6"], "21")])
DOC_B = cat_xml("2", ["Ann Lee visited Port Ellis ."],
                [("1", "NAM", [1, 2]), ("2", "NAM", [4, 5])],
                [("20", "PER", "PER1", "Ann Lee"), ("21", "LOC", "", "Port Ellis")],
                [(["1"], "20"), (["2"], "21")], dct="2026-03-12")


@pytest.fixture
def topic(tmp_path):
    (tmp_path / "a.xml").write_text(DOC_A, encoding="utf-8")
    (tmp_path / "b.xml").write_text(DOC_B, encoding="utf-8")
    return tmp_path


def test_meantime_reader_rebuilds_text_and_resolves_instances(topic):
    a, b = meantime.read_topic(topic)
    assert a.text == "Harbour Board hires Ann Lee\nLee said the board grew ."
    assert (a.name, a.dct, b.dct) == ("a.xml", dt.date(2026, 3, 11), dt.date(2026, 3, 12))
    got = [(m.text, m.syntactic_type, m.cluster, m.ent_type) for m in a.mentions]
    assert got == [("Harbour Board", "NAM", "ORG1", "ORG"), ("hires", "NAM", "", ""),
                   ("Ann Lee", "NAM", "PER1", "PER"), ("Lee", "NAM", "PER1", "PER"),
                   ("Lee", "", "PER1", "PER"), ("the board", "NOM", "ORG1", "ORG")]
    assert all(a.text[m.start:m.end] == m.text for m in a.mentions)
    # An ENTITY without instance_id is known to its own document only.
    assert [m.cluster for m in b.mentions] == ["PER1", "2#21"]
    # Scored gold: NAM mentions that refer to an entity.
    assert [m.text for m in entity_eval.gold_names(a)] == ["Harbour Board", "Ann Lee", "Lee"]


def test_rebuild_text_offsets():
    text, spans = conll.rebuild_text([["EU", "rejects", "call"], [], ["Bonn", "."]])
    assert text == "EU rejects call\n\nBonn ."
    assert [[text[s:e] for s, e in ss] for ss in spans] == [["EU", "rejects", "call"], [], ["Bonn", "."]]


CONLL = """-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
Anna NNP I-NP B-PER
. . O O

-DOCSTART- -X- O O

New NNP I-NP I-LOC
York NNP I-NP I-LOC
Mets NNP I-NP I-ORG
"""


def test_conll_reader_splits_documents_and_reads_iob1():
    first, second = conll.parse(CONLL)
    assert first.text == "EU rejects German call\nPeter Blackburn Anna ."
    assert first.tokens == 8
    assert [(first.text[s.start:s.end], s.type) for s in first.spans] == [
        ("EU", "ORG"), ("German", "MISC"), ("Peter Blackburn", "PER"), ("Anna", "PER")]
    assert [(second.text[s.start:s.end], s.type) for s in second.spans] == [
        ("New York", "LOC"), ("Mets", "ORG")]


def test_b_cubed_by_hand():
    # Gold {1,2,3}{4,5}; system {1,2}{3,4,5}: P = R = (1+1+1/3+2/3+2/3)/5 = 11/15.
    items = [("a", 1), ("a", 1), ("a", 2), ("b", 2), ("b", 2)]
    p, r, f = entity_eval.b_cubed(items)
    assert p == pytest.approx(11 / 15) and r == pytest.approx(11 / 15) and f == pytest.approx(11 / 15)
    # One system cluster over two gold ones: recall perfect, precision (2·2/4 + 2·2/4)/4 = 1/2.
    assert entity_eval.b_cubed([("a", 1), ("a", 1), ("b", 1), ("b", 1)]) == pytest.approx((0.5, 1, 2 / 3))
    assert entity_eval.b_cubed([]) == (0.0, 0.0, 0.0)


def test_match_takes_the_largest_overlap():
    gold = [conll.Span(0, 25, "ORG"), conll.Span(30, 33, "PER")]
    found = [SysMention(0, 13, "x", "PLACE", 1), SysMention(19, 25, "y", "ORG", 2)]
    assert entity_eval.match(gold, found) == [found[0], None]


def sys(doc: meantime.Document, text: str, etype: str, entity, nth: int = 0) -> SysMention:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return SysMention(start, start + len(text), text, etype, entity, text)


def test_score_topic_recall_types_linking_and_errors(topic):
    a, b = meantime.read_topic(topic)
    found = [[sys(a, "Harbour Board", "ORG", "H"), sys(a, "Ann Lee", "PERSON", "A"),
              sys(a, "Lee", "ORG", "L", nth=1)],
             [sys(b, "Ann Lee", "PERSON", "H")]]  # Port Ellis missed; Ann Lee wrongly merged
    errors: list[entity_eval.Error] = []
    s = entity_eval.score_topic([a, b], found, errors)
    assert (s.gold, s.matched, s.typed, s.types_ok) == (5, 4, 4, 3)
    # Items (gold, system): (ORG1,H) (PER1,A) (PER1,L) (PER1,H).
    p = (1 / 2 + 1 + 1 + 1 / 2) / 4
    r = (1 + 1 / 3 + 1 / 3 + 1 / 3) / 4
    assert s.b3 == pytest.approx((p, r, 2 * p * r / (p + r)))
    kinds = [e.kind for e in errors]
    assert kinds == ["wrong merge", "missed merge", "missed", "type"]
    assert "Harbour Board" in errors[0].text and "Ann Lee" in errors[0].text
    assert "'Lee'" in errors[1].text and "b.xml" in errors[2].text and "Port Ellis" in errors[2].text
    assert "'Lee' is PER, we say ORG" in errors[3].text


def test_evaluate_topic_runs_each_system_and_reports(topic):
    def perfect(texts, dcts):
        assert dcts == [dt.date(2026, 3, 11), dt.date(2026, 3, 12)]
        docs = meantime.read_topic(topic)
        return [[SysMention(m.start, m.end, m.text, entity_eval.MEANTIME_TYPES[m.ent_type], m.cluster)
                 for m in entity_eval.gold_names(d)] for d in docs]

    def nothing(texts, dcts):
        return [[] for _ in texts]

    docs, scores = entity_eval.evaluate_topic(topic, {"spaCy alone": nothing, "Timeline Reader": perfect})
    lines = entity_eval.topic_report("topic", docs, scores)
    assert lines[0] == "topic: 2 documents, 5 gold NAM mentions scored (1 more refer to no entity)"
    assert lines[1].split() == ["spaCy", "alone", "Timeline", "Reader"]
    assert lines[2].split() == ["mention", "recall", "0.0", "100.0"]
    assert lines[-1].split() == ["B3", "F1", "0.0", "100.0"]


def test_score_ner_exact_span_and_type_with_misc_apart():
    first, second = conll.parse(CONLL)
    t = first.text
    found = [[SysMention(0, 2, "EU", "ORG", 1), SysMention(11, 17, "German", "NORP", 2),
              SysMention(t.index("Peter"), t.index("Anna") - 1, "Peter Blackburn", "PERSON", 3),
              SysMention(t.index("Blackburn"), t.index(" ."), "Blackburn Anna", "PERSON", 4)],
             [SysMention(0, 13, "New York Mets", "ORG", 5)]]
    s = entity_eval.score_ner([first, second], found)
    assert s.counts["all"] == (2, 4, 5)  # NORP is not a PER/ORG/LOC prediction
    assert s.counts["PER"] == (1, 2, 2) and s.counts["ORG"] == (1, 2, 2) and s.counts["LOC"] == (0, 0, 1)
    assert (s.misc_gold, s.misc_exact, s.misc_overlap) == (1, 1, 1)
    assert s.prf("all") == pytest.approx((0.5, 0.4, 4 / 9))
    lines = entity_eval.ner_report("tiny", [first, second], {"spaCy alone": s, "Timeline Reader": s})
    assert lines[0] == "tiny: 2 documents, 11 tokens, 5 gold PER/ORG/LOC, 1 gold MISC"
    assert lines[3].split() == ["all", "50.0", "40.0", "44.4", "50.0", "40.0", "44.4"]
    assert "spaCy alone 1 / 1" in lines[-1]


@pytest.mark.spacy
def test_systems_offsets_index_the_rebuilt_text():
    texts = ["Ann Lee joined Harbour Board in Port Ellis .\nLee said the board grew .",
             "Ann Lee visited Berlin ."]
    for run in (entity_eval.run_product, entity_eval.run_spacy):
        found = run(texts, [dt.date(2026, 3, 11), None])
        assert len(found) == 2 and found[1]
        assert all(text[m.start:m.end] == m.text for text, ms in zip(texts, found) for m in ms)
        assert any(m.text == "Ann Lee" for m in found[1])
    product = entity_eval.run_product(texts, [None, None])
    # Linked across the batch: Ann Lee is one entity in both documents.
    ann = {m.entity for ms in product for m in ms if m.text == "Ann Lee"}
    assert len(ann) == 1


def test_natural_rebuild_leaves_out_spaces_before_punctuation():
    text, spans = conll.rebuild_text([["On", "June", "9", ",", "2008", ",", "Apple", "'s", "chief",
                                       "(", "Jobs", ")", "spoke", "."]], natural=True)
    assert text == "On June 9, 2008, Apple's chief (Jobs) spoke."
    assert [text[s:e] for s, e in spans[0]][3:8] == [",", "2008", ",", "Apple", "'s"]


TIMEX_DOC = """<?xml version="1.0" ?><Document doc_id="7" doc_name="d7" lang="en">
<token t_id="1" sentence="0" number="0">Board</token><token t_id="2" sentence="0" number="1">meets</token>
<token t_id="3" sentence="1" number="0">It</token><token t_id="4" sentence="1" number="1">met</token>
<token t_id="5" sentence="1" number="2">on</token><token t_id="6" sentence="1" number="3">Tuesday</token>
<token t_id="7" sentence="1" number="4">.</token>
<Markables>
<TIMEX3 m_id="9" type="DATE" value="2026-03-11" functionInDocument="CREATION_TIME"/>
<TIMEX3 m_id="10" type="DATE" value="2026-03-10" functionInDocument="NONE"><token_anchor t_id="6"/></TIMEX3>
</Markables></Document>"""


def test_eval_timeml_scores_meantime_time_expressions(tmp_path):
    from desktop_app.core import timeml_eval

    (tmp_path / "d7.xml").write_text(TIMEX_DOC, encoding="utf-8")
    [(path, text, dct, gold)] = list(timeml_eval.documents(tmp_path))
    assert dct == dt.date(2026, 3, 11)
    assert [text[g.start:g.end] for g in gold] == ["Tuesday"] and gold[0].value == "2026-03-10"
    scores = timeml_eval.score(tmp_path)
    assert (scores.gold, scores.strict_matches, scores.values_ok) == (1, 1, 1)
