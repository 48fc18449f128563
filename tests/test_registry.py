"""One registry of commands, typed words and buttons (bot.core.commands): the dialog, both
adapters and Telegram's command menu all read it, so none of them can drift from the others."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from telegram import Chat as TgChat
from telegram import Message

from bot.adapters.console import ButtonNumbers, parse_line
from bot.adapters.telegram import to_event
from bot.adapters.telegram_menu import admin_chats, menu_commands
from bot.config import PROJECT_ROOT
from bot.core import buttons, commands, pending
from bot.core.events import Command, Press, Text
from bot.core.replies import Button
from bot.knowledge import Knowledge
from bot.render import Renderer
from bot.service import Coach
from bot.store.sql import SqlStore
from tests.adapter_harness import running_bot
from tests.conftest import Chat

ANSWER = (
    "When I was an intern at a district hospital in 2022, a night nurse and I disagreed about "
    "when to call me for a falling blood pressure. We agreed a trigger sheet, calls came "
    "earlier, and I learned to ask why before I judge."
)


def _unknown(chat: Chat) -> bool:
    return "I don't know the command" in chat.text()


# --- the menu is the registry ---------------------------------------------------------------


def test_the_menu_lists_every_listed_command_in_order_with_its_own_description(
    renderer: Renderer,
) -> None:
    everyone = menu_commands(renderer, admin=False)
    admins = menu_commands(renderer, admin=True)
    listed = [a.name for a in commands.ACTIONS if a.listed]
    assert [c.command for c in admins] == listed
    assert [c.command for c in everyone] == [
        a.name for a in commands.ACTIONS if a.listed and not a.admin
    ]
    assert {"stats", "reload"} <= {c.command for c in admins} - {c.command for c in everyone}
    for command in admins:
        # the description is written in prompts/labels.yaml, not the name as a fallback
        assert command.description == renderer.labels["commands"][command.command]
        assert 1 <= len(command.description) <= 256


def test_every_command_in_the_users_menu_is_answered_and_a_made_up_one_is_not(
    coach: Coach,
) -> None:
    for command in menu_commands(coach.core.renderer, admin=False):
        chat = Chat(coach)
        chat.send(Command(command.command))
        assert chat.last and not _unknown(chat), command.command
    chat = Chat(coach)
    chat.send(Command("teleport"))
    assert _unknown(chat)


def test_admin_commands_answer_admins_only(coach: Coach) -> None:
    user = Chat(coach)
    user.send(Command("stats"))
    assert _unknown(user)
    user.send(Command("reload"))
    assert _unknown(user)
    admin = Chat(coach, user_id="admin")
    admin.send(Command("stats"))
    assert not _unknown(admin) and "30" in admin.text()
    admin.send(Command("reload"))
    assert "reload" in admin.text().lower() and not _unknown(admin)


@pytest.mark.asyncio(loop_scope="function")
async def test_at_start_telegram_gets_the_users_menu_and_each_admin_their_own(
    knowledge: Knowledge, renderer: Renderer, sqlite_store: SqlStore
) -> None:
    coach = Coach(knowledge, renderer, sqlite_store, admin_ids=frozenset({"9001", "console-me"}))
    async with running_bot(coach) as (stub, _adapter, _application):
        calls = stub.state.calls_of("setMyCommands")
    by_scope = {
        str(call.params.get("scope", {}).get("chat_id", "everyone")): [
            c["command"] for c in call.params["commands"]
        ]
        for call in calls
    }
    assert by_scope == {
        "everyone": [a.name for a in commands.menu(admin=False)],
        "9001": [a.name for a in commands.menu(admin=True)],
    }
    admin_scope = next(c.params["scope"] for c in calls if "scope" in c.params)
    assert admin_scope["type"] == "chat"
    assert "stats" not in by_scope["everyone"] and "stats" in by_scope["9001"]


def test_admin_menus_go_to_numeric_admin_chats_in_order() -> None:
    assert admin_chats({"42", "7", "console-root", "-100"}) == [-100, 7, 42]


# --- typed words, commands and buttons do the same thing ------------------------------------


@pytest.mark.parametrize("action", [a for a in commands.ACTIONS if a.words], ids=lambda a: a.name)
def test_a_typed_word_does_what_its_command_does(
    tmp_path: Path, knowledge: Knowledge, renderer: Renderer, action: commands.Action
) -> None:
    said: list[str] = []
    for way in ("command", *action.words):
        # the same user at the same moment in a store of its own: the same questions
        store = SqlStore.open(f"sqlite:///{tmp_path / f'{way}.db'}")
        chat = Chat(Coach(knowledge, renderer, store), user_id="same-user")
        chat.send("/interview")
        chat.press("Quick mix")
        chat.send(ANSWER)
        if action.name not in ("done", "hint", "skip", "end"):
            chat.send("/done")  # retry, outline and next act on the feedback
        chat.send(Command(action.name) if way == "command" else Text(way.capitalize() + "."))
        said.append(chat.text())
        store.close()
    assert said[0] and all(text == said[0] for text in said), said


def test_every_button_the_bot_shows_has_an_action_in_the_registry(coach: Coach) -> None:
    seen: list[Button] = []
    chat = Chat(coach, user_id="admin")

    def send(event: object) -> None:
        chat.send(event)  # type: ignore[arg-type]
        seen.extend(chat.buttons())

    for event in ["/start", "/help", "/topics", "what is soap", "visa", "/profile"]:
        send(event)
    chat.press("Specialty")
    seen.extend(chat.buttons())
    for event in ["/deletemydata", "no", "/interview"]:
        send(event)
    chat.press("Behavioral")
    seen.extend(chat.buttons())
    chat.press("3")
    seen.extend(chat.buttons())
    for event in [ANSWER, "/done", "/outline", "/next", "/end", "/progress", "/practice"]:
        send(event)
    send("/interview")
    if any("Start a new one" in b.label for b in chat.buttons()):
        chat.press("Start a new one")
        seen.extend(chat.buttons())
    verbs = set()
    for button in seen:
        payload = buttons.parse(button.data)
        assert payload is not None, button
        verbs.add(payload.verb)
        if payload.verb == "m":
            assert commands.main_menu_button(payload.arg) is not None, button
        elif payload.verb == "s":
            assert commands.step_button(payload.arg) is not None, button
    assert {"m", "s"} <= verbs
    # and each main-menu button does what it names, from any message however old
    for data in sorted({b.data for b in seen if b.data.startswith("m:")}):
        fresh = Chat(coach)
        fresh.send(Press(data))
        assert fresh.last and "expired" not in fresh.text().lower(), data


def test_needs_scoring_is_the_registrys_word() -> None:
    scoring = [a.name for a in commands.ACTIONS if a.scores]
    assert scoring == ["done"]
    assert commands.needs_scoring(Command("done"))
    assert commands.needs_scoring(Text(" Done. "))
    assert commands.needs_scoring(Press("s:4:done"))
    assert not commands.needs_scoring(Command("hint"))
    assert not commands.needs_scoring(Text("done and dusted"))
    assert not commands.needs_scoring(Press("m:progress"))
    assert not commands.needs_scoring(Press("f:soap"))


# --- both adapters read commands alike ---------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "/remind 19:00",
        "/start faq_soap",
        "/Done",
        "/help@ImgCoachBot",
        "/ask what is\nsoap",
        "/h1b",
        "/remind2",
        "what is soap",
        "/",
    ],
)
def test_the_terminal_and_telegram_read_a_command_the_same_way(line: str) -> None:
    message = Message(
        message_id=1,
        date=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
        chat=TgChat(1, "private"),
        text=line,
    )
    assert parse_line(line, ButtonNumbers()) == to_event(message)


# --- everything that names a command names a registered one -----------------------------


def _commands_named_in(text: str) -> set[str]:
    # "/practice", not "</b>", "https://x.org/a", "and/or" or a score "80/100"
    return set(re.findall(r"(?<![\w</.:])/([a-z][a-z0-9_]*)\b", text))


def test_every_command_the_bot_mentions_is_registered() -> None:
    prompts = Path(PROJECT_ROOT / "prompts")
    named: dict[str, set[str]] = {}
    for path in [*sorted(prompts.glob("*.j2")), prompts / "labels.yaml"]:
        for name in _commands_named_in(path.read_text(encoding="utf-8")):
            named.setdefault(name, set()).add(path.name)
    assert {"interview", "done", "practice", "remind", "deletemydata"} <= set(named)
    unknown = {
        name: files for name, files in named.items() if commands.command(name, admin=True) is None
    }
    assert not unknown


def test_the_questions_the_bot_waits_on_are_carried_on_by_registered_commands() -> None:
    for name, prompt in pending.PROMPTS.items():
        for owner in sorted(prompt.owners):
            assert commands.command(owner) is not None, (name, owner)


def test_a_command_or_typed_word_given_twice_is_refused_at_import() -> None:
    def noop(_turn: object, _arg: str) -> None:
        return None

    with pytest.raises(ValueError, match="twice"):
        commands._index((commands.Action("x", noop), commands.Action("x", noop)))
    with pytest.raises(ValueError, match="twice"):
        commands._index(
            (commands.Action("x", noop, words=("go",)), commands.Action("y", noop, words=("go",)))
        )
    with pytest.raises(ValueError, match="not a valid Telegram command"):
        commands._index((commands.Action("Bad-Name", noop),))
