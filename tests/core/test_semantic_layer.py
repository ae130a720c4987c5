"""The semantic layer: the numpy encoder against sentence-transformers, and meaning blended
into the matcher's answers (with the real model, from the package the README installs)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.catalogue import load_catalogue
from bot.matcher import Matcher
from bot.semantic.encoder import Encoder

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "semantic" / "reference.json"


@pytest.fixture(scope="module")
def encoder(model_dir: Path) -> Encoder:
    return Encoder(model_dir / "model.safetensors", model_dir / "tokenizer.json")


def test_embeddings_match_sentence_transformers(encoder: Encoder) -> None:
    """reference.json was made once with sentence-transformers and torch (make_reference.py)."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    ours = encoder.encode(reference["sentences"])
    theirs = np.array(reference["embeddings"], dtype=np.float32)
    assert ours.shape == theirs.shape == (len(reference["sentences"]), 384)
    assert np.abs(ours - theirs).max() < 1e-4
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_batch_gives_what_one_at_a_time_gives(encoder: Encoder) -> None:
    """Padding in a batch changes nothing: each sentence is embedded as if alone."""
    sentences = ["who pays the bills?", "hi", "who books the rooms for our monthly meetings, please?"]
    together = encoder.encode(sentences)
    alone = np.stack([encoder.encode([s])[0] for s in sentences])
    assert np.abs(together - alone).max() < 1e-5


@pytest.mark.parametrize(
    ("question", "post"),
    [
        ("who do i ask to hire a hall", "secretary"),
    ],
)
def test_meaning_answers_what_words_alone_do_not(meaning, question: str, post: str) -> None:
    """Questions sharing too few words with the documents: refused by words alone, answered
    with meaning blended in."""
    catalogue = load_catalogue()
    assert Matcher(catalogue).answer(question).role is None
    answer = Matcher(catalogue, meaning).answer(question)
    assert (answer.role, answer.kind) == (post, "post")
    assert answer.duty is not None and answer.duty in catalogue.get(post).duties
    assert 0 < answer.score <= 100


@pytest.mark.parametrize(
    "question",
    [
        "what does the tresurer do",
        "who is our secretary?",
        "what is PPERA?",
        "hello!",
        "how much is membership?",
    ],
)
def test_meaning_leaves_other_kinds_alone(meaning, question: str) -> None:
    """A named post, a holder, a glossary term, small talk and a fact question are decided by
    the rules before meaning is asked."""
    catalogue = load_catalogue()
    lexical = Matcher(catalogue).answer(question)
    blended = Matcher(catalogue, meaning).answer(question)
    assert (blended.role, blended.kind) == (lexical.role, lexical.kind)


def test_the_layer_can_be_turned_off_again(meaning) -> None:
    matcher = Matcher(load_catalogue(), meaning)
    matcher.use_meaning(None)
    assert matcher.answer("who do i ask to hire a hall").role is None


def test_a_clear_answer_by_words_keeps_its_place(meaning) -> None:
    """Meaning alone leans "the money person on the exec" towards the IT Officer; the words
    point clearly at the Treasurer, and the blend only a little the other way, so the words win."""
    catalogue = load_catalogue()
    question = "whos the money person on the exec"
    assert Matcher(catalogue).answer(question).role == "treasurer"
    assert Matcher(catalogue, meaning).answer(question).role == "treasurer"


def test_the_years_end_is_the_agm(meaning) -> None:
    """The end of the year is when the AGM is: checking the books then is the Auditors' "produce a
    report for the AGM", which meaning alone gives to the Treasurer's records."""
    catalogue = load_catalogue()
    for question in (
        "who checks the books are all right at the end of the year",
        "who goes through the accounts once the year is over",
    ):
        assert Matcher(catalogue, meaning).answer(question).role == "auditor", question


def test_the_team_page_leans_less_on_meaning(meaning) -> None:
    """The team page's text (who sits on the ECC) is close in meaning to any question about
    the committee; a duty that acts on it (checking every branch has a representative) wins,
    and a question about the committee's members still gets the team page."""
    catalogue = load_catalogue()
    matcher = Matcher(catalogue, meaning)
    for question in (
        "who ensures every branch has someone sitting on the ecc",
        "who makes sure the ecc has a rep from every branch",
    ):
        assert matcher.answer(question).role == "campaign-coordinator", question
    assert matcher.answer("which officers sit on the ecc automatically").role == "team"


def test_a_long_message_needs_less_to_answer_with_meaning(meaning) -> None:
    """Past 25 words, the blended score a message needs is lower (BLENDED_LONG_THRESHOLD)."""
    question = (
        "right, sorry, bit of a moan. went to the last two exec meetings and nobody has seen the "
        "minutes of either of them yet, not trying to cause trouble but who writes them up?"
    )
    assert Matcher(load_catalogue(), meaning).answer(question).role == "secretary"
