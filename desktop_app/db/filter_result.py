"""Everything a new filter's first frame needs, read in one pass off the GUI thread.

At a million events each of these is a query of 10-40 ms: the matches, the rows around the
selection to keep, where that selection lands, and the strip's counts without the date range.
Read one after another by one worker, they share the database's answers (one entity lookup,
not two) and never compete with the GUI thread's painting for a second worker's share of the
interpreter. No Qt here: the list model runs `read` on its worker.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import errors, filter_reads, queries, timeline_index

log = logging.getLogger(__name__)
Block = tuple[int, list, dict]  # (number, rows, sources of merged rows): TimelineModel's cache


@dataclasses.dataclass(frozen=True)
class Result:
    """A filter's matches as TimelineModel shows them, and what comes with them."""

    ids: Sequence[int] | None  # matching ids in row order (None: every timeline event)
    index: timeline_index.DayCounts
    row: int  # the kept event's row; -1 when it does not match
    blocks: tuple[Block, ...]  # the rows a view showing `row` (or the first row) needs
    undated: timeline_index.DayCounts | None = None  # counts without the date range, if asked
    unfiltered: tuple | None = None  # (version, counts) when the unfiltered counts were re-read
    extra: dict = dataclasses.field(default_factory=dict)  # what `then`'s functions read, by name

    def row_event(self, block: int) -> queries.EventRow | None:
        """The event the list will select with this result: the kept one's, else the first."""
        row = max(self.row, 0)
        for number, rows, _sources in self.blocks:
            if number == row // block and row % block < len(rows):
                return rows[row % block]
        return None


@dataclasses.dataclass(frozen=True)
class Request:
    """What to read: `known` is the unfiltered (version, counts) the model holds and `fresh`
    whether nobody committed since (then they are used without a check)."""

    filters: queries.Filters
    keep: int | None
    block: int
    columns: object | None = None  # timeline_columns.Columns, when built
    known: tuple | None = None
    fresh: bool = False
    undated: queries.Filters | None = None  # count these too (the strip's filters)
    margin: int = 20  # a row this close to its block's edge may show the next block's rows
    # More to read with the result in the same pass: name -> f(session, request, result).
    then: dict[str, Callable[[orm.Session, Request, Result], object]] = dataclasses.field(
        default_factory=dict)


def read(session: orm.Session, request: Request,
         cancelled: Callable[[], bool] | None = None) -> Result:
    """The Result for `request`; raises queries.QueryError (a search the database cannot run,
    or a database it cannot read: locked, damaged) and interrupt.Cancelled."""
    try:
        return _read(session, request, cancelled)
    except sa.exc.DatabaseError as exc:  # said in the filter bar, not "Filtering…" for ever
        message = errors.explain(exc) or f"Cannot read the timeline: {exc.orig}"
        raise queries.QueryError(message) from exc


def _read(session: orm.Session, request: Request, cancelled: Callable[[], bool] | None) -> Result:
    filters, columns = request.filters, request.columns
    unfiltered = None
    if filters.active:
        if columns is not None:
            ids, index = columns.matching(session, filters, cancelled)
        else:
            ids, index = timeline_index.matching(session, filters, cancelled)
        row = filter_reads.row_in(ids, request.keep)
    else:
        ids, (version, index) = None, unfiltered_counts(session, request.known, request.fresh)
        unfiltered = (version, index) if version is not None else None
        row = _timeline_row(session, columns, index, request.keep)
    undated = None
    if request.undated is not None:
        undated = day_counts(session, request.undated, columns, cancelled)
    blocks = _blocks(session, request, ids, index, row, columns) if index.total else ()
    result = Result(ids, index, row, blocks, undated, unfiltered)
    if not request.then:
        return result
    return dataclasses.replace(result, extra={name: _more(read_more, session, request, result)
                                              for name, read_more in request.then.items()})


def _more(read_more, session: orm.Session, request: Request, result: Result):
    """What one of `then`'s functions reads; None when it fails: it is only a head start for
    the first frame, which reads for itself then, and the matches must still come in."""
    try:
        return read_more(session, request, result)
    except Exception:  # noqa: BLE001 - any failure (a locked database, a deleted row)
        log.warning("Could not read ahead for the filter's first frame", exc_info=True)
        return None


def unfiltered_counts(session: orm.Session, known: tuple | None, fresh: bool) -> tuple:
    """(None, the counts of `known`, a (version, counts)) when nobody committed since (`fresh`)
    or their version is unchanged, else (version, counts) read afresh. The version check is
    itself a query (~10 ms at a million events)."""
    if known is not None and fresh:
        return None, known[1]
    version = timeline_index.day_counts_version(session)
    if known is not None and known[0] == version:
        return None, known[1]
    return version, timeline_index.day_counts(session)


def day_counts(session: orm.Session, filters: queries.Filters, columns=None,
               cancelled: Callable[[], bool] | None = None) -> timeline_index.DayCounts:
    """Per-day counts of the events passing `filters`: from the columns when they answer them,
    else counted in SQL (no ids, no sort)."""
    if columns is not None and filters.active and columns.handles(filters):
        return columns.matching(session, filters, cancelled)[1]
    return timeline_index.day_counts_matching(session, filters)


def _timeline_row(session: orm.Session, columns, days: timeline_index.DayCounts,
                  event_id: int | None) -> int:
    if event_id is None:
        return -1
    if columns is not None:
        return columns.timeline_row(event_id)
    return filter_reads.unfiltered_row(session, days, event_id)


def _blocks(session: orm.Session, request: Request, ids, index: timeline_index.DayCounts,
            row: int, columns) -> tuple[Block, ...]:
    """The block with `row` (the first when -1) and, near its edge, its neighbour: the view
    scrolled to the row may show a few rows of either."""
    size, total = request.block, index.total
    margin = min(request.margin, size // 5)
    number, offset = divmod(max(row, 0), size)
    numbers = [number]
    if offset < margin and number > 0:
        numbers.insert(0, number - 1)
    elif offset >= size - margin and (number + 1) * size < total:
        numbers.append(number + 1)
    first, last = numbers[0] * size, min((numbers[-1] + 1) * size, total)
    if ids is None and columns is not None:  # the unfiltered order is in memory too
        ids, first, last = columns.timeline_ids(first, last), 0, last - first
    rows, sources = filter_reads.read_block(session, ids, index, first, last)
    return tuple((n, rows[(n - numbers[0]) * size:(n - numbers[0] + 1) * size], sources)
                 for n in numbers)

