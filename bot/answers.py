"""Turn a matcher :class:`~bot.matcher.Answer` into the words the bot says (Discord markdown)."""

from __future__ import annotations

from .catalogue import Catalogue, Post
from .matcher import Answer, Matcher

MAX_QUESTION_CHARS = 500  # longer questions are cut to this before matching
HELP_EXAMPLES = (
    '"what does the treasurer do?", "who books rooms for meetings?", '
    '"I\'ve just been elected TULO, what now?"'
)


def post_label(catalogue: Catalogue, post_id: str) -> str:
    post = catalogue.get(post_id)
    return post.title if post else post_id


def join_titles(catalogue: Catalogue, post_ids: list[str]) -> str:
    titles = [f"**{post_label(catalogue, p)}**" for p in post_ids]
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def undocumented_line(post: Post) -> str:
    return (
        f"The source documents name the {post.title} post but give it no specific duties; "
        "ask your chair or secretary what your CLP expects."
    )


def render_answer(answer: Answer, catalogue: Catalogue) -> str:
    """What the bot replies to a free question, as Discord markdown."""
    if not answer.known:
        lines = [
            "I don't know the answer to that from the officer job descriptions I have "
            "(I understand questions in English about CLP officer posts)."
        ]
        if answer.alternatives:
            lines.append(f"Did you mean {join_titles(catalogue, answer.alternatives)}?")
        lines.append(f"Try asking about a post or a task, for example {HELP_EXAMPLES}.")
        lines.append("`/roles` lists every post.")
        return "\n".join(lines)

    post = catalogue.get(answer.role)
    assert post is not None
    lines: list[str] = []
    if answer.via == "duty" and answer.duty is not None:
        doers = [answer.role, *answer.partners]
        verb = "do" if len(doers) > 1 else "does"
        together = " together" if len(doers) > 1 else ""
        lines.append(f"{join_titles(catalogue, doers)} {verb} that{together}:")
        lines.append(f"> {answer.duty.text}")
        lines.append(f"*Source: {catalogue.source_title(answer.duty.source)}*")
    else:
        lines.append(f"**{post.title}**: {post.summary}")
        if not post.documented and post.id != "team":
            lines.append(undocumented_line(post))
        elif answer.duty is not None:
            lines.append(f"> {answer.duty.text}")
            lines.append(f"*Source: {catalogue.source_title(answer.duty.source)}*")
    others = [p for p in answer.alternatives if p not in answer.partners]
    if others:
        lines.append(f"See also: {join_titles(catalogue, others)}.")
    if post.id != "team":
        lines.append(f"Use `/role name:{post.title}` for every duty and the checklist.")
    return "\n".join(lines)


def reply_to_question(matcher: Matcher, raw: str) -> str:
    """The full reply to free text from a member: cleaned, matched and rendered."""
    catalogue = matcher.catalogue
    text = raw.strip()
    if not any(ch.isalnum() for ch in text):
        return (
            "Ask me about a CLP officer post or task in words, for example "
            f"{HELP_EXAMPLES}. `/roles` lists every post."
        )
    note = ""
    if len(text) > MAX_QUESTION_CHARS:
        text = text[:MAX_QUESTION_CHARS]
        note = f"\n*(That was long, so I read the first {MAX_QUESTION_CHARS} characters.)*"
    reply = render_answer(matcher.answer(text), catalogue) + note
    return reply if len(reply) <= 2000 else reply[:1999] + "…"
