"""all-MiniLM-L6-v2 in numpy: a six-layer BERT encoder, mean pooling, unit length.

The forward pass the sentence-transformers model runs, written out over the weights in its
``model.safetensors`` (no torch): embeddings, then six layers of self-attention and a
feed-forward block, each followed by a residual add and LayerNorm, then the mean of the
token vectors (padding left out), normalised. ``tokenizer.json`` is read by ``tokenizers``.
``tests/core/test_semantic_layer.py`` holds it to embeddings made by sentence-transformers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

LAYERS = 6
HEADS = 12
HIDDEN = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
LAYER_NORM_EPS = 1e-12
BATCH = 32  # sentences per forward pass when embedding many


class Encoder:
    """Sentences to 384-dimensional unit vectors."""

    def __init__(self, weights: Path, tokenizer: Path) -> None:
        w = load_file(str(weights))
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = [_Layer(w, f"encoder.layer.{i}.") for i in range(LAYERS)]

    def encode(self, sentences: list[str]) -> np.ndarray:
        """One unit vector per sentence (rows of a float32 array)."""
        out = np.zeros((len(sentences), HIDDEN), dtype=np.float32)
        # similar lengths together: less padding to compute
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start:start + BATCH]
            out[chunk] = self._batch([sentences[i] for i in chunk])
        return out

    def _batch(self, sentences: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(sentences)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        x = self.word[ids] + self.position[: ids.shape[1]] + self.token_type
        x = _layer_norm(x, *self.norm)
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padding is never attended to
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


class _Layer:
    """One encoder layer: multi-head self-attention, then the feed-forward block."""

    def __init__(self, w: dict[str, np.ndarray], p: str) -> None:
        def dense(name: str) -> tuple[np.ndarray, np.ndarray]:
            return np.ascontiguousarray(w[p + name + ".weight"].T), w[p + name + ".bias"]

        # query, key and value in one product
        q, k, v = (dense(f"attention.self.{n}") for n in ("query", "key", "value"))
        self.qkv = (np.concatenate([q[0], k[0], v[0]], axis=1), np.concatenate([q[1], k[1], v[1]]))
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
        hidden = _gelu(x @ self.up[0] + self.up[1])
        return _layer_norm(x + hidden @ self.down[0] + self.down[1], *self.out_norm)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x), with erf from Abramowitz and Stegun 7.1.26 (error < 1.5e-7)."""
    z = np.abs(x) / np.float32(np.sqrt(2.0))
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return (0.5 * x * (1.0 + erf)).astype(np.float32)
