"""Shapes of question, read from their words: who-questions, "what is X", who holds a post,
the post that acts, small talk and tasks for the bot."""

from __future__ import annotations

import re
from collections.abc import Collection

from ..lexicon import MAX_OPENER_WORDS, Lexicon
from ..text import Question

# Question shapes that ask for a person by duty rather than about a named post.
_WHO = re.compile(
    r"\b(who|whos|whom|whose|which (\w+ )?(officers?|posts?|roles?|person|one)|"
    r"ask about|talk to about|speak to about|contact about|"
    r"is there (an? )?(anyone|someone|somebody|officer|post|role|person)|"
    r"(does|do|should|can|will) (anyone|someone|somebody) (from|at|in|on)|sends? anyone|"
    r"is (anyone|someone|somebody) (meant|supposed|officially|responsible))\b"
)
_FIRST_PERSON = frozenset("i im ive id my me myself mine".split())
_DEFINING = frozenset("stand stands mean means meaning define definition acronym".split())
_ARTICLES = frozenset("a an the our your".split())
_DETERMINERS = frozenset("the our your their my his her".split())
_ASKS_ABOUT = frozenset("who which whom".split())  # "who does the treasurer report to": the post acts
_TASK_DOERS = frozenset({"you", "someone", "somebody", "anyone", "anybody"})
_TASK_FOR = frozenset({"me", "us"})
# words that open a remark rather than a question ("lol that debate", "thanks everyone for...")
_REMARK_OPENERS = frozenset(
    "lol haha thanks thank cheers happy morning evening afternoon hi hello hey hiya omg wow yay woohoo aww "
    "boss brilliant".split()
)
_QUESTION_WORDS = frozenset(
    "who whos whose whom what whats which how where when why any anyone anybody".split()
)
_AUXILIARY = frozenset("does do did should would will can could".split())
_LINKS = frozenset("of for at in".split())  # "the treasurer of my union branch"
_IDENTITY_LINKS = _LINKS | {"on"}  # "the women's rep on the NEC"
_AT = frozenset(("at", "from"))  # where someone is: "who designs the leaflets at regional office?"
# someone at a body the documents don't cover: "who at electoral services...", "anyone at the hospice"
_WHO_AT = frozenset(
    (who, link)
    for who in ("who", "whos", "anyone", "anybody", "someone", "somebody")
    for link in ("at", "in", "from")
)
_WHO_LEADS = frozenset(("who", verb) for verb in ("runs", "leads", "chairs", "organises"))
_OWNERS = frozenset("labour labours party partys".split())  # whose officer: "the Labour Party's"
_HOLDER_NOUNS = frozenset(
    "rep reps representative contact officer person lead organiser coordinator manager head leader "
    "delegate".split()
)
# between "who" and the action it asks about: "who *will* check", "who is *meant to* check"
_BEFORE_ACTION = _AUXILIARY | frozenset("going gonna meant supposed needs need has have to then also".split())
_YES_NO = _AUXILIARY | {"is", "are"}  # "does the treasurer...?", "is the chair...?"
_WHO_IS = {("who", "is"), ("whos",), ("who", "are"), ("who", "s"), ("who", "was")}
_WHO_HOLDS = {("who", "holds"), ("who", "has")}
_NOW_WORDS = frozenset(
    "current currently now present new this year here at the moment in our clp constituency".split()
)
_POST_WORDS = frozenset("post role job position for us".split())
_OFFICER_WORDS = frozenset("officer officers post posts".split())
_WHO_WORDS = frozenset("who whos whose".split())
_PRONOUNS = frozenset("they he she".split())
_MEANT = frozenset("meant supposed expected".split())
_SOMEONE = frozenset("someone somebody".split())
_TO_WITH = frozenset("to with wi".split())
_GUESSES = {("is", "it"), ("is", "that"), ("was", "it"), ("its",), ("thats",)}  # "..., is it the chair?"
_ALONGSIDE = frozenset("helps help helping assists assist assisting".split())
_SPEAKING_AS = {("as",), ("im",), ("i", "am")}  # "As treasurer, who do I...", "I'm the TULO - who..."
_FIRST_PERSON_ASKS = frozenset("i me my".split())
_BEFORE_HOLDER = frozenset(  # "who is officially the...", "who normally acts as..."
    "is s was are the our a an officially actually currently really normally usually acts act serves serve as"
    .split()
)
_WHAT_IS = {("what", "is"), ("whats",), ("what", "are"), ("what", "s"), ("wat", "is"), ("explain",)}


def asks_who(q: Question) -> bool:
    """Whether the question asks for a person by duty ("who books rooms?")."""
    return bool(_WHO.search(q.normalised))


def _before(q: Question, start: int) -> list[str]:
    """The words before ``start``, without articles."""
    return [w for w in q.words[:start] if w not in _ARTICLES]


