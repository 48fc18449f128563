"""Terminal chat on the same dialog core: buttons become numbered choices you can type."""

from __future__ import annotations

import getpass
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.core.events import Command, Event, Press, Text
from bot.core.replies import Button, Reply
from bot.service import Coach
from bot.telegram_html import to_plain

WIDTH = 80
_COMMAND = re.compile(r"^/([A-Za-z_]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


def parse_line(line: str, choices: list[Button]) -> Event:
    """A typed line: a /command, the number of a shown button, or text."""
    stripped = line.strip()
    command = _COMMAND.match(stripped)
    if command:
        return Command(command.group(1).lower(), (command.group(2) or "").strip())
    if stripped.isdigit() and choices and 1 <= int(stripped) <= len(choices):
        return Press(choices[int(stripped) - 1].data)
    return Text(line)


def format_reply(reply: Reply, first_number: int = 1, width: int = WIDTH) -> str:
    lines: list[str] = []
    text = to_plain(reply.text) if reply.text else ""
    if reply.notice and not reply.text:
        text = f"({to_plain(reply.notice)})"
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        indent = re.match(r"\s*(?:[•\-]\s|\d+\.\s)?", paragraph).group(0)  # type: ignore[union-attr]
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=width,
                subsequent_indent=" " * len(indent),
                break_long_words=True,
                break_on_hyphens=False,
            )
        )
    if reply.image is not None:
        lines.append("(a chart is shown on Telegram)")
    number = first_number
    for row in reply.buttons:
        for button in row:
            lines.append(f"  [{number}] {button.label}")
            number += 1
    return "\n".join(lines)


class ConsoleChat:
    def __init__(
        self,
        coach: Coach,
        *,
        user_id: str | None = None,
        read: Callable[[str], str] = input,
        out: TextIO = sys.stdout,
        data_dir: Path = Path("data"),
    ) -> None:
        self.coach = coach
        self.user_id = user_id or f"console-{_user_name()}"
        self.read = read
        self.out = out
        self.data_dir = data_dir
        self.choices: list[Button] = []

    def show(self, replies: list[Reply]) -> None:
        shown: list[Button] = []
        for reply in replies:
            if reply.silent and not reply.notice:
                continue
            print(format_reply(reply, len(shown) + 1), file=self.out)
            if reply.document is not None:
                name, content = reply.document
                self.data_dir.mkdir(parents=True, exist_ok=True)
                path = self.data_dir / name
                path.write_bytes(content)
                print(f"(saved to {path})", file=self.out)
            print(file=self.out)
            shown.extend(button for row in reply.buttons for button in row)
        if shown:
            self.choices = shown

    def send(self, line: str) -> None:
        event = parse_line(line, self.choices)
        self.show(self.coach.handle(self.user_id, event).replies)

    def run(self) -> int:
        print(
            "IMG Residency Coach — terminal chat. Type /help, or Ctrl-D to quit.\n", file=self.out
        )
        self.show(self.coach.handle(self.user_id, Command("start")).replies)
        while True:
            try:
                line = self.read("> ")
            except (EOFError, KeyboardInterrupt):
                print("\nBye — good luck with your applications!", file=self.out)
                return 0
            if not line.strip() and not self.choices:
                continue
            self.send(line)


def _user_name() -> str:
    try:
        return re.sub(r"[^A-Za-z0-9_-]", "", getpass.getuser()) or "local"
    except Exception:
        return "local"
