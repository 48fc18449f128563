"""Sentence embeddings: all-MiniLM-L6-v2, int8, run by onnxruntime (no torch at run time).

The model file ships inside the package (bot/models/, see its README for licence and how it
was made) and is loaded once per process. Vectors are mean-pooled and L2-normalised, so a dot
product is a cosine similarity.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_FILE = MODEL_DIR / "all-minilm-l6-v2-int8.onnx"
TOKENIZER_FILE = MODEL_DIR / "all-minilm-l6-v2.tokenizer.json"
DIMENSIONS = 384
MAX_TOKENS = 128  # a sentence or a short question; longer text is cut (the model's own limit)
_CACHE_SIZE = 8192


# CPU features whose int8 dot product (vpdpbusd) adds into 32 bits without saturating
_EXACT_INT8_FLAGS = frozenset({"avx512_vnni", "avx_vnni"})


def exact_int8_dot(cpuinfo: str) -> bool:
    """Whether a CPU, by its /proc/cpuinfo text, multiplies int8 exactly in onnxruntime's fast
    kernels (x86 with VNNI). Any other CPU is taken as not."""
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            return not _EXACT_INT8_FLAGS.isdisjoint(line.partition(":")[2].split())
    return False


@cache
def _needs_exact_kernels() -> bool:
    try:
        return not exact_int8_dot(Path("/proc/cpuinfo").read_text(errors="replace"))
    except OSError:
        return True


def int8_session(model_file: Path, *, exact: bool | None = None) -> onnxruntime.InferenceSession:
    """An onnxruntime session for one of the shipped int8 models, one thread per call (the bot
    serves many users at once, and batches are small).

    x64quantprecision: on x86 CPUs without VNNI (AVX2, plain AVX-512) onnxruntime's fast int8
    kernels can saturate intermediate sums, so the same model gives different readings on
    different machines; the exact kernels give every machine the int8 arithmetic of a VNNI CPU,
    which the thresholds in bot/models were chosen on. A VNNI CPU does that arithmetic in the
    fast kernels already, bit for bit, at about half the time, so by default (exact None) it is
    spared the exact ones."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    if exact is None:
        exact = _needs_exact_kernels()
    if exact:
        options.add_session_config_entry("session.x64quantprecision", "1")
    return onnxruntime.InferenceSession(
        str(model_file), options, providers=["CPUExecutionProvider"]
    )


class SentenceEncoder:
    """Turns texts into unit vectors; recent texts are remembered (users repeat themselves)."""

    def __init__(self, model_file: Path = MODEL_FILE, tokenizer_file: Path = TOKENIZER_FILE):
        self._session = int8_session(model_file)
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()  # the file asks for 128; each text runs alone
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.fingerprint = _fingerprint(model_file, tokenizer_file)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, float32, unit length; empty input gives a (0, 384) array."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for row, text in enumerate(texts):
                known = self._recent.get(text)
                if known is not None:
                    self._recent.move_to_end(text)
                    out[row] = known
                else:
                    missing.setdefault(text, []).append(row)
        if missing:
            fresh = self._run(list(missing))
            with self._lock:
                for (text, rows), vector in zip(missing.items(), fresh, strict=True):
                    out[rows] = vector
                    self._recent[text] = vector
                while len(self._recent) > _CACHE_SIZE:
                    self._recent.popitem(last=False)
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def _run(self, texts: list[str]) -> np.ndarray:
        # one text per run: the int8 model quantises activations per run, so a text batched
        # with others would embed slightly differently from the same text alone
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for row, encoded in enumerate(self._tokenizer.encode_batch(texts)):
            ids = np.array([encoded.ids], dtype=np.int64)
            mask = np.array([encoded.attention_mask], dtype=np.int64)
            (vector,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[row] = vector[0]
        return out


# how the model is run, as part of the cache key: the exact int8 kernels (or a VNNI CPU's fast
# ones, which give the same vectors) read a text a little differently from the fast kernels of
# other CPUs, and a vector cached under one must not meet a query under the other
RUNTIME = "int8-exact-kernels"


def _fingerprint(*files: Path) -> str:
    digest = hashlib.sha256(RUNTIME.encode())
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@cache
def shared_encoder() -> SentenceEncoder:
    """The process's one encoder (the model is ~23 MB; load it once)."""
    return SentenceEncoder()
