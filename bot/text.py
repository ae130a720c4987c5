"""Text normalisation shared by the matcher: lower-casing, tokens, stop words, light stemming."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_JOINS = (
    (re.compile(r"\b(co)[\s-]+(ord)", re.I), r"\1\2"),
    (re.compile(r"\b(web)[\s-]+(site)", re.I), r"\1\2"),
    (re.compile(r"\b(on)[\s-]+(line)\b", re.I), r"\1\2"),
    (re.compile(r"\b(fund)[\s-]+(rais)", re.I), r"\1\2"),
    (re.compile(r"\b(sign)[\s-]+(up)", re.I), r"\1\2"),
    (re.compile(r"\b(e)[\s-]+(mail)", re.I), r"\1\2"),
    # phrases that mean one word of the documents
    (re.compile(r"\bmak(e|es|ing) sure\b", re.I), "ensure"),
    (re.compile(r"\brais(e|es|ing) (money|funds)\b", re.I), "fundraising"),
    (re.compile(r"\b(money|funds?)[\s-]+rais", re.I), "fundrais"),
    (re.compile(r"\b(run|runs|ran) out\b", re.I), "runout"),
    (re.compile(r"\b(have|has) to\b", re.I), "must"),
    (re.compile(r"\bin touch\b", re.I), "contact"),
    (re.compile(r"\b(turn|turns|get|gets) out\b", re.I), "vote"),
    (re.compile(r"\b(step|steps|stand|stands|fill|fills) in\b", re.I), "deputise"),
)

# Words that carry no topic: function words, question words, and the words every
# question about this catalogue shares ("officer", "party", "role", "duties"...).
STOP_WORDS = frozenset(
    """
    a about above after again all also am an and any are as ask asked at be been before being
    below between both but by can could did do does doing done down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    whose whos whats im ive id youre theyre thats dont doesnt isnt arent cant wont shall may
    might let lets get gets got go goes going make makes made take takes want wants wanted
    need needs know knows tell told say says said see thing things stuff way time today tomorrow
    yesterday day week please thanks thank hi hello hey ok okay yes yeah anyone someone somebody
    person people one job jobs role roles post posts duty duties responsible responsibility
    responsibilities task tasks work works working officer officers clp clps labour party
    constituency local main key supposed expected actually really just first start started
    starting begin new newly elected elect appointed became become becoming help handle handles
    deal deals look looks looking after like sort kind mean means should would whom
    many much lot lots play plays playing
    """.split()
)

_SUFFIXES = (
    "ations", "ation", "ating", "ated", "ates", "ate", "ions", "ion", "ings", "ing",
    "ies", "ied", "ers", "er", "ed", "es", "ly", "s", "e",
)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light, consistent suffix stripper (books/booking -> book, organises/organising)."""
    if word[:1].isdigit():
        return word.rstrip("s")  # "27s" -> "27"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix in ("s", "es") and base.endswith("s"):
                return word if suffix == "s" else base
            if base[-1] == base[-2] and base[-1] not in "lsz" and suffix[0] in "ie":
                base = base[:-1]  # running -> run, planned -> plan
            return base
    return word


def normalise(text: str) -> str:
    """Lower-case, drop apostrophes, join words people write both ways (co-ordinator)."""
    return _joined(text).lower()


@lru_cache(maxsize=8)  # one question is read several ways while it is answered
def _joined(text: str) -> str:
    text = _APOSTROPHES.sub("", text)
    for pattern, replacement in _JOINS:
        text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """All word tokens of ``text`` after normalisation, stop words included."""
    return _WORD.findall(normalise(text))


def cased_words(text: str) -> list[str]:
    """The same tokens as :func:`words`, in their original case ("IT" vs "it")."""
    return _WORD.findall(_joined(text))


def content_stems(text: str) -> list[str]:
    """The stems of the content words of ``text``, in order, without stop words."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]
