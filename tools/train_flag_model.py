"""Train bot/interview/flag_model.json from the red-flag corpus (a development tool: needs numpy).

    .venv/bin/python tools/train_flag_model.py [--writers writer1 writer2 ...] [--holdout writer3]

Training data: tools/redflag_corpus/<writer>.yaml (positive sentences per behaviour, near
misses, neutral answer sentences) plus the example outlines of the question bank as more
ordinary answer text. Never the evaluation sets. The decision threshold is chosen on
cross-validated predictions so that at most --max-fp of innocent sentences are flagged.
A held-out writer, if given, is only measured, never trained on.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

from bot.config import PROJECT_ROOT
from bot.content.loader import load_content
from bot.interview.flag_model import MODEL_PATH, features

CORPUS = PROJECT_ROOT / "tools" / "redflag_corpus"


def load_writers(names: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    positives: list[tuple[str, str]] = []
    negatives: list[str] = []
    for name in names:
        data = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
        for behaviour, lists in data["behaviours"].items():
            positives += [(s, behaviour) for s in lists["positive"]]
            negatives += list(lists["near_miss"])
        negatives += list(data["neutral"])
    return positives, negatives


def bank_sentences() -> list[str]:
    content = load_content(PROJECT_ROOT / "content")
    out = []
    for question in content.questions:
        for line in question.outline:
            line = re.sub(r"^\w[\w /-]{0,20}:\s*", "", line)  # "Situation: ..." labels
            out.append(re.sub(r"[\[\]]", "", line))
    return out


def matrix(texts: list[str], vocabulary: dict[str, int]) -> np.ndarray:
    rows = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for number, text in enumerate(texts):
        for feature in set(features(text)):
            column = vocabulary.get(feature)
            if column is not None:
                rows[number, column] = 1.0
    return rows


def fit_binary(
    x: np.ndarray, y: np.ndarray, l2: float, steps: int = 600
) -> tuple[np.ndarray, float]:
    weights = np.zeros(x.shape[1])
    bias = 0.0
    m_w, v_w, m_b, v_b = np.zeros_like(weights), np.zeros_like(weights), 0.0, 0.0
    positives = max(1.0, y.sum())
    balance = np.where(
        y == 1, len(y) / (2 * positives), len(y) / (2 * max(1.0, len(y) - positives))
    )
    for step in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(x @ weights + bias)))
        error = (p - y) * balance
        grad_w = x.T @ error / len(y) + l2 * weights
        grad_b = error.mean()
        m_w = 0.9 * m_w + 0.1 * grad_w
        v_w = 0.999 * v_w + 0.001 * grad_w**2
        m_b = 0.9 * m_b + 0.1 * grad_b
        v_b = 0.999 * v_b + 0.001 * grad_b**2
        rate = 0.05
        weights -= rate * (m_w / (1 - 0.9**step)) / (np.sqrt(v_w / (1 - 0.999**step)) + 1e-8)
        bias -= rate * (m_b / (1 - 0.9**step)) / (np.sqrt(v_b / (1 - 0.999**step)) + 1e-8)
    return weights, bias


def fit_softmax(
    x: np.ndarray, labels: np.ndarray, classes: int, l2: float, steps: int = 600
) -> tuple[np.ndarray, np.ndarray]:
    weights = np.zeros((x.shape[1], classes))
    bias = np.zeros(classes)
    target = np.eye(classes)[labels]
    for step in range(1, steps + 1):
        z = x @ weights + bias
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad_w = x.T @ (p - target) / len(labels) + l2 * weights
        grad_b = (p - target).mean(axis=0)
        rate = 0.5 / (1 + step / 200)
        weights -= rate * grad_w
        bias -= rate * grad_b
    return weights, bias


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writers", nargs="+", default=None)
    parser.add_argument("--holdout", nargs="*", default=[])
    parser.add_argument("--l2", type=float, default=0.002)
    parser.add_argument("--max-fp", type=float, default=0.03)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    writers = args.writers or sorted(
        p.stem for p in CORPUS.glob("*.yaml") if p.stem not in args.holdout
    )
    positives, negatives = load_writers(writers)
    negatives += bank_sentences()
    texts = [s for s, _ in positives] + negatives
    y = np.array([1.0] * len(positives) + [0.0] * len(negatives))
    counts = Counter(f for text in texts for f in set(features(text)))
    vocabulary = {
        f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= args.min_count))
    }
    x = matrix(texts, vocabulary)

    # cross-validated probabilities choose the threshold
    rng = random.Random(13)
    order = list(range(len(texts)))
    rng.shuffle(order)
    folds = 5
    held = np.zeros(len(texts))
    for fold in range(folds):
        test = np.array([i for n, i in enumerate(order) if n % folds == fold])
        train = np.array([i for n, i in enumerate(order) if n % folds != fold])
        w, b = fit_binary(x[train], y[train], args.l2)
        held[test] = 1 / (1 + np.exp(-(x[test] @ w + b)))
    negative_scores = np.sort(held[y == 0])
    threshold = float(negative_scores[int((1 - args.max_fp) * (len(negative_scores) - 1))])
    recall = float((held[y == 1] >= threshold).mean())
    print(f"{len(positives)} positive, {len(negatives)} negative sentences from {writers}")
    print(
        f"cross-validated: threshold {threshold:.3f}, recall {recall:.2f} at {args.max_fp:.0%} false positives"
    )

    weights, bias = fit_binary(x, y, args.l2)
    behaviours = sorted({b for _, b in positives})
    labels = np.array([behaviours.index(b) for _, b in positives])
    xb = x[: len(positives)]
    bw, bb = fit_softmax(xb, labels, len(behaviours), args.l2)
    names = {i: f for f, i in vocabulary.items()}
    model = {
        "trained_on": writers,
        "threshold": round(threshold, 4),
        "flag": {
            "bias": round(float(bias), 4),
            "weights": {
                names[i]: round(float(v), 4) for i, v in enumerate(weights) if abs(v) >= 0.01
            },
        },
        "behaviours": {
            b: {
                "bias": round(float(bb[k]), 4),
                "weights": {
                    names[i]: round(float(v), 4) for i, v in enumerate(bw[:, k]) if abs(v) >= 0.01
                },
            }
            for k, b in enumerate(behaviours)
        },
    }
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")

    if args.holdout:
        from bot.interview.flag_model import load_model

        load_model.cache_clear()
        trained = load_model(args.out)
        assert trained is not None
        held_pos, held_neg = load_writers(args.holdout)
        hits = sum(trained.probability(s) >= trained.threshold for s, _ in held_pos)
        right = sum(trained.behaviour(s) == b for s, b in held_pos)
        false = sum(trained.probability(s) >= trained.threshold for s in held_neg)
        print(
            f"held-out {args.holdout}: recall {hits / len(held_pos):.2f}, behaviour right "
            f"{right / len(held_pos):.2f}, false positives {false / len(held_neg):.2f}"
        )


if __name__ == "__main__":
    main()
