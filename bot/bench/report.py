"""The benchmark as a table for people (the JSON is for machines)."""

from __future__ import annotations

from typing import Any

FAQ_METHODS = ("ours", "lexical_only", "embeddings_only", "bm25", "naive_wratio")


def format_table(results: dict[str, Any]) -> str:
    lines = [
        f"IMG Residency Coach benchmark — {results['date']} — "
        f"{results['machine']['cores']} cores, Python {results['machine']['python']}",
    ]
    for name, methods in results["faq_sets"].items():
        lines += [
            "",
            f"FAQ on {name}:  method          hit@1   wrong  clarify  refuse  p50 ms  p99 ms",
        ]
        for method in FAQ_METHODS:
            row = methods.get(method, {"skipped": "not run"})
            if "skipped" in row:
                lines.append(f"  {method:<16} skipped: {row['skipped']}")
                continue
            lines.append(
                f"  {method:<16} {row['hit_at_1']:>6.1%} {row['wrong']:>7.1%} {row['clarify']:>7.1%}"
                f" {row['oos_refusal']:>7.1%} {row['p50_ms']:>7.2f} {row['p99_ms']:>7.2f}"
            )
    meaning = results["meaning"]
    lines += [
        "",
        "Embedding signal alone: short question p50 "
        f"{meaning['short_query']['p50_ms']:.2f} ms / p99 {meaning['short_query']['p99_ms']:.2f} ms;"
        f" long post p50 {meaning['long_post']['p50_ms']:.2f} ms / p99 {meaning['long_post']['p99_ms']:.2f} ms",
        "",
        "FAQ look-up vs knowledge-base size (lexical index; the embedding signal adds a constant):",
    ]
    for row in results["faq_scale"]:
        lines.append(
            f"  x{row['factor']:<4} {row['entries']:>6} entries  build {row['build_ms']:>8.1f} ms"
            f"  p50 {row['p50_ms']:.3f} ms  p99 {row['p99_ms']:.3f} ms"
        )
    scoring = results["scoring"]
    lines += [
        "",
        f"Scorer: typical answer p50 {scoring['typical']['p50_ms']:.1f} ms, p99 {scoring['typical']['p99_ms']:.1f} ms;"
        f" 2,000 words p99 {scoring['2000_words']['p99_ms']:.1f} ms",
        "  set                          ours (fooled)      rules only (fooled)   keyword baseline",
    ]
    for name, row in scoring["sets"].items():
        ours, rules, keywords = row["ours"], row["rules_only"], row["keyword_baseline"]
        lines.append(
            f"  {name:<28} {ours['pairwise_accuracy']:>6.1%} ({ours['fooled']:>5.1%})"
            f"    {rules['pairwise_accuracy']:>6.1%} ({rules['fooled']:>5.1%})"
            f"      {keywords['pairwise_accuracy']:>6.1%}"
        )
    lines.append("")
    for store, row in results["core"].items():
        if "skipped" in row:
            lines.append(f"Dialog core on {store}: skipped ({row['skipped']})")
        else:
            lines.append(
                f"Dialog core on {store}: {row['events_per_s']:.0f} events/s"
                f" ({row['events']} events, {row['users']} users)"
            )
    lines.append(
        f"Cold start to first reply: {results['cold_start_s']:.2f} s   "
        f"peak RSS of the bot: {results['rss_mb']:.0f} MB"
    )
    return "\n".join(lines)
