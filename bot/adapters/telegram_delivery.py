"""Delivery: the core's replies as Bot API calls (messages, edits in place, photos, files).

Every message is Telegram HTML, split under Telegram's limits; a reply that replaces the
message whose button was pressed edits it, unless an edit would change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.core.replies import Button, Reply
from bot.telegram_html import MAX_CAPTION, split_message, to_plain

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in rows]
    )


def _same_markup(message: Message, markup: InlineKeyboardMarkup | None) -> bool:
    current = message.reply_markup
    if current is None or not current.inline_keyboard:
        return markup is None
    if markup is None:
        return False
    mine = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    theirs = [[(b.text, b.callback_data) for b in row] for row in current.inline_keyboard]
    return mine == theirs


async def send(
    bot: Any, chat_id: int, replies: list[Reply], query: CallbackQuery | None
) -> str | None:
    """Send the replies in order; returns the notice for the callback query, if any."""
    notice: str | None = None
    edited = False
    for reply in replies:
        if reply.notice and notice is None:
            notice = to_plain(reply.notice)
        if reply.silent:
            continue
        markup = keyboard(reply.buttons)
        if reply.image is not None:
            await _send_media(bot, chat_id, reply, markup, photo=True)
            continue
        if reply.document is not None:
            await _send_media(bot, chat_id, reply, markup, photo=False)
            continue
        parts = split_message(reply.text)
        can_edit = (
            reply.replace
            and not edited
            and query is not None
            and isinstance(query.message, Message)
            and query.message.text is not None
            and len(parts) == 1
        )
        if can_edit:
            assert query is not None and isinstance(query.message, Message)
            edited = True
            await _edit(query.message, parts[0], markup)
            continue
        for number, part in enumerate(parts):
            last = number == len(parts) - 1
            await bot.send_message(
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None,
                link_preview_options=_NO_PREVIEW,
            )
    return notice


async def _edit(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    # Telegram rejects an edit that changes nothing ("message is not modified")
    same_text = to_plain(text).strip() == (message.text or "").strip()
    if same_text and _same_markup(message, markup):
        return
    try:
        if same_text:
            await message.edit_reply_markup(reply_markup=markup)
        else:
            await message.edit_text(
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=_NO_PREVIEW,
            )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def _send_media(
    bot: Any, chat_id: int, reply: Reply, markup: InlineKeyboardMarkup | None, photo: bool
) -> None:
    caption_fits = len(reply.text) <= MAX_CAPTION
    caption = reply.text if caption_fits else None
    if photo:
        assert reply.image is not None
        await bot.send_photo(
            chat_id,
            reply.image,
            caption=caption,
            parse_mode=ParseMode.HTML if caption else None,
            reply_markup=markup if caption_fits else None,
        )
    else:
        assert reply.document is not None
        name, content = reply.document
        await bot.send_document(
            chat_id,
            InputFile(content, filename=name),
            caption=caption,
            parse_mode=ParseMode.HTML if caption else None,
            reply_markup=markup if caption_fits else None,
        )
    if not caption_fits:
        for number, part in enumerate(parts := split_message(reply.text)):
            await bot.send_message(
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if number == len(parts) - 1 else None,
            )
