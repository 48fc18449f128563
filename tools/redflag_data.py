"""The red-flag training text, read the same way by both trainers (a development tool):
train_flag_reader.py (the sentence reader, needs torch) and train_flag_lexicon.py (the
lexicons, scikit-learn only). See train_flag_reader.py for what the corpus holds."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tools" / "redflag_corpus"
MODELS = ROOT / "bot" / "models"
DEV_SETS = [
    ROOT.parent / "shared" / "eval" / "scoring_dev_hard.yaml",
    *sorted((ROOT / "tests" / "data").glob("scoring_validation_*.yaml")),
]
# how many sentences before it a reader sees with each sentence (bot/interview/flag_model.py);
# the shipped reader reads sentences alone (0)
CONTEXT_SENTENCES = 0

Example = tuple[str, str, int, str | None]  # sentence, context before it, 1 if red flag, behaviour


def context_of(sentences: list[str], number: int, size: int = CONTEXT_SENTENCES) -> str:
    return " ".join(sentences[max(0, number - size) : number]) if size else ""


def corpus_examples(context: int = CONTEXT_SENTENCES) -> list[Example]:
    """From the writers' corpus and the bank outlines; a sentence of a whole answer comes with
    the sentences before it, so that a calm "so I sent him home" is read after the risk."""
    out: list[Example] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for behaviour, lists in (data.get("behaviours") or {}).items():
            out += [(s, "", 1, behaviour) for s in lists.get("positive", [])]
            out += [(s, "", 0, None) for s in lists.get("near_miss", [])]
        out += [(s, "", 0, None) for s in data.get("neutral") or []]
        for answer in data.get("answers") or []:
            flagged = set(answer.get("flag") or [])
            sentences = answer["sentences"]
            for number, sentence in enumerate(sentences):
                context = context_of(sentences, number, context)
                if number in flagged:
                    out.append((sentence, context, 1, answer["behaviour"]))
                else:
                    out.append((sentence, context, 0, None))
    for path in sorted((ROOT / "content" / "interview").glob("*.yaml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            for line in question["outline"]:
                line = re.sub(r"^\w[\w /-]{0,20}:\s*", "", line)
                out.append((re.sub(r"[\[\]]", "", line), "", 0, None))
    return out


def dev_negatives(exclude: set[str], context: int = CONTEXT_SENTENCES) -> list[Example]:
    from bot.text import sentences

    out: list[Example] = []
    for path in DEV_SETS:
        if path.name in exclude or not path.exists():
            continue
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            for number, answer in enumerate(case["answers"]):
                if number < 4:  # a, b, c, d: strong, strong non-native, generic, checklist
                    parts = sentences(answer["text"])
                    out += [
                        (s, context_of(parts, i, context), 0, None) for i, s in enumerate(parts)
                    ]
    return out
