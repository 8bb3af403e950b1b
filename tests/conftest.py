"""Shared fixtures. Qt runs offscreen in every test; set before any Qt import."""
from __future__ import annotations

import os
import pathlib

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")

import pytest  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE_CORPUS = ROOT / "resources" / "sample_corpus"
CI_LOG = "ci_log"  # the user property `ci_log` records


@pytest.fixture
def session_factory():
    """A migrated in-memory SQLite database."""
    from desktop_app.db import session

    return session.open_database("sqlite://")


@pytest.fixture
def story_db(session_factory):
    """A small database built through the real storing path, without spaCy."""
    from tests import factories

    factories.build_story(session_factory)
    return session_factory


@pytest.fixture
def ci_log(record_property):
    """Call with a line (a figure the CI log should keep): printed in the run's summary, also
    when the test ran in a parallel worker, whose own output pytest-xdist does not show."""
    return lambda line: record_property(CI_LOG, line)


def pytest_terminal_summary(terminalreporter) -> None:
    lines = [value for report in terminalreporter.stats.get("passed", ())
             for name, value in report.user_properties if name == CI_LOG]
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)


def shared_path(*parts: str) -> pathlib.Path:
    """A path inside ../shared, skipping the test with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is not beside the checkout ({path} missing); CI provides it")
    return path
