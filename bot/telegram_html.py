"""Telegram HTML helpers: split long messages safely, and turn HTML into plain terminal text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

MAX_MESSAGE = 4096
MAX_CAPTION = 1024
ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-spoiler",
        "span",
    }
)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>")


def visible_length(text: str) -> int:
    """Length as Telegram counts it for the limit: after entities are parsed."""
    return len(html.unescape(_TAG.sub("", text)))


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split Telegram HTML into parts under the limit, on paragraph (then line, then word)
    boundaries, closing tags open at a cut and reopening them in the next part."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for block in _blocks(text, limit):
        candidate = f"{current}\n\n{block}" if current else block
        if len(_balanced(candidate)[0]) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = block
    if current:
        parts.append(current)
    # carry open tags across the cuts
    fixed: list[str] = []
    reopen = ""
    for part in parts:
        closed, still_open = _balanced(reopen + part)
        fixed.append(closed)
        reopen = "".join(still_open)
    return fixed


def _blocks(text: str, limit: int) -> list[str]:
    """Paragraphs; a paragraph too long for one message is cut on lines, then on words."""
    reserve = 200  # room for tags closed and reopened at a cut
    blocks: list[str] = []
    for paragraph in text.split("\n\n"):
        if len(paragraph) <= limit - reserve:
            blocks.append(paragraph)
            continue
        for line in paragraph.split("\n"):
            while len(line) > limit - reserve:
                cut = line.rfind(" ", 0, limit - reserve)
                cut = cut if cut > 0 else limit - reserve
                # never cut inside a tag or an entity
                head = line[:cut]
                last_lt, last_gt = head.rfind("<"), head.rfind(">")
                if last_lt > last_gt:
                    cut = last_lt
                last_amp = head.rfind("&")
                if last_amp > head.rfind(";"):
                    cut = min(cut, last_amp)
                blocks.append(line[:cut])
                line = line[cut:].lstrip(" ")
            blocks.append(line)
    return [b for b in blocks if b]


def _balanced(text: str) -> tuple[str, list[str]]:
    """Close tags left open at the end; return the text and the opening tags to carry over."""
    stack: list[tuple[str, str]] = []
    for match in _TAG.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        else:
            stack.append((name, match.group(0)))
    closed = text + "".join(f"</{name}>" for name, _ in reversed(stack))
    return closed, [tag for _, tag in stack]


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href.append(dict(attrs).get("href"))
        elif tag == "blockquote":
            self.out.append("  ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            href = self._href.pop()
            if href:
                self.out.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def to_plain(text: str) -> str:
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    return "".join(parser.out)


def check_html(text: str) -> list[str]:
    """Problems Telegram's HTML parser would reject: unknown tags, unbalanced tags."""
    problems: list[str] = []
    stack: list[str] = []
    for match in _TAG.finditer(text):
        closing, name = match.group(1), match.group(2).lower()
        if name not in ALLOWED_TAGS:
            problems.append(f"unsupported tag <{name}>")
            continue
        if closing:
            if not stack or stack[-1] != name:
                problems.append(f"unbalanced </{name}>")
            else:
                stack.pop()
        else:
            stack.append(name)
    problems.extend(f"unclosed <{name}>" for name in stack)
    stray = re.sub(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);", "", _TAG.sub("", text))
    if "<" in stray or ">" in stray:
        problems.append("unescaped < or >")
    if "&" in stray:
        problems.append("unescaped &")
    return problems
