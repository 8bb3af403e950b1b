"""Scale benchmark (issue 9): the window over 10k, 100k and 1M events, one fresh process each.

    python -m bench.scale                       # builds what is missing, then measures
    python -m bench.scale --db a.timeline --db b.timeline --db-url postgresql+psycopg://…

Databases come from /tmp/scale (once its READY file exists), else bench/.cache/scale, built there
with bench.scale_db when missing. Each is measured by bench/scale_probe.py in its own offscreen
process, with its file evicted from the page cache first (--warm keeps it) and the app's bytecode
compiled first, as an installed app has it. Prints one table
(targets checked on the 1M column, growth 1M/10k), the per-case filter times and the timeline
query plans, and writes bench/scale_results.json after each database (--report reprints it).
--repeats and --budget trade precision for time while a size is still slow.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED_DIR = pathlib.Path("/tmp/scale")
CACHE = ROOT / "bench" / ".cache" / "scale"
OUT = ROOT / "bench" / "scale_results.json"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}  # file names; columns say 1M

# (label, path in a probe's result, target or None); targets are the issue's, at 1M.
ROWS = [
    ("articles", "counts.articles", None),
    ("entities", "counts.entities", None),
    ("timeline events", "counts.timeline_events", None),
    ("cold start to painted list (s)", "start.cold_start_s", 2.0),
    ("  interpreter start (s)", "start.interpreter_s", None),
    ("  Qt app / imports (s)", "start.qt_app_s|start.imports_s", None),
    ("  open db / build window (s)", "start.open_db_s|start.window_s", None),
    ("  show to painted (s)", "start.show_to_painted_s", None),
    ("filter columns ready after paint / build (s)", "start.columns_ready_s|start.columns_build_s", None),
    ("filter change p50 (ms)", "filters.overall.p50", None),
    ("filter change p95 (ms)", "filters.overall.p95", 100.0),
    ("filter change max (ms)", "filters.overall.max", None),
    ("  GUI thread busy p95 / max (ms)", "filters.blocked.p95|filters.blocked.max", None),
    ("  filter loop gap p95 / max (ms)", "filters.gaps.p95|filters.gaps.max", None),
    ("next event p50 (ms)", "steps.key.p50", None),
    ("next event p95 (ms)", "steps.key.p95", 16.0),
    ("  p95 from first / middle", "steps.key_first.p95|steps.key_middle.p95", None),
    ("jump to middle date (ms)", "steps.jump_to_middle_ms", None),
    ("zoom/pan frame p50 (ms)", "steps.zoom.p50", None),
    ("zoom/pan frame p95 (ms)", "steps.zoom.p95", 16.0),
    ("loop gap p50 / p95 (ms)", "steps.gaps.p50|steps.gaps.p95", None),
    ("loop gap p99 / max (ms)", "steps.gaps.p99|steps.gaps.max", None),
    ("resident memory VmRSS (MB)", "memory_mb.VmRSS", 600.0),
    ("peak memory VmHWM (MB)", "memory_mb.VmHWM", 600.0),
    ("queries using an index", "plan_summary.with_index|plan_summary.statements", None),
    ("queries scanning a big table", "plan_summary.full_scan_of_big_table", None),
]


def get(result: dict, path: str):
    """The value at a dotted path, or a tuple of them for "a|b"."""
    values = []
    for part in path.split("|"):
        value = result
        for key in part.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        values.append(value)
    return values[0] if len(values) == 1 else tuple(values)


def fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return " / ".join(fmt(v) for v in value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"


def size_label(events: int) -> str:
    return f"{events / 1e6:.3g}M" if events >= 1e6 else f"{events / 1e3:.3g}k"


# -- databases -------------------------------------------------------------------------------
def default_databases(sizes: list[str], pipeline: str, log=print) -> dict[str, str]:
    """label -> URL: /tmp/scale's files once READY, else the cache, built there when missing."""
    found = {}
    for label in sizes:
        shared = SHARED_DIR / f"{label}.timeline"
        if (SHARED_DIR / "READY").exists() and shared.exists():
            found[label.upper() if label == "1m" else label] = f"sqlite:///{shared}"
            continue
        cached = build_cached(CACHE / f"{label}-{pipeline}.timeline", SIZES[label], pipeline, log=log)
        found[label.upper() if label == "1m" else label] = f"sqlite:///{cached}"
    return found


