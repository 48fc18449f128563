"""Jinja2 environment for prompts/*.j2: every message the bot sends, as Telegram HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _paragraphs(text: str) -> Markup:
    """Escape content text and keep its line breaks (Telegram HTML honours newlines)."""
    return Markup("\n".join(str(escape(line)) for line in text.strip().splitlines()))


class Renderer:
    def __init__(self, prompts_dir: Path) -> None:
        self.prompts_dir = prompts_dir
        self.env = Environment(
            loader=FileSystemLoader(str(prompts_dir)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            # templates are read once; a content reload builds a new Renderer
            auto_reload=False,
        )
        self.env.filters["plural"] = _plural
        self.env.filters["paragraphs"] = _paragraphs
        labels_path = prompts_dir / "labels.yaml"
        self.labels: dict[str, dict[str, str]] = (
            yaml.safe_load(labels_path.read_text(encoding="utf-8")) if labels_path.exists() else {}
        ) or {}

    def label(self, section: str, key: str) -> str:
        """A button label or short name from prompts/labels.yaml (the key itself if missing)."""
        return self.labels.get(section, {}).get(key, key)

    def render(self, template: str, /, **context: Any) -> str:
        text = self.env.get_template(f"{template}.j2").render(**context)
        # templates are written for readability; collapse the blank lines they leave behind
        lines = [line.rstrip() for line in text.strip().splitlines()]
        out: list[str] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        return "\n".join(out)

    def template_names(self) -> list[str]:
        return sorted(p.stem for p in self.prompts_dir.glob("*.j2"))


__all__ = ["Renderer", "TemplateError"]
