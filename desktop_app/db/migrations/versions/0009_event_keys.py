"""Filters at scale: a narrow copy of each event's group, days and place, kept by triggers.

`event_keys` holds, per event, its group lead (coalesce(lead_id, id)), its first and
after-last day as date ordinals, its length class, and its article and character span. A filter
reads these small rows instead of the wide `events` rows (which carry the sentence): a date
range is one short range of `ix_event_keys_span` per length class, an entity's mentions find
their events in `ix_event_keys_article`, and the matches are sorted into timeline order from
the same rows; `ix_event_keys_lead` finds a timeline event's members (a graph window asks
whether one of them passes). `ix_mentions_entity_article` gains the mention's end, so an
entity's mentions are read from the index alone. Ordinals, not dates: integers sort and compare
without parsing.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Written out, not imported, so this revision stays as it was run; db.intervals.SPAN_BOUNDS
# must match these bounds (a test checks).
_BOUNDS = (1, 7, 31, 92, 366, 3660)
_ORDINAL = {"sqlite": "CAST(julianday({0}) - 1721424.5 AS INTEGER)",
            "postgresql": "({0} - DATE '0001-01-01' + 1)"}
_COLUMNS = "id, lead_id, day, end_day, article_id, start, \"end\""


def _span_class() -> str:
    whens = " ".join(f"WHEN end_day - day <= {bound} THEN {n}" for n, bound in enumerate(_BOUNDS))
    return f"CASE WHEN day IS NULL OR end_day IS NULL THEN NULL {whens} ELSE {len(_BOUNDS)} END"


def _values(dialect: str, row: str) -> str:
    begin, end = (_ORDINAL[dialect].format(f"{row}.{c}") for c in ('"begin"', "end_date"))
    return (f'{row}.id, coalesce({row}.lead_id, {row}.id), {begin}, {end}, '
            f'{row}.article_id, {row}.start, {row}."end"')


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # STORED, also on SQLite: a filter tests the class of every row the search finds, and a
    # VIRTUAL column would compute its CASE again for each of those tests.
    op.execute(f"CREATE TABLE event_keys (id INTEGER NOT NULL PRIMARY KEY, lead_id INTEGER NOT NULL, "
               f"day INTEGER, end_day INTEGER, article_id INTEGER NOT NULL, start INTEGER NOT NULL, "
               f"\"end\" INTEGER NOT NULL, "
               f"span_class INTEGER GENERATED ALWAYS AS ({_span_class()}) STORED)")
    op.execute(f"INSERT INTO event_keys ({_COLUMNS}) SELECT {_values(dialect, 'e')} FROM events e ORDER BY e.id")
    # Covering: a date range and an entity's events are read from these alone.
    op.execute("CREATE INDEX ix_event_keys_span ON event_keys (span_class, day, end_day, lead_id)")
    op.execute("CREATE INDEX ix_event_keys_article ON event_keys (article_id, start, \"end\", lead_id)")
    # A timeline event's members: whether one passes, asked for the few events of a graph window.
    op.execute("CREATE INDEX ix_event_keys_lead ON event_keys (lead_id)")
    # An entity's mentions with their ends: the entity filter reads the index alone.
    op.execute("DROP INDEX ix_mentions_entity_article")
    op.execute("CREATE INDEX ix_mentions_entity_article ON mentions (entity_id, article_id, start, \"end\")")
    keep = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS.split(", ")[1:])
    if dialect == "postgresql":
        # AFTER is right here (unlike 0008's counts): each row copies only its own event's values.
        op.execute(f"""
            CREATE FUNCTION event_keys_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id <> NEW.id) THEN
                    DELETE FROM event_keys WHERE id = OLD.id;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO event_keys ({_COLUMNS}) VALUES ({_values(dialect, 'NEW')})
                    ON CONFLICT (id) DO UPDATE SET {keep};
                END IF;
                RETURN NULL;
            END $$""")
        op.execute("CREATE TRIGGER event_keys_sync AFTER INSERT OR DELETE OR UPDATE OF id, lead_id, "
                   "\"begin\", end_date, article_id, start, \"end\" ON events "
                   "FOR EACH ROW EXECUTE FUNCTION event_keys_sync()")
    else:
        put = (f"INSERT INTO event_keys ({_COLUMNS}) VALUES ({_values(dialect, 'NEW')}) "
               f"ON CONFLICT (id) DO UPDATE SET {keep};")
        op.execute(f"CREATE TRIGGER event_keys_ai AFTER INSERT ON events BEGIN {put} END")
        op.execute("CREATE TRIGGER event_keys_ad AFTER DELETE ON events "
                   "BEGIN DELETE FROM event_keys WHERE id = OLD.id; END")
        op.execute("CREATE TRIGGER event_keys_au AFTER UPDATE OF id, lead_id, \"begin\", end_date, "
                   "article_id, start, \"end\" ON events BEGIN "
                   f"DELETE FROM event_keys WHERE id = OLD.id AND OLD.id <> NEW.id; {put} END")
        # The planner's row estimates for the new indexes.
        op.execute("ANALYZE event_keys")
        op.execute("ANALYZE ix_mentions_entity_article")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_keys_sync ON events")
        op.execute("DROP FUNCTION IF EXISTS event_keys_sync()")
    else:
        for name in ("event_keys_ai", "event_keys_ad", "event_keys_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE event_keys")
    op.execute("DROP INDEX ix_mentions_entity_article")
    op.execute("CREATE INDEX ix_mentions_entity_article ON mentions (entity_id, article_id, start)")
