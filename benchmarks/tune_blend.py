"""How the semantic layer's weight and threshold were chosen: a grid over the project's own
question sets (never a set then reported as blind).

Run from the repository root, with the model's folder (model.safetensors, tokenizer.json):

    EMBEDDING_MODEL_DIR=/path/to/model python benchmarks/tune_blend.py

Each question is embedded once; every (weight, threshold) pair then answers every question
of the tuning sets. Prints in-scope top-1 and out-of-scope refusals over all of them, best
first. The chosen values live in ``bot/matcher/semantic_weights.py``.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from matcher import SETS_FILE, scope_split  # noqa: E402  (benchmarks/matcher.py, beside this file)

from bot.catalogue import load_catalogue  # noqa: E402
from bot.matcher import ANSWER_THRESHOLD, Matcher  # noqa: E402
from bot.matcher.semantic_weights import Blend, Closeness  # noqa: E402
from bot.semantic import load_meaning  # noqa: E402

# the sets tuned on (tests/data/sets.yaml); a set stays out until its first run is recorded
TUNING_SETS = tuple(s["file"] for s in yaml.safe_load(SETS_FILE.read_text(encoding="utf-8")) if s["tuned"])
WEIGHTS = (1.5, 2.0, 2.5, 3.0, 3.5)
THRESHOLDS = (0.9, 1.1, 1.3, 1.5)


class Remembered:
    """The layer's closeness, computed once per question."""

    def __init__(self, meaning) -> None:
        self.meaning, self.seen = meaning, {}

    def closeness(self, question: str) -> Closeness:
        if question not in self.seen:
            self.seen[question] = self.meaning.closeness(question)
        return self.seen[question]


def main() -> int:
    model_dir = os.environ.get("EMBEDDING_MODEL_DIR")
    if not model_dir:
        print("set EMBEDDING_MODEL_DIR to a folder holding model.safetensors and tokenizer.json")
        return 2
    catalogue = load_catalogue()
    meaning = load_meaning(catalogue, Path(model_dir), Path(model_dir))
    if meaning is None:
        return 1
    remembered = Remembered(meaning)
    items = [
        item
        for name in TUNING_SETS
        for item in yaml.safe_load((REPO / "tests" / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
    ]
    rows = []
    for weight, threshold in itertools.product(WEIGHTS, THRESHOLDS):
        blend = Blend(weight, threshold, threshold - 0.2, ANSWER_THRESHOLD)
        matcher = Matcher(catalogue, remembered, blend)
        inside, refused, _, _ = scope_split(lambda q, m=matcher: m.answer(q).role, items)
        rows.append((inside, refused, weight, threshold))
    print(f"{len(items)} questions from {', '.join(TUNING_SETS)}")
    print("weight  threshold  in scope  refused")
    for inside_share, refused, weight, threshold in sorted(rows, reverse=True):
        print(f"{weight:6.2f}  {threshold:9.2f}  {inside_share:8.1%}  {refused:7.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
