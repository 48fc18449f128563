"""The learned red-flag reader: a sentence classifier that reads a behaviour by its meaning.

all-MiniLM-L6-v2 fine-tuned on the red-flag corpus (tools/train_flag_reader.py, data in
tools/redflag_corpus/), exported to ONNX int8 and shipped in bot/models/ with its thresholds
(redflag-reader.json); a reader trained to see the sentences before each one (context_sentences
there) is fed them as a second segment, the shipped one reads sentences alone. Where that file
gives a lexicon weight, a sentence's probability is blended with the red-flag lexicon's
(flag_lexicon.py), a second reader trained on the same corpus by words and word pairs: the two
err differently. A third, the answer reader, is a lexicon over whole answers: whether an answer
hides a red flag somewhere, which a sentence read alone often cannot tell. Loaded once, on the
first answer it reads; deterministic.
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

from bot.interview.flag_lexicon import ANSWERS_FILE, LEXICON_FILE, Lexicon
from bot.semantic.encoder import MODEL_DIR, TOKENIZER_FILE, int8_session

READER_FILE = MODEL_DIR / "redflag-reader-int8.onnx"
READER_META = MODEL_DIR / "redflag-reader.json"


@dataclass
class RedFlagReader:
    model_file: Path
    behaviours: list[str]
    sure_at: float
    caution_at: float
    # how many sentences before it the reader sees with each sentence (0: the sentence alone)
    context_sentences: int = 0
    max_tokens: int = 96
    lexicon: Lexicon | None = None
    lexicon_weight: float = 0.0  # share of the lexicon in a sentence's probability
    # the answer reader: the same kind of lexicon, over whole answers (None: not shipped)
    answers: Lexicon | None = None
    answer_sure_at: float = 1.0
    answer_caution_at: float = 1.0
    _session: onnxruntime.InferenceSession | None = field(default=None, repr=False)
    _tokenizer: Tokenizer | None = field(default=None, repr=False)
    _wants_segments: bool = field(default=False, repr=False)  # a reader trained with context
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(
        cls,
        model_file: Path = READER_FILE,
        meta_file: Path = READER_META,
        lexicon_file: Path = LEXICON_FILE,
        answers_file: Path = ANSWERS_FILE,
    ) -> RedFlagReader:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        weight = float(meta.get("lexicon_weight", 0.0))
        lexicon = Lexicon.load(lexicon_file) if weight and lexicon_file.exists() else None
        answers = None
        if "answer_sure_at" in meta and answers_file.exists():
            answers = Lexicon.load(answers_file)
        return cls(
            model_file,
            list(meta["behaviours"]),
            meta["sure_at"],
            meta["caution_at"],
            int(meta.get("context_sentences", 0)),
            int(meta.get("max_tokens", 96)),
            lexicon,
            weight if lexicon is not None else 0.0,
            answers,
            float(meta.get("answer_sure_at", 1.0)),
            float(meta.get("answer_caution_at", 1.0)),
        )

    def _ready(self) -> tuple[onnxruntime.InferenceSession, Tokenizer]:
        with self._lock:
            if self._session is None or self._tokenizer is None:
                self._session = int8_session(self.model_file)
                self._wants_segments = any(
                    i.name == "token_type_ids" for i in self._session.get_inputs()
                )
                tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
                tokenizer.enable_truncation(self.max_tokens)
                tokenizer.no_padding()
                self._tokenizer = tokenizer
            return self._session, self._tokenizer

    def judge(self, sentences: list[str]) -> list[tuple[float, str]]:
        if not sentences:
            return []
        session, tokenizer = self._ready()
        judged = []
        # one sentence per run, as the encoder does: the int8 model quantises activations
        # per run, so a batch would make a sentence's reading depend on its batch mates
        for number, sentence in enumerate(sentences):
            context = " ".join(sentences[max(0, number - self.context_sentences) : number])
            encoded = tokenizer.encode(sentence, context or None)
            feed = {
                "input_ids": np.array([encoded.ids], dtype=np.int64),
                "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
            }
            if self._wants_segments:
                feed["token_type_ids"] = np.array([encoded.type_ids], dtype=np.int64)
            flag, behaviour = session.run(None, feed)
            probability = float(flag[0])
            if self.lexicon is not None:
                probability += self.lexicon_weight * (
                    self.lexicon.probability(sentence) - probability
                )
            judged.append((probability, self.behaviours[int(behaviour[0].argmax())]))
        return judged

    def answer_probability(self, text: str) -> float | None:
        return self.answers.probability(text) if self.answers is not None else None


@cache
def shipped_reader() -> RedFlagReader | None:
    """The reader in bot/models, or None in a checkout without it (the rules still work)."""
    if not (READER_FILE.exists() and READER_META.exists()):
        return None
    return RedFlagReader.load()
