"""Entity linking's growth with the batch: `python -m bench.linking_growth [--n 5000]` times
link() side by side at n and 4n mentions and prints the ratio (linear work grows about 4x,
quadratic 16x). A ratio measured in one run holds on a busy machine; a time would not.

It was a unit test until CI's 2-core machine, busy with the rest of the suite, measured 9.0
against a bound of 8 while quiet runs gave 4-6: a benchmark's business, not the suite's."""
from __future__ import annotations

import argparse
import sys
import time

from desktop_app.core.linking import link
from desktop_app.core.entities import LABEL_TYPES
from desktop_app.core.model import Mention


def batch(n: int) -> list:
    """n people (a quarter sharing surnames), their surnames as organisations and a figure each,
    over 300 articles; two thirds of it twice."""
    items = []
    for i in range(n):
        name = f"Person{i} Surname{i % (n // 4)}"
        for text, label in ((name, "PERSON"), (name.split()[1], "ORG"), (f"${i} million", "MONEY")):
            items.append((i % 300, Mention(0, len(text), text, label, LABEL_TYPES[label], text)))
    return items + items[: 2 * n]


def seconds(items: list, runs: int = 3) -> float:
    """The best of `runs` timings: other processes only ever add time."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        link(items)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.linking_growth")
    parser.add_argument("--n", type=int, default=5000, help="people in the smaller batch")
    args = parser.parse_args(argv)
    small, large = seconds(batch(args.n)), seconds(batch(4 * args.n))
    ratio = large / max(small, 1e-6)
    print(f"link(): {3 * args.n + 2 * args.n:,} mentions {small * 1000:.0f} ms, "
          f"{12 * args.n + 8 * args.n:,} mentions {large * 1000:.0f} ms; ratio {ratio:.1f} "
          f"(linear ~4, quadratic ~16)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
