"""Entity lists at scale: mention and article counts per entity kept by triggers, and indexes
to page the entity, figure and article lists in SQL.

- `entity_stats`: per entity, how many mentions and how many distinct articles mention it.
  Triggers on `mentions` keep it exact through imports, relinking, curation and deletes.
- Indexes for each sort of the lists (counts, case-insensitive name) and for the alias filter.
- `ix_articles_published_title`: the article chooser's order, paged without a sort.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_INDEXES = (
    ("ix_entity_stats_mentions", "entity_stats (mentions)"),
    ("ix_entity_stats_articles", "entity_stats (articles)"),
    ("ix_entities_name_lower", "entities (lower(name))"),
    ("ix_mentions_entity_name", "mentions (entity_id, name)"),
    ("ix_articles_published_title", "articles (published, title)"),
)
# "Another mention of the same entity in the same article" (the row itself excluded).
_OTHER = ("EXISTS (SELECT 1 FROM mentions o WHERE o.entity_id = {0}.entity_id "
          "AND o.article_id = {0}.article_id AND o.id <> {0}.id)")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # The foreign key as a table constraint: SQLite's reflection reads ON DELETE only from that.
    op.execute("CREATE TABLE entity_stats (entity_id INTEGER NOT NULL PRIMARY KEY, "
               "mentions INTEGER NOT NULL, articles INTEGER NOT NULL, "
               "FOREIGN KEY (entity_id) REFERENCES entities (id) ON DELETE CASCADE)")
    op.execute("INSERT INTO entity_stats (entity_id, mentions, articles) "
               "SELECT entity_id, count(*), count(DISTINCT article_id) FROM mentions GROUP BY entity_id")
    if dialect == "postgresql":
        # BEFORE, not AFTER: PostgreSQL runs AFTER row triggers once the whole statement is done,
        # so each would see every row of a multi-row statement; BEFORE sees the rows so far.
        op.execute(f"""
            CREATE FUNCTION entity_stats_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND OLD.entity_id = NEW.entity_id
                        AND OLD.article_id = NEW.article_id THEN
                    RETURN NEW;
                END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    UPDATE entity_stats SET mentions = mentions - 1,
                        articles = articles - CASE WHEN {_OTHER.format('OLD')} THEN 0 ELSE 1 END
                    WHERE entity_id = OLD.entity_id;
                    DELETE FROM entity_stats WHERE entity_id = OLD.entity_id AND mentions <= 0;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    -- OLD.id = NEW.id on update, so the moving row itself is not counted
                    INSERT INTO entity_stats (entity_id, mentions, articles) VALUES (NEW.entity_id, 1, 1)
                    ON CONFLICT (entity_id) DO UPDATE SET mentions = entity_stats.mentions + 1,
                        articles = entity_stats.articles
                                   + CASE WHEN {_OTHER.format('NEW')} THEN 0 ELSE 1 END;
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$""")
        op.execute("CREATE TRIGGER entity_stats_sync BEFORE INSERT OR DELETE OR UPDATE OF entity_id, "
                   "article_id ON mentions FOR EACH ROW EXECUTE FUNCTION entity_stats_sync()")
    else:
        # SQLite runs row triggers as each row changes: AFTER sees exactly the rows so far.
        add = ("INSERT INTO entity_stats (entity_id, mentions, articles) VALUES (NEW.entity_id, 1, 1) "
               "ON CONFLICT (entity_id) DO UPDATE SET mentions = mentions + 1, "
               f"articles = articles + NOT {_OTHER.format('NEW')};")
        remove = ("UPDATE entity_stats SET mentions = mentions - 1, articles = articles - NOT EXISTS "
                  "(SELECT 1 FROM mentions o WHERE o.entity_id = OLD.entity_id "
                  "AND o.article_id = OLD.article_id) WHERE entity_id = OLD.entity_id; "
                  "DELETE FROM entity_stats WHERE entity_id = OLD.entity_id AND mentions <= 0;")
        op.execute(f"CREATE TRIGGER entity_stats_ai AFTER INSERT ON mentions BEGIN {add} END")
        op.execute(f"CREATE TRIGGER entity_stats_ad AFTER DELETE ON mentions BEGIN {remove} END")
        op.execute("CREATE TRIGGER entity_stats_au AFTER UPDATE OF entity_id, article_id ON mentions "
                   "WHEN OLD.entity_id IS NOT NEW.entity_id OR OLD.article_id IS NOT NEW.article_id "
                   f"BEGIN {remove} {add} END")
    for name, target in _INDEXES:
        op.execute(f"CREATE INDEX {name} ON {target}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, _target in _INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS entity_stats_sync ON mentions")
        op.execute("DROP FUNCTION IF EXISTS entity_stats_sync()")
    else:
        for name in ("entity_stats_ai", "entity_stats_ad", "entity_stats_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE entity_stats")
