"""The shape of the code: no import circles, a dialog core that knows no store, adapter or
Telegram type, and rooms small enough to read (no module in the core, the adapters or the
store over 400 lines)."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.config import PROJECT_ROOT

BOT = PROJECT_ROOT / "bot"
MAX_LINES = 400
SMALL_ROOMS = ("core", "adapters", "store")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(BOT.rglob("*.py"))}


def _imports(path: Path) -> list[str]:
    """Modules of bot/ imported at module level (type-checking imports count: a circle of
    types is still a circle)."""
    found: list[str] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        for inner in node.body if isinstance(node, ast.If) else [node]:
            if isinstance(inner, ast.Import):
                found += [alias.name for alias in inner.names]
            elif isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                for alias in inner.names:
                    full = f"{inner.module}.{alias.name}"
                    found.append(full if full in MODULES else inner.module)
    return [name for name in found if name in MODULES or name.split(".")[0] == "telegram"]


GRAPH = {name: sorted(set(_imports(path))) for name, path in MODULES.items()}


def _circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for other in GRAPH.get(name, []):
            if other not in GRAPH:
                continue
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in on_stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == name:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    return circles


def test_no_module_imports_itself_round_a_circle() -> None:
    assert _circles() == []


def test_the_dialog_core_imports_no_store_adapter_service_or_telegram() -> None:
    outside = ("bot.store", "bot.adapters", "bot.service", "bot.app", "telegram")
    leaks = {
        name: [m for m in imported if m.startswith(outside)]
        for name, imported in GRAPH.items()
        if name.startswith("bot.core")
    }
    assert {name: found for name, found in leaks.items() if found} == {}


def test_the_turn_is_given_what_it_uses_not_the_dialog() -> None:
    assert "bot.core.dialog" not in GRAPH["bot.core.turn"]
    assert "bot.core.commands" not in GRAPH["bot.core.turn"]


def test_the_core_the_adapters_and_the_store_are_small_rooms() -> None:
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in MODULES.items()
        if name.split(".")[1:2] and name.split(".")[1] in SMALL_ROOMS
    }
    assert len(sizes) >= 20
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
