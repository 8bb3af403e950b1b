"""One database, one fresh process: cold start, filters, steps, zoom, gaps, memory, query plans.

`python -m bench.scale_probe --url URL [--parent-wall T] [--out FILE]` opens the window offscreen and
writes its figures as JSON; bench/scale.py runs it once per database. The helpers (heartbeat,
event-loop driver, query log and plans) are shared with tests/e2e/test_scale_guard.py.
"""
from __future__ import annotations

import time

# Cold start counts from here: before PySide6 or the app is imported.
T0 = time.perf_counter()
WALL0 = time.time()

import argparse  # noqa: E402
import collections  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

STEP_MS = 5  # gap between scheduled steps: a fast key repeat, leaving the loop room to paint
FILTER_REPEATS = 5
KEY_STEPS = 100  # from the first event and again from the middle: 200 in all
ZOOM_STEPS = 50
BIG_TABLES = ("events", "mentions", "articles", "entities")
INDEX_MARKS = ("USING INDEX", "USING COVERING INDEX", "USING INTEGER PRIMARY KEY", "USING PRIMARY KEY",
               "VIRTUAL TABLE INDEX", "Index Scan", "Index Only Scan", "Bitmap Index Scan")
STOPWORDS = frozenset("""the and that with from this have said will were been their which would
there about after they could other also more than into over some when what under while where
these those said says before because since still being against between during""".split())


def quiet_offscreen_warnings() -> None:
    """Drop the offscreen plugin's size-hint warnings (about the platform, not the app)."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if "This plugin does not support" not in message:
            sys.stderr.write(message + "\n")
    qInstallMessageHandler(handler)


def isolate_settings(folder: str | os.PathLike, setenv=os.environ.__setitem__) -> None:
    """QSettings and platformdirs folders in `folder`, never the user's (as tests/ui/conftest.py).

    A test passes monkeypatch.setenv, so the environment is restored after it."""
    folder = pathlib.Path(folder)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        setenv(name, str(folder / name.lower()))
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder / "settings"))


def percentiles(values: list[float]) -> dict:
    """n, p50, p95, p99 and max of `values` (nearest rank), rounded to 0.01."""
    if not values:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None}
    s = sorted(values)

    def rank(p: float) -> float:
        return round(s[min(len(s) - 1, max(0, int(-(-p * len(s) // 100)) - 1))], 2)
    return {"n": len(s), "p50": rank(50), "p95": rank(95), "p99": rank(99), "max": round(s[-1], 2)}


def memory_mb() -> dict:
    """VmRSS and VmHWM of this process in MB (Linux)."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


# -- event loop ------------------------------------------------------------------------------
class Heartbeat:
    """A 1-ms precise timer; the intervals between its ticks are the event loop's gaps."""

    def __init__(self, interval_ms: int = 1):
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def __enter__(self) -> Heartbeat:
        self.ticks.clear()
        self.ticks.append(time.perf_counter())
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()
        self.ticks.append(time.perf_counter())

    def gaps_ms(self) -> list[float]:
        return [(b - a) * 1000 for a, b in zip(self.ticks, self.ticks[1:])]


def drive(steps, interval_ms: int = STEP_MS, timeout_s: float = 600) -> list[float]:
    """Run each step from the event loop (a single-shot timer apart); the ms each step took."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, times, pending = QEventLoop(), [], iter(steps)
    deadline = time.perf_counter() + timeout_s

    def run_next() -> None:
        step = next(pending, None)
        if step is None or time.perf_counter() > deadline:
            loop.quit()
            return
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
        QTimer.singleShot(interval_ms, run_next)

    QTimer.singleShot(0, run_next)
    loop.exec()
    return times


def key_step(window):
    """Down in the list, then every paint it asked for (list, source text, graph, strip) done.

    Pending events run as the loop would run them next, so each widget repaints what it marked
    dirty; the graph, updated after the step, is timed too."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    def step() -> None:
        QTest.keyClick(window.timeline, Qt.Key.Key_Down)
        QApplication.processEvents()
    return step