_EXCEPT = {("apart", "from"), ("other", "than"), ("aside", "from"), ("besides",), ("except",), ("excluding",)}


def set_aside(q: Question, start: int) -> bool:
    """Whether the post named at ``start`` is set aside: "apart from the secretary, who else
    has access to Members Centre?" asks for another post."""
    before = _before(q, start)
    return tuple(before[-2:]) in _EXCEPT or tuple(before[-1:]) in _EXCEPT


def is_subject(q: Question, start: int) -> bool:
    """Whether the post named at ``start`` is the one acting: "who does the treasurer
    report to", "which officer does the secretary plan the agenda with", "the fundraiser
    draws up the plan with who?"."""
    before = _before(q, start)
    if not before and (ends_with_partner(q) or _partner_unnamed(q, start)) or asks_about_them(q, start):
        return True
    if _after_who_is(before):  # "who's the chair meant to liaise with?"
        w = q.words
        return any(w[j] in _MEANT and w[j + 1] in ("to", "tae") for j in range(start + 1, len(w) - 1))
    return len(before) >= 2 and before[-1] in _AUXILIARY and (
        before[-2] in _ASKS_ABOUT or (len(before) >= 3 and before[-3] in _ASKS_ABOUT)
    )


def _partner_unnamed(q: Question, start: int) -> bool:
    """Whether a question that opens with a post's name says it works with "somebody" and asks
    who: "the chair talks to somebody about policy, who would that be?"."""
    w = q.words
    someone = [j for j in range(start + 1, len(w)) if w[j] in _SOMEONE and w[j - 1] in _TO_WITH]
    return bool(someone) and bool(_WHO_WORDS & set(w[someone[0] :]))


def asks_about_them(q: Question, start: int) -> bool:
    """Whether a question that opens with a post's name asks what "they" do: "trade union
    liaison officer, who do they link up with?"."""
    w = q.words
    return not _before(q, start) and any(
        w[i] in _ASKS_ABOUT and w[i + 1] in _AUXILIARY and w[i + 2] in _PRONOUNS
        for i in range(start, len(w) - 2)
    )


def guessed(q: Question, start: int) -> bool:
    """Whether the post named at ``start`` is the asker's guess at the answer: "who runs the
    meetings, is it the chair?"."""
    before = tuple(_before(q, start))
    if before[-1:] == ("or",):  # "is it the chair or the secretary?"
        return any(guessed(q, i) for i in range(start - 1))
    return before[-2:] in _GUESSES or before[-1:] in _GUESSES


def ends_with_partner(q: Question) -> bool:
    """Whether a question ends asking for a partner: "...with?", "...with who?" ("wi" is
    Scots for with)."""
    words = q.words[:-1] if q.words[-1:] in (("who",), ("whom",)) else q.words
    return words[-1:] in (("with",), ("wi",))


def works_alongside(q: Question, start: int) -> bool:
    """Whether a who-question asks who helps the post named at ``start`` with its own duty:
    "who helps the treasurer draw up the budget?" (the partners in its budget duty)."""
    before = _before(q, start)
    return bool(before) and before[-1] in _ALONGSIDE and bool(_WHO_WORDS & set(before))


def asks_yes_no_about(q: Question, start: int) -> bool:
    """Whether the clause that asks is a yes-or-no question about the post named at
    ``start``: "is the PEO the one who sorts speakers?", "does our TULO recruit members?"."""
    first = _asking_start(q, ())
    if first is None or q.words[first] not in _YES_NO:
        return False
    between = [w for w in q.words[first + 1 : start] if w not in _ARTICLES]
    return start > first and not between


def asks_about_others(q: Question, start: int) -> bool:
    """Whether a who-question asks, in the same clause, about someone else acting on or with
    the post named at ``start`` ("who stands in for the secretary?", "who does the youth
    officer answer to?"), not who holds it ("who is officially the data protection officer?")."""
    whos = [i for i in range(start) if q.words[i] in _WHO_WORDS and q.clauses[i] == q.clauses[start]]
    if not whos:
        return is_subject(q, start)  # "the fundraiser draws up the plan with who?"
    return not all(w in _BEFORE_HOLDER for w in q.words[whos[-1] + 1 : start])


def speaks_as(q: Question, start: int, chat_words: Collection[str], acting: bool = False) -> bool:
    """Whether the asker opens by saying they hold the post named at ``start`` and asks about
    themselves: "As treasurer, who do I plan fundraising with?", "I'm chair - who helps me?".
    With ``acting``, only when they ask about what they do ("who do *I*..."), not about what
    others do to them ("who checks *my* figures?")."""
    before = tuple(w for w in q.words[:start] if w not in _ARTICLES and w not in chat_words and w != "clp")
    if before not in _SPEAKING_AS:
        return False
    asked = {q.words[i] for i in range(start, len(q.words)) if q.asking[i]}
    return bool(asked & ({"i"} if acting else _FIRST_PERSON_ASKS))


