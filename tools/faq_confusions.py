"""Which FAQ entries the matcher confuses: hold out each alternate, match it, report the misses.

    .venv/bin/python tools/faq_confusions.py [--entry ID] [--limit N]

For every alternate of every entry, the index is rebuilt without that alternate and the
alternate is matched as if a user typed it. A phrasing that lands on another entry (or only
narrowly wins) shows where two entries overlap and which words would tell them apart. Use it
when writing alternates and keywords; it never reads the evaluation sets.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.content.loader import load_content
from bot.faq.index import FaqIndex
from bot.faq.matcher import FaqMatcher


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entry", help="only this entry's alternates")
    parser.add_argument("--limit", type=int, default=400, help="how many problems to print")
    args = parser.parse_args()
    content = load_content(Path(PROJECT_ROOT / "content"))
    vocabulary = content.vocabulary
    problems: list[tuple[str, str, str, float, float]] = []
    pairs: Counter[tuple[str, str]] = Counter()
    total = 0
    for position, entry in enumerate(content.faq):
        if args.entry and entry.id != args.entry:
            continue
        for number, alternate in enumerate(entry.alternates):
            held_out = entry.model_copy(
                update={"alternates": entry.alternates[:number] + entry.alternates[number + 1 :]}
            )
            entries = [*content.faq[:position], held_out, *content.faq[position + 1 :]]
            matcher = FaqMatcher(
                FaqIndex.build(entries, vocabulary.out_of_scope, vocabulary.synonyms)
            )
            ranked = sorted(matcher.scores(alternate).items(), key=lambda item: -item[1])
            total += 1
            if not ranked:
                problems.append((entry.id, alternate, "(nothing)", 0.0, 0.0))
                continue
            targets = matcher.index.targets
            top_id = targets[ranked[0][0]].id
            own = next((s for t, s in ranked if targets[t].id == entry.id), 0.0)
            if top_id != entry.id:
                problems.append((entry.id, alternate, top_id, own, ranked[0][1]))
                pairs[(entry.id, top_id)] += 1
            elif len(ranked) > 1 and ranked[1][1] > 0.9 * ranked[0][1]:
                runner = targets[ranked[1][0]].id
                problems.append(
                    (entry.id, alternate, f"narrow win over {runner}", own, ranked[1][1])
                )
    print(f"{total} alternates held out; {len(problems)} problems\n")
    for entry_id, alternate, got, own, top in problems[: args.limit]:
        print(f"{entry_id:<36} {alternate!r}\n    -> {got} (own {own:.2f}, other {top:.2f})")
    print("\nMost confused pairs:")
    for (a, b), count in pairs.most_common(25):
        print(f"  {count:>2}  {a}  ->  {b}")


if __name__ == "__main__":
    main()
