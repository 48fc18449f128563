"""Flood control per user: past a burst, one "slow down" and then quiet until it passes."""

from __future__ import annotations

from collections import deque

FLOOD_MESSAGES = 20
FLOOD_SECONDS = 10.0


class FloodGuard:
    """More than FLOOD_MESSAGES updates in FLOOD_SECONDS: one "slow down", then quiet."""

    def __init__(self, limit: int = FLOOD_MESSAGES, window: float = FLOOD_SECONDS) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int, now: float) -> str:
        """'ok', 'warn' (send one warning) or 'drop'."""
        seen = self._seen.setdefault(user_id, deque())
        while seen and now - seen[0] > self.window:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            self._warned.discard(user_id)
            return "ok"
        if user_id in self._warned:
            return "drop"
        self._warned.add(user_id)
        return "warn"
