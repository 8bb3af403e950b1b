"""Which article links may be opened (after a click and a confirmation)."""
from __future__ import annotations

import pytest

from desktop_app.core import link_policy


@pytest.mark.parametrize("url", ["https://example.org/story?id=4", "http://news.example/a#b",
                                 "mailto:desk@example.org", "HTTPS://EXAMPLE.ORG"])
def test_web_and_mail_addresses_may_be_opened(url):
    assert link_policy.refusal(url) is None


@pytest.mark.parametrize("url,reason", [
    ("javascript:alert(1)", "'javascript:'"),
    ("JavaScript:alert(1)", "'javascript:'"),
    ("data:text/html,<script>x</script>", "'data:'"),
    ("file:///etc/passwd", "'file:'"),
    ("smb://server/share", "'smb:'"),
    ("/local/page.html", "relative"),
    ("https:///nohost", "no host"),
    ("https://example.org/\x00x", "control characters"),
    ("  ", "no address"),
])
def test_other_addresses_are_refused_with_a_reason(url, reason):
    assert reason in link_policy.refusal(url)
