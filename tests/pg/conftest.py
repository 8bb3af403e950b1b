"""A throwaway PostgreSQL cluster for tests/pg: initdb + pg_ctl on a loopback port, stopped at the end.

Set TIMELINE_READER_TEST_PG to a server URL (postgresql+psycopg://user@host:port/db) to use an
existing server instead (each test module still gets a database of its own)."""
from __future__ import annotations

import glob
import os
import pathlib
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid

import pytest

SERVER_ENV = "TIMELINE_READER_TEST_PG"
UNPRIVILEGED = "nobody"  # initdb and postgres refuse to run as root


def find_bin_dir() -> pathlib.Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then the usual distribution places."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return pathlib.Path(on_path).resolve().parent
    candidates = glob.glob("/usr/lib/postgresql/*/bin") + glob.glob("/usr/pgsql-*/bin") \
        + glob.glob("/opt/homebrew/opt/postgresql*/bin") + glob.glob("/usr/local/opt/postgresql*/bin")

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)
    for folder in sorted(candidates, key=version, reverse=True):
        if (pathlib.Path(folder) / "initdb").exists() and (pathlib.Path(folder) / "pg_ctl").exists():
            return pathlib.Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A running server; `url(name)` addresses one database on it."""

    def __init__(self, base_url: str, stop=None):
        import sqlalchemy as sa

        self.base = sa.make_url(base_url)
        self._stop = stop

    def url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def create_database(self, prefix: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = re.sub(r"\W", "_", prefix.lower())[:40] + "_" + uuid.uuid4().hex[:8]
        admin = self.base.set(drivername="postgresql", database=self.base.database or "postgres")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg
        import sqlalchemy as sa

        name = sa.make_url(url).database
        admin = self.base.set(drivername="postgresql", database=self.base.database or "postgres")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()


def _as_user(cmd: list[str]) -> list[str]:
    """Run `cmd` as an unprivileged user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", UNPRIVILEGED, "--", *cmd]
    user = pwd.getpwnam(UNPRIVILEGED)
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", *cmd]


def start_cluster() -> Cluster:
    """initdb into a temporary folder and start postgres on a free loopback port."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in "
                    "/usr/lib/postgresql/*/bin; `python3 dev.py test` installs them with apt-get")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(UNPRIVILEGED)
        except KeyError:
            pytest.skip(f"running as root and there is no '{UNPRIVILEGED}' user to run postgres as")
    root = pathlib.Path(tempfile.mkdtemp(prefix="timeline-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        user = pwd.getpwnam(UNPRIVILEGED)
        os.chown(root, user.pw_uid, user.pw_gid)
    os.chmod(root, 0o700)
    env = dict(os.environ, LC_ALL="C", LANG="C")
    env.pop("PGDATA", None)
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
              "--locale=C", "--no-sync"]
    # Code-point order like SQLite, and Unicode case folding for text search ("ÉCOLE" -> "école");
    # plain C (ASCII-only folding) where the C.UTF-8 locale is missing.
    if subprocess.run(_as_user(initdb + ["--lc-ctype=C.UTF-8"]), capture_output=True, env=env,
                      cwd=root).returncode:
        shutil.rmtree(data, ignore_errors=True)
        subprocess.run(_as_user(initdb), check=True, capture_output=True, env=env, cwd=root)
    last_error = ""
    for _ in range(3):  # a port picked free can be taken before postgres binds it
        port = _free_port()
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        done = subprocess.run(_as_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                                        "-t", "60", "-o", options, "start"]),
                              capture_output=True, text=True, env=env, cwd=root)
        if done.returncode == 0:
            break
        last_error = done.stderr + (log.read_text(errors="replace") if log.exists() else "")
    else:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {last_error}")

    def stop() -> None:
        subprocess.run(_as_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True, env=env, cwd=root)
        shutil.rmtree(root, ignore_errors=True)
    return Cluster(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop)


@pytest.fixture(scope="session")
def pg_cluster():
    """The server for the whole session: an existing one from $TIMELINE_READER_TEST_PG, or ours."""
    pytest.importorskip("psycopg", reason="psycopg (v3) is not installed: pip install 'psycopg[binary]'")
    if os.environ.get(SERVER_ENV):
        yield Cluster(os.environ[SERVER_ENV])
        return
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def pg_url(pg_cluster, request) -> str:
    """An empty database of its own for each test module."""
    return pg_cluster.create_database(request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture
def fresh_pg_url(pg_cluster, request):
    """An empty database of its own for one test, dropped afterwards."""
    url = pg_cluster.create_database(request.node.name)
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture
def session_factory(fresh_pg_url):
    """A migrated PostgreSQL database: the SQLite fixture of tests/conftest.py, on PostgreSQL, so
    tests of tests/db imported into tests/pg run against the server."""
    from desktop_app.db import session

    factory = session.open_database(fresh_pg_url)
    yield factory
    factory.kw["bind"].dispose()
