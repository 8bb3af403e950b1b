"""Web-debris detection on scraped-page shapes, and no false alarms on ordinary news prose."""
from __future__ import annotations

import time

import pytest

from desktop_app.core import debris
from desktop_app.core.debris import find_debris, is_breadcrumb, is_widget, iter_lines

BODY = [
    "A coastal town in Maine is asking the state for emergency funds after a winter storm destroyed "
    "its harbour, officials said on Monday.",
    "The governor's office declined to comment on the request, saying only that talks were ongoing.",
    "Shares in the regional ferry operator fell 3% on Tuesday as investors weighed the cost of repairs.",
]


def flagged_lines(text: str) -> list[str]:
    return [text[s:e] for s, e in find_debris(text)]


def test_tail_block_of_comment_form_and_link_lists():
    tail = ["RELATED ARTICLES", "", "LEAVE A REPLY", "", "Please enter your comment!",
            "Please enter your name here", "", "- Advertisement -", "", "Most Popular", "",
            "Harbour towns brace for another storm", "Recent Comments"]
    text = "\n\n".join(BODY) + "\n\n" + "\n".join(tail)
    assert flagged_lines(text) == [line for line in tail if line]


def test_tail_of_bookmark_and_commenting_widgets():
    tail = ["Join our commenting forum",
            "Join lively conversations, follow other readers and see their replies",
            "Comments", "Bookmark popover", "Removed from bookmarks"]
    text = "\n".join(BODY + tail)
    assert flagged_lines(text) == tail


def test_misspelled_advert_and_decorated_labels():
    for line in ("- Advertisment -", "ADVERTISEMENT", "• Share on Facebook", "**Share this article**",
                 "Story continues below advertisement", "Sign up for our newsletter", "Subscribe now",
                 "12 Comments", "View all comments", "Follow us on Twitter", "We use cookies",
                 "Accept all cookies", "Most read", "You may also like", "Copy link",
                 "Tags: Maine, storms, harbours", "© 2026 Example Media. All rights reserved."):
        assert is_widget(line), line


@pytest.mark.parametrize("line", [
    "The minister declined to comment on the report.",
    "Shares fell 3% on Tuesday.",
    "Share prices recovered later in the week",
    "Millions sign up for health coverage in record year",
    "Others are expected to follow the province's lead next spring.",
    "“Leave a reply on the form,” the clerk told reporters.",
    "Most popular baby names of 2025 revealed",
    "Copyright lawsuit against AI firm dismissed",
    "Readers can share their views at public meetings in the spring.",
    "Comments by the minister drew criticism from opposition parties.",
    "The newsletter, first reported by the Globe, was sent to members on Friday.",
    "Tariff threats follow months of tension between the neighbours",
])
def test_news_prose_and_headlines_are_not_widgets(line):
    assert not is_widget(line)
    assert not is_breadcrumb(line)
    text = "\n".join([line] + BODY + [line])
    assert find_debris(text) == []


def test_breadcrumbs():
    assert is_breadcrumb("HomeWorld NewsA rebel group is asking for help....")
    assert is_breadcrumb("HomeNewsPolitics")
    assert is_breadcrumb("Home › World › Europe")
    assert is_breadcrumb("News » Politics")
    assert is_breadcrumb("Home > News > Canada")
    assert is_breadcrumb("Home / Politics")
    assert not is_breadcrumb("HomePod sales climb after price cut")
    assert not is_breadcrumb("Homeland Security officials met on Monday.")
    assert not is_breadcrumb("Prices rose 5% / year in the region.")
    assert not is_breadcrumb("Growth > 3% is unlikely, the bank said.")


def test_short_body_lines_before_the_tail_stay():
    # A sign-off line right after the body is not debris just because the debris block follows.
    text = "\n".join(BODY + ["Reporting by Jane Roe; editing by Sam Poe", "RELATED ARTICLES",
                             "Storm season ahead"])
    assert flagged_lines(text) == ["RELATED ARTICLES", "Storm season ahead"]


def test_closing_all_caps_section_without_widgets_is_body():
    text = "\n".join(BODY + ["KEY FACTS", "Harbour rebuilt in 1998", "Population 4,200"])
    assert find_debris(text) == []


def test_file_of_only_short_lines_keeps_its_title():
    text = "STORM HITS HARBOUR\nShare"
    assert flagged_lines(text) == ["Share"]


def test_ranges_exclude_line_breaks_with_crlf():
    text = "\r\n".join(BODY + ["Comments", "Bookmark"]) + "\r\n"
    for start, end in find_debris(text):
        assert "\r" not in text[start:end] and "\n" not in text[start:end]
    assert flagged_lines(text) == ["Comments", "Bookmark"]


def test_start_offset_skips_front_matter():
    text = "---\ntitle: Share\n---\nComments\n"
    assert find_debris(text, start=text.index("Comments")) == [(text.index("Comments"), len(text) - 1)]


def test_iter_lines_handles_every_line_break():
    text = "a\r\nb\rc\n\nd"
    assert [line for _, _, line in iter_lines(text)] == ["a", "b", "c", "", "d"]
    assert all(text[s:e] == line for s, e, line in iter_lines(text))


def test_linear_time_on_hostile_input():
    lines = ["join " + "a-" * 20000, "Home" + "Ab" * 20000, "x " * 20000, "›" * 20000,
             "Accept " + "x" * 20000 + " cookies"] * 5
    text = "\n".join(lines * 2)
    started = time.perf_counter()
    find_debris(text)
    assert time.perf_counter() - started < 2.0


def test_blanked_runs_are_exact_and_blocks_join_across_whitespace():
    original = "Share this\nRELATED  ARTICLES\nThe council met."
    cut = original.index("\nThe")
    clean = "".join(c if c.isspace() else " " for c in original[:cut]) + original[cut:]
    assert debris.blanked_runs(original, clean) == ((0, 5), (6, 10), (11, 18), (20, 28))
    assert debris.blanked_blocks(original, clean) == [(0, 28)]
    assert debris.blanked_runs("abc", "abc") == () and debris.blanked_blocks("abc", "abc") == []
