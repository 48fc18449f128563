"""Vectors of the knowledge base's own texts, kept on disk between runs.

Embedding every phrasing of the FAQ and the question bank takes seconds; looking them up
takes milliseconds. The cache is keyed by the model's fingerprint and each text's hash, so an
edited phrasing is embedded afresh and a new model never reads old vectors.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import platformdirs

from bot.semantic.encoder import DIMENSIONS, SentenceEncoder

log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    override = os.environ.get("IMGCOACH_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("imgcoach"))


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class TextVectors:
    """Vectors for a known set of texts, from the disk cache where possible."""

    def __init__(self, encoder: SentenceEncoder, cache_dir: Path | None = None) -> None:
        self.encoder = encoder
        directory = cache_dir or default_cache_dir()
        self._path = directory / f"vectors-{encoder.fingerprint}.npz"
        self._known: dict[str, np.ndarray] = {}
        try:
            with np.load(self._path, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
                if vectors.shape[1:] == (DIMENSIONS,):
                    self._known = dict(zip(keys.tolist(), vectors, strict=True))
        except (OSError, ValueError, KeyError):
            pass  # no cache yet, or an unreadable one: it is rebuilt below

    def of(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._known}.items()
        )
        if missing:
            fresh = self.encoder.encode([t for _, t in missing])
            for (key, _), vector in zip(missing, fresh, strict=True):
                self._known[key] = vector
            self._save()
        if not keys:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._known[k] for k in keys])

    def _save(self) -> None:
        keys = sorted(self._known)
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self._path.parent, suffix=".npz")
            with os.fdopen(handle, "wb") as file:
                np.savez(
                    file, keys=np.array(keys), vectors=np.stack([self._known[k] for k in keys])
                )
            os.replace(temporary, self._path)
        except OSError as error:  # a read-only home still runs, only slower to start
            log.warning("could not keep text vectors in %s: %s", self._path.parent, error)
