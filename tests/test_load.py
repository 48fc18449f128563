"""Load: 200 users x 20 messages through the real Application (polling) and the local Bot API
server, all users at once, each with up to two messages unanswered. No reply is lost, doubled,
reordered or sent to another chat: every user's transcript on the server is exactly what the
dialog core says to the same messages (tools/stub_load.py, which also runs as a script).

20 messages per user is the bot's flood limit (20 in 10 s); users are paced to stay within it
(a 21st message would wait; at 20 none does), and the bot must not have sent a single "slow
down": a reply replaced by the warning counts as lost, never as expected. PTB's rate limiter (Telegram's ~30
messages/s) is off: it would only measure the limiter. The figures are printed (-s), never
asserted: timing lives in docs/PERFORMANCE.md and docs/TESTING.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.adapters.flood import FLOOD_MESSAGES
from tools.stub_load import run

USERS = 200
MESSAGES = 20
REPLY_TIMEOUT = 120.0


async def test_200_users_x_20_messages_lose_no_reply_and_keep_each_users_order(
    tmp_path: Path,
) -> None:
    assert MESSAGES <= FLOOD_MESSAGES  # else pacing, not the bot, would bound the run
    # a reply later than REPLY_TIMEOUT counts as lost: generous, so a slow machine is not a loss
    result = await run(
        USERS, MESSAGES, rate_limit=False, in_flight=2, reply_timeout=REPLY_TIMEOUT, folder=tmp_path
    )
    figures = result.figures()
    print(f"\nload: {json.dumps(figures)}")
    assert not result.lost, f"replies lost (chat: messages unanswered): {result.lost}"
    assert not result.wrong, f"transcripts differing: {dict(list(result.wrong.items())[:5])}"
    assert figures["updates_answered"] == USERS * MESSAGES
    assert result.slow_down == 0
    assert not result.server_errors, result.server_errors[:5]
