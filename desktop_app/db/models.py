"""SQLAlchemy 2 typed models. The schema itself is created by the Alembic migrations."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (BigInteger, Boolean, Computed, Date, DateTime, ForeignKey, Index, Integer, String,
                        Text, false, true)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(4096))
    title: Mapped[str] = mapped_column(String(1024))
    original_text: Mapped[str] = mapped_column(Text)
    # The original with web debris and metadata lines blanked: same length, same offsets.
    clean_text: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    published_how: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    encoding: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    outlet: Mapped[str] = mapped_column(String(256), default="", server_default="", index=True)
    url: Mapped[str] = mapped_column(String(2048), default="", server_default="")
    author: Mapped[str] = mapped_column(String(512), default="", server_default="")
    # The file read (`path` adds "#N" for one object of a JSON file), with its size and
    # modification time then: a re-import skips a file whose three are unchanged, unread.
    file_path: Mapped[str] = mapped_column(String(4096), default="", server_default="", index=True)
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    file_mtime_ns: Mapped[int | None] = mapped_column(BigInteger)


class Entity(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)
    name: Mapped[str] = mapped_column(String(512))
    type: Mapped[str] = mapped_column(String(16), index=True)
    # Set by the user's hide decision (see Curation); hidden entities leave lists and highlights.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        Index("ix_mentions_entity_article", "entity_id", "article_id", "start", "end"),  # "end": 0009
        Index("ix_mentions_article_start", "article_id", "start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(512))
    name: Mapped[str] = mapped_column(String(512))
    label: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(256), default="", server_default="")


class Curation(Base):
    """One user decision about entities, replayed in id order after every relink.

    Keys are entity keys (linking's `TYPE:normalised name`, or a split's own key) and
    normalised alias names, so decisions survive relinking and re-import.
    """

    __tablename__ = "curation"
    __table_args__ = (Index("ix_curation_active", "active", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(32))  # merge, split_alias, split_mention, rename, ...
    subject_key: Mapped[str] = mapped_column(String(512))
    target_key: Mapped[str] = mapped_column(String(512), default="", server_default="")
    value: Mapped[str] = mapped_column(String(1024), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Timex(Base):
    __tablename__ = "timexes"
    __table_args__ = (Index("ix_timexes_article_start", "article_id", "start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(512))
    type: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(64))
    mod: Mapped[str | None] = mapped_column(String(16))
    begin: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    granularity: Mapped[str | None] = mapped_column(String(16))


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_begin", "begin", "end_date", "article_id", "start"),
        Index("ix_events_article_start", "article_id", "start"),
        Index("ix_events_lead", "lead_id"),
        Index("ix_events_span", "span_class", "begin"),
        Index("ix_events_end", "end_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # None for an event dated by its article's publication day (no time expression of its own).
    timex_id: Mapped[int | None] = mapped_column(ForeignKey("timexes.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # None for a floating event: dated only by an unresolved expression, shown only as another
    # event's source (see db.event_groups).
    begin: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    # The event that stands for this one's group on the timeline (itself when alone, as import
    # stores it; None in databases from before that, which queries read as coalesce(lead_id, id)).
    lead_id: Mapped[int | None] = mapped_column(Integer)
    # core.modality.FLAGS joined by commas, in that order ("" for none); see queries.has_flag.
    flags: Mapped[str] = mapped_column(String(128), default="", server_default="")
    open_start: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    open_end: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # How long the event lasts, in classes (db.intervals.SPAN_BOUNDS); computed by the database
    # (migration 0007) and indexed with `begin` so interval overlap is a few index ranges.
    span_class: Mapped[int | None] = mapped_column(Integer, Computed("span_class"))


class EventDay(Base):
    """How many timeline events (dated group leads) begin on a day; kept by triggers (0007)."""

    __tablename__ = "event_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    events: Mapped[int] = mapped_column(Integer)


class EventKey(Base):
    """One event's group lead, days (date ordinals) and place: what filters read (0009).

    A narrow copy of `events` kept by triggers, so filters never read the wide event rows."""

    __tablename__ = "event_keys"
    __table_args__ = (
        Index("ix_event_keys_span", "span_class", "day", "end_day", "lead_id"),
        Index("ix_event_keys_article", "article_id", "start", "end", "lead_id"),
        Index("ix_event_keys_lead", "lead_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    lead_id: Mapped[int] = mapped_column(Integer)  # coalesce(events.lead_id, events.id)
    day: Mapped[int | None] = mapped_column(Integer)  # begin's ordinal (date.toordinal)
    end_day: Mapped[int | None] = mapped_column(Integer)  # end_date's ordinal (exclusive)
    article_id: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    # db.intervals.SPAN_BOUNDS class of end_day - day, computed by the database (0009).
    span_class: Mapped[int | None] = mapped_column(Integer, Computed("span_class"))


class ImportJob(Base):
    """An import as it was asked for; `finished_at` stays None if it was cut short (a crash)."""

    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_open", "finished_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paths: Mapped[str] = mapped_column(Text)  # JSON list of the files and folders given
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    host: Mapped[str] = mapped_column(String(256), default="", server_default="")
    pid: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class EntityStat(Base):
    """Mentions and distinct articles per entity; kept exact by triggers on mentions (0008)."""

    __tablename__ = "entity_stats"

    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    mentions: Mapped[int] = mapped_column(Integer, index=True)
    articles: Mapped[int] = mapped_column(Integer, index=True)


import sqlalchemy as sa  # noqa: E402  (here, with what 0008 appended)

# Indexes 0008 adds to older tables, declared here so the classes above stay as they were:
# the lists sort by lower(name), the alias filter reads (entity_id, name) pairs, the article
# chooser pages by (published, title).
Index("ix_entities_name_lower", sa.func.lower(Entity.name))
Index("ix_mentions_entity_name", Mention.entity_id, Mention.name)
Index("ix_articles_published_title", Article.published, Article.title)


# Tables the database keeps from other tables by triggers (migrations 0007, 0008, 0009): never
# copied, they fill themselves as the rows they count are inserted.
TRIGGER_KEPT = ("event_days", "entity_stats", "event_keys")
