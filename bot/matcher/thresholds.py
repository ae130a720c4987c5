"""Every tuned number of the matcher, in one place."""

NAME_TOKEN_CUTOFF = 80.0  # per-token rapidfuzz ratio for typo-tolerant names
VOCAB_TOKEN_CUTOFF = 85.0  # per-token ratio for typo-tolerant duty words (and stop words)
SWAP_SIMILARITY = 0.9  # a word with two letters swapped ("yuoth"), which that ratio misses in short words
ANSWER_THRESHOLD = 0.3  # below this the bot says it does not know...
LEXICAL_ANSWER_THRESHOLD = 0.25  # ...and by words alone, below this (chosen on the tuned sets)
LONG_QUESTION = 25  # a message of more words spreads its weight thinner (greetings, the story)...
LEXICAL_LONG_THRESHOLD = 0.2  # ...so by words alone it needs only this
UNKNOWN_WEIGHT = 0.5  # a word the documents never use counts half as much as the rarest word
TERM_BONUS = 0.15  # a who-question that uses a term the glossary defines leans to the posts using it
TITLE_BONUS = 0.15  # a question that uses a post's title words leans towards that post
SYNONYM_TITLE_BONUS = 0.075  # ...half as much for words its words stand for ("checks": audit, auditor)
SUGGEST_CUTOFF = 70  # WRatio for a post name to be offered at all
RESOLVE_CUTOFF = 88  # WRatio a typed post name needs to open that post without asking
SUGGEST_THRESHOLD = 0.18  # above this, near misses are offered as "did you mean"
CONTEXT_WEIGHT = 0.5  # words outside the clause that asks (greetings, the story first) count less
CONTEXT_UNKNOWN = 0.1  # ...and words there the documents never use, less still: the story, not the question
HOLDER_THRESHOLD = 0.2  # a duty that acts on the post a who-question names needs less
OBJECT_BONUS = 0.3  # a duty that acts on the post a who-question names ("audit ... the Treasurer")
TOPIC_THRESHOLD = 0.75  # what a question that is not "who" and mentions an uncovered topic needs
TOPIC_THRESHOLD_WHO = 0.4  # ...and what a who-question needs
MENTION_THRESHOLD = 0.4  # a duty that names the uncovered thing, for the whole question
CLOSE_CALL = 0.9  # a second post this close to the first is offered too ("Probably X ... or Y")
QUALIFIER_FACTOR = 0.75  # a duty that names its own post's group ("women") the question does not name
KEYWORD_ORDER = 0.02  # a post's last keyword counts this much less than its first (most central first)
