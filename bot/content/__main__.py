"""Draft check while content is being written: `python -m bot.content` lists problems."""

from pathlib import Path

from bot.content.check import cross_check
from bot.content.loader import load_content

content = load_content(Path("content"))
problems = content.problems + cross_check(content)
for problem in problems:
    print(problem)
print(
    f"{len(content.faq)} FAQ entries, {len(content.questions)} questions, {len(problems)} problems"
)
