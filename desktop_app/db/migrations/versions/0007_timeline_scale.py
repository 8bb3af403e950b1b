"""Timeline at scale: timeline events per day kept by triggers, an interval index and a group index.

- `event_days`: how many timeline events (dated group leads) begin on each day. The list's row
  positions, the density strip and the zoomed-out graph read it instead of counting a million rows.
- `events.span_class`: the event's length in classes (a day, a week, a month, …), indexed with
  `begin`, so "overlaps [lo, hi)" becomes one short index range per class (see db.intervals).
- An index on coalesce(lead_id, id): the group an event belongs to, counted per listed event.
- An index on end_date: the last day of the timeline without a scan.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Written out, not imported, so this revision stays as it was run; db.intervals.SPAN_BOUNDS
# must match these bounds (a test checks).
_BOUNDS = (1, 7, 31, 92, 366, 3660)
_DAYS = {"sqlite": "(julianday(end_date) - julianday(\"begin\"))", "postgresql": "(end_date - \"begin\")"}
_COUNTED = "{0}.\"begin\" IS NOT NULL AND coalesce({0}.lead_id, {0}.id) = {0}.id"


def _span_class(dialect: str) -> str:
    days = _DAYS[dialect]
    whens = " ".join(f"WHEN {days} <= {bound} THEN {n}" for n, bound in enumerate(_BOUNDS))
    return f"CASE WHEN \"begin\" IS NULL OR end_date IS NULL THEN NULL {whens} ELSE {len(_BOUNDS)} END"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("CREATE TABLE event_days (day DATE NOT NULL PRIMARY KEY, events INTEGER NOT NULL)")
    op.execute(f"INSERT INTO event_days (day, events) SELECT \"begin\", count(*) FROM events e "
               f"WHERE {_COUNTED.format('e')} GROUP BY \"begin\"")
    if dialect == "postgresql":
        op.execute(f"ALTER TABLE events ADD COLUMN span_class INTEGER "
                   f"GENERATED ALWAYS AS ({_span_class(dialect)}) STORED")
        op.execute(f"""
            CREATE FUNCTION event_days_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') AND {_COUNTED.format('OLD')} THEN
                    UPDATE event_days SET events = events - 1 WHERE day = OLD."begin";
                    DELETE FROM event_days WHERE day = OLD."begin" AND events <= 0;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') AND {_COUNTED.format('NEW')} THEN
                    INSERT INTO event_days (day, events) VALUES (NEW."begin", 1)
                    ON CONFLICT (day) DO UPDATE SET events = event_days.events + 1;
                END IF;
                RETURN NULL;
            END $$""")
        op.execute("CREATE TRIGGER event_days_sync AFTER INSERT OR DELETE OR UPDATE OF \"begin\", lead_id "
                   "ON events FOR EACH ROW EXECUTE FUNCTION event_days_sync()")
    else:
        # VIRTUAL: computed when read, so adding it rewrites nothing; the index stores it.
        op.execute(f"ALTER TABLE events ADD COLUMN span_class INTEGER "
                   f"GENERATED ALWAYS AS ({_span_class(dialect)}) VIRTUAL")
        add = ("INSERT INTO event_days (day, events) SELECT NEW.\"begin\", 1 WHERE {} "
               "ON CONFLICT (day) DO UPDATE SET events = events + 1;").format(_COUNTED.format("NEW"))
        remove = ("UPDATE event_days SET events = events - 1 WHERE day = OLD.\"begin\" AND {0}; "
                  "DELETE FROM event_days WHERE day = OLD.\"begin\" AND events <= 0;"
                  ).format(_COUNTED.format("OLD"))
        op.execute(f"CREATE TRIGGER event_days_ai AFTER INSERT ON events BEGIN {add} END")
        op.execute(f"CREATE TRIGGER event_days_ad AFTER DELETE ON events BEGIN {remove} END")
        op.execute(f"CREATE TRIGGER event_days_au AFTER UPDATE OF \"begin\", lead_id ON events "
                   f"BEGIN {remove} {add} END")
    op.execute("CREATE INDEX ix_events_span ON events (span_class, \"begin\")")
    op.execute("CREATE INDEX ix_events_group ON events ((coalesce(lead_id, id)))")
    op.execute("CREATE INDEX ix_events_end ON events (end_date)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for index in ("ix_events_end", "ix_events_group", "ix_events_span"):
        op.execute(f"DROP INDEX IF EXISTS {index}")
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_days_sync ON events")
        op.execute("DROP FUNCTION IF EXISTS event_days_sync()")
    else:
        for name in ("event_days_ai", "event_days_ad", "event_days_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE events DROP COLUMN span_class")
    op.execute("DROP TABLE event_days")
