"""Turn a matcher :class:`~bot.matcher.Answer` into the words the bot says (Discord markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .catalogue import TEAM_ID, Catalogue, ChecklistStep, Duty, Post
from .english import day, human_join
from .matcher import Answer, Matcher

MAX_QUESTION_CHARS = 500  # longer questions are cut to this before matching
NEXT_STEPS = 3  # open checklist steps shown in a personal answer
HELP_EXAMPLES = (
    '"what does the treasurer do?", "who books rooms for meetings?", '
    '"I\'ve just been elected TULO, what now?"'
)
SMALLTALK_EXAMPLES = (
    '"what does the treasurer do?", "who checks the treasurer\'s accounts?", "what is the ECC?"'
)
COMMANDS = (
    "`/ask` a question, `/role` one post's duties and checklist, `/roles` every post, "
    "`/checklist` your own steps"
)

# A member's posts and the checklist steps they have not ticked yet, for personal questions.
Holding = tuple[Post, list[ChecklistStep]]
# Who holds the asked post, per server the member shares with the bot: (server name, [(name, since)]).
ServerHolders = tuple[str, list[tuple[str, date]]]


def post_label(catalogue: Catalogue, post_id: str) -> str:
    post = catalogue.get(post_id)
    return post.title if post else post_id


def join_titles(catalogue: Catalogue, post_ids: list[str], word: str = "and") -> str:
    return human_join((f"**{post_label(catalogue, p)}**" for p in post_ids), word)


def undocumented_line(post: Post) -> str:
    return (
        f"The source documents name the {post.title} post but give it no specific duties; "
        "ask your chair or secretary what your CLP expects."
    )


def local_label(item: Duty) -> str:
    """ "In North West Durham: " for a duty that is local practice, else ""."""
    return f"In {item.place}: " if item.local and item.place else ""


def quote_duty(catalogue: Catalogue, duty: Duty) -> list[str]:
    """A duty as a quote with its source, labelled where it is local practice."""
    return [f"> {local_label(duty)}{duty.text}", f"*Source: {catalogue.source_title(duty.source)}*"]


def render_answer(
    answer: Answer,
    catalogue: Catalogue,
    holdings: Sequence[Holding] = (),
    holders: Sequence[ServerHolders] | None = None,
) -> str:
    """What the bot replies to a free question, as Discord markdown. ``holdings`` are the
    asking member's posts with their open checklist steps (for personal questions);
    ``holders`` who holds the asked post in each server the member shares with the bot (for
    "who is our treasurer?"; None where the bot cannot know, as on the command line)."""
    render = {
        "smalltalk": _smalltalk,
        "personal": lambda a, c: _personal(c, holdings),
        "glossary": _glossary,
        "not_covered": _not_covered,
        "unknown": _unknown,
        "holder": lambda a, c: _holder(a, c, holders),
    }.get(answer.kind, _post)
    return render(answer, catalogue)


def _smalltalk(answer: Answer, catalogue: Catalogue) -> str:
    return (
        "Hello! I answer questions about CLP officer posts from the party's job descriptions "
        "(I can't do tasks or look up anything else).\n"
        f"Try {SMALLTALK_EXAMPLES}.\n"
        f"Commands: {COMMANDS}."
    )


def _personal(catalogue: Catalogue, holdings: Sequence[Holding]) -> str:
    if not holdings:
        return (
            "You don't hold an officer post in my records here, so I can't say what yours are.\n"
            "Look a post up with `/role name:<post>` (for example `/role name:Treasurer`), or see "
            "every post with `/roles`. If you've just been elected, ask whoever runs the server to "
            "give you your post's Discord role: I'll then send you its checklist."
        )
    lines: list[str] = []
    for post, steps in holdings:
        lines.append(f"You're the **{post.title}**: {post.summary}")
        if steps:
            lines.append("Your next steps:")
            lines += [f"{n}. {step.text}" for n, step in enumerate(steps[:NEXT_STEPS], start=1)]
        elif post.checklist:
            lines.append("You've ticked off every step of your checklist.")
    lines.append("`/checklist` shows your steps with buttons; `/role` every duty of a post.")
    return "\n".join(lines)


def _glossary(answer: Answer, catalogue: Catalogue) -> str:
    term = answer.term
    assert term is not None
    lines = [f"**{term.term}**: the documents say", f"> {term.says}"]
    lines.append(f"*Source: {catalogue.source_title(term.source)}*")
    if answer.role == TEAM_ID:
        lines.append("It concerns the officer team as a whole: `/role name:ECC` shows it.")
    elif answer.role is not None:
        lines.append(
            f"That's the post **{post_label(catalogue, answer.role)}**: "
            f"`/role name:{post_label(catalogue, answer.role)}` shows it."
        )
    if answer.alternatives:
        lines.append(f"It comes up in the duties of {join_titles(catalogue, answer.alternatives)}.")
    return "\n".join(lines)


def _not_covered(answer: Answer, catalogue: Catalogue) -> str:
    topic = answer.topic
    assert topic is not None
    lines = [f"The officer job descriptions I have don't say anything about {topic.about}."]
    if answer.duty is not None and answer.owner is not None:
        lines.append(f"Related: the {join_titles(catalogue, [answer.owner])}'s duties include")
        lines += quote_duty(catalogue, answer.duty)
    lines.append("`/roles` lists every post they do cover.")
    return "\n".join(lines)


def _unknown(answer: Answer, catalogue: Catalogue) -> str:
    post = catalogue.get(answer.about) if answer.about else None
    if post is not None:  # "what's the secretary's phone number?"
        return (
            f"The officer job descriptions I have don't say that about the {post.title}.\n"
            f"**What the {post.title} does:** {post.summary}\n"
            f"Use `/role name:{post.title}` for every duty."
        )
    lines = [
        "I don't know the answer to that from the officer job descriptions I have "
        "(I understand questions in English about CLP officer posts)."
    ]
    if answer.alternatives:
        lines.append(f"Did you mean {join_titles(catalogue, answer.alternatives)}?")
    lines.append(f"Try asking about a post or a task, for example {HELP_EXAMPLES}.")
    lines.append("`/roles` lists every post.")
    return "\n".join(lines)


def _holder(answer: Answer, catalogue: Catalogue, holders: Sequence[ServerHolders] | None) -> str:
    """Who holds the post in the member's server(s), then what the post does."""
    post = catalogue.get(answer.role) if answer.role else None
    assert post is not None
    if holders is None:
        lines = [f"I can say who holds the {post.title} post when you ask me in your CLP's Discord server."]
    elif not holders:
        lines = [f"I don't share a CLP server with you, so I can't say who your {post.title} is."]
    else:
        lines = []
        for server, people in holders:
            held = human_join(f"**{name}** (since {day(since)})" for name, since in people)
            lines.append(
                f"In **{server}**, the {post.title} is {held}."
                if people
                else f"In **{server}**, the {post.title} post is vacant."
            )
    lines.append(f"**What the {post.title} does:** {post.summary}")
    lines.append(f"Use `/role name:{post.title}` for every duty, and `/officers` for the whole team.")
    return "\n".join(lines)


