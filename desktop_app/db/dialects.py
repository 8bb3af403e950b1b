"""SQL that differs between SQLite and PostgreSQL, as constructs compiled per dialect.

Query modules build one statement; these render it as FTS5 and strftime on SQLite and as
tsvector and to_char on PostgreSQL (docs/scaling.md)."""
from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import functions

# PostgreSQL's text search configuration: no stemming and no stop words, like FTS5's unicode61.
TS_CONFIG = "simple"
# The indexed text: ASCII punctuation becomes a space first, so "example.com", "1.5" and
# "long-term" split into words as FTS5 splits them (the default parser keeps them whole).
# (Migration 0006 writes this expression out; keep the two the same.)
TSVECTOR_SQL = f"to_tsvector('{TS_CONFIG}'::regconfig, regexp_replace(\"text\", '[[:punct:]]+', ' ', 'g'))"
_LEXEME = re.compile(r"[^\W_]+", re.UNICODE)


def tsquery(parts: list[tuple[str, bool]]) -> str:
    """A to_tsquery string from (text, is_phrase) parts: every part must match, words as prefixes."""
    terms = []
    for text, phrase in parts:
        words = _LEXEME.findall(text)
        if not words:
            continue
        if phrase:
            terms.append("(" + " <-> ".join(f"'{w}'" for w in words) + ")")
        else:
            terms += [f"'{w}':*" for w in words]
    return " & ".join(terms)


class event_text_match(functions.FunctionElement):
    """`event_text_match(event_id, fts5_query, tsquery)`: the event's sentence matches the search."""

    type = sa.Boolean()
    inherit_cache = True
    name = "event_text_match"
    # It renders as a comparison (`id IN (…)`): without this SQLite gets `(id IN (…)) = 1`, which
    # hides the IN from the planner and scans every event instead of looking the matches up.
    _is_implicitly_boolean = True


@compiles(event_text_match, "sqlite")
def _match_sqlite(element, compiler, **kw):
    event_id, fts5, _ = element.clauses
    return (f"{compiler.process(event_id, **kw)} IN "
            f"(SELECT rowid FROM events_fts WHERE events_fts MATCH {compiler.process(fts5, **kw)})")


def tsv_match(events: sa.FromClause, tsquery):
    """PostgreSQL: the sentence of `events` (the table or an alias) matches `tsquery`; its
    text_tsv column has a GIN index (the planner reads the table instead for a broad prefix)."""
    return events.c.text_tsv.op("@@")(sa.func.to_tsquery(
        sa.literal_column(f"'{TS_CONFIG}'::regconfig"), tsquery))


@compiles(event_text_match, "postgresql")
def _match_postgresql(element, compiler, **kw):
    event_id, _, query = element.clauses
    return (f"{compiler.process(event_id, **kw)} IN (SELECT fts_e.id FROM events AS fts_e "
            f"WHERE fts_e.text_tsv @@ to_tsquery('{TS_CONFIG}'::regconfig, {compiler.process(query, **kw)}))")


_BUCKET_FORMATS = {
    "sqlite": {"day": "%Y-%m-%d", "month": "%Y-%m-01", "year": "%Y-01-01"},
    "postgresql": {"day": "YYYY-MM-DD", "month": "YYYY-MM-01", "year": "YYYY-01-01"},
}


def date_bucket(dialect_name: str, column, bucket: str):
    """ISO text of the first day of the day, month or year `column` falls in."""
    if dialect_name == "postgresql":
        return sa.func.to_char(column, sa.literal_column(f"'{_BUCKET_FORMATS['postgresql'][bucket]}'"))
    return sa.func.strftime(sa.literal_column(f"'{_BUCKET_FORMATS['sqlite'][bucket]}'"), column)


def date_ordinal(dialect_name: str, column):
    """The date's proleptic Gregorian ordinal (Python's date.toordinal) as an integer.

    Read as numbers, thousands of days come back without parsing a date string each."""
    if dialect_name == "postgresql":
        return column - sa.literal_column("DATE '0001-01-01'") + 1
    return sa.cast(sa.func.julianday(column) - 1721424.5, sa.Integer)
