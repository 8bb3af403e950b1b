"""Modality flags from lexical cues (desktop_app.core.modality); sentences written for the tests."""
from __future__ import annotations

import pytest

from desktop_app.core import modality


def flags_at(sentence: str, phrase: str) -> tuple[str, ...]:
    """Flags of the event dated by `phrase`, which is masked like a time expression."""
    start = sentence.index(phrase)
    span = (start, start + len(phrase))
    return modality.flags(sentence, 0, span, [span])


@pytest.mark.parametrize("sentence,phrase,expected", [
    ("The harbour board plans to vote on the pier next month.", "next month", {"planned"}),
    ("Mayor Lind will open the new ferry terminal in June.", "in June", {"planned"}),
    ("The trust is scheduled to publish its accounts in April.", "in April", {"planned"}),
    ("The group hopes to hold a second meeting in Portvale next month.", "next month", {"planned"}),
    ("The ferry line is expected to reopen in the spring.", "in the spring", {"expected"}),
    ("The tunnel is set to close for repairs in August.", "in August", {"expected"}),
    ("The court ruling is expected in July.", "in July", {"expected"}),
    ("A strike could shut the port as early as this fall.", "this fall", {"possible"}),
    ("The council might revisit the budget in October.", "in October", {"possible"}),
    ("The pier will possibly open in 2027.", "in 2027", {"planned", "possible"}),
    ("In May, the council will vote on the pier.", "In May", {"planned"}),
])
def test_tentative_cues(sentence, phrase, expected):
    assert set(flags_at(sentence, phrase)) == expected


def test_may_the_month_is_not_the_modal():
    assert flags_at("The harbour opened in May 2024.", "May 2024") == ()
    # A capital "May" the tagger missed is still not the modal; the lower-case one is.
    assert flags_at("Crews worked through May on the pier in 2024.", "in 2024") == ()
    assert flags_at("The board may meet in 2027.", "in 2027") == ("possible",)


def test_will_the_noun_is_not_planned():
    assert flags_at("The political will of the council grew in 2024.", "in 2024") == ()
    assert flags_at("Voters showed their will in March.", "in March") == ()


@pytest.mark.parametrize("sentence,phrase", [
    ("The council did not approve the pier in March.", "in March"),
    ("The ferry never ran on Sundays in 2023.", "in 2023"),
    ("The trust no longer owned the dock in 2022.", "in 2022"),
    ("The board hasn’t met since January.", "January"),
])
def test_negation(sentence, phrase):
    assert "negated" in flags_at(sentence, phrase)


def test_not_only_and_whether_or_not_are_not_negation():
    assert flags_at("The trust not only bought the dock in 2022 but rebuilt it.", "in 2022") == ()
    assert "negated" not in flags_at("Whether or not it rains, the fair opens in June.", "in June")


def test_modal_cues_stay_in_their_clause():
    sentence = "A levy passed last year could fund a new pier as early as next spring."
    assert flags_at(sentence, "next spring") == ("possible",)
    sentence = ("Divers are mapping the wreck for a survey that could begin this fall, following a "
                "grant awarded last year that covered the boats.")
    assert flags_at(sentence, "this fall") == ("possible",)
    assert flags_at(sentence, "last year") == ()
    # A modal after the date belongs to another verb: the poll itself happened.
    assert flags_at("A survey in January found most residents would back the pier.", "in January") == ()
    sentence = "The pier may flood in June, but in July the ferry will run."
    assert flags_at(sentence, "in June") == ("possible",)
    assert flags_at(sentence, "in July") == ("planned",)


@pytest.mark.parametrize("sentence,phrase,expected", [
    ("The ferry stopped in March, Lind told the Courier.", "in March", {"reported", "attributed"}),
    ("The ferry stopped in March, a port spokesperson said.", "in March", {"reported", "attributed"}),
    ("“We rebuilt the dock in 2024,” said Ana Lind.", "in 2024", {"reported", "attributed"}),
    ("According to Oskar Berg, the trust was founded in 2019.", "in 2019", {"reported", "attributed"}),
    ("According to the annual report, the trust was founded in 2019.", "in 2019", {"reported"}),
    ("The trust reportedly sold the dock in 2021.", "in 2021", {"reported"}),
    ("Officials met the builders in March, sources told the Ledger.", "in March",
     {"reported", "attributed"}),
    ("The trust sold the dock in 2021.", "in 2021", set()),
    ("The United States bought the dock in 2021.", "in 2021", set()),
])
def test_reporting_and_attribution(sentence, phrase, expected):
    assert set(flags_at(sentence, phrase)) == expected


def test_reported_speech_keeps_its_own_modality():
    sentence = "Lind said last week that the ferry will resume in June."
    assert flags_at(sentence, "last week") == ("reported", "attributed")
    assert flags_at(sentence, "in June") == ("reported", "planned", "attributed")


def test_flags_are_in_canonical_order_and_from_the_vocabulary():
    assert modality.ordered({"negated", "reported", "bogus", "planned"}) == ("reported", "planned",
                                                                             "negated")
    assert set(modality.TENTATIVE) < set(modality.FLAGS)


def test_offsets_are_article_offsets():
    article = "Headline\nThe board will meet in June."
    offset = article.index("The board")
    start = article.index("in June")
    span = (start, start + len("in June"))
    assert modality.flags(article[offset:], offset, span, [span]) == ("planned",)


def verb(sentence: str) -> str | None:
    found = modality.past_report(sentence)
    return sentence[found[0]:found[1]] if found else None


@pytest.mark.parametrize("sentence,expected", [
    ("Mayor Ana Lind responded by urging the trust to publish its accounts.", "responded"),
    ("The harbour master said on a call that the pier was safe.", "said"),
    ("The Harbour Trust downplayed the delay, stating that crews were on schedule.", "downplayed"),
    ("Berg met the builders at the dock to discuss the repairs.", "met"),
    ("“The pier is safe,” the harbour master told reporters.", "told"),
    ("The trust has said it will publish its accounts.", "said"),
])
def test_past_reporting_and_action_verbs(sentence, expected):
    assert verb(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Harbour Trust raises funds for new pier",  # a headline: no full stop
    "Here is what we know",
    "Read more.",  # too short
    "The trust says it will publish its accounts.",  # present tense
    "The board had met the builders twice before.",  # past perfect: earlier than the article
    "The pier is said to be the longest on the coast.",  # passive "is said to"
    "If Portvale approved the levy, work would start at once.",  # a condition, not a happening
    "Two hundred people gathered on the quay.",  # "hundred" is not a verb
    "The ferry will run every hour in the summer months.",
    "Residents want a review of the harbour plan.",
])
def test_no_past_report(sentence):
    assert modality.past_report(sentence) is None


def test_a_dated_by_publication_anchor_reads_cues_before_it():
    sentence = "Lind warned that the levy could rise."
    found = modality.past_report(sentence)
    assert modality.flags(sentence, 0, found) == ("reported", "attributed")
    sentence = "Lind did not say when the pier opens."
    assert modality.past_report(sentence) is None  # "did not say": no past verb form
    sentence = "The trust declined to comment on the levy."
    found = modality.past_report(sentence)
    assert sentence[found[0]:found[1]] == "declined"
