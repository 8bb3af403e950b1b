"""Render docs/graph-*.png: the main window's graphical timeline on the sample corpus.

Three shots: the years most events fall in, zoomed into the busiest weeks, and the years
again with lanes by entity.
Run: .venv/bin/python docs/make_graph_screenshots.py [--xvfb] [--out-dir DIR]
Offscreen by default; --xvfb uses the X display you provide (e.g. under xvfb-run) instead.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xvfb", action="store_true", help="use the X display, not offscreen")
    parser.add_argument("--out-dir", type=pathlib.Path, default=ROOT / "docs")
    return parser.parse_args(argv)


def _months(session_factory):
    from desktop_app.db import graph_queries, queries

    with session_factory() as session:
        return graph_queries.density(session, queries.Filters(), "month")


def core_years(session_factory) -> tuple[dt.date, dt.date]:
    """The months holding the middle 90% of events (a few far-off dates would squash the rest)."""
    months = _months(session_factory)
    total, seen, lo, hi = sum(b.count for b in months), 0, months[0].start, months[-1].end
    for b in months:
        if seen <= total * 0.05:
            lo = b.start
        seen += b.count
        if seen >= total * 0.95:
            hi = b.end
            break
    return lo, hi


def busiest_weeks(session_factory) -> tuple[dt.date, dt.date]:
    """About six weeks around the month with the most events."""
    best = max(_months(session_factory), key=lambda b: b.count)
    return best.start - dt.timedelta(days=7), best.end + dt.timedelta(days=7)


def select_in_view(window) -> None:
    """Select the day-dated event in view that names the most entities (as a reader would)."""
    graph = window.graph_panel.graph
    lo, hi = graph.visible_range()
    shown = [e for e in graph.window().events if e.granularity == "day" and lo <= e.begin < hi]
    if shown:
        best = max(shown, key=lambda e: (len(e.entity_ids), -e.begin.toordinal()))
        window.select_row(window.timeline_model.row_of(best.id))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.xvfb:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from desktop_app.db import ingest, session
    from desktop_app.ui.main_window import APP_TITLE, MainWindow
    from desktop_app.ui.resources import resource_path
    from make_screenshot import best_event  # docs/ is on sys.path when run as a script

    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{pathlib.Path(tmp) / 'sample.db'}"
        factory = session.open_database(url)
        print(ingest.ingest(factory, [resource_path("sample_corpus")]).summary())
        window = MainWindow(factory, url)
        window.resize(1400, 900)
        window.show()
        panel = window.graph_panel
        panel.splitter.setSizes([300, 520])  # give the graph most of the left column
        window.select_row(window.timeline_model.row_of(best_event(factory)))
        panel.graph.setFocus()

        def shot(name: str) -> bool:
            for _ in range(5):
                app.processEvents()
            path = args.out_dir / f"graph-{name}.png"
            if not window.grab().save(str(path)):
                print(f"could not write {path}", file=sys.stderr)
                return False
            print(f"wrote {path}  (graph shows {' to '.join(map(str, panel.graph.visible_range()))})")
            return True

        args.out_dir.mkdir(parents=True, exist_ok=True)
        years = core_years(factory)
        panel.graph.show_range(*years)
        ok = shot("years")
        panel.graph.show_range(*busiest_weeks(factory))
        select_in_view(window)
        ok = shot("weeks") and ok
        panel.graph.show_range(*years)
        panel.graph.set_lane_mode("entity")
        ok = shot("lanes-entity") and ok
        window.close()
        factory.kw["bind"].dispose()  # release the SQLite file before the folder is removed
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