def zoom_steps(graph, count: int = ZOOM_STEPS) -> list:
    """`count` graph moves: in three times, right twice, out three times, left twice, repeated."""
    cycle = [graph.zoom_in] * 3 + [lambda: graph.pan(0.125)] * 2 + [graph.zoom_out] * 3 + \
        [lambda: graph.pan(-0.125)] * 2

    def painted(move):
        def step() -> None:
            move()
            graph.repaint()
        return step
    return [painted(cycle[i % len(cycle)]) for i in range(count)]


# -- queries and plans -----------------------------------------------------------------------
class QueryLog:
    """Every distinct statement the engine runs while active, with its first parameters."""

    def __init__(self, factory):
        self.engine = factory.kw["bind"]
        self.phase = ""
        self.seen: dict[str, tuple] = {}

    def _record(self, _conn, _cursor, statement, parameters, _context, executemany) -> None:
        if not executemany and statement not in self.seen:
            self.seen[statement] = (parameters, self.phase)

    def __enter__(self) -> QueryLog:
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._record)

    def plans(self) -> list[dict]:
        """EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) of each SELECT, classified."""
        sqlite = self.engine.dialect.name == "sqlite"
        out = []
        with self.engine.connect() as conn:
            for statement, (params, phase) in self.seen.items():
                if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
                try:
                    rows = conn.exec_driver_sql(prefix + statement, params).fetchall()
                except Exception as exc:  # a plan we cannot get is reported, not fatal
                    conn.rollback()
                    out.append({"statement": statement, "phase": phase, "error": str(exc)})
                    continue
                lines = [str(r[-1]) for r in rows]
                out.append({"statement": statement, "phase": phase, "plan": lines,
                            **classify(statement, lines)})
        return out


def _aliases(statement: str) -> dict[str, str]:
    """Name or alias in the plan -> big table it stands for."""
    found = {t: t for t in BIG_TABLES}
    for table, alias in re.findall(r'\b"?(%s)"?\s+(?:AS\s+)?"?(\w+)"?' % "|".join(BIG_TABLES),
                                   statement, re.IGNORECASE):
        if alias.upper() not in ("ON", "WHERE", "JOIN", "LEFT", "INNER", "GROUP", "ORDER", "LIMIT",
                                 "USING", "SET", "VALUES", "UNION"):
            found[alias] = table.lower()
    return found


def classify(statement: str, lines: list[str]) -> dict:
    """Whether the plan uses an index, and which big tables it scans without one."""
    uses_index = any(mark in line for line in lines for mark in INDEX_MARKS)
    tables = _aliases(statement)
    scans = set()
    for line in lines:
        m = re.search(r"\bSCAN (\w+)(.*)", line) or re.search(r"Seq Scan on (\w+)(.*)", line)
        if m and m.group(1) in tables and "USING" not in m.group(2):
            scans.add(tables[m.group(1)])
    return {"uses_index": uses_index, "full_scans": sorted(scans),
            "timeline": bool(re.search(r"\bevents\b", statement))}


def plan_summary(plans: list[dict]) -> dict:
    """Counts over the explained statements (the guard test fails when `with_index` is 0)."""
    ok = [p for p in plans if "plan" in p]
    return {"statements": len(ok), "with_index": sum(p["uses_index"] for p in ok),
            "full_scan_of_big_table": sum(bool(p["full_scans"]) for p in ok),
            "timeline_statements": sum(p["timeline"] for p in ok),
            "errors": len(plans) - len(ok)}


