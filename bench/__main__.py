"""Benchmarks: `python -m bench [--articles N]` prints figures and writes bench/results.json.

Needs ../shared (the TimeML dev set and the news corpus) and says so when it is absent.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

from bench import ingest_speed
from desktop_app.core import timeml_eval

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--articles", type=int, default=300, help="news-corpus articles to import")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent (it holds the evaluation data and the news corpus)")
        return 0
    results: dict = {}
    s = timeml_eval.score(SHARED / "data" / "timeml")
    results["timex_timebank_aquaint"] = {
        "documents": s.documents, "gold": s.gold, "predicted": s.predicted,
        "strict_p_r_f1": s.strict, "relaxed_p_r_f1": s.relaxed,
        "value_f1": s.value_f1, "type_f1": s.type_f1}
    print(f"Temporal tagger on TimeBank+AQUAINT ({s.documents} docs, {s.gold} TIMEX3)")
    print("  strict  P {:.3f} R {:.3f} F1 {:.3f}".format(*s.strict))
    print("  relaxed P {:.3f} R {:.3f} F1 {:.3f}".format(*s.relaxed))
    print(f"  value F1 {s.value_f1:.3f}   type F1 {s.type_f1:.3f}")

    r = ingest_speed.run(SHARED / "data" / "news-corpus", args.articles)
    results["ingest"] = r
    print(f"Import of {r['files']} news articles ({r['words']} words) into SQLite")
    print(f"  {r['seconds']:.1f} s: {r['articles_per_s']:.1f} articles/s, {r['words_per_s']:.0f} words/s")
    print(f"  stages: read {r['read_s']:.2f} s, spaCy {r['spacy_s']:.2f} s, "
          f"tagger {r['timex_s']:.2f} s (tagger/spaCy = {r['timex_share_of_spacy']:.3f})")
    out = pathlib.Path(__file__).resolve().parent / "results.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
