"""Terminal chat on the same dialog core: buttons become numbered choices you can type.

A button's number is its label's for the whole chat ("➡️ Next question" is [7] on every
screen that shows it) and a number is never given to another label, so a number typed from
memory of an older screen can only mean what it meant there: when its button is no longer
shown, the chat says so and does nothing.
"""

from __future__ import annotations

import getpass
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from bot.core.commands import parse_command
from bot.core.events import Command, Event, Press, Text
from bot.core.records import Record, ReminderChanged
from bot.core.replies import Button, Reply
from bot.service import Coach
from bot.telegram_html import to_plain

WIDTH = 80


class ButtonNumbers:
    """The numbers shown for buttons, and the buttons of the latest screen."""

    def __init__(self) -> None:
        self._by_label: dict[str, int] = {}
        self._given: set[int] = set()
        self.screen: dict[int, Button] = {}

    def number(self, buttons: Sequence[Button]) -> list[int]:
        """Numbers for one screen's buttons (a label seen before keeps its number)."""
        numbers: list[int] = []
        for button in buttons:
            number = self._by_label.get(button.label)
            if number is None or number in numbers:  # the same label twice on one screen
                number = max(self._given, default=0) + 1
                self._by_label.setdefault(button.label, number)
            self._given.add(number)
            numbers.append(number)
        return numbers

    def show(self, numbered: Iterable[tuple[int, Button]]) -> None:
        self.screen = dict(numbered)

    def was_given(self, number: int) -> bool:
        return number in self._given


def parse_line(line: str, numbers: ButtonNumbers) -> Event | int:
    """A typed line: a /command, a shown button (its number or its label), or text. The number
    of a button no longer shown comes back as that number, to be refused."""
    stripped = line.strip()
    command = parse_command(stripped)
    if command is not None:
        return command
    if stripped.isdigit() and int(stripped) in numbers.screen:
        return Press(numbers.screen[int(stripped)].data)
    wanted = _label_key(stripped)
    for button in numbers.screen.values():
        if wanted and _label_key(button.label) == wanted:  # typing "5" at the length picker
            return Press(button.data)
    if stripped.isdigit() and numbers.was_given(int(stripped)):
        return int(stripped)
    return Text(line)


def _label_key(label: str) -> str:
    return " ".join(re.findall(r"\w+", label.lower()))


def format_reply(reply: Reply, numbers: Sequence[int] = (), width: int = WIDTH) -> str:
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
    shown = [button for row in reply.buttons for button in row]
    given = list(numbers) or list(range(1, len(shown) + 1))
    lines.extend(f"  [{n}] {button.label}" for n, button in zip(given, shown, strict=False))
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
        self.numbers = ButtonNumbers()

    def _say(self, template: str, **context: object) -> str:
        return to_plain(self.coach.core.renderer.render(template, **context))

    def show(self, replies: list[Reply], records: Sequence[Record] = ()) -> None:
        screen: list[tuple[int, Button]] = []
        for reply in replies:
            if reply.silent and not reply.notice:
                continue
            buttons = [button for row in reply.buttons for button in row]
            numbers = self.numbers.number(buttons)
            print(format_reply(reply, numbers), file=self.out)
            if reply.document is not None:
                name, content = reply.document
                self.data_dir.mkdir(parents=True, exist_ok=True)
                path = self.data_dir / name
                path.write_bytes(content)
                print(f"(saved to {path})", file=self.out)
            print(file=self.out)
            screen.extend(zip(numbers, buttons, strict=True))
        if screen:  # a reply without buttons leaves the last ones in use
            self.numbers.show(screen)
        if any(isinstance(r, ReminderChanged) and r.enabled for r in records):
            print(self._say("terminal", kind="reminder"), file=self.out)
            print(file=self.out)

    def send(self, line: str) -> None:
        event = parse_line(line, self.numbers)
        if isinstance(event, int):
            self._older_button(event)
            return
        handled = self.coach.handle(self.user_id, event)
        self.show(handled.replies, handled.records)

    def _older_button(self, number: int) -> None:
        print(self._say("terminal", kind="older-button", number=number), file=self.out)
        for shown, button in self.numbers.screen.items():
            print(f"  [{shown}] {button.label}", file=self.out)
        print(file=self.out)

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
            if not line.strip():  # Telegram has no empty messages: a blank line changes nothing
                continue
            self.send(line)


def _user_name() -> str:
    try:
        return re.sub(r"[^A-Za-z0-9_-]", "", getpass.getuser()) or "local"
    except Exception:
        return "local"
