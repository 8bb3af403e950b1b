"""Web-debris detection: whole lines of scraped page furniture (share bars, comment forms, link lists)."""
from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Decoration that widgets wear around their label ("- Advertisement -", "• Share", "> Comments:").
_DECOR = " \t\f\v\u00a0-–—•·*|_=#>~:"
_QUOTES = "\"'“”‘’«»"
_CLOSERS = "\"'”’)]"

# Widget labels that start the line. These read as commands or labels, not as body prose,
# so they count even when punctuated ("Please enter your comment!").
_ANCHORED = re.compile(
    r"^(?:"
    r"(?:please\s+)?(?:enter|type|write|leave|post|add|submit)\s+(?:a|an|your)\s+"
    r"(?:comment|reply|name|e-?mail|website|message)"
    r"|(?:show|view|hide|load|read|see|sort|close|open)\s+(?:(?:all|more|the|\d+)\s+)*"
    r"(?:comments?|repl(?:y|ies))\b"
    r"|(?:\d+\s+)?(?:comments?|replies|reply|discussion)(?:\s*\(\d+\))?$"
    r"|(?:recent|latest|top|most)\s+comments\b"
    r"|leave\s+a\s+(?:reply|comment)|cancel\s+reply$|(?:post|submit|add)\s+(?:a\s+)?comment$"
    # The fine print of comment forms.
    r"|your\s+e-?mail(?:\s+address)?\s+will\s+not\s+be\s+(?:published|shared|displayed)"
    r"|required\s+fields\s+are\s+marked|save\s+my\s+name\b|notify\s+me\s+of\b"
    r"|comments\s+(?:are|have\s+been)\s+closed"
    r"|join\s+(?:our|the|[\w-]+)\s+(?:commenting|conversations?|discussions?|debate|community)"
    r"|share(?:\s+(?:this|on|via|to|with)\b.*)?$"
    r"|(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|pinterest|reddit|telegram|print"
    r"|copy\s+link|link\s+copied|tweet(?:\s+this)?|save(?:\s+(?:article|story|for\s+later))?)$"
    # A share bar flattened onto one line: "Facebook Twitter WhatsApp Email".
    r"|(?:(?:share|tweet|facebook|twitter|x|linkedin|whatsapp|e-?mail|pinterest|reddit|telegram"
    r"|print|messenger|bookmark|flipboard|pocket|pin(?:\s+it)?|copy\s+link)\b[\s,|·•/]*){2,}$"
    r"|click\s+to\s+(?:share|print|e-?mail|tweet)\b"
    r"|(?:subscribe|sign\s*up|sign\s*in|log\s*in|log\s*out)\b"
    r"|register(?:\s+(?:now|here|for\s+free))?$"
    r"|follow\s+(?:us|me|@|on\s+(?:facebook|twitter|x|instagram|linkedin))"
    r"|(?:advert(?:i[sz]e?)?ments?|ads?|sponsored(?:\s+content)?|promoted(?:\s+content)?"
    r"|paid\s+(?:content|post))$"
    r"|(?:article|story|content)\s+continues\s+(?:below|after)|scroll\s+(?:down\s+)?to\s+continue"
    r"|(?:related|more|recommended|trending|popular|latest|top)\s+"
    r"(?:articles?|stories|posts|news|reads?|videos?|content|topics|links)$"
    r"|most\s+(?:popular|read|viewed|shared|recent|commented)(?:\s+(?:articles|stories|news|now|today))?$"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|read\s+(?:more|next)\b|more\s+on\s+this\s+story"
    r"|further\s+reading$|see\s+also$|also\s+read\b|don'?t\s+miss$|recommended(?:\s+for\s+you)?$"
    # A link label introduced as related reading: "Related: Town votes on the harbour plan".
    r"|(?:related|see\s+also|read\s+also|recommended|more\s+coverage)\s*:"
    r"|trending(?:\s+now)?$|(?:tags?|topics?|filed\s+under)(?:\s*:|$)"
    r"|(?:home|menu|search|skip\s+to\s+(?:main\s+)?content|toggle\s+navigation|main\s+menu|back\s+to\s+top)$"
    r"|(?:©|\(c\)|copyright\s*©?)\s*\d{4}|click\s+here\b"
    r")",
    re.IGNORECASE,
)

# Widget vocabulary found anywhere in the line; only trusted on short, non-sentence lines.
_ANYWHERE = re.compile(
    r"\bbookmarks?\b|\bpopover\b|\b(?:commenting|comment)\s+(?:forum|section|policy|guidelines|system)\b"
    r"|\b(?:our|free|daily|weekly|e-?mail)\s+newsletters?\b|\bsubscribe\s+(?:now|today|here)\b"
    r"|\bsign\s*up\s+(?:now|here|today|(?:for|to)\s+(?:our|my)\b)|\bfollow\s+us\b"
    r"|\bshare\s+(?:this\s+(?:article|story|page|post)|on\s+(?:facebook|twitter|x|linkedin|whatsapp)"
    r"|via\s+(?:e-?mail|whatsapp))\b"
    r"|\b(?:accept|use|allow|manage|reject)\b.{0,40}?\bcookies\b"
    r"|\bcookie\s+(?:policy|settings|preferences|consent)\b"
    r"|\ball\s+rights\s+reserved\b|\bprivacy\s+policy\b|\bterms\s+(?:of|and)\s+(?:use|service|conditions)\b"
    r"|\benable\s+javascript\b|\benter\s+your\s+(?:name|e-?mail|comment)\b",
    re.IGNORECASE,
)

