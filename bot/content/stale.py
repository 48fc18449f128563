"""`imgcoach content stale`: entries by age of review and by cycle, for the yearly update."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.content.loader import Content


def stale_report(content: Content, today: dt.date) -> dict[str, Any]:
    current = content.cycle.current if content.cycle else None
    every = content.cycle.review_every_days if content.cycle else 365
    rows = [
        {
            "id": entry.id,
            "file": content.faq_files[entry.id],
            "reviewed": entry.reviewed.isoformat(),
            "age_days": (today - entry.reviewed).days,
            "cycle": entry.cycle,
            "due": (today - entry.reviewed).days >= every
            or (entry.cycle is not None and current is not None and entry.cycle < current),
        }
        for entry in content.faq
    ]
    rows.sort(key=lambda r: (not r["due"], -r["age_days"], r["cycle"] or 0, r["id"]))
    by_cycle: dict[str, int] = {}
    for row in rows:
        key = str(row["cycle"]) if row["cycle"] is not None else "timeless"
        by_cycle[key] = by_cycle.get(key, 0) + 1
    return {
        "current_cycle": current,
        "review_every_days": every,
        "due": sum(r["due"] for r in rows),
        "by_cycle": dict(sorted(by_cycle.items())),
        "entries": rows,
    }


def format_stale(report: dict[str, Any]) -> str:
    lines = [
        f"current cycle: {report['current_cycle']}   review every {report['review_every_days']} "
        f"days   due now: {report['due']}",
        "entries per cycle: "
        + ", ".join(f"{cycle}: {count}" for cycle, count in report["by_cycle"].items()),
        "",
        "due  age  cycle     reviewed    entry",
    ]
    for row in report["entries"]:
        lines.append(
            f"{'yes' if row['due'] else '   '}  {row['age_days']:>3}  "
            f"{row['cycle'] or 'timeless':<8}  {row['reviewed']}  {row['id']} ({row['file']})"
        )
    return "\n".join(lines)