def build_cached(path: pathlib.Path, events: int, pipeline: str, articles: int | None = None,
                 log=print) -> pathlib.Path:
    """`path`, built by `python -m bench.scale_db` unless it exists. The build runs in its own
    process (its import workers fork; the caller may have Qt running) under another name, renamed
    when done, so a build cut short is never taken for a finished one."""
    if path.exists():
        return path
    partial = path.with_name(path.stem + ".partial.timeline")
    command = [sys.executable, "-m", "bench.scale_db", "--events", str(events), "--out", str(partial),
               "--pipeline", pipeline, *(["--articles", str(articles)] if articles else [])]
    log(f"building {path} ({events:,} events, {pipeline} pipeline)…")
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        log("  " + line)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    for suffix in ("-wal", "-shm"):  # normally gone once the last connection closed
        extra = pathlib.Path(str(partial) + suffix)
        if extra.exists():
            extra.replace(str(path) + suffix)
    partial.replace(path)
    log(f"  built in {time.perf_counter() - start:.0f} s")
    return path


def evict(url: str) -> None:
    """Drop a SQLite file (and its WAL) from the page cache, so the start reads from disk."""
    if not url.startswith("sqlite:///"):
        return
    base = url.removeprefix("sqlite:///")
    for path in (base, base + "-wal"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def compile_app(package: pathlib.Path = ROOT / "desktop_app") -> None:
    """Write the package's bytecode where it is stale or missing. An installed app has it (pip
    compiles at install, PyInstaller bundles it, a first run writes it); without this, an
    environment with PYTHONDONTWRITEBYTECODE compiles every changed module at each cold start
    (measured: ~0.25 s of the imports)."""
    compileall.compile_dir(package, quiet=1)


def probe(url: str, warm: bool, timeout: float, extra: list[str] = ()) -> dict:
    """Run bench.scale_probe on `url` in a fresh offscreen process; its JSON."""
    if not warm:
        evict(url)
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               **{k: str(pathlib.Path(tmp) / k.lower())
                  for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")}}
        out = pathlib.Path(tmp) / "result.json"
        command = [sys.executable, "-m", "bench.scale_probe", "--url", url, "--out", str(out),
                   *extra, "--parent-wall", repr(time.time())]
        done = subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, check=False)
        if done.returncode or not out.exists():
            return {"url": url, "error": f"probe exited with {done.returncode}"}
        return json.loads(out.read_text(encoding="utf-8"))


# -- report ----------------------------------------------------------------------------------
def table(runs: dict[str, dict]) -> list[str]:
    """Rows = figures, columns = databases, then target and ok/MISSED for the 1M column (else
    the last), and its growth over the first column."""
    labels = list(runs)
    last = "1M" if "1M" in runs else labels[-1]
    growth = len(labels) > 1
    head = ["figure", *labels, f"target ({last})", "", f"{last}/{labels[0]}" if growth else ""]
    rows = [head]
    for name, path, target in ROWS:
        values = [get(runs[label], path) for label in labels]
        row = [name, *map(fmt, values)]
        value = values[labels.index(last)]
        if target is None or value is None:
            row += ["", ""]
        else:
            row += [f"≤ {fmt(target)}", "ok" if value <= target else "MISSED"]
        first = values[0]
        numbers = all(isinstance(v, (int, float)) for v in (first, value))
        if growth and numbers and first and not name.startswith("queries"):
            row.append(f"×{value / first:.2g}")
        else:
            row.append("")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
            for r in rows]


def case_table(runs: dict[str, dict]) -> list[str]:
    """Per filter case: p50 / p95 / max ms, and the events it matched, for each database."""
    labels = list(runs)
    cases = list(dict.fromkeys(c for r in runs.values() for c in r.get("filters", {}).get("cases", {})))
    rows = [["filter case (p50 / p95 / max ms, events; GUI busy p95)", *labels]]
    for case in cases:
        cells = []
        for label in labels:
            c = runs[label].get("filters", {}).get("cases", {}).get(case)
            cells.append("—" if c is None else f"{fmt(c['p50'])} / {fmt(c['p95'])} / {fmt(c['max'])}"
                         + ("" if c.get("events") is None else f" ({c['events']:,})")
                         + ("" if "blocked" not in c else f"; {fmt(c['blocked']['p95'])}"))
        rows.append([case, *cells])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
            for r in rows]


