"""Debris forms beyond the seed pages: comment-form fine print, share bars, related-link labels."""
from __future__ import annotations

import pytest

from desktop_app.core.debris import find_debris, is_breadcrumb, is_widget

BODY = ("The ferry company said on Monday it would add a second boat on the island route from June.\n"
        "Passengers had complained of queues of more than an hour on summer weekends.\n")


@pytest.mark.parametrize("line", [
    "Your email address will not be published.",
    "Your e-mail will not be shared. Required fields are marked *",
    "Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Notify me of follow-up comments by email.",
    "Comments are closed.",
    "Post Comment",
    "Tweet",
    "Save for later",
    "Facebook Twitter WhatsApp Email",
    "Share · Tweet · Pin · Email",
    "Click to share on X (Opens in new window)",
    "Related: Island ferry fares to rise in spring",
    "SEE ALSO: Queues at the ferry port",
    "Article continues after this advertisement",
    "- Advertisement -",
    "READ MORE",
    "Most Popular",
])
def test_new_widget_forms(line):
    assert is_widget(line), line


@pytest.mark.parametrize("line", [
    "Passengers said the new boat would save them an hour each way.",
    "The company will tweet updates on delays, a spokesperson said.",
    "Related costs were not disclosed by the ferry company.",
    "Email records showed the route had been under review since 2024.",
    "Comments from passengers were mostly positive.",
])
def test_prose_with_widget_words_stays(line):
    assert not is_widget(line), line


@pytest.mark.parametrize("line", [
    "HomeTransportFerry company adds a second boat on the island…",
    "HomeIslands & CoastFerry queues grow as summer starts",
])
def test_run_together_breadcrumbs(line):
    assert is_breadcrumb(line)


def test_homepod_style_words_are_not_crumbs():
    assert not is_breadcrumb("HomeGoods opens a store on the island")


def test_comment_form_block_is_debris_in_a_page():
    tail = ["Leave a Reply", "Your email address will not be published. Required fields are marked *",
            "Comment *", "Name *", "Save my name, email, and website in this browser for the next time I comment.",
            "Post Comment"]
    text = "Ferry adds a second boat\n" + BODY + "\n".join(tail)
    assert [text[s:e] for s, e in find_debris(text)] == tail
