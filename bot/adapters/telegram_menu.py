"""Telegram's command menu, built at start-up from the registry (bot.core.commands), per scope.

Everyone gets the users' commands; each admin's private chat (BotCommandScopeChat) gets
those and the admin commands too, so the menu never drifts from what the bot answers.
The descriptions are prompts/labels.yaml's `commands` section.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.core import commands
from bot.render import Renderer

log = logging.getLogger(__name__)


def menu_commands(renderer: Renderer, *, admin: bool) -> list[BotCommand]:
    return [
        BotCommand(action.name, renderer.label("commands", action.name))
        for action in commands.menu(admin=admin)
    ]


def admin_chats(admin_ids: Iterable[str]) -> list[int]:
    """The admins' private chats (a Telegram user's private chat id is their user id)."""
    return sorted(int(user) for user in admin_ids if user.lstrip("-").isdigit())


async def set_menus(bot: Any, renderer: Renderer, admin_ids: Iterable[str]) -> None:
    await bot.set_my_commands(menu_commands(renderer, admin=False))
    admin_menu = menu_commands(renderer, admin=True)
    for chat_id in admin_chats(admin_ids):
        try:
            await bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(chat_id))
        except TelegramError as exc:  # e.g. the admin never opened a chat with the bot
            log.warning("admin menu not set for chat %s: %s", chat_id, exc)
