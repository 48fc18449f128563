"""One lock per user, so each user's updates run one at a time and in order, with a bound.

Updates of different users run concurrently; two of one user's never do. A lock nobody
holds or waits for is idle: the least recently used idle locks are dropped past `limit`,
and a user who comes back simply gets a new one. A lock in use is never dropped (that would
let a second update of the user run beside the first), so while more than `limit` users
are being served at once, more locks are kept until they finish.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from itertools import islice

# well above python-telegram-bot's default of 256 updates handled at once
IDLE_LOCKS = 1024


class UserLocks:
    def __init__(self, limit: int = IDLE_LOCKS) -> None:
        self.limit = limit
        self._locks: OrderedDict[int, asyncio.Lock] = OrderedDict()  # least recently used first
        self._users: dict[int, int] = {}  # updates holding or waiting for each lock

    def __len__(self) -> int:
        return len(self._locks)

    def __contains__(self, user_id: object) -> bool:
        return user_id in self._locks

    def in_use(self, user_id: int) -> int:
        """How many of the user's updates hold or wait for the user's lock."""
        return self._users.get(user_id, 0)

    @asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:
        """Run the block while no other update of this user runs (first come, first served)."""
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
        self._locks.move_to_end(user_id)
        self._users[user_id] = self._users.get(user_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[user_id] -= 1
            if not self._users[user_id]:
                del self._users[user_id]
            self._drop_idle()

    def _drop_idle(self) -> None:
        # runs on the event loop between awaits: nothing can take a lock while this looks
        excess = len(self._locks) - self.limit
        if excess <= 0:
            return
        idle = list(islice((u for u in self._locks if u not in self._users), excess))
        for user in idle:
            del self._locks[user]
