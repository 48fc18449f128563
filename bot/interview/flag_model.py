"""The learned red-flag reader: a sentence classifier that reads a behaviour by its meaning.

all-MiniLM-L6-v2 fine-tuned on the red-flag corpus (tools/train_flag_reader.py, data in
tools/redflag_corpus/), exported to ONNX int8 and shipped in bot/models/ with its thresholds
(redflag-reader.json). Loaded once, on the first answer it reads; deterministic.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from bot.semantic.encoder import MODEL_DIR, TOKENIZER_FILE

READER_FILE = MODEL_DIR / "redflag-reader-int8.onnx"
READER_META = MODEL_DIR / "redflag-reader.json"
MAX_TOKENS = 96


@dataclass
class RedFlagReader:
    model_file: Path
    behaviours: list[str]
    sure_at: float
    caution_at: float
    _session: onnxruntime.InferenceSession | None = field(default=None, repr=False)
    _tokenizer: Tokenizer | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, model_file: Path = READER_FILE, meta_file: Path = READER_META) -> RedFlagReader:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        return cls(model_file, list(meta["behaviours"]), meta["sure_at"], meta["caution_at"])

    def _ready(self) -> tuple[onnxruntime.InferenceSession, Tokenizer]:
        with self._lock:
            if self._session is None or self._tokenizer is None:
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                options.log_severity_level = 3
                self._session = onnxruntime.InferenceSession(
                    str(self.model_file), options, providers=["CPUExecutionProvider"]
                )
                tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
                tokenizer.enable_truncation(MAX_TOKENS)
                tokenizer.no_padding()
                self._tokenizer = tokenizer
            return self._session, self._tokenizer

    def judge(self, sentences: list[str]) -> list[tuple[float, str]]:
        if not sentences:
            return []
        session, tokenizer = self._ready()
        judged = []
        # one sentence per run, as the encoder does: the int8 model quantises activations
        # per run, and a sentence's reading must not depend on its neighbours
        for encoded in tokenizer.encode_batch(sentences):
            ids = np.array([encoded.ids], dtype=np.int64)
            mask = np.array([encoded.attention_mask], dtype=np.int64)
            flag, behaviour = session.run(None, {"input_ids": ids, "attention_mask": mask})
            judged.append((float(flag[0]), self.behaviours[int(behaviour[0].argmax())]))
        return judged


@cache
def shipped_reader() -> RedFlagReader | None:
    """The reader in bot/models, or None in a checkout without it (the rules still work)."""
    if not (READER_FILE.exists() and READER_META.exists()):
        return None
    return RedFlagReader.load()
