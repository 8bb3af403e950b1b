"""Import jobs: recorded when an import starts and closed when it ends, so that after a crash
the app can offer to resume (importing the same paths again reads only what is missing)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import socket
import contextlib
from collections.abc import Iterable, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import holders, models


@dataclasses.dataclass(frozen=True)
class Job:
    id: int
    paths: tuple[str, ...]
    started_at: dt.datetime


def begin(session: orm.Session, paths: Iterable[str | os.PathLike]) -> int:
    """Record an import of `paths` by this process; returns the job id (caller commits)."""
    job = models.ImportJob(paths=json.dumps([os.fspath(p) for p in paths]), started_at=dt.datetime.now(),
                           host=socket.gethostname(), pid=os.getpid())
    session.add(job)
    session.flush()
    return job.id


def finish(session: orm.Session, job_id: int) -> None:
    """Mark the job done (completed, cancelled or failed with a reported error: not a crash)."""
    session.execute(sa.update(models.ImportJob).where(models.ImportJob.id == job_id)
                    .values(finished_at=dt.datetime.now()))


@contextlib.contextmanager
def tracked(session_factory: orm.sessionmaker, paths: Iterable[str | os.PathLike]) -> Iterator[int]:
    """Record the import for its duration: closed when the body returns (a cancel included),
    left open when it raises or the process dies, so the next start offers to resume it."""
    paths = [os.fspath(p) for p in paths]
    with session_factory.begin() as session:
        job_id = begin(session, paths)
    yield job_id
    with session_factory.begin() as session:
        finish(session, job_id)
        # this import also completed any cut-short one over the same paths
        dismiss(session, [j.id for j in interrupted(session) if set(j.paths) <= set(paths)])


def _running_here(row: models.ImportJob) -> bool:
    """Is the process that started the job still alive on this host (an import in progress)?"""
    return row.host == socket.gethostname() and row.pid > 0 and holders.process_alive(row.pid)


def interrupted(session: orm.Session) -> list[Job]:
    """Jobs that never finished and whose process is gone: crashes or kills, newest first."""
    rows = session.scalars(sa.select(models.ImportJob).where(models.ImportJob.finished_at.is_(None))
                           .order_by(models.ImportJob.id.desc()))
    return [Job(r.id, tuple(json.loads(r.paths)), r.started_at) for r in rows if not _running_here(r)]


def dismiss(session: orm.Session, job_ids: Sequence[int]) -> None:
    """The user declined to resume: stop offering these jobs."""
    session.execute(sa.update(models.ImportJob).where(models.ImportJob.id.in_(job_ids))
                    .values(finished_at=dt.datetime.now()))


def describe(job: Job) -> str:
    """'3 folders and files, started 22 Nov 10:02' for the resume question."""
    noun = "folder or file" if len(job.paths) == 1 else "folders and files"
    return f"{len(job.paths)} {noun}, started {job.started_at:%d %b %H:%M}"