def _shape(statement: str) -> str:
    """A statement with its literals and IN lists folded, so repeats of one query count once."""
    folded = re.sub(r"\b\d+\b", "N", " ".join(statement.split()))
    return re.sub(r"\((?:\s*(?:N|\?|%\(\w+\)s)\s*,)+\s*(?:N|\?|%\(\w+\)s)\s*\)", "(…)", folded)


def plan_report(label: str, result: dict, width: int = 150) -> list[str]:
    """The plans of the timeline queries (statements on events), one per query shape."""
    lines, seen = [f"Query plans of the timeline queries at {label} ({result['url']}):"], set()
    for p in result.get("plans", []):
        if not p.get("timeline") or "plan" not in p or _shape(p["statement"]) in seen:
            continue
        seen.add(_shape(p["statement"]))
        verdict = "index" if p["uses_index"] else "NO INDEX"
        if p["full_scans"]:
            verdict += ", scans " + ", ".join(p["full_scans"])
        statement = " ".join(p["statement"].split())
        cut = "…" if len(statement) > width else ""
        lines.append(f"- [{p['phase']}; {verdict}] {statement[:width]}{cut}")
        lines += [f"      {step}" for step in p["plan"]]
    s = result.get("plan_summary", {})
    lines.append(f"  {s.get('with_index')} of {s.get('statements')} statements use an index; "
                 f"{s.get('full_scan_of_big_table')} scan one of events/mentions/articles/entities whole; "
                 f"{len(seen)} timeline query shapes")
    return lines


def write(out: pathlib.Path, runs: dict[str, dict], warm: bool) -> None:
    out.write_text(json.dumps({"created": time.strftime("%Y-%m-%d %H:%M:%S"), "warm": warm, "runs": runs},
                              indent=1, default=str) + "\n", encoding="utf-8")


def report(runs: dict[str, dict], plans: str = "largest") -> None:
    """The figures table, the per-case filter table and the query plans."""
    print("\n".join(table(runs)))
    print()
    print("\n".join(case_table(runs)))
    largest = max(runs, key=lambda label: runs[label]["counts"]["timeline_events"] or 0)
    for label in {"largest": [largest], "all": list(runs), "none": []}[plans]:
        print()
        print("\n".join(plan_report(label, runs[label])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--db", action="append", default=[], help="a SQLite database file (repeatable)")
    parser.add_argument("--db-url", action="append", default=[],
                        help="a database URL, e.g. postgresql+psycopg://… (repeatable)")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES),
                        help="default databases to measure (without --db/--db-url)")
    parser.add_argument("--pipeline", choices=("spacy", "rules"), default="spacy",
                        help="import pipeline for databases built here")
    parser.add_argument("--warm", action="store_true", help="keep the files in the page cache")
    parser.add_argument("--plans", choices=("largest", "all", "none"), default="largest",
                        help="whose timeline query plans to print")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each filter case")
    parser.add_argument("--budget", type=float, default=600,
                        help="seconds per phase (filters, steps, zoom) before it stops early")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds per database")
    parser.add_argument("--out", type=pathlib.Path, default=OUT)
    parser.add_argument("--report", action="store_true",
                        help="print the tables of --out again, measuring nothing")
    args = parser.parse_args(argv)
    if args.report:
        report(json.loads(args.out.read_text(encoding="utf-8"))["runs"], args.plans)
        return 0
    urls = [f"sqlite:///{pathlib.Path(p).absolute()}" for p in args.db] + args.db_url
    named = default_databases(args.sizes, args.pipeline) if not urls else {}
    runs: dict[str, dict] = {}
    compile_app()
    for label, url in [*named.items(), *((None, u) for u in urls)]:
        print(f"measuring {url} …", flush=True)
        start = time.perf_counter()
        result = probe(url, args.warm, args.timeout,
                       ["--repeats", str(args.repeats), "--budget", str(args.budget)])
        if "error" in result:
            print(f"  {result['error']}")
            continue
        if label is None:
            label = size_label(result["counts"]["timeline_events"])
            label = ("PG " if url.startswith("postgresql") else "") + label
        while label in runs:
            label += "'"
        runs[label] = result
        print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)
        write(args.out, runs, args.warm)  # after each database: a run cut short keeps what it has
    if not runs:
        print("nothing measured")
        return 1
    print()
    report(runs, args.plans)
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
