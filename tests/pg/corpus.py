"""Small invented articles for the PostgreSQL tests, written to a folder (no ../shared text)."""
from __future__ import annotations

import pathlib

# (file name, title, dateline, outlet, body). Names are pairs of capitalised words, which the
# rule pipeline takes for entities; the dates exercise day, month, season and year events.
ARTICLES = [
    ("01-bridge-vote.txt", "Council approves Ferrow Bridge repairs", "Tuesday, March 3, 2026",
     "Valley Courier",
     "The Ferrow Council voted on Monday to fund repairs to the Ferrow Bridge.\n\n"
     "As mayor, Ilse Marten said the Bridge Authority had warned about corrosion since last April.\n\n"
     "Work could begin this fall if the province agrees.\n\n"
     "By 2028 the long-term plan will cost $4.5 million, the city's page at example.com says."),
    ("02-bridge-hearing.txt", "Residents question bridge closure", "Friday, March 13, 2026",
     "Harbour Ledger",
     "Residents told Ilse Marten at a hearing on Thursday that the closure would cut the town in two.\n\n"
     "The Bridge Authority said in January 2026 that heavy trucks must stop using the span.\n\n"
     "A review of traffic plans is expected in 2027."),
    ("03-quarry-permit.txt", "Quarry permit delayed again", "Wednesday, April 8, 2026",
     "Valley Courier",
     "The Stone Valley Quarry permit was delayed on Tuesday for the third time.\n\n"
     "Its owner, Pavel Drozd, said the company had waited since 2024 for a decision.\n\n"
     "Environment officials plan a site visit in May 2026."),
    ("04-quarry-court.txt", "Drozd takes quarry fight to court", "Monday, June 1, 2026",
     "Harbour Ledger",
     "Pavel Drozd filed a suit against the Ferrow Council on Friday over the quarry delay.\n\n"
     "The Stone Valley Quarry employed forty people until December 2025.\n\n"
     "A first hearing is set for September 2026."),
]


def write(folder: pathlib.Path, prefix: str = "", articles=ARTICLES) -> list[pathlib.Path]:
    """Write the articles as plain text files; `prefix` makes each text (and its hash) unique."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, title, dateline, outlet, body in articles:
        text = f"{prefix}{title}\n{dateline}\nBy Staff Reporter\nSource: {outlet}\n\n{body}\n"
        path = folder / f"{prefix}{name}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


_WORDS = ("North", "South", "East", "West", "Upper", "Lower", "Old", "New", "Grand", "Little")


def many(count: int, tag: str) -> list[tuple[str, str, str, str, str]]:
    """`count` distinct short articles (for the concurrent importers), tagged by `tag`.

    Article i of every tag names the same new body ("North East Trust"), so two importers going
    through two tags at the same pace create the same entity at about the same moment."""
    out = []
    for i in range(count):
        day = 1 + i % 27
        body = f"{_WORDS[i % 10]} {_WORDS[i // 10 % 10]} Trust"
        out.append((f"{tag}-{i:03d}.txt", f"Harbour notice {tag} {i}", f"Monday, May {day}, 2026",
                    "Valley Courier",
                    f"The Harbour Board met on May {day}, 2026 about berth {tag}{i}.\n\n"
                    f"Captain Rhea Olsen of the {body} said the berth {tag}{i} had been closed "
                    "since last April.\n\n"
                    f"Repairs to berth {tag}{i} could start in {2027 + i % 3}."))
    return out
