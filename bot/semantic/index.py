"""How close in meaning a question is to each post's documents.

Every duty, summary and note is embedded once, with its post's title in front ("Treasurer:
pay agreed bills"); a question is embedded when it is asked, and each post scores the
cosine of its closest document.
"""

from __future__ import annotations

import numpy as np

from ..catalogue import Duty, Post
from ..matcher.semantic_weights import Closeness
from .encoder import Encoder


class SemanticIndex:
    """The catalogue's documents as unit vectors, row by row."""

    def __init__(self, encoder: Encoder, posts: dict[str, Post]) -> None:
        self.encoder = encoder
        texts: list[str] = []
        self._duty: list[Duty | None] = []
        self._spans: dict[str, tuple[int, int]] = {}  # each post's rows, one after another
        for post in posts.values():
            start = len(texts)
            for text, duty in documents(post):
                texts.append(f"{post.title}: {text}")
                self._duty.append(duty)
            self._spans[post.id] = (start, len(texts))
        self.vectors = encoder.encode(texts)

    def closeness(self, question: str) -> Closeness:
        """Each post's best cosine to ``question``."""
        sims = self.vectors @ self.encoder.encode([question])[0]
        cosine: dict[str, float] = {}
        duty: dict[str, Duty | None] = {}
        for post_id, (start, end) in self._spans.items():
            row = start + int(np.argmax(sims[start:end]))
            cosine[post_id], duty[post_id] = float(sims[row]), self._duty[row]
        return Closeness(cosine, duty)


def documents(post: Post) -> list[tuple[str, Duty | None]]:
    """A post's texts to embed: its summary, its notes and its duties (with the duty)."""
    docs: list[tuple[str, Duty | None]] = [(post.summary, None)]
    docs += [(note.text, None) for note in post.notes]
    docs += [(duty.text, duty) for duty in post.duties]
    return docs
