"""Where the semantic model's files come from, each checked against its sha256.

``EMBEDDING_MODEL_DIR`` names a folder holding a copy (for hosts without internet); otherwise
the files are downloaded once, on first start, from the model's public repository at a pinned
revision into ``DATA_DIR/models/``. A file that is missing, the wrong size or not the pinned
file raises :class:`ModelUnavailable`, whose message is one line: what is wrong and the fix.
"""

from __future__ import annotations

import hashlib
import logging
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_REPO = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_REVISION = "c9745ed1d9f207416be6d2e6f8de32d1f16199bf"  # pinned: never "main"
HUB_URL = "https://huggingface.co"
WEIGHTS = "model.safetensors"
TOKENIZER = "tokenizer.json"
FILES = {  # name: (bytes, sha256)
    WEIGHTS: (90_868_376, "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"),
    TOKENIZER: (466_247, "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"),
}
CHUNK = 1 << 20
TIMEOUT = 30  # seconds without a byte before a download gives up


class ModelUnavailable(Exception):
    """The model cannot be used; the message says why and how to fix it, in one line."""


@dataclass(frozen=True)
class ModelFiles:
    """A verified copy of the model's files."""

    folder: Path

    @property
    def weights(self) -> Path:
        return self.folder / WEIGHTS

    @property
    def tokenizer(self) -> Path:
        return self.folder / TOKENIZER


def download_folder(data_dir: Path) -> Path:
    """Where downloaded files are kept: a folder per pinned revision in the data folder."""
    return data_dir / "models" / f"{MODEL_NAME}-{MODEL_REVISION[:12]}"


def local_copy(folder: Path) -> ModelFiles:
    """The copy in ``EMBEDDING_MODEL_DIR``, verified."""
    for name in FILES:
        problem = _problem(folder / name, name)
        if problem:
            raise ModelUnavailable(
                f"EMBEDDING_MODEL_DIR={folder}: {problem}; put {MODEL_REPO}'s {', '.join(FILES)} "
                f"(revision {MODEL_REVISION[:12]}) there, or unset it to download them"
            )
    return ModelFiles(folder)


def downloaded_copy(data_dir: Path, hub_url: str = HUB_URL) -> ModelFiles:
    """The copy in the data folder, downloaded (and verified) first where it is missing or wrong."""
    folder = download_folder(data_dir)
    for name, (size, _) in FILES.items():
        if _problem(folder / name, name) is None:
            continue
        url = f"{hub_url}/{MODEL_REPO}/resolve/{MODEL_REVISION}/{name}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _download(url, folder / name, size)
        except OSError as error:
            raise ModelUnavailable(
                f"could not download {url} ({error}); connect this host to the internet once, "
                f"or copy the files into a folder and set EMBEDDING_MODEL_DIR to it"
            ) from error
        problem = _problem(folder / name, name)
        if problem:
            (folder / name).unlink(missing_ok=True)
            raise ModelUnavailable(
                f"the downloaded {problem}; it was deleted and is downloaded again at the "
                f"next start, or set EMBEDDING_MODEL_DIR to a verified copy"
            )
    return ModelFiles(folder)


def _download(url: str, target: Path, size: int) -> None:
    """Fetch ``url`` into ``target`` (through a ``.part`` file), logging progress by quarters."""
    part = target.with_name(target.name + ".part")
    log.info("Downloading the semantic model's %s (%.1f MB) from %s", target.name, size / 1e6, url)
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response, part.open("wb") as out:
            done, quarter = 0, 1
            while chunk := response.read(CHUNK):
                out.write(chunk)
                done += len(chunk)
                while quarter <= 4 and done >= size * quarter / 4:
                    log.info("... %s: %d %%", target.name, 25 * quarter)
                    quarter += 1
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def _problem(path: Path, name: str) -> str | None:
    """What is wrong with ``path`` as the pinned ``name``, or None."""
    size, sha256 = FILES[name]
    if not path.is_file():
        return f"{name} is missing"
    if path.stat().st_size != size:
        return f"{name} is {path.stat().st_size:,} bytes, not {size:,}"
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    if digest.hexdigest() != sha256:
        return f"{name} does not match the pinned sha256 (corrupt or another version)"
    return None


def status(semantic: bool, model_dir: Path | None, data_dir: Path) -> tuple[bool, str]:
    """For ``doctor``: whether the model's settings are usable, and what will happen at start."""
    if not semantic:
        return True, "off (SEMANTIC=off): questions are answered by words only"
    if model_dir:
        try:
            return True, f"{local_copy(model_dir).folder} (EMBEDDING_MODEL_DIR), verified"
        except ModelUnavailable as error:
            return False, str(error)
    folder = download_folder(data_dir)
    if all(_problem(folder / name, name) is None for name in FILES):
        return True, f"{folder}, verified"
    total = sum(size for size, _ in FILES.values())
    return True, (
        f"not downloaded yet: {total / 1e6:.0f} MB from {HUB_URL} at the first start "
        "(offline host: set EMBEDDING_MODEL_DIR)"
    )