# "Home › World › Europe", "News » Politics", "Home > News", "Home / Politics / Canada".
_CRUMB_SPLIT = re.compile(r"\s*[›»]\s*|\s+[>/|]\s+")
# "HomePolitics & SocietyA separatist group…": crumbs and headline scraped without spaces.
_HOME_RUN_TOGETHER = re.compile(r"^Home[A-Z][a-z]")
_CAMEL_JUNCTION = re.compile(r"[a-z&)][A-Z]")

MAX_WIDGET_WORDS = 12
MAX_ANCHORED_WORDS = 16
MAX_NAV_WORDS = 15


def iter_lines(text: str, start: int = 0) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, line) for every line from `start`; `end` excludes the line break."""
    pos = start
    for m in _LINE_BREAK.finditer(text, start):
        yield pos, m.start(), text[pos:m.start()]
        pos = m.end()
    if pos < len(text):
        yield pos, len(text), text[pos:]


def _clean(line: str) -> str:
    return line.strip().strip(_DECOR).strip()


def looks_like_sentence(clean: str) -> bool:
    """True for prose: ends like a sentence or opens with a quotation mark."""
    if not clean:
        return False
    core = clean.rstrip(_CLOSERS)
    # An ellipsis marks a truncated link label, not the end of a sentence.
    return clean[0] in _QUOTES or (core.endswith((".", "!", "?")) and not core.endswith(".."))


def is_widget(line: str) -> bool:
    """A comment/share/subscribe/advert/navigation widget label, judged on one line alone."""
    clean = _clean(line)
    if not clean or clean[0] in _QUOTES:
        return False
    words = len(clean.split())
    if words <= MAX_ANCHORED_WORDS and _ANCHORED.match(clean):
        return True
    return (words <= MAX_WIDGET_WORDS and not looks_like_sentence(clean)
            and _ANYWHERE.search(clean) is not None)


def is_breadcrumb(line: str) -> bool:
    """Navigation crumbs: separator-joined short labels, or "HomeSection…" run together."""
    clean = line.strip()
    if _HOME_RUN_TOGETHER.match(clean):
        # A second run-together junction or a truncation mark tells crumbs from e.g. "HomePod sales".
        rest = clean[5:]
        if _CAMEL_JUNCTION.search(rest) or clean.endswith(("...", "…")):
            return True
    if len(clean.split()) > MAX_NAV_WORDS or looks_like_sentence(clean):
        return False
    parts = [p.strip() for p in _CRUMB_SPLIT.split(clean)]
    if len(parts) < 2 or not all(p and len(p.split()) <= 4 for p in parts):
        return False
    fancy = "›" in clean or "»" in clean
    return fancy or len(parts) >= 3 or parts[0].lower() == "home"


def is_heading(line: str) -> bool:
    """A short all-caps label such as RELATED ARTICLES or LEAVE A REPLY."""
    clean = _clean(line)
    return (0 < len(clean) <= 50 and len(clean.split()) <= 6 and clean.upper() == clean
            and clean.lower() != clean and not clean.endswith("."))


def _is_navish(line: str) -> bool:
    """Short, unpunctuated, unquoted: a link or label, as found in a page's trailing link lists."""
    clean = _clean(line)
    return len(clean.split()) <= MAX_NAV_WORDS and not looks_like_sentence(clean)


def find_debris(text: str, start: int = 0) -> list[Span]:
    """Ranges of whole debris lines (line break excluded) in `text`, scanning from `start`."""
    lines = [(s, e, line) for s, e, line in iter_lines(text, start) if line.strip()]
    flagged = [is_widget(line) or is_breadcrumb(line) for _, _, line in lines]

    # Trailing block: the longest suffix of link/label lines, starting at its first widget or
    # heading, counts as debris as a whole ("Most Popular" and its link list after "LEAVE A REPLY").
    # It must hold at least one widget so a closing all-caps section of short lines stays body.
    # A file made only of short lines has no body to trail, so the block rule stays off there.
    tail_start = None
    has_widget = after_body = False
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i][2]
        if flagged[i]:
            has_widget = True
            tail_start = i
        elif is_heading(line):
            tail_start = i
        elif not _is_navish(line):
            after_body = True
            break
    if tail_start is not None and has_widget and after_body:
        for i in range(tail_start, len(lines)):
            flagged[i] = True

    return [(s, e) for (s, e, _), hit in zip(lines, flagged) if hit]


def blanked_runs(original: str, clean: str) -> tuple[tuple[int, int], ...]:
    """Exactly the characters blanked in `clean` (debris, metadata lines), as ranges: blanking
    them again reproduces the clean text character for character."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, (o, c) in enumerate(zip(original, clean)):
        if o != c and start < 0:
            start = i
        elif o == c and start >= 0:
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, min(len(original), len(clean))))
    return tuple(runs)


def blanked_blocks(original: str, clean: str) -> list[tuple[int, int]]:
    """`blanked_runs` joined across the whitespace between them, for display as whole blocks."""
    blocks: list[tuple[int, int]] = []
    for start, end in blanked_runs(original, clean):
        if blocks and original[blocks[-1][1]:start].isspace():
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return blocks
