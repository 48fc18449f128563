"""What the dialog core returns: messages as Telegram HTML with rows of buttons, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.records import Record


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # compact payload, at most 64 bytes (Telegram's callback_data limit)


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML: user-supplied text is already escaped
    buttons: tuple[tuple[Button, ...], ...] = ()
    # the reply may replace the message whose button was pressed (e.g. clarification -> answer)
    replace: bool = False
    # a PNG to send with the text as its caption (the text is the fallback where images can't show)
    image: bytes | None = None
    # a file to send (name, content), e.g. the /export JSON
    document: tuple[str, bytes] | None = None
    # a short note for the pressed button's pop-up instead of (or besides) a message
    notice: str | None = None
    # an empty reply carries only a notice: nothing is sent to the chat
    silent: bool = False


@dataclass
class Outcome:
    replies: list[Reply] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)  # facts for the store to keep

    def say(self, reply: Reply) -> None:
        self.replies.append(reply)