# -- what to filter on -----------------------------------------------------------------------
@dataclasses.dataclass
class Picks:
    """Entities, words and dates taken from the database itself."""

    entities: dict[str, tuple[int, str]]  # case -> (id, name)
    words: dict[str, str]  # common, rare, phrase
    year: tuple[dt.date, dt.date]
    month: tuple[dt.date, dt.date]
    middle: dt.date


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def pick(factory) -> Picks:
    """Entity at mention rank 10 and at the median, words from a sample of events, median dates."""
    from sqlalchemy import text

    with factory() as s:
        ranked = s.execute(text(
            "SELECT m.entity_id, e.name, count(*) AS n FROM mentions m JOIN entities e "
            "ON e.id = m.entity_id WHERE NOT e.hidden GROUP BY m.entity_id, e.name ORDER BY n DESC, "
            "m.entity_id")).all()
        entities = {}
        if ranked:
            entities["entity rank 10"] = tuple(ranked[min(9, len(ranked) - 1)][:2])
            entities["entity median"] = tuple(ranked[len(ranked) // 2][:2])
        dated = s.execute(text("SELECT count(*) FROM events WHERE begin IS NOT NULL")).scalar() or 0
        middle = _as_date(s.execute(text(
            "SELECT begin FROM events WHERE begin IS NOT NULL ORDER BY begin LIMIT 1 OFFSET :o"),
            {"o": dated // 2}).scalar() or dt.date.today())
        step = max(1, (s.execute(text("SELECT max(id) FROM events")).scalar() or 1) // 3000)
        texts = s.execute(text("SELECT text FROM events WHERE id % :k = 0 LIMIT 3000"),
                          {"k": step}).scalars().all()
    return Picks(entities, _words(texts), (middle.replace(month=1, day=1), middle.replace(month=12, day=31)),
                 (middle.replace(day=1), (middle.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                  - dt.timedelta(days=1)), middle)


def _words(texts: list[str]) -> dict[str, str]:
    """The commonest content word, a word seen once, and a two-word phrase from the sample."""
    counts = collections.Counter(w for t in texts for w in re.findall(r"[a-z]{4,}", t.lower())
                                 if w not in STOPWORDS)
    common = counts.most_common(1)[0][0] if counts else "the"
    rare = sorted((w for w, n in counts.items() if n == 1 and len(w) >= 7), key=lambda w: (len(w), w))
    phrase = ""
    for t in texts[len(texts) // 2:] + texts:
        pair = re.findall(r"[A-Za-z]{4,} [A-Za-z]{4,}", t)
        if pair:
            phrase = f'"{pair[0]}"'
            break
    return {"common": common, "rare": rare[len(rare) // 2] if rare else common, "phrase": phrase or common}


def filter_cases(window, picks: Picks) -> list[tuple[str, object]]:
    """(case, change) for each filter case; every change goes through the filter bar.

    The case names are the same for every database; `Picks` says which entity, word or dates."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    bar = window.filter_bar

    def dates(span):
        bar.date_from.set_value(span[0])  # quiet: the caller emits once
        bar.date_to.set_value(span[1])

    def search(words: str) -> None:
        bar.search.setText(words)
        QTest.keyClick(bar.search, Qt.Key.Key_Return)  # Enter applies without the typing pause

    def entity(case: str):
        return lambda: bar.choose_entity(*picks.entities[case])

    cases = [(case, entity(case)) for case in picks.entities]
    cases += [(f"text {kind}", lambda w=words: search(w)) for kind, words in picks.words.items()]
    cases += [("year", lambda: (dates(picks.year), bar.changed.emit())),
              ("month", lambda: (dates(picks.month), bar.changed.emit()))]
    if "entity rank 10" in picks.entities:
        top = picks.entities["entity rank 10"]
        cases.append(("entity rank 10 + year", lambda: (dates(picks.year), bar.choose_entity(*top))))
    cases.append(("text common + year", lambda: (dates(picks.year), search(picks.words["common"]))))
    return cases


def background_busy(window) -> bool:
    """Whether the list or the graph still waits for a background read (big databases)."""
    return window.timeline_model.loading or window.graph_panel.loading


def painted_change(window, change, blocked: list[float] | None = None):
    """The change, any background read it started, then the list and the graph painted
    synchronously and pending events run. `blocked` gets the ms the GUI thread was busy
    (the change and the paint, not the wait, during which the event loop turns)."""
    from PySide6.QtWidgets import QApplication

    def step() -> None:
        start = time.perf_counter()
        change()
        changed = time.perf_counter()
        while background_busy(window):
            QApplication.processEvents()
            time.sleep(0.0005)
        waited = time.perf_counter()
        window.timeline.viewport().repaint()
        window.graph_panel.graph.repaint()
        QApplication.processEvents()
        if blocked is not None:
            blocked.append((changed - start + time.perf_counter() - waited) * 1000)
    return step


def settle(window) -> None:
    """What go_first or a jump started, done and painted, then one step's gap: a key after them
    comes at least that late, so the first timed step pays for itself, not for their frame."""
    from PySide6.QtTest import QTest

    painted_change(window, lambda: None)()
    QTest.qWait(STEP_MS)


# -- the whole measurement -------------------------------------------------------------------
def measure_filters(window, picks: Picks, log: QueryLog, repeats: int = FILTER_REPEATS,
                    budget_s: float = 600) -> dict:
    """Each case `repeats` times, each followed by clearing; ms per case and overall.

    Steps stop being scheduled after `budget_s` (n then says how many ran)."""
    cases = filter_cases(window, picks)
    clear = ("clear filters", window.filter_bar.clear)
    order = [c for _r in range(repeats) for case in cases for c in (case, clear)]
    matches: dict[str, int] = {}
    blocked: dict[str, list[float]] = collections.defaultdict(list)

    def counted(name, change):
        step = painted_change(window, change, blocked[name])

        def run() -> None:
            step()
            matches[name] = window.timeline_model.total
        return run
    log.phase = "filters"
    with Heartbeat() as beat:
        times = drive([counted(name, change) for name, change in order], timeout_s=budget_s)
    per_case: dict[str, list[float]] = collections.defaultdict(list)
    for (name, _change), ms in zip(order, times):
        per_case[name].append(ms)
    return {"cases": {n: {**percentiles(v), "events": matches.get(n),
                          "blocked": percentiles(blocked[n])} for n, v in per_case.items()},
            "overall": percentiles(times), "gaps": percentiles(beat.gaps_ms()),
            "blocked": percentiles([ms for v in blocked.values() for ms in v]),
            "complete": len(times) == len(order)}


def measure_steps(window, picks: Picks, log: QueryLog, budget_s: float = 600) -> dict:
    """200 Down steps (from the first event, then from the middle) and 50 zoom/pan frames;
    each of the three runs stops after `budget_s`."""
    window.filter_bar.clear()
    window.go_first()
    window.timeline.setFocus()
    settle(window)
    log.phase = "keys"
    with Heartbeat() as beat:
        first = drive([key_step(window)] * KEY_STEPS, timeout_s=budget_s)
        key_gaps = beat.gaps_ms()
    start = time.perf_counter()  # Ctrl+G: not a key step, so outside the gap record
    window.navigation.jump_to(picks.middle)
    jump_ms = (time.perf_counter() - start) * 1000
    middle_row = window.timeline.currentIndex().row()
    settle(window)
    with Heartbeat() as beat:
        middle = drive([key_step(window)] * KEY_STEPS, timeout_s=budget_s)
        key_gaps += beat.gaps_ms()
    graph = window.graph_panel.graph
    graph.fit_all()
    graph.repaint()
    log.phase = "zoom"
    with Heartbeat() as beat:
        zoom = drive(zoom_steps(graph), timeout_s=budget_s)
        zoom_gaps = beat.gaps_ms()
    return {"key_first": percentiles(first), "key_middle": percentiles(middle),
            "key": percentiles(first + middle), "jump_to_middle_ms": round(jump_ms, 2),
            "middle_row": middle_row, "zoom": percentiles(zoom), "gaps_keys": percentiles(key_gaps),
            "gaps_zoom": percentiles(zoom_gaps), "gaps": percentiles(key_gaps + zoom_gaps)}


def cold_start(url: str) -> tuple[object, object, dict]:
    """(app, window, seconds) from T0 to the first paint of the list with rows in it."""
    from desktop_app.app import gui  # before PySide6, as the app's launch imports it

    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop_app.ui import collector

    collector.install(app)  # as desktop_app.app.gui.run_gui does
    app.setApplicationName("Timeline Reader")
    app.setOrganizationName("Timeline Reader")
    quiet_offscreen_warnings()
    isolate_settings(tempfile.mkdtemp(prefix="scale-probe-"))
    t_qt = time.perf_counter()
    with gui.plain_imports():  # as gui._start imports the window's modules
        from desktop_app.db import session
        from desktop_app.ui.main_window import MainWindow

    t_imports = time.perf_counter()
    factory = session.open_database(url)
    t_open = time.perf_counter()
    window = MainWindow(factory, url)
    t_window = time.perf_counter()
    loop, marks = QEventLoop(), {}

    class FirstPaint(QObject):
        def eventFilter(self, _watched, event) -> bool:
            rows = window.timeline_model.rowCount()
            if event.type() == QEvent.Type.Paint and rows and "paint" not in marks:
                marks["paint"] = time.perf_counter()
                QTimer.singleShot(0, frame_done)  # runs once this frame is painted and flushed
            return False

    def frame_done() -> None:
        marks["done"] = time.perf_counter()
        loop.quit()

    watcher = FirstPaint()
    window.timeline.viewport().installEventFilter(watcher)
    window.resize(1400, 900)
    window.show()
    QTimer.singleShot(900_000, loop.quit)  # a first paint later than 15 min is no figure
    loop.exec()
    window.timeline.viewport().removeEventFilter(watcher)
    done = marks.get("done")
    return app, window, {
        "cold_start_s": round(done - T0, 3) if done else None,
        "qt_app_s": round(t_qt - T0, 3), "imports_s": round(t_imports - t_qt, 3),
        "open_db_s": round(t_open - t_imports, 3), "window_s": round(t_window - t_open, 3),
        "show_to_first_paint_s": round(marks["paint"] - t_window, 3) if done else None,
        "show_to_painted_s": round(done - t_window, 3) if done else None}


def wait_for_columns(model, timeout_s: float = 600) -> dict:
    """Turn the event loop until the model's in-memory columns are built (big databases), so
    filters are measured as they run once the window has settled; seconds from the first paint."""
    from PySide6.QtWidgets import QApplication

    painted, deadline = time.perf_counter(), time.perf_counter() + timeout_s
    while model.columns_pending and time.perf_counter() < deadline:
        QApplication.processEvents()
        time.sleep(0.002)
    if not model.has_columns:
        return {"columns_ready_s": None, "columns_build_s": None}
    return {"columns_ready_s": round(max(0.0, model.columns_ready_at - painted), 3),
            "columns_build_s": round(model.columns_build_s, 3)}


def run(url: str, parent_wall: float | None, repeats: int = FILTER_REPEATS, budget_s: float = 600) -> dict:
    """Everything for one database, in this process."""
    app, window, start = cold_start(url)
    start.update(wait_for_columns(window.timeline_model))
    if parent_wall is not None:
        start["interpreter_s"] = round(WALL0 - parent_wall, 3)
        start["spawn_to_paint_s"] = round(start["interpreter_s"] + (start["cold_start_s"] or 0), 3)
    factory = window.session_factory
    from sqlalchemy import text

    with factory() as s:
        counts = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in BIG_TABLES}
    counts["timeline_events"] = window.timeline_model.total
    picks = pick(factory)
    with QueryLog(factory) as log:
        filters = measure_filters(window, picks, log, repeats, budget_s)
        steps = measure_steps(window, picks, log, budget_s)
    plans = log.plans()
    result = {"url": url, "counts": counts, "start": start, "filters": filters, "steps": steps,
              "memory_mb": memory_mb(), "plans": plans, "plan_summary": plan_summary(plans),
              "picks": {"entities": picks.entities, "words": picks.words, "year": picks.year,
                        "month": picks.month, "middle": picks.middle}}
    window.close()
    app.processEvents()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_probe")
    parser.add_argument("--url", required=True,
                        help="database URL (sqlite:///… or postgresql+psycopg://…)")
    parser.add_argument("--parent-wall", type=float, default=None, help="time.time() before the spawn")
    parser.add_argument("--out", default=None, help="write the JSON here (default: stdout)")
    parser.add_argument("--repeats", type=int, default=FILTER_REPEATS, help="runs of each filter case")
    parser.add_argument("--budget", type=float, default=600, help="seconds per phase at most")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1)  # `kill -USR1 PID` shows where a slow size spends its time
    result = run(args.url, args.parent_wall, args.repeats, args.budget)
    data = json.dumps(result, default=str, indent=1)
    if args.out:
        pathlib.Path(args.out).write_text(data + "\n", encoding="utf-8")
    else:
        print(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
