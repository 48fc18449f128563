"""What the dialog core receives: one user's text, command, button press or other message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Command:
    name: str  # without the slash, lowercase
    arg: str = ""


@dataclass(frozen=True)
class Press:
    data: str  # the button's compact payload (see bot.core.buttons)


@dataclass(frozen=True)
class Unsupported:
    """A message the bot cannot read: sticker, photo, voice, document, location..."""

    kind: str


Event = Text | Command | Press | Unsupported


@dataclass(frozen=True)
class Incoming:
    user_id: str
    event: Event
    now: dt.datetime
    is_admin: bool = False
