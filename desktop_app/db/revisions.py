"""Which schema revisions exist and which one a database is at, without importing Alembic.

Every open checks both; Alembic's import alone is about a third of a second of a cold start, so
it is loaded only when a database really needs upgrading (db.session.migrate). A test checks
these answers against Alembic's own."""
from __future__ import annotations

import functools
import pathlib
import re

import sqlalchemy as sa

VERSIONS = pathlib.Path(__file__).resolve().parent / "migrations" / "versions"
_HEADER = re.compile(r'^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(?:"([^"]*)"|\'([^\']*)\'|None)',
                     re.MULTILINE)


@functools.cache
def _graph() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every revision, the heads) from the `revision = …` lines of the migration scripts."""
    known, parents = set(), set()
    for script in VERSIONS.glob("*.py"):
        found = {key: a or b for key, a, b in _HEADER.findall(script.read_text(encoding="utf-8"))}
        if "revision" in found:
            known.add(found["revision"])
            if found.get("down_revision"):
                parents.add(found["down_revision"])
    return frozenset(known), tuple(sorted(known - parents))


def known() -> frozenset[str]:
    return _graph()[0]


def head() -> str:
    heads = _graph()[1]
    if len(heads) != 1:
        raise RuntimeError(f"The migrations in {VERSIONS} have {len(heads)} heads: {heads}")
    return heads[0]


def current(conn: sa.Connection) -> str | None:
    """The revision in the database's alembic_version table (None: no table, a new database)."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
