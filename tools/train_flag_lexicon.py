"""Train the red-flag lexicons shipped in bot/models/ (a development tool).

    PYTHONPATH=. /tmp/train/bin/python tools/train_flag_lexicon.py             # sentences
    PYTHONPATH=. /tmp/train/bin/python tools/train_flag_lexicon.py --answers   # whole answers
    PYTHONPATH=. /tmp/train/bin/python tools/train_flag_lexicon.py --hollow    # hollow answers

(needs scikit-learn and PyYAML beside the bot's own packages; no torch)

A second, independent reader of red-flag sentences beside the fine-tuned encoder
(train_flag_reader.py): TF-IDF over words and word pairs with a logistic regression, learned from
the same corpus (tools/redflag_corpus/, the bank's outlines, and the ordinary answers of the
development scoring sets). Word pairs carry stance that sentence embeddings blur ("told my"
against "kept it"). The file holds every term's idf and weight; bot/interview/flag_lexicon.py
reproduces scikit-learn's analyser and scoring in plain Python, so nothing of scikit-learn is
needed at run time.

With --answers it learns whole answers instead (redflag-answers.json): the corpus's answers
(red-flag ones against their safe twins and the strong ones), the answers of the development
scoring sets in the hard archetypes (scoring_dev_hard.yaml, tests/data/scoring_validation_c-g),
whose fifth answer hides a red flag, and every answer of the held-out sets already measured and
tuned on, which are training data from then on (B1, B2, C-M: more writers, and every grade as a
negative; a red-flag answer is marked by a "red flag" comment on its grade line). Never the sets
kept to choose thresholds (validation H, fresh A) nor a set still sealed.

With --hollow it learns whole answers that talk around the question (hollow-answers.json, read by
bot/interview/hollow.py): every answer a writer graded weak without marking a red flag, against
the adequate and strong ones, from HOLLOW_SETS. Its thresholds were chosen with each set left out
of it in turn, not on validation H and fresh A, so it learns those two as well: they are its
training data, and the red-flag answer reader's thresholds (chosen on them) are untouched by it.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import yaml
from redflag_data import CORPUS, MODELS, ROOT, corpus_examples, dev_negatives
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

TOKEN_PATTERN = r"(?u)\b\w\w+\b"
ANSWER_SETS = [
    ROOT.parent / "shared" / "eval" / "scoring_dev_hard.yaml",
    *(ROOT / "tests" / "data" / f"scoring_validation_{letter}.yaml" for letter in "cdefg"),
]
RED_FLAG_ANSWER = 4  # in the hard archetypes: strong, strong non-native, generic, stuffed, red flag
SEEN_SETS = [
    ROOT / "tests" / "data" / "holdout" / f"scoring_sealed_{name}.yaml"
    for name in ("b1", "b2", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m")
]
# the hollow-answer reader learns every graded set written by writers who never saw the scorer
# (the held-out sets measured so far, the validation sets): never the shared development sets,
# whose figures stay out of sample, nor a set still sealed
HOLLOW_SETS = [
    *SEEN_SETS,
    ROOT / "tests" / "data" / "holdout" / "scoring_sealed_n.yaml",
    *sorted((ROOT / "tests" / "data").glob("scoring_validation_*.yaml")),
    ROOT / "tests" / "data" / "scoring_fresh_a.yaml",
]
_GRADE_LINE = re.compile(r"\s*- grade:\s*\d\s*(#.*)?$")


def graded_answers(path: Path) -> list[tuple[str, int, bool]]:
    """A graded set's answers: text, grade, and whether its writer marked it as hiding a red
    flag (a "red flag" comment on its grade line)."""
    text = path.read_text(encoding="utf-8")
    marks = [
        "red flag" in (found.group(1) or "").lower()
        for found in map(_GRADE_LINE.match, text.splitlines())
        if found
    ]
    answers = [
        (a["text"], int(a["grade"]))
        for case in yaml.safe_load(text)["cases"]
        for a in case["answers"]
    ]
    if len(marks) != len(answers):
        raise ValueError(f"{path}: {len(answers)} answers but {len(marks)} grade lines")
    return [(t, grade, mark) for (t, grade), mark in zip(answers, marks, strict=True)]


def marked_answers(path: Path) -> list[tuple[str, int]]:
    """A held-out set's answers, 1 for those its writer marked as hiding a red flag."""
    return [(text, int(mark)) for text, _, mark in graded_answers(path)]


def hollow_examples() -> list[tuple[str, int]]:
    """For the hollow-answer reader: weak answers that hide no red flag (1) against adequate and
    strong ones (0); red-flag answers are left out (the red-flag readers judge those)."""
    out: list[tuple[str, int]] = []
    for path in HOLLOW_SETS:
        out += [
            (text, int(grade == 1))
            for text, grade, red_flag in graded_answers(path)
            if not red_flag
        ]
    return out


def answer_examples() -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for answer in yaml.safe_load(path.read_text(encoding="utf-8")).get("answers") or []:
            out.append((" ".join(answer["sentences"]), int(answer.get("kind") == "red-flag")))
    for path in ANSWER_SETS:
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            for number, answer in enumerate(case["answers"]):
                out.append((answer["text"], int(number == RED_FLAG_ANSWER)))
    for path in SEEN_SETS:
        out.extend(marked_answers(path))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", action="store_true", help="learn whole answers")
    parser.add_argument(
        "--hollow", action="store_true", help="learn whole answers that talk around the question"
    )
    parser.add_argument("--target", type=Path)
    parser.add_argument("--c", type=float, default=4.0, help="inverse regularisation strength")
    args = parser.parse_args()
    if args.hollow:
        pairs = hollow_examples()
        texts, labels = [t for t, _ in pairs], [label for _, label in pairs]
        target = args.target or MODELS / "hollow-answers.json"
    elif args.answers:
        pairs = answer_examples()
        texts, labels = [t for t, _ in pairs], [label for _, label in pairs]
        target = args.target or MODELS / "redflag-answers.json"
    else:
        examples = corpus_examples() + dev_negatives(set())
        texts, labels = [e[0] for e in examples], [e[2] for e in examples]
        target = args.target or MODELS / "redflag-lexicon.json"
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=TOKEN_PATTERN
    )
    features = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=args.c, max_iter=5000, class_weight="balanced")
    model.fit(features, labels)
    weights = model.coef_[0]
    terms = {
        term: [round(float(vectorizer.idf_[column]), 5), round(float(weights[column]), 5)]
        for term, column in sorted(vectorizer.vocabulary_.items())
    }
    target.write_text(
        json.dumps(
            {
                "about": (
                    "hollow-answer lexicon over whole answers"
                    if args.hollow
                    else "red-flag lexicon over "
                    + ("whole answers" if args.answers else "sentences")
                )
                + ": TF-IDF (words and word pairs, sublinear tf, l2) and logistic-regression "
                "weights, made by tools/train_flag_lexicon.py",
                "token_pattern": TOKEN_PATTERN,
                "intercept": round(float(model.intercept_[0]), 5),
                "terms": terms,
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    marked = "hollow" if args.hollow else "with a red flag"
    print(f"{len(texts)} texts, {sum(labels)} {marked}, {len(terms)} terms -> {target}")


if __name__ == "__main__":
    main()
