"""Database failures in words a user can act on: a full disk, a lock held elsewhere, read-only."""
from __future__ import annotations

import errno

from desktop_app.db import holders


def explain(error: BaseException) -> str | None:
    """A sentence for a database error the user can do something about, or None."""
    text = str(getattr(error, "orig", None) or error)
    if "database or disk is full" in text or getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return ("The disk that holds the database is full. Everything saved before this point is "
                "intact (each article is saved whole or not at all). Free some disk space, then "
                "run the import again: it adds only what is missing.")
    if holders.is_locked_error(error):
        return holders.locked_message()
    if "readonly database" in text:
        return "This database is open read-only, so nothing can be changed in it."
    return None
