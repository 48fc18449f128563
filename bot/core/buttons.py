"""Compact button payloads (Telegram allows 64 bytes of callback_data) and their parsing.

Stateless buttons name what they show and never expire:
  f:<faq-id>        show an FAQ answer          c:<faq-id>   same, replacing the clarification
  v:<faq-id>:<+|->  rate an answer              g:<group>    list a topic group
  m:<menu>          a main-menu entry (topics, interview, help, progress)
Stateful buttons carry the user's state step and expire once the state has moved on:
  s:<step>:<action>[:<arg>]
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.replies import Button

MAX_BYTES = 64


@dataclass(frozen=True)
class Payload:
    verb: str
    arg: str = ""
    extra: str = ""
    step: int | None = None


def _checked(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError(f"button payload longer than {MAX_BYTES} bytes: {data!r}")
    return data


def faq(label: str, entry_id: str, *, replace: bool = False) -> Button:
    return Button(label, _checked(f"{'c' if replace else 'f'}:{entry_id}"))


def vote(label: str, entry_id: str, up: bool) -> Button:
    return Button(label, _checked(f"v:{entry_id}:{'+' if up else '-'}"))


def group(label: str, name: str) -> Button:
    return Button(label, _checked(f"g:{name}"))


def menu(label: str, name: str) -> Button:
    return Button(label, _checked(f"m:{name}"))


def step(label: str, state_step: int, action: str, arg: str = "") -> Button:
    data = f"s:{state_step}:{action}" + (f":{arg}" if arg else "")
    return Button(label, _checked(data))


def parse(data: str) -> Payload | None:
    """None for anything malformed: a forged or truncated payload is treated as expired."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    parts = data.split(":")
    verb = parts[0]
    if verb in ("f", "c", "g", "m") and len(parts) == 2 and parts[1]:
        return Payload(verb, parts[1])
    if verb == "v" and len(parts) == 3 and parts[1] and parts[2] in ("+", "-"):
        return Payload(verb, parts[1], parts[2])
    if verb == "s" and len(parts) in (3, 4) and parts[1].isdigit() and parts[2]:
        return Payload(verb, parts[2], parts[3] if len(parts) == 4 else "", step=int(parts[1]))
    return None
