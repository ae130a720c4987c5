"""The :class:`Matcher`: builds the indexes over a catalogue and reads a question into one
answer of the right kind."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from ..catalogue import TEAM_ID, Catalogue, Duty, Post
from ..glossary import Term
from ..text import Phrases, Question, TextReader
from ..uncovered import Uncovered
from . import shapes
from .answer import Answer
from .duties import Doc, DutyIndex
from .holders import holder_answer
from .names import NameHit, PostNames
from .ranking import Ranking, rank
from .semantic_weights import LEXICAL_ONLY, Blend, Meaning
from .thresholds import (
    ANSWER_THRESHOLD,
    CLOSE_CALL,
    MENTION_THRESHOLD,
    TERM_BONUS,
    TOPIC_THRESHOLD,
    TOPIC_THRESHOLD_WHO,
    VOCAB_TOKEN_CUTOFF,
)


class Matcher:
    """Fuzzy matcher over a catalogue's titles, aliases, keywords and duties."""

    def __init__(
        self, catalogue: Catalogue, meaning: Meaning | None = None, blend: Blend | None = None
    ) -> None:
        self.catalogue = catalogue
        self.use_meaning(meaning, blend)
        self.posts: dict[str, Post] = {**catalogue.posts, TEAM_ID: catalogue.team}
        self.text = TextReader(catalogue.lexicon)
        self.duties = DutyIndex(self.posts, self.text, catalogue.lexicon.synonyms)
        self.names = PostNames(self.posts, self.text, self.duties.vocab)
        # phrases for glossary terms and for what the documents do not cover, found with a typo
        # in a word no document, name or phrase uses as written ("returning oficer")
        glossary = {self.text.phrase(name): term for term in catalogue.glossary for name in term.names}
        uncovered = {self.text.phrase(word): item for item in catalogue.not_covered for word in item.words}
        known = frozenset(
            {w for doc in self.duties.docs for w in doc.words}  # duties, keywords, notes
            | set(self.names.words)  # titles and aliases
            | {w for p in self.posts.values() for w in self.text.words(p.summary)}
            | {w for phrase in (*glossary, *uncovered) for w in phrase}
            | self.text.stop_words
        )
        self.glossary_phrases = Phrases(glossary, known)
        self.uncovered_phrases = Phrases(uncovered, known)
        # the words the matcher knows (tests/core/test_lexicon.py reads them)
        self.idf, self.unknown_idf = self.duties.idf, self.duties.unknown_idf
        self._name_vocab_set = self.names.vocab
        self.duties.name_docs(self._doc_names)
        # the posts each duty names as written ("deputise for the Chair"), not those it is shared with
        self._duty_names = {
            id(doc.duty): doc.names - frozenset(doc.duty.shared_with) for doc in self.duties.docs if doc.duty
        }
        # a post's own title words and the words the lexicon makes them ("youth": young)
        self._group_stems = {
            p: stems | {x for s in stems for x in self.duties.synonyms_of(s)}
            for p, stems in self.names.own_stems.items()
        }
        # what a question about a post may use: the stems its documents and summary use, the
        # team's, the places the documents name, and words that ask about a post ("remit", "tips")
        post_stems = {p: set(self.text.content_stems(post.summary)) for p, post in self.posts.items()}
        for doc in self.duties.docs:
            post_stems[doc.post_id] |= doc.stems
        places = {i.place for p in self.posts.values() for i in (*p.duties, *p.notes) if i.place}
        shared = post_stems[TEAM_ID] | {s for place in places for s in self.text.content_stems(place)}
        self._post_words = {p: frozenset(stems | shared) for p, stems in post_stems.items()}
        lexicon = catalogue.lexicon
        self._about_post = frozenset(lexicon.personal_words + lexicon.personal_cues)
        self._stop_words = sorted(self.text.stop_words)
        # documents that mention each thing the documents do not cover ("the MP")
        self._uncovered_docs = self.duties.mentioning(self.uncovered_phrases, lambda item: item.id)
        items = {item.id: item for item in catalogue.not_covered}
        self._doc_uncovered = {  # the first thing each duty mentions that the documents don't cover
            id(self.duties.docs[i]): items[item_id]
            for item_id, doc_ids in reversed(self._uncovered_docs.items()) for i in doc_ids
        }
        # posts whose duties use each glossary term, and those duties
        self._term_docs = self.duties.mentioning(self.glossary_phrases, lambda t: t.term)
        self._term_posts = {
            term: _unique([self.duties.docs[i].post_id for i in doc_ids])
            for term, doc_ids in self._term_docs.items()
        }
        # a catalogue folder of its own may leave this entry out: then the rule is off
        self._body_business = items.get("body-business")

    def use_meaning(self, meaning: Meaning | None, blend: Blend | None = None) -> None:
        """Blend the semantic layer's closeness into post scores from now on (None: words only)."""
        self.meaning: Meaning | None = meaning
        self.blend: Blend = blend or (Blend() if meaning is not None else LEXICAL_ONLY)

    def _doc_names(self, post_id: str, duty: Duty | None, text: str) -> frozenset[str]:
        """Posts a document names (titles, aliases, glossary terms that are posts) or shares."""
        question = self.text.read(text)
        named = {n[0] for n in self._names(question) if self.names.written_as_name(question, n[2])}
        named |= {t.post for t, _, _ in question.find(self.glossary_phrases) if t.post}
        if duty is not None:
            named |= set(duty.shared_with)
        named.discard(post_id)
        return frozenset(named)

    def named_posts(self, text: str) -> list[NameHit]:
        """Posts ``text`` names: (post id, similarity 0-1, token span), longest first."""
        return self._names(self.text.read(text))

    def _names(self, question: Question) -> list[NameHit]:
        return self.names.find(question, self.duties.vocab)

    def answer(self, question: str, holds: Sequence[str] = ()) -> Answer:
        """The answer to ``question``: a post, or an honest reply of another kind.

        ``holds`` are the posts the asking member holds (for "what are my duties?")."""
        text = question.strip()
        q = self.text.read(text)
        if not q.words:
            return Answer(text, None, 0.0)
        # what the documents don't cover counts where the question asks, not in the story around it
        terms_found = q.find(self.glossary_phrases)
        # a longer term the documents define wins: "the council group" is the Labour Group
        mentioned = q.find(self.uncovered_phrases)
        topics = [t for t in mentioned
                  if q.asking[t[1]] and (not q.story_asks or t[0].exclusive or shapes.told_who(q, t[1], t[2]))
                  and not any(s <= t[1] and t[2] <= e and e - s > t[2] - t[1] for _, s, e in terms_found)]
        in_topic = {i for _, s, e in topics for i in range(s, e)}
        names = [n for n in self._names(q) if not set(range(*n[2])) <= in_topic]
        # "apart from the secretary, who else...": a post set aside is not the answer
        aside = [n for n in names if shapes.set_aside(q, n[2][0])] if shapes.asks_who(q) else []
        names = [n for n in names if n not in aside]
        aside_words = frozenset(i for _, _, (s, e) in aside for i in range(s, e))
        aside_posts = {n[0] for n in aside}
        # "does the deputy chair sit on the ECC?": the post the yes-or-no question is about first
        names.sort(key=lambda n: not shapes.asks_yes_no_about(q, n[2][0]))
        # "is the PEO the one who sorts speakers?" asks about the post it names first
        asks_who = shapes.asks_who(q) and not (names and shapes.asks_yes_no_about(q, names[0][2][0]))
        if shapes.is_task(q, self.text.chat_words, self.catalogue.lexicon.task_words) or shapes.is_remark(q):
            return Answer(text, None, 0.0, kind="smalltalk")
        if not names and not topics and not terms_found:
            chat = shapes.chat_kind(q, self.catalogue.lexicon)
            if chat == "personal":
                return Answer(text, holds[0] if holds else None, 100.0 if holds else 0.0,
                              alternatives=list(holds[1:]), kind="personal")
            if chat == "smalltalk":
                return Answer(text, None, 0.0, kind="smalltalk")
        if terms_found and not asks_who:
            term, start, end = terms_found[0]
            if shapes.defines(q, start, end):
                return self._glossary_answer(text, term)
        if not names and not terms_found and not topics and shapes.asks_acronym(q):
            return Answer(text, None, 0.0)  # "what does ex officio mean?": not a word the documents define
        exclusive = [t for t in topics if t[0].exclusive]
        if exclusive:
            return self._not_covered(text, q, self._first(exclusive))
        if names:  # "what does the shadow education secretary do", "who is my union's treasurer"
            other = self._other_body(q, names[0], asks_who)
            if other is not None:
                return self._not_covered(text, q, other)
        ranking = rank(self.duties, self.names.title_stems, q, aside_words, asks_who, self._group_stems)
        if asks_who:  # "who goes to the councillors' group?": the posts whose duties use the term
            used = [t for t, start, _ in terms_found if t.post is None and q.asking[start]]
            using = {p for t in used for p in self._term_posts.get(t.term, ())} & ranking.post_scores.keys()
            for post_id in using:
                ranking.post_scores[post_id] += TERM_BONUS
            if using:
                ranking.ranked.sort(key=lambda p: -ranking.post_scores[p])
        if asks_who:  # "who organises fundraising": verbs that share a stem with a name don't count
            names = [n for n in names if n[1] < 1.0 or self.names.written_as_name(q, n[2])]
        if names and names[0][0] != TEAM_ID and shapes.asks_holder(q, names[0][2]):
            post_id, sim, _ = names[0]  # "who is our treasurer?": the person in post
            return Answer(text, post_id, 100 * sim, None, "name", [], [], kind="holder")
        # "who does the fundraiser work with?" asks about another post, even with nothing else
        about_others = {
            n[0] for n in names if shapes.asks_about_others(q, n[2][0]) and not shapes.guessed(q, n[2][0])
        }
        if names and (not asks_who or not (about_others or self._rest_of_question(q, names))):
            if self._asks_fact_about(q, names):  # "what's the secretary's phone number?"
                return Answer(text, None, 0.0, None, "none", [names[0][0]], [], about=names[0][0])
            return self._name_answer(text, q, names, ranking)
        # a thing the documents define ("the county council Labour Group") keeps a question in scope
        defined = [t for t in terms_found if t[1] not in in_topic and t[0].post is None]
        # the rest of the question leaves out every mention of what isn't covered, in the story too
        rest_skip = frozenset({i for _, s, e in mentioned for i in range(s, e)}
                              | {i for _, _, (s, e) in names for i in range(s, e)})
        # "who is our MP?", "who designs the leaflets at regional office?"
        identity = any(shapes.asks_identity(q, start) or asks_who and shapes.someone_at(q, start)
                       for _, start, _ in topics)
        # "who audits the county council's accounts?": the council's own, unless a duty says
        # what the CLP does with it ("who pushes the national party's campaigns locally?")
        owned = [t for t in topics if asks_who and shapes.owned(q, t[2])]
        if owned and not self._owner_covered(q, owned, rest_skip):
            return self._not_covered(text, q, self._first(owned))
        if asks_who and not names and self._body_business is not None:
            business = self._body_business_answer(text, q, terms_found)
            if business is not None:
                return business
        if topics and (identity or not defined and not self._covers_the_rest(q, topics, rest_skip, asks_who)):
            return self._not_covered(text, q, self._first(topics))
        chat = self.text.chat_words
        written = [
            n for n in names
            if n[0] != TEAM_ID and self.names.written_as_name(q, n[2]) and not shapes.guessed(q, n[2][0])
            and (shapes.refers_to_post(q, n[2][0]) or shapes.speaks_as(q, n[2][0], chat))
        ]
        if written:
            held = holder_answer(self.duties, self.posts, text, q, written, chat,
                                 lambda doc: self._doc_uncovered.get(id(doc)))
            if held is not None:
                return held
        _leave_out(ranking, aside_posts)
        self._cap_thin(ranking)
        if not names and not asks_who and shapes.asks_fact(q, self.catalogue.lexicon.fact_openers,
                                                            self.text.chat_words):
            # "how much is membership?": a fact, not a post; the nearest posts come as suggestions
            return self._duty_answer(text, names, ranking, refuse=True)
        if self.meaning is not None:
            self.blend.mix(ranking, self.meaning.closeness(text))
            _leave_out(ranking, aside_posts)
        offered = [n[0] for n in names if shapes.guessed(q, n[2][0])]
        if len(offered) > 1:  # "...is it the chair or the secretary?": one of those offered
            ranking.ranked.sort(key=lambda p: p not in offered)
        answer = self._duty_answer(text, names, ranking)
        # the posts the question asks who acts on; not "TULO, who do they link up with?", which
        # is the post's own duty with others who are not posts
        acting = {n[0] for n in names if shapes.asks_about_them(q, n[2][0])}
        acted_on = (about_others - acting) & {n[0] for n in written} if asks_who else set()
        if answer.role in acted_on:
            # "who stands in for the secretary?" is never the Secretary: the documents don't say
            return Answer(text, None, 0.0, None, "none", [answer.role], [], about=answer.role)
        named = self._duty_names.get(id(answer.duty), frozenset()) if answer.duty else frozenset()
        if acted_on and named and not named & acted_on:
            # "who stands in for the secretary?" is not "To deputise for the Chair": another post's
            post_id = min(acted_on, key=[n[0] for n in names].index)
            return Answer(text, None, 0.0, None, "none", [post_id], [], about=post_id)
        return answer

    # -- not covered ----------------------------------------------------------------
    def _covers_the_rest(self, q: Question, topics, skip: frozenset[int], asks_who: bool) -> bool:
        """A question that mentions something not covered is still answered when the rest of
        it is covered: by a duty that mentions that thing ("who liaises with the MP?"), or well
        covered by one duty ("who sits in on the councillors' group meetings at county hall?")."""
        terms = self.duties.query_terms(q, skip)
        scored = self.duties.score(terms)[0]
        if not scored:
            return False
        docs = self.duties.docs
        mentioning = [docs[i] for item, _, _ in topics for i in self._uncovered_docs.get(item.id, ())]
        if self._mention_covers(q, mentioning, terms, asks_who):
            return True
        score, doc = scored[0]
        matched = sum(1 for t in terms if doc.stems & t.matches.keys())
        return score >= (TOPIC_THRESHOLD_WHO if asks_who else TOPIC_THRESHOLD) and matched >= 2

    def _mention_covers(self, q: Question, mentioning: list[Doc], terms, asks_who: bool) -> bool:
        """Whether the best of the duties ``mentioning`` something covers more of the question
        (``terms``, the rest of it) well enough to answer."""
        if not mentioning:
            return False
        for score, doc in self.duties.score(self.duties.query_terms(q))[0]:
            if any(doc is d for d in mentioning):
                rest = sum(1 for t in terms if doc.stems & t.matches.keys())
                return score >= MENTION_THRESHOLD and rest >= (1 if asks_who else 2)
        return False

    def _body_business_answer(self, text: str, q: Question, terms_found) -> Answer | None:
        """ "Who takes the minutes at the Labour Group?": at a body only one post's duties go to,
        work that is another post's (the rest of the question) is the body's own business, which
        the documents don't cover; the post that goes there comes as related."""
        for term, start, end in terms_found:
            owners = self._term_posts.get(term.term, [])
            if not term.body or len(owners) != 1 or not shapes.located_at(q, start):
                continue
            rest = rank(self.duties, self.names.title_stems, q, frozenset(range(start, end)), True)
            other = rest.ranked[0] if rest.ranked else owners[0]
            if other != owners[0] and rest.post_scores[other] >= ANSWER_THRESHOLD:
                doc = self.duties.docs[self._term_docs[term.term][0]]
                return Answer(text, None, 0.0, doc.duty, "none", [doc.post_id], kind="not_covered",
                              topic=self._body_business, owner=doc.post_id)
        return None

    def _owner_covered(self, q: Question, owned, skip: frozenset[int]) -> bool:
        """Whether a duty names the owner in "the national party's campaigns" (as "the national
        party") and covers the rest of the question: "who pushes the national party's campaigns
        locally?" is the Campaign Co-ordinator's."""
        owners = {q.words[s:e - 1] + (q.words[e - 1][:-1],) for _, s, e in owned}
        mentioning = [
            doc for doc in self.duties.docs
            if doc.duty is not None and any(_contains(doc.words, owner) for owner in owners)
        ]
        return self._mention_covers(q, mentioning, self.duties.query_terms(q, skip), True)

    def _other_body(self, q: Question, name: NameHit, asks_who: bool) -> Uncovered | None:
        """The body whose officer a post's name means, when a qualifier says it is not the
        CLP's ("the national treasurer"); a who-question that does not ask who that officer is
        ("who tells branch secretaries about new members") asks about the CLP post that acts."""
        for item in self.catalogue.not_covered:
            start = shapes.qualified(q, name[2], item.qualifies) if item.qualifies else None
            if start is None:
                continue
            # "ward treasurer who" asks who that officer is, like "who is the ward treasurer"
            if not asks_who or shapes.asks_identity(q, start) or shapes.ends_with_who(q):
                return item
        return None

    def _first(self, topics) -> Uncovered:
        """Of several uncovered things in one question, the first in the file (the most specific)."""
        order = self.catalogue.not_covered
        return min((t[0] for t in topics), key=order.index)

    def _not_covered(self, text: str, q: Question, item: Uncovered) -> Answer:
        """The documents do not cover ``item``; a duty that mentions it comes as related."""
        related = [self.duties.docs[i] for i in self._uncovered_docs.get(item.id, ())]
        doc = None
        if related:
            scored = self.duties.score(self.duties.query_terms(q))[0]
            order = {id(d): n for n, (_, d) in enumerate(scored)}
            doc = min(related, key=lambda d: order.get(id(d), len(order)))
        return Answer(text, None, 0.0, doc.duty if doc else None, "none",
                      [doc.post_id] if doc else [], kind="not_covered", topic=item,
                      owner=doc.post_id if doc else None)

    # -- glossary, name and duty answers --------------------------------------------
    def _glossary_answer(self, text: str, term: Term) -> Answer:
        using = [p for p in self._term_posts.get(term.term, []) if p != term.post]
        return Answer(text, term.post, 100.0, None, "none", using[:3], kind="glossary", term=term)

    def _name_answer(self, text: str, q: Question, names: list[NameHit], ranking: Ranking) -> Answer:
        post_id, sim, (start, end) = names[0]
        others = [n[0] for n in names[1:]] + [p for p in ranking.ranked if p != post_id]
        score = ranking.post_scores.get(post_id, 0)
        duty = ranking.best_duty.get(post_id) if score >= 0.5 else None
        # a name that begins longer names ("vice chair"): offer every post it may mean
        longer = self.names.longer.get(q.stems[start:end], set()) - {post_id}
        # "which vice chair does policy?": the one longer name whose other words are asked
        asked = set(q.stems[:start] + q.stems[end:]) if longer else set()
        meant = [p for p in longer if self.names.title_stems[p] - self.names.title_stems[post_id] <= asked]
        if len(meant) == 1:
            post_id, longer = meant[0], set()
        choices = [post_id, *sorted(longer, key=list(self.posts).index)] if longer else []
        others = choices[1:] + others if choices else others
        return Answer(text, post_id, 100 * sim, duty, "name", _unique(others)[:3], [], choices=choices)

    def _duty_answer(self, text: str, names: list[NameHit], ranking: Ranking, refuse: bool = False) -> Answer:
        post_scores, ranked = ranking.post_scores, ranking.ranked
        if refuse or not ranked or not self.blend.answers(ranking):
            near = [p for p in ranked if post_scores[p] >= self.blend.suggest_threshold]
            near += [n[0] for n in names]
            score = self.blend.confidence(post_scores[ranked[0]]) if ranked else 0.0
            return Answer(text, None, score, None, "none", _unique(near)[:3], [])

        top = ranked[0]
        duty = ranking.best_duty.get(top)
        partners = list(duty.shared_with) if duty and post_scores.get(top) else []
        # a shared duty: name both (partners first, then runners-up close behind)
        close = [p for p in ranked[1:] if post_scores[p] >= CLOSE_CALL * post_scores[top]]
        alternatives = _unique(partners + close + ranked[1:])
        alternatives = [p for p in alternatives if p != top][:3]
        runner_up = None
        rivals = [p for p in close if p not in partners and ranking.best_duty.get(p) is not None]
        if rivals and duty is not None:
            runner_up = (rivals[0], ranking.best_duty[rivals[0]])
        return Answer(text, top, self.blend.confidence(post_scores[top]), duty, "duty", alternatives,
                      partners, runner_up=runner_up)

    def _cap_thin(self, ranking: Ranking) -> None:
        """One everyday word in common ("book", "team") is not enough to answer, unless it is
        a word the catalogue lists as a topic (a keyword or a title word) or all the question has."""
        ranked, matched = ranking.ranked, ranking.matched
        thin = bool(ranked) and len(matched[ranked[0]]) < 2 and ranking.asking_terms > 1
        if thin and not matched[ranked[0]] & self.names.topic_stems:
            top = ranked[0]
            cap = min(ANSWER_THRESHOLD, self.blend.answer_threshold) - 0.01
            ranking.post_scores[top] = min(ranking.post_scores[top], cap)

    def _asks_fact_about(self, q: Question, names: list[NameHit]) -> bool:
        """Whether a question about a named post asks a fact (it opens like one, or asks yes or
        no) with a word the post's documents, the team's and its summary never use, other than
        places and words about one's post ("remit", "tips"): "how long must I be a member to stand
        for chair?" asks about the post, not about what it does."""
        openers, chat = self.catalogue.lexicon.fact_openers, self.text.chat_words
        if names[0][0] == TEAM_ID or not shapes.asks_fact_about(q, names[0][2], openers, chat):
            return False
        own = self._post_words[names[0][0]]
        about_post, duties = self._about_post, self.duties
        skip = {i for _, _, (s, e) in names for i in range(s, e)}
        for i, (word, token) in enumerate(zip(q.words, q.stems, strict=True)):
            if i in skip or not (q.asking[i] and q.content[i]) or word in about_post or len(word) < 3:
                continue
            if not own & {token, *duties.similar(token, word), *duties.synonyms_of(token)}:
                if self._misspelt_stop_word(word, token):  # "what's the chair actualy do"
                    continue
                return True
        return False

    def _misspelt_stop_word(self, word: str, token: str) -> bool:
        """A word the documents don't use that is one slip from a word carrying no topic
        ("actualy", "ment")."""
        return (
            len(word) >= 4 and token not in self.duties.vocab
            and process.extractOne(word, self._stop_words, scorer=fuzz.ratio, score_cutoff=VOCAB_TOKEN_CUTOFF)
            is not None
        )

    def _rest_of_question(self, q: Question, names: list[NameHit]) -> list[str]:
        """Content words of the question outside the named post's span."""
        span = set()
        for _, _, (s, e) in names:
            span.update(range(s, e))
        return [t for i, t in enumerate(q.words) if i not in span and q.content[i]]


def _leave_out(ranking: Ranking, posts: set[str]) -> None:
    """Take ``posts`` out of the running (set aside: "apart from the secretary")."""
    if posts:
        for post_id in posts:
            ranking.post_scores.pop(post_id, None)
        ranking.ranked = [p for p in ranking.ranked if p not in posts]


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(words[i : i + len(phrase)] == phrase for i in range(len(words) - len(phrase) + 1))


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]
