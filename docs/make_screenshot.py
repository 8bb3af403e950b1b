"""Render docs/screenshot.png: the sample corpus imported into a temporary database, one event open.

Run: .venv/bin/python docs/make_screenshot.py [--xvfb] [--out PATH]
Offscreen by default; --xvfb uses the X display you provide (e.g. under xvfb-run) instead.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xvfb", action="store_true", help="use the X display, not offscreen")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "docs" / "screenshot.png")
    return parser.parse_args(argv)


def best_event(session_factory) -> int:
    """A day-dated event with the most distinct entities in its sentence (ties: the earliest)."""
    from desktop_app.db import queries

    with session_factory() as session:
        rows = queries.events_by_ids(session, queries.event_ids(session))
        scored = [(r.granularity == "day", len(queries.event_entities(session, r.id)), -n, r.id)
                  for n, r in enumerate(rows)]
    return max(scored)[-1]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.xvfb:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from desktop_app.db import ingest, session
    from desktop_app.ui.main_window import APP_TITLE, MainWindow
    from desktop_app.ui.resources import resource_path

    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{pathlib.Path(tmp) / 'sample.db'}"
        factory = session.open_database(url)
        report = ingest.ingest(factory, [resource_path("sample_corpus")])
        print(report.summary())
        window = MainWindow(factory, url)
        window.resize(1400, 850)
        window.show()
        app.processEvents()
        row = window.timeline_model.row_of(best_event(factory))
        window.select_row(row)
        window.timeline.scrollTo(window.timeline.currentIndex(),
                                 QAbstractItemView.ScrollHint.PositionAtCenter)
        window.timeline.setFocus()
        for _ in range(5):
            app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(args.out)):
            print(f"could not write {args.out}", file=sys.stderr)
            return 1
        print(f"wrote {args.out}")
        window.close()
        factory.kw["bind"].dispose()  # release the SQLite file before the folder is removed
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
