"""Command line: `timeline-reader [--db URL]` opens the app; subcommands import and export."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import sys
from collections.abc import Sequence

from desktop_app.app import extract_json

USAGE_ERROR = 2
# Exports beside JSON and PDF, each a module of desktop_app.export with the same write().
FORMAT_EXPORTS = {"export-csv": "write the (filtered) events as CSV for spreadsheets",
                  "export-markdown": "write the (filtered) timeline as a Markdown chronology",
                  "export-timelinejs": "write the (filtered) timeline as TimelineJS 3 JSON"}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _megabytes(text: str) -> int:
    try:
        size = float(text)
    except ValueError:
        size = 0
    if not 0 < size < 1024 * 1024:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"not a positive number of megabytes: {text!r}")
    return max(1, int(size * 1024 * 1024))


def _db_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # Subcommands accept --db too; SUPPRESS keeps a subcommand from erasing the top-level value.
    parser.add_argument("--db", metavar="URL", default=None if top else argparse.SUPPRESS,
                        help="database URL or SQLite file (default: TIMELINE_READER_DB or the "
                             "per-user database)")


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--entity", action="append", default=[], metavar="NAME",
                        help="only events involving this entity (name or alias; repeatable)")
    parser.add_argument("--from", dest="date_from", type=_date, metavar="DATE")
    parser.add_argument("--to", dest="date_to", type=_date, metavar="DATE")
    parser.add_argument("--query", default="", metavar="TEXT", help="full-text search")
    parser.add_argument("--article", action="append", type=int, default=[], metavar="ID")


PDF_SECTIONS = ("title", "timeline", "events", "sources", "index")  # export.pdf.SECTIONS


def _sections(text: str) -> list[str]:
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in PDF_SECTIONS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"not a report section: {text!r} "
                                         f"(choose from {', '.join(PDF_SECTIONS)})")
    return names


def _pdf_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", default=None, help="the report's title (default: "
                                                      "'Timeline Reader report')")
    parser.add_argument("--page-size", choices=["A4", "Letter"], default="A4")
    parser.add_argument("--landscape", action="store_true", help="landscape pages")
    parser.add_argument("--sections", type=_sections, nargs="+", default=None, metavar="SECTION",
                        help=f"the sections to include, in report order (default: all of "
                             f"{', '.join(PDF_SECTIONS)}; commas or spaces between)")
    parser.add_argument("--author", default=None, help="the PDF's author (default: your user name)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline-reader",
                                     description="Turn news articles into a linked event timeline.")
    _db_option(parser, top=True)
    parser.add_argument("--self-test", action="store_true",
                        help="check import, extraction, window and PDF export on the bundled "
                             "sample corpus in a temporary database; exit 0 if all pass")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="import files and folders and print a report")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--max-size", type=_megabytes, default=None, metavar="MB",
                   help="reject files larger than this many megabytes, unread (default: 20)")
    p.add_argument("--remove-missing", action="store_true",
                   help="remove articles whose files are gone from the imported folders")
    # A rule-based stand-in for the model, for tests and demos: fast, names only roughly right.
    p.add_argument("--pipeline", choices=["model", "rules"], default="model", help=argparse.SUPPRESS)
    _db_option(p)

    for name, help_text in (("export-pdf", "write the (filtered) timeline as a PDF report"),
                            ("export-json", "write articles, entities, mentions and events as JSON")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("out", metavar="OUT")
        _db_option(p)
        _filter_options(p)
        if name == "export-pdf":
            _pdf_options(p)

    for name, help_text in FORMAT_EXPORTS.items():
        p = sub.add_parser(name, help=help_text)
        p.add_argument("out", metavar="OUT")
        _db_option(p)
        _filter_options(p)
        if name != "export-csv":
            p.add_argument("--title", default=None)

    p = sub.add_parser("extract", help="print what extraction finds in one file (no database)")
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--dct", type=_date, metavar="YYYY-MM-DD",
                   help="document creation time (default: the article's own date)")
    p.add_argument("--batch", metavar="LIST.jsonl",
                   help='lines of {"path": ..., "dct": ... or null}; one JSON object per line out')
    p = sub.add_parser("eval-timeml",
                       help="score the temporal tagger on TimeML (.tml) or MEANTIME (.xml) files")
    p.add_argument("dir", metavar="DIR", help="folder searched recursively for .tml and .xml files")
    p.add_argument("--errors", action="store_true",
                   help="also list every miss, spurious hit and wrong value or type")
    p = sub.add_parser("eval-entities",
                       help="score name recall, types and cross-document linking on a MEANTIME topic")
    p.add_argument("dir", metavar="DIR", help="one topic folder of MEANTIME CAT .xml files")
    p.add_argument("--errors", action="store_true",
                   help="also list wrong merges, missed merges and missed mentions")
    p = sub.add_parser("eval-ner", help="score named-entity mentions on a CoNLL-2003 file")
    p.add_argument("file", metavar="FILE", help="e.g. eng.testa (IOB1 tags, -DOCSTART- per document)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Import runs extraction in worker processes; a frozen app must let them start (Windows, macOS).
    multiprocessing.freeze_support()
    parser = build_parser()
    args = parser.parse_args(_opened_file(parser, list(sys.argv[1:] if argv is None else argv)))
    from desktop_app.core import nlp

    try:
        return _run(parser, args)
    except nlp.ModelError as exc:  # every command that extracts needs the model: one message
        print(f"timeline-reader: {exc}", file=sys.stderr)
        return 1


def _opened_file(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`timeline-reader FILE` (how a desktop opens a double-clicked .timeline) means `--db FILE`."""
    commands = next((a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {})
    if len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in commands:
        return ["--db", argv[0]]
    return argv


def _run(parser: argparse.ArgumentParser, args) -> int:
    if args.self_test:
        from desktop_app.app import self_test

        return self_test.run()
    if args.command is None:
        from desktop_app.app import gui

        return gui.run_gui(args.db)
    if args.command == "eval-timeml":
        return _eval_timeml(args)
    if args.command in ("eval-entities", "eval-ner"):
        return _eval_entities(args) if args.command == "eval-entities" else _eval_ner(args)
    if args.command == "extract":
        if bool(args.file) == bool(args.batch):
            parser.error("extract takes either FILE or --batch LIST.jsonl")
        return _extract(args)
    from desktop_app.db import session

    try:
        session_factory = session.open_database(args.db or session.default_url())
    except session.DatabaseError as exc:
        print(f"timeline-reader: {exc}", file=sys.stderr)
        return 1
    if args.command == "ingest":
        return _ingest(session_factory, args.paths, args.max_size, args.remove_missing,
                       args.pipeline)
    return _export(session_factory, args)


def _ingest(session_factory, paths: list[str], max_bytes: int | None = None,
            remove_missing: bool = False, pipeline: str = "model") -> int:
    from desktop_app.core import nlp, reading
    from desktop_app.db import import_jobs, ingest

    def progress(done: int, total: int, path: str) -> None:
        if path:
            print(f"[{min(done + 1, total)}/{total}] {path}", file=sys.stderr, flush=True)

    with import_jobs.tracked(session_factory, paths):
        report = ingest.ingest(session_factory, paths, progress=progress,
                               max_bytes=max_bytes or reading.MAX_BYTES,
                               pipeline=nlp.rule_pipeline() if pipeline == "rules" else None)
    for line in report.lines():
        print(line)
    if remove_missing and report.missing:
        removed: list[str] = []
        with session_factory.begin() as session:
            for folder in report.folders:
                removed += ingest.remove_missing(session, folder)
        print("\n".join(f"removed  {path}" for path in removed))
        print(f"{len(removed)} missing file(s) removed")
    elif report.missing:
        print(f"{len(report.missing)} file(s) imported earlier are gone; "
              "--remove-missing removes their articles")
    return 1 if report.rejected else 0


def _filters(session_factory, args):
    from desktop_app.db import queries

    entity_ids: list[int] = []
    with session_factory() as session:
        for name in args.entity:
            found = queries.entity_ids_by_name(session, name)
            if not found:
                raise LookupError(f"no entity named {name!r}")
            entity_ids.extend(found)
    # Several entities with one name (e.g. a person and a company) all count: OR within a name.
    return queries.Filters(query=args.query, entity_ids=tuple(dict.fromkeys(entity_ids)),
                           date_from=args.date_from, date_to=args.date_to,
                           article_ids=tuple(args.article))


def _export(session_factory, args) -> int:
    from desktop_app.db import queries

    try:
        filters = _filters(session_factory, args)
        if args.command in FORMAT_EXPORTS:
            print(_format_export(session_factory, filters, args))
        elif args.command == "export-json":
            from desktop_app.export import json_export

            data = json_export.write(session_factory, filters, args.out)
            print(f"wrote {args.out}: {len(data['events'])} events, {len(data['articles'])} articles")
        else:
            from desktop_app.export import pdf

            chosen = [n for group in args.sections or [list(PDF_SECTIONS)] for n in group]
            options = pdf.ReportOptions(title=args.title, page_size=args.page_size,
                                        landscape=args.landscape, author=args.author,
                                        sections=tuple(n for n in PDF_SECTIONS if n in chosen))
            result = pdf.write_pdf(session_factory, filters, args.out, options=options)
            print(f"wrote {result.path}: {result.events} events on {result.pages} pages")
    except (LookupError, queries.QueryError) as exc:
        print(f"timeline-reader: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as exc:
        print(f"timeline-reader: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def _format_export(session_factory, filters, args) -> str:
    """Run export-csv, export-markdown or export-timelinejs; the line to print."""
    from desktop_app.export import csv_export, markdown_export, timelinejs_export

    if args.command == "export-csv":
        result = csv_export.write(session_factory, filters, args.out)
        return f"wrote {result.path}: {result.events} events"
    if args.command == "export-markdown":
        result = markdown_export.write(session_factory, filters, args.out, title=args.title)
        return f"wrote {result.path}: {result.events} events, {result.sources} sources"
    result = timelinejs_export.write(session_factory, filters, args.out, title=args.title)
    return f"wrote {result.path}: {result.events} events"


def _extract(args) -> int:
    from desktop_app.core import reading

    if args.file:
        jobs = [(args.file, args.dct.isoformat() if args.dct else None, args.dct is not None)]
    else:
        try:
            with open(args.batch, encoding="utf-8") as handle:
                lines = [json.loads(line) for line in handle if line.strip()]
            jobs = [(job["path"], job.get("dct"), True) for job in lines]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"timeline-reader: cannot read batch list {args.batch}: {exc}", file=sys.stderr)
            return USAGE_ERROR
    try:
        for obj in extract_json.extract_batch(jobs):
            print(json.dumps(obj, ensure_ascii=False), flush=True)
    except reading.Rejected as exc:
        print(f"timeline-reader: {args.file}: {exc.reason}", file=sys.stderr)
        return 1
    return 0


def _eval_timeml(args) -> int:
    import pathlib

    from desktop_app.core import timeml_eval

    root = pathlib.Path(args.dir)
    if not any(root.glob("**/*.tml")) and not any(root.glob("**/*.xml")):
        print(f"timeline-reader: no .tml or MEANTIME .xml files under {root}", file=sys.stderr)
        return USAGE_ERROR
    errors: list[timeml_eval.Error] | None = [] if args.errors else None
    scores = timeml_eval.score(root, errors=errors)
    for error in errors or []:
        got = f" → {error.got}" if error.got else ""
        gold = f" (gold {error.gold})" if error.gold else ""
        print(f"{error.kind:8} {error.path}: {error.text!r}{gold}{got}  {error.context}")
    print("\n".join(timeml_eval.report(root.name, scores)))
    return 0


def _eval_entities(args) -> int:
    import pathlib

    from desktop_app.app import entity_eval

    root = pathlib.Path(args.dir)
    if not any(root.glob("*.xml")):
        print(f"timeline-reader: no .xml files in {root}", file=sys.stderr)
        return USAGE_ERROR
    errors: list[entity_eval.Error] | None = [] if args.errors else None
    docs, scores = entity_eval.evaluate_topic(root, errors=errors)
    for error in errors or []:
        print(f"{error.kind:12} {error.text}")
    if errors:
        print()
    print("\n".join(entity_eval.topic_report(root.name, docs, scores)))
    return 0


def _eval_ner(args) -> int:
    import pathlib

    from desktop_app.app import entity_eval
    from desktop_app.core import conll

    try:
        docs = conll.read(pathlib.Path(args.file))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"timeline-reader: cannot read {args.file}: {exc}", file=sys.stderr)
        return USAGE_ERROR
    if not docs:
        print(f"timeline-reader: no CoNLL documents in {args.file}", file=sys.stderr)
        return USAGE_ERROR
    scores = entity_eval.evaluate_ner(docs)
    print("\n".join(entity_eval.ner_report(pathlib.Path(args.file).name, docs, scores)))
    return 0
