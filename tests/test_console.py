"""The terminal chat: numbered buttons that keep their number, and old numbers that do nothing else."""

from __future__ import annotations

import io
import re

from bot.adapters.console import ConsoleChat
from bot.service import Coach

ANSWER = (
    "When I was an intern at Mulago Hospital in Kampala in 2021, a night nurse and I disagreed "
    "about when to call me for a patient whose blood pressure was falling. We agreed a trigger "
    "sheet and calls came earlier. I learned to ask why before I judge."
)


class Terminal:
    def __init__(self, coach: Coach) -> None:
        self.out = io.StringIO()
        self.chat = ConsoleChat(coach, user_id="console-tester", out=self.out)
        self.chat.show(coach.handle(self.chat.user_id, _start()).replies)

    def type(self, line: str) -> str:
        before = len(self.out.getvalue())
        self.chat.send(line)
        return self.out.getvalue()[before:]

    def numbers(self, screen: str) -> dict[str, int]:
        return {
            label.strip(): int(number)
            for number, label in re.findall(r"^\s+\[(\d+)\] (.+)$", screen, re.M)
        }


def _start():  # type: ignore[no-untyped-def]
    from bot.core.events import Command

    return Command("start")


def _number(screen: dict[str, int], part: str) -> int:
    return next(n for label, n in screen.items() if part in label)


def test_a_button_keeps_its_number_and_an_old_number_never_does_something_else(
    coach: Coach,
) -> None:
    term = Terminal(coach)
    tracks = term.numbers(term.type("/interview"))
    assert "Question 1 of 5" in term.type(str(_number(tracks, "Quick mix")))
    term.type(ANSWER)
    feedback = term.numbers(term.type("/done"))
    outline_no, next_no = _number(feedback, "outline"), _number(feedback, "Next")
    outline = term.numbers(term.type(str(outline_no)))
    assert _number(outline, "Next") == next_no  # the same button, the same number
    assert _number(outline, "End") == _number(feedback, "End")
    assert outline_no not in outline.values()
    stale = term.type(str(outline_no))  # from the older screen: does nothing else
    assert "older message" in stale
    assert coach.store.state("console-tester")["interview"] is not None
    assert "Question 2 of 5" in term.type(str(next_no))


def test_a_number_is_never_given_to_another_button(coach: Coach) -> None:
    term = Terminal(coach)
    seen: dict[int, str] = {}

    def check(shown: str) -> dict[str, int]:
        numbers = term.numbers(shown)
        for label, number in numbers.items():
            assert seen.setdefault(number, label) == label, (number, label, seen[number])
        return numbers

    check(term.out.getvalue())  # the welcome menu
    tracks = check(term.type("/interview"))
    check(term.type(str(_number(tracks, "Quick mix"))))
    check(term.type(ANSWER))
    feedback = check(term.type("/done"))
    outline = check(term.type(str(_number(feedback, "outline"))))
    check(term.type(str(_number(outline, "Next"))))
    check(term.type("/end"))
    check(term.type("what is soap"))
    assert len(seen) > 12


def test_the_label_of_a_shown_button_can_be_typed(coach: Coach) -> None:
    term = Terminal(coach)
    tracks = term.numbers(term.type("/interview"))
    term.type(str(_number(tracks, "Behavioral")))
    assert "Question 1 of 5" in term.type("5")  # the picker's label, not button number 5


def test_the_terminal_says_it_cannot_send_reminders(coach: Coach) -> None:
    term = Terminal(coach)
    term.type("/remind 19:00")
    shown = term.type("+5:30")
    assert "Daily reminder set" in shown
    assert "Telegram" in shown and "terminal" in shown


def test_a_blank_line_changes_nothing(coach: Coach) -> None:
    """Telegram has no empty messages; in the terminal an Enter pressed by mistake must not
    leave the question being asked."""
    lines = iter(["/roadmap", "", "US"])

    def read(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    ConsoleChat(coach, user_id="console-blank", read=read, out=out).run()
    shown = out.getvalue()
    assert "I've left" not in shown
    assert "2/6" in shown  # "US" still answered the first roadmap question
