"""Render docs/report-*.png: the title page, the first timeline page and the first event-list
page of the sample corpus's PDF report, as the README shows them.

Run: .venv/bin/python docs/make_report_pages.py [--out-dir DIR] [--dpi N]
Needs pdftoppm (Debian's poppler-utils) to turn PDF pages into PNG.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TITLE = "Portvale harbour project: the sample corpus"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=pathlib.Path, default=ROOT / "docs")
    parser.add_argument("--dpi", type=int, default=90)
    return parser.parse_args(argv)


def build_report(folder: pathlib.Path) -> tuple[pathlib.Path, dict[str, int]]:
    """Import the sample corpus into a fresh database and write its report; (pdf, outline pages)."""
    import pypdf

    from desktop_app.db import ingest, queries, session
    from desktop_app.export import pdf

    factory = session.open_database(f"sqlite:///{folder / 'sample.timeline'}")
    ingest.ingest(factory, [ROOT / "resources" / "sample_corpus"])
    out = folder / "sample-report.pdf"
    pdf.write_pdf(factory, queries.Filters(), out, options=pdf.ReportOptions(title=TITLE))
    reader = pypdf.PdfReader(out)
    pages = {item.title: reader.get_destination_page_number(item)
             for item in reader.outline if not isinstance(item, list)}
    return out, pages


def render(report: pathlib.Path, page: int, target: pathlib.Path, dpi: int) -> None:
    """One page (0-based) of `report` as the PNG `target`."""
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page + 1),
                    "-l", str(page + 1), str(report), str(stem)], check=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        report, pages = build_report(pathlib.Path(tmp))
        shots = {"report-title.png": pages["Title page"], "report-timeline.png": pages["Timeline"],
                 "report-events.png": pages["Events"]}
        for name, page in shots.items():
            render(report, page, args.out_dir / name, args.dpi)
            print(f"wrote {args.out_dir / name} (page {page + 1})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
