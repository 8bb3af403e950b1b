"""The jump-to-date parser: ISO and written dates, a clear error for anything else."""
from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.jump_date import parse_jump_date

D = dt.date


@pytest.mark.parametrize("text, day", [
    ("2025", D(2025, 1, 1)), ("2025-04", D(2025, 4, 1)), ("2025-04-03", D(2025, 4, 3)),
    ("2025/4/3", D(2025, 4, 3)), ("April 2025", D(2025, 4, 1)), ("apr 2025", D(2025, 4, 1)),
    ("Sept. 2026", D(2026, 9, 1)), ("3 April 2025", D(2025, 4, 3)), ("3rd April, 2025", D(2025, 4, 3)),
    ("April 3, 2025", D(2025, 4, 3)), ("  2025-04  ", D(2025, 4, 1)),
])
def test_parses(text, day):
    assert parse_jump_date(text) == day


@pytest.mark.parametrize("text, says", [
    ("", "No date given"), ("tomorrow", "'tomorrow' is not a date"),
    ("2025-13", "month must be in 1..12"), ("31 April 2025", "is not a date"),
    ("Smarch 2025", "no month called 'smarch'"), ("25", "is not a date"),
])
def test_rejects_with_a_message(text, says):
    with pytest.raises(ValueError) as info:
        parse_jump_date(text)
    assert says in str(info.value)
    assert "April 2025" in str(info.value)  # the hint says what would work
