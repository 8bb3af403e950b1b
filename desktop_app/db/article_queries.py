"""Article metadata lookups for filters (kept apart from db.queries)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from desktop_app.db import models


def outlets(session: orm.Session) -> list[str]:
    """Every outlet named by an article, sorted case-insensitively; articles without one are left out."""
    a = models.Article
    names = session.scalars(sa.select(a.outlet).where(a.outlet != "").distinct())
    return sorted(names, key=lambda n: (n.casefold(), n))
