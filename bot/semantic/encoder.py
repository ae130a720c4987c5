"""all-MiniLM-L6-v2 in numpy: a six-layer BERT encoder, mean pooling, unit length.

The forward pass the sentence-transformers model runs, written out over the weights in its
``model.safetensors`` (no torch): embeddings, then six layers of self-attention and a
feed-forward block, each followed by a residual add and LayerNorm, then the mean of the
token vectors (padding left out), normalised. ``tokenizer.json`` is read by ``tokenizers``.
``tests/core/test_semantic_layer.py`` holds it to embeddings made by sentence-transformers.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

LAYERS = 6
HEADS = 12
HIDDEN = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
LAYER_NORM_EPS = 1e-12
TOKENS_PER_BATCH = 512  # tokens (padding included) per forward pass: bounds the peak memory


class Encoder:
    """Sentences to 384-dimensional unit vectors."""

    def __init__(self, weights: Path, tokenizer: Path) -> None:
        w = _Weights(weights)
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = [_Layer(w, f"encoder.layer.{i}.") for i in range(LAYERS)]

    def encode(self, sentences: list[str]) -> np.ndarray:
        """One unit vector per sentence (rows of a float32 array)."""
        out = np.zeros((len(sentences), HIDDEN), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(sentences)
        # similar lengths together (less padding), at most TOKENS_PER_BATCH tokens a pass
        order = sorted(range(len(sentences)), key=lambda i: len(encodings[i].ids))
        batch: list[int] = []
        for i in order:
            if batch and (len(batch) + 1) * len(encodings[i].ids) > TOKENS_PER_BATCH:
                out[batch] = self._batch([encodings[j].ids for j in batch])
                batch = []
            batch.append(i)
        if batch:
            out[batch] = self._batch([encodings[j].ids for j in batch])
        return out

    def _batch(self, token_ids: list[list[int]]) -> np.ndarray:
        width = max(len(t) for t in token_ids)
        ids = np.zeros((len(token_ids), width), dtype=np.int64)  # padded with [PAD], id 0
        mask = np.zeros((len(token_ids), width), dtype=np.float32)
        for row, tokens in enumerate(token_ids):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = self.word[ids] + self.position[:width] + self.token_type
        x = _layer_norm(x, *self.norm)
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padding is never attended to
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


class _Weights:
    """The tensors of a ``.safetensors`` file, mapped from disk rather than read into memory.

    The format: an 8-byte little-endian header length, a JSON header giving each tensor's
    dtype, shape and byte range, then the data. Only the pages a forward pass touches are
    read (of the 47 MB word-embedding table, the rows of the words asked about)."""

    DTYPES = {"F32": np.float32}

    def __init__(self, path: Path) -> None:
        with path.open("rb") as f:
            (length,) = struct.unpack("<Q", f.read(8))
            self._header = json.loads(f.read(length))
        self._data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + length)

    def __getitem__(self, name: str) -> np.ndarray:
        entry = self._header[name]
        start, end = entry["data_offsets"]
        dtype = self.DTYPES[entry["dtype"]]
        return self._data[start:end].view(dtype).reshape(entry["shape"])


class _Layer:
    """One encoder layer: multi-head self-attention, then the feed-forward block."""

    def __init__(self, w: _Weights, p: str) -> None:
        def dense(name: str) -> tuple[np.ndarray, np.ndarray]:
            return w[p + name + ".weight"].T, w[p + name + ".bias"]  # a view: x @ W.T, no copy

        # query, key and value in one product
        q, k, v = (dense(f"attention.self.{n}") for n in ("query", "key", "value"))
        self.qkv = (np.concatenate([q[0], k[0], v[0]], axis=1), np.concatenate([q[1], k[1], v[1]]))
        del q, k, v
        self.attn_out = dense("attention.output.dense")
        self.attn_norm = (
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        self.up = dense("intermediate.dense")
        self.down = dense("output.dense")
        self.out_norm = (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])

    def __call__(self, x: np.ndarray, bias: np.ndarray) -> np.ndarray:
        b, n, _ = x.shape
        head = HIDDEN // HEADS
        qkv = (x @ self.qkv[0] + self.qkv[1]).reshape(b, n, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(b, n, HIDDEN)
        x = _layer_norm(x + context @ self.attn_out[0] + self.attn_out[1], *self.attn_norm)
        hidden = x @ self.up[0]
        hidden += self.up[1]
        hidden = _gelu(hidden)
        return _layer_norm(x + hidden @ self.down[0] + self.down[1], *self.out_norm)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x), with erf from Abramowitz and Stegun 7.1.26 (error < 1.5e-7).

    Overwrites ``x`` and works in place: three arrays of its size at most, however big the batch.
    """
    z = np.abs(x)
    z *= np.float32(1.0 / np.sqrt(2.0))
    t = z * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for a in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(a)
        poly *= t
    del t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x|/√2)
    del z
    np.subtract(1.0, poly, out=poly)
    np.copysign(poly, x, out=poly)  # erf(x/√2)
    poly += 1.0
    poly *= x
    poly *= np.float32(0.5)
    return poly
