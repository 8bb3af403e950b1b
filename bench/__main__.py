"""Benchmarks: `python -m bench [--articles N]` prints figures and writes bench/results.json.

Stages: the temporal tagger on TimeML, tagger speed, import speed, and PDF report export
(bench/export_bench.py; alone: `python -m bench.export_bench [--events 1000 10000]`).

Needs ../shared (the TimeML dev set and the news corpus) and says so when it is absent.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

from bench import ingest_speed, timex_speed
from desktop_app.core import timeml_eval

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--articles", type=int, default=None,
                        help="news-corpus articles to import (default: all 2,452)")
    parser.add_argument("--only", choices=["import"], default=None,
                        help="run only the import stage (minutes shorter)")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of the import's own code (main process)")
    parser.add_argument("--tag-articles", type=int, default=None,
                        help="news-corpus articles for the tagger speed run (default: all)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent (it holds the evaluation data and the news corpus)")
        return 0
    results: dict = {}
    if args.only == "import":
        return _import_stage(args, results)
    for corpus in ("AQUAINT", "TimeBank"):
        s = timeml_eval.score(SHARED / "data" / "timeml" / corpus)
        results[f"timex_{corpus}"] = {
            "documents": s.documents, "gold": s.gold, "predicted": s.predicted,
            "strict_p_r_f1": s.strict, "relaxed_p_r_f1": s.relaxed,
            "value_f1": s.value_f1, "type_f1": s.type_f1}
        print("\n".join(timeml_eval.report(f"Temporal tagger on {corpus}", s)))

    t = timex_speed.run(SHARED / "data" / "news-corpus", args.tag_articles)
    results["timex_speed"] = t
    print(f"Temporal tagger on {t['articles']} news articles ({t['words']} words, one core)")
    print(f"  {t['tag_s']:.2f} s: {t['tag_words_per_s']:,.0f} words/s, {t['timexes']} expressions")
    print(f"  spaCy over the same texts: NER alone {t['spacy_ner_s']:.1f} s, the import's "
          f"pipeline {t['spacy_analyse_s']:.1f} s")
    print(f"  tagging / NER = {t['tag_to_ner']:.3f}   tagging / import pipeline = "
          f"{t['tag_to_analyse']:.3f}")

    return _import_stage(args, results)


def _import_stage(args, results: dict) -> int:
    r = ingest_speed.run(SHARED / "data" / "news-corpus", args.articles, args.profile)
    profile = r.pop("profile")
    results["ingest"] = r
    ingest_speed.print_table(r)
    if profile:
        print(profile)
    out = pathlib.Path(__file__).resolve().parent / "results.json"
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    out.write_text(json.dumps({**previous, **results}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
