"""The shipped int8 models read a text the same on every machine: the exact int8 kernels where
the CPU's fast ones could saturate, the fast ones where the CPU multiplies int8 exactly (VNNI)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer

from bot.interview.flag_model import READER_FILE
from bot.semantic.encoder import MODEL_FILE, TOKENIZER_FILE, exact_int8_dot, int8_session

AVX2_ONLY = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma bmi2 avx512f avx512bw\n"
AVX512_VNNI = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 avx512f avx512_vnni\n"
AVX_VNNI = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 avx_vnni\n"
ARM = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 asimddp\n"


def test_only_a_vnni_cpu_is_trusted_with_the_fast_int8_kernels() -> None:
    assert exact_int8_dot(AVX512_VNNI)
    assert exact_int8_dot(AVX_VNNI)
    assert not exact_int8_dot(AVX2_ONLY)
    assert not exact_int8_dot(ARM)  # other kernels, other rounding: the exact ones are safe
    assert not exact_int8_dot("")


TEXTS = [
    "Do I need Step 3 for an H-1B?",
    "I told the nurse it was fine and changed the note later so nobody would notice the dose.",
    "My attending said my presentations were too long, so I practised SOAP order every evening "
    "with the intern and by week six I was handing off my own patients without notes.",
]


@pytest.mark.parametrize("model", [MODEL_FILE, READER_FILE], ids=["encoder", "red-flag reader"])
def test_this_machine_reads_as_the_exact_kernels_do(model: Path) -> None:
    tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
    tokenizer.no_padding()
    used, exact = int8_session(model), int8_session(model, exact=True)
    names = {i.name for i in used.get_inputs()}
    for text in TEXTS:
        encoded = tokenizer.encode(text)
        feed = {
            "input_ids": np.array([encoded.ids], dtype=np.int64),
            "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoded.type_ids], dtype=np.int64),
        }
        feed = {name: value for name, value in feed.items() if name in names}
        for ours, theirs in zip(used.run(None, feed), exact.run(None, feed), strict=True):
            np.testing.assert_array_equal(ours, theirs)
