"""The /progress chart: average score per kind of question over time, as a small PNG.

Needs the optional `charts` extra (matplotlib); without it the bot sends the text version.
"""

from __future__ import annotations

import io


def progress_chart(series: list[tuple[str, list[int]]]) -> bytes | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt
    except ImportError:
        return None
    if not series:
        return None
    figure, axes = plt.subplots(figsize=(6, 3.4), dpi=110)
    try:
        for label, scores in series:
            running = [sum(scores[: i + 1]) / (i + 1) for i in range(len(scores))]
            axes.plot(range(1, len(scores) + 1), running, marker="o", linewidth=2, label=label)
        axes.set_ylim(0, 100)
        axes.set_xlabel("answers")
        axes.set_ylabel("average score")
        axes.set_title("Your interview scores")
        axes.grid(alpha=0.3)
        axes.legend(loc="lower right", fontsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)
