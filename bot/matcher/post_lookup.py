"""A post typed by name in a command: the one a member means (``resolve_post``) and the
posts that look like what they typed (``suggest_posts``, for autocomplete)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from ..catalogue import Post
from .thresholds import RESOLVE_CUTOFF, SUGGEST_CUTOFF

if TYPE_CHECKING:
    from .answering import Matcher


def resolve_post(matcher: Matcher, text: str) -> Post | None:
    """The post a member means by ``text`` (an id, a title, an alias or a typo of one)."""
    text = text.strip()
    if not text:
        return None
    posts = matcher.catalogue.posts
    if text in posts:
        return posts[text]
    folded = matcher.text.normalise(text).strip()
    for post in posts.values():
        if folded in (matcher.text.normalise(n).strip() for n in (post.title, *post.aliases)):
            return post
    for post_id, _, _ in matcher.named_posts(text):
        if post_id in posts:
            return posts[post_id]
    # a clear prefix or typo of one post's name ("tres"); an ambiguous one ("vice") is not
    prefixed = {
        post.id
        for post in posts.values()
        for name in (post.title, *post.aliases)
        if len(folded) >= 3 and matcher.text.normalise(name).startswith(folded)
    }
    if len(prefixed) == 1:
        return posts[prefixed.pop()]
    for cutoff in (SUGGEST_CUTOFF, RESOLVE_CUTOFF):
        scored = suggest_posts(matcher, text, limit=2, cutoff=cutoff)
        if len(scored) == 1:
            return scored[0]
    return None


def suggest_posts(
    matcher: Matcher, text: str, limit: int = 25, cutoff: float = SUGGEST_CUTOFF
) -> list[Post]:
    """Posts whose title or alias looks like ``text``, best first (for autocomplete)."""
    posts = matcher.catalogue.posts
    folded = matcher.text.normalise(text).strip()
    if not folded:
        return sorted(posts.values(), key=lambda p: p.title)[:limit]
    names = {}
    for post in posts.values():
        for name in (post.title, *post.aliases):
            names[matcher.text.normalise(name)] = post.id
    found: list[Post] = []
    hits = process.extract(folded, list(names), scorer=fuzz.WRatio, limit=None, score_cutoff=cutoff)
    hits.sort(key=lambda hit: (not hit[0].startswith(folded), -hit[1]))
    for name, _score, _ in hits:
        post = posts[names[name]]
        if post not in found:
            found.append(post)
    return found[:limit]
