"""`timeline-reader --self-test` from the source tree; the frozen run is in tests/build/test_frozen_app.py."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from desktop_app.app import cli, self_test
from tests.conftest import ROOT

CHECK_NAMES = [name for name, _ in self_test.CHECKS]


@pytest.mark.spacy
def test_the_self_test_passes_in_the_source_tree():
    # No display and no platform chosen: the self-test must pick offscreen by itself.
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--self-test"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[0].startswith("Timeline Reader self-test (source tree")
    assert [line.split(":")[0].split()[-1] for line in lines[1:1 + len(CHECK_NAMES)]] == CHECK_NAMES
    assert all(line.startswith("ok  ") for line in lines[1:1 + len(CHECK_NAMES)])
    window = next(line for line in lines if line.startswith("ok    window:"))
    assert "first paint" in window and "platform offscreen" in window
    assert lines[-1] == "self-test passed"


def _checks(*outcomes):
    """Checks named a, b, c… that return their detail or raise what they are given."""
    def make(outcome):
        def check(_ctx):
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome
        return check
    return tuple((chr(ord("a") + i), make(o)) for i, o in enumerate(outcomes))


def test_a_failed_check_fails_the_run_and_skips_the_rest():
    out = io.StringIO()
    code = self_test.run(_checks("fine", self_test.CheckFailed("no events"), "never"), out=out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[1].startswith("ok    a: fine")
    assert lines[2].startswith("FAIL  b: no events")
    assert lines[3] == "skip  c: after the failure of b"
    assert lines[-1] == "self-test FAILED at b"


def test_an_unexpected_error_is_a_failure_with_its_traceback():
    out = io.StringIO()
    assert self_test.run(_checks(KeyError("published")), out=out) == 1
    text = out.getvalue()
    assert "FAIL  a: KeyError: 'published'" in text and "Traceback" in text


def test_all_passing_checks_exit_zero():
    out = io.StringIO()
    assert self_test.run(_checks("x", "y"), out=out) == 0
    assert out.getvalue().splitlines()[-1] == "self-test passed"


def test_the_process_age_is_measured_from_the_process_start():
    age, since = self_test.process_age()
    assert 0 <= age < 24 * 3600
    if sys.platform.startswith("linux"):
        assert since == "process start"


def test_the_command_line_offers_the_self_test():
    assert "--self-test" in cli.build_parser().format_help()
    assert cli.build_parser().parse_args(["--self-test"]).self_test
