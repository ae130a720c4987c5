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
        self._post: list[str] = []
        self._duty: list[Duty | None] = []
        for post in posts.values():
            for text, duty in documents(post):
                texts.append(f"{post.title}: {text}")
                self._post.append(post.id)
                self._duty.append(duty)
        self.vectors = encoder.encode(texts)
        self._post_ids = list(dict.fromkeys(self._post))
        self._rows = np.array([self._post_ids.index(p) for p in self._post])

    def closeness(self, question: str) -> Closeness:
        """Each post's best cosine to ``question``."""
        sims = self.vectors @ self.encoder.encode([question])[0]
        best = np.full(len(self._post_ids), -1.0, dtype=np.float32)
        where = np.full(len(self._post_ids), -1)
        for row in np.argsort(-sims):
            col = self._rows[row]
            if where[col] < 0:
                best[col], where[col] = sims[row], row
        return Closeness(
            {p: float(best[i]) for i, p in enumerate(self._post_ids)},
            {p: self._duty[where[i]] for i, p in enumerate(self._post_ids)},
        )


def documents(post: Post) -> list[tuple[str, Duty | None]]:
    """A post's texts to embed: its summary, its notes and its duties (with the duty)."""
    docs: list[tuple[str, Duty | None]] = [(post.summary, None)]
    docs += [(note.text, None) for note in post.notes]
    docs += [(duty.text, duty) for duty in post.duties]
    return docs
