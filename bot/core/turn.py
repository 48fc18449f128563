"""One turn of the dialog: the user's state, the incoming event, and what to say back.

A turn is given what the flows use (the knowledge, the words, small talk, the chart maker)
and knows nothing of the dialog that created it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core import buttons
from bot.core.events import Incoming
from bot.core.records import History, Reader, Record
from bot.core.replies import Button, Outcome, Reply
from bot.core.smalltalk import SmallTalk
from bot.core.state import UserState
from bot.knowledge import Knowledge
from bot.render import Renderer

# (label, scores over time) per answer kind -> a PNG, or None where charts are unavailable
ChartMaker = Callable[[list[tuple[str, list[int]]]], bytes | None]
Rows = Sequence[Sequence[Button]]


@dataclass
class Turn:
    knowledge: Knowledge
    renderer: Renderer
    smalltalk: SmallTalk
    state: UserState
    incoming: Incoming
    reader: Reader
    chart: ChartMaker | None = None
    out: Outcome = field(default_factory=Outcome)
    _history: History | None = None
    # short notes ("I've left the reminder set-up.") that open the next message said
    lead: list[str] = field(default_factory=list)

    @property
    def now(self) -> dt.datetime:
        return self.incoming.now

    @property
    def history(self) -> History:
        if self._history is None:
            self._history = self.reader.history()
        return self._history

    def render(self, template: str, **context: Any) -> str:
        return self.renderer.render(template, **context)

    def say(
        self,
        template: str,
        rows: Rows = (),
        *,
        replace: bool = False,
        image: bytes | None = None,
        document: tuple[str, bytes] | None = None,
        notice: str | None = None,
        **context: Any,
    ) -> None:
        text = self.render(template, **context)
        if self.lead:
            text = "\n\n".join([*self.lead, text])
            self.lead.clear()
        self.out.say(
            Reply(
                text=text,
                buttons=tuple(tuple(row) for row in rows if row),
                replace=replace,
                image=image,
                document=document,
                notice=notice,
            )
        )

    def flush_lead(self) -> None:
        """Notes nothing else carried (the turn said only a pop-up) go out on their own."""
        if self.lead:
            self.out.say(Reply(text="\n\n".join(self.lead)))
            self.lead.clear()

    def notice(self, text: str) -> None:
        """A pop-up on the pressed button, with nothing sent to the chat."""
        self.out.say(Reply(text="", notice=text, silent=True))

    def record(self, *records: Record) -> None:
        self.out.records.extend(records)

    def label(self, section: str, key: str) -> str:
        return self.renderer.label(section, key)

    def button(self, key: str, action: str, arg: str = "") -> Button:
        """A button bound to the current state: it expires once the state moves on."""
        return buttons.step(self.label("buttons", key), self.state.step, action, arg)

    def menu_button(self, key: str, name: str) -> Button:
        return buttons.menu(self.label("buttons", key), name)

    def main_menu(self) -> list[list[Button]]:
        return [
            [self.menu_button("interview", "interview"), self.menu_button("topics", "topics")],
            [self.menu_button("progress", "progress"), self.menu_button("help", "help")],
        ]