def asks_identity(q: Question, start: int) -> bool:
    """"who is the election agent?": who someone is, which the documents never say; also who
    holds a post in it ("who's the youth rep for the Tanfield branch?", "who is the ethnic
    minorities rep on the NEC?"): up to three words of post ending in "rep", "contact", "officer"...,
    then a link and up to two words before the thing. So do "who at ...", "who runs ...", "which
    ...", and "who is the Labour Party's ..."."""
    before = _before(q, start)
    while before and before[-1] in _OWNERS:  # "who is the Labour Party's national treasurer?"
        before.pop()
    if _after_who_is(before) or tuple(before[-2:]) in _WHO_AT:  # "who at electoral services..."
        return True
    if tuple(before[-2:]) in _WHO_LEADS or before[-1:] == ["which"]:  # "who runs the hospice", "which MPs"
        return True
    words = before + [q.words[start]] if q.words[start] in _IDENTITY_LINKS else before
    links = [i for i in range(max(0, len(words) - 3), len(words)) if words[i] in _IDENTITY_LINKS]
    if not links:
        return False
    head = words[: links[-1]]
    if not head or head[-1] not in _HOLDER_NOUNS:
        return False
    return any(_after_who_is(head[:-k]) for k in (1, 2, 3) if len(head) > k)


def someone_at(q: Question, start: int) -> bool:
    """Whether the thing at ``start`` is where the person asked about is: "who designs the
    leaflets at regional office?"."""
    return q.words[start] in _AT or (start > 0 and q.words[start - 1] in _AT)


def located_at(q: Question, start: int) -> bool:
    """Whether the thing at ``start`` is where something is done: "at the Labour Group", "for
    the women's forum"."""
    return _before(q, start)[-1:] in (["at"], ["for"], ["in"], ["of"])


def owned(q: Question, end: int) -> bool:
    """Whether the thing ending at ``end`` is written as the owner of what follows it: "who
    audits the county council's accounts?"."""
    if end >= len(q.words) or not q.content[end] or not q.words[end - 1].endswith("s"):
        return False
    owner, thing = q.words[end - 1][:-1], q.words[end]
    return re.search(rf"\b{re.escape(owner)}['\u2019]s\W+{re.escape(thing)}\b", q.raw, re.I) is not None


def told_who(q: Question, start: int, end: int) -> bool:
    """Whether a story asks who someone is inside it: "my neighbour asked me who the returning
    officer is... who is it?"."""
    before = _before(q, start)
    return before[-1:] == ["who"] and q.words[end : end + 1] in (("is",), ("was",), ("are",))


def ends_with_who(q: Question) -> bool:
    """A terse who-question with "who" last and nowhere else: "ward treasurer who"."""
    return q.words[-1] in _WHO_WORDS and not _WHO_WORDS & set(q.words[:-1])


def _after_who_is(words: list[str]) -> bool:
    return tuple(words[-2:]) in _WHO_IS or tuple(words[-1:]) in _WHO_IS


def qualified(q: Question, span: tuple[int, int], qualifiers: Collection[str]) -> int | None:
    """Where a post's name as another body's officer begins, or None: a qualifier in the two
    words before the name ("the shadow education secretary") or after an "of", "for", "at", "in"
    or "on" that follows it ("the treasurer of my unison branch", "the women's officer for GMB")."""
    start, end = span
    before = [i for i in range(max(0, start - 2), start) if q.words[i] in qualifiers]
    if before:
        return before[0]
    after = end < len(q.words) and q.words[end] in _IDENTITY_LINKS
    return start if after and any(w in qualifiers for w in q.words[end + 1 : end + 6]) else None


def asks_holder(q: Question, span: tuple[int, int]) -> bool:
    """"who is our treasurer", "who's the current TULO here", "who holds the chair", "what's
    the name of our chair": the person in a post, asked with nothing else after the name."""
    before = [w for w in q.words[: span[0]] if w not in _ARTICLES and w not in _NOW_WORDS]
    after = [w for w in q.words[span[1] :] if w not in _NOW_WORDS]
    last_two, last = tuple(before[-2:]), tuple(before[-1:])
    asks = last_two in _WHO_IS or last in _WHO_IS or last_two in _WHO_HOLDS
    if last_two == ("name", "of"):  # "what's the name of our chair?"
        asks, before = True, before[:-1]
    return asks and len(before) <= 3 and all(w in _POST_WORDS for w in after)


def refers_to_post(q: Question, start: int) -> bool:
    """Whether a name refers to the post ("the treasurer", "our chair", a name that opens the
    message: "chair's off sick, who covers?"), not to a thing or an action ("a fundraiser",
    "who chairs")."""
    return start == 0 or q.words[start - 1] in _DETERMINERS