def _acts_on(answer: Answer, catalogue: Catalogue) -> str:
    """A post whose duty acts on the post the question named ("who audits the treasurer's
    accounts": the Auditors, from their own duties or the named post's)."""
    assert answer.role is not None and answer.duty is not None
    title = post_label(catalogue, answer.role)
    lines = [f"**{title}**, from the {join_titles(catalogue, [answer.owner])}'s duties:"]
    lines += quote_duty(catalogue, answer.duty)
    lines.append(f"Use `/role name:{title}` for every duty and the checklist.")
    return "\n".join(lines)


def _post(answer: Answer, catalogue: Catalogue) -> str:
    post = catalogue.get(answer.role) if answer.role else None
    assert post is not None
    if answer.owner and answer.owner != answer.role and answer.duty is not None:
        return _acts_on(answer, catalogue)
    lines: list[str] = []
    if answer.choices:
        lines.append(f"There are {len(answer.choices)} posts by that name; which do you mean?")
        for post_id in answer.choices:
            choice = catalogue.get(post_id)
            assert choice is not None
            source = f" *({catalogue.source_title(choice.duties[0].source)})*" if choice.duties else ""
            lines.append(f"- **{choice.title}**{source}: {choice.summary.split('. ')[0].rstrip('.')}.")
        lines.append("`/role name:<post>` shows each one in full.")
        return "\n".join(lines)
    if answer.via == "duty" and answer.duty is not None:
        doers = [answer.role, *answer.partners]
        if answer.runner_up is not None:
            other, other_duty = answer.runner_up
            lines.append(f"Probably {join_titles(catalogue, doers)}:")
            lines += quote_duty(catalogue, answer.duty)
            lines.append(f"… or {join_titles(catalogue, [other])}:")
            lines += quote_duty(catalogue, other_duty)
        else:
            verb = "do" if len(doers) > 1 else "does"
            together = " together" if len(doers) > 1 else ""
            lines.append(f"{join_titles(catalogue, doers)} {verb} that{together}:")
            lines += quote_duty(catalogue, answer.duty)
    else:
        lines.append(f"**{post.title}**: {post.summary}")
        if not post.documented and post.id != TEAM_ID:
            lines.append(undocumented_line(post))
        elif answer.duty is not None:
            lines += quote_duty(catalogue, answer.duty)
    shown = {*answer.partners, *(answer.runner_up[:1] if answer.runner_up else ())}
    others = [p for p in answer.alternatives if p not in shown]
    if others:
        lines.append(f"See also: {join_titles(catalogue, others)}.")
    if post.id != TEAM_ID:
        lines.append(f"Use `/role name:{post.title}` for every duty and the checklist.")
    return "\n".join(lines)


@dataclass(frozen=True)
class Reading:
    """A member's text made ready to answer: the question, a note to add, or a reply at once."""

    text: str
    note: str = ""
    reply: str | None = None


def read_question(raw: str) -> Reading:
    """Clean free text from a member; text without words gets its reply at once."""
    text = raw.strip()
    if not any(ch.isalnum() for ch in text):
        return Reading(
            text,
            reply=(
                "Ask me about a CLP officer post or task in words, for example "
                f"{HELP_EXAMPLES}. `/roles` lists every post."
            ),
        )
    if len(text) > MAX_QUESTION_CHARS:
        note = f"\n*(That was long, so I read the first {MAX_QUESTION_CHARS} characters.)*"
        return Reading(text[:MAX_QUESTION_CHARS], note)
    return Reading(text)


def finish_reply(reply: str, reading: Reading) -> str:
    """The reply with the reading's note, within Discord's 2000 characters."""
    reply += reading.note
    return reply if len(reply) <= 2000 else reply[:1999] + "…"


def reply_to_question(matcher: Matcher, raw: str, holdings: Sequence[Holding] = ()) -> str:
    """The full reply to free text from a member: cleaned, matched and rendered.
    ``holdings``: the member's posts and open checklist steps."""
    reading = read_question(raw)
    if reading.reply is not None:
        return reading.reply
    answer = matcher.answer(reading.text, [post.id for post, _ in holdings])
    return finish_reply(render_answer(answer, matcher.catalogue, holdings), reading)
