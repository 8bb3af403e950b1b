"""Promise 4 of docs/reliability.md: a database locked by another process waits out the busy
timeout, then the error names who holds it."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from desktop_app.db import holders, session as db_session

HOLDER = textwrap.dedent("""
    import sys, time
    from desktop_app.db import session
    factory = session.open_database(sys.argv[1])
    conn = factory.kw["bind"].raw_connection()
    conn.execute("BEGIN IMMEDIATE")  # the write lock, held until this process is killed
    print("locked", flush=True)
    time.sleep(120)
""")


def test_a_write_waits_then_names_the_process_holding_the_lock(tmp_path):
    path = tmp_path / "shared.timeline"
    factory = db_session.open_database(str(path))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(sa.exc.OperationalError) as caught, factory.begin() as s:
            s.execute(sa.text("INSERT INTO entities (key, name, type) VALUES ('k', 'K', 'PERSON')"))
        assert holders.is_locked_error(caught.value)
        message = holders.locked_message()
        assert f"process {holder.pid} " in message and "Timeline Reader" in message
    finally:
        holder.kill()
        holder.wait()
    assert "Another program" in holders.locked_message()  # its record is stale now, and cleaned up
    with factory.begin() as s:  # and the database works again
        s.execute(sa.text("INSERT INTO entities (key, name, type) VALUES ('k', 'K', 'PERSON')"))
    factory.kw["bind"].dispose()