def defines(q: Question, start: int, end: int) -> bool:
    """Whether the question asks what a term is ("what is PPERA", "what does TULO stand for")."""
    if any(w in _DEFINING for w in q.words):
        return True
    before = _before(q, start)
    if tuple(before[-2:]) not in _WHAT_IS and tuple(before[-1:]) not in _WHAT_IS:
        return False
    after = q.words[end] if end < len(q.words) else None
    return after is None or not q.content[end]  # "what is the CLP organiser" is not about the CLP


def asks_acronym(q: Question) -> bool:
    """Whether the question asks what a word means: its asking clause ends "stand for" ("what
    does PMQs stand for?", not "stand for chair"), or opens with "what" and ends "mean" ("what
    does ex-officio mean?")."""
    asking = [w for w, a in zip(q.words, q.asking, strict=True) if a]
    if asking[-2:] in (["stand", "for"], ["stands", "for"]):
        return True
    return asking[-1:] == ["mean"] and bool({"what", "whats"} & set(asking[:2]))


def is_task(q: Question, chat_words: Collection[str], task_words: Collection[str]) -> bool:
    """A task for the bot or the room, not a question: "can you write me a leaflet?", "can
    someone paste the minutes in here?", "recommend me a book"."""
    words = [w for w in q.words if w not in chat_words and w != "please"]
    if len(words) >= 2 and words[0] in task_words and words[1] in _TASK_FOR:
        return True
    return len(words) >= 3 and words[0] in _AUXILIARY and words[1] in _TASK_DOERS and words[2] in task_words


def is_remark(q: Question) -> bool:
    """A message that asks nothing and opens with chat: "lol that debate last night", "thanks
    everyone for a cracking campaign weekend"."""
    if q.asks or not q.words or q.words[0] not in _REMARK_OPENERS:
        return False
    return not _QUESTION_WORDS & set(q.words) and not asks_who(q)


def chat_kind(q: Question, lexicon: Lexicon) -> str | None:
    """"personal" or "smalltalk" for a message with no topic word at all, else None."""
    personal = lexicon.personal_words
    content = [w for w, c in zip(q.words, q.content, strict=True) if c]
    if any(w not in personal for w in content):
        return None
    cues = lexicon.personal_cues
    if any(w in _FIRST_PERSON or w in cues for w in q.words):
        return "personal"
    return None if content else "smalltalk"


def asks_fact(q: Question, openers: Collection[str], chat_words: Collection[str]) -> bool:
    """Whether the clause that asks opens with a fact opener ("how much", "what time", "can I"):
    a question for a fact, not for the post that does something."""
    start = _asking_start(q, chat_words)
    if start is None or _OFFICER_WORDS & set(q.words[start:]):
        return False  # "how many officers must be women?" is about the team the documents describe
    return _opens_with(q, start, openers)


def asks_fact_about(
    q: Question, span: tuple[int, int], openers: Collection[str], chat_words: Collection[str]
) -> bool:
    """Whether a question naming a post at ``span``, in the clause that asks, opens with a
    fact opener or asks yes or no about it ("what's the youth officer's phone number?", "can
    the auditor be related to the treasurer?"). A post named only in the story ("I was elected
    secretary. Could someone outline the role?") is the asker's own; "what's the chair do?"
    asks what the post does."""
    first = _asking_start(q, chat_words)
    start, end = span
    if first is None or not q.asking[start] or q.words[end : end + 1] in (("do",), ("does",)):
        return False
    return _opens_with(q, first, openers) or q.words[first] in _YES_NO


def _opens_with(q: Question, start: int, openers: Collection[str]) -> bool:
    words = " ".join(q.words[start : start + MAX_OPENER_WORDS])
    return any(words == o or words.startswith(o + " ") for o in openers)


def _asking_start(q: Question, chat_words: Collection[str]) -> int | None:
    return next((i for i, a in enumerate(q.asking) if a and q.words[i] not in chat_words), None)


def action_word(q: Question) -> int | None:
    """Where the verb a who-question asks about is: "who checks the books" -> "checks",
    "whose job is it to book rooms" -> "book", "who's organising" -> "organising"."""
    for i, w in enumerate(q.words):
        if not q.asking[i] or w not in _WHO_WORDS:
            continue
        j = i + 1
        if w == "whose":
            if "to" not in q.words[j : j + 5]:
                return None
            j = q.words.index("to", j) + 1
        while j < len(q.words) and (q.words[j] in _BEFORE_ACTION or q.words[j].endswith("ly")):
            j += 1
        if j >= len(q.words) or not q.content[j] or (w == "whos" and not q.words[j].endswith("ing")):
            return None
        return j
    return None
