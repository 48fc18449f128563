"""Reading content files: YAML with dates kept as text, and each problem found, by file, entry
and field. Below every loader (bot.content.loader, bot.roadmap.loading), so none of them needs
another to read a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is several times faster; fall back to the pure-Python loader
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _ContentLoader(_Loader):  # type: ignore[misc,valid-type]
    """Dates stay text, so the schema can name the entry and field of a bad one."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class ContentProblem:
    file: str
    entry: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.entry:
            where += f": entry '{self.entry}'"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


def read_yaml(path: Path, root: Path, problems: list[ContentProblem]) -> Any:
    rel = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_ContentLoader)
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(ContentProblem(rel, None, None, f"malformed YAML{where}: {problem}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ContentProblem(rel, None, None, f"cannot read file: {exc}"))
    return None


def field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts)


def relative(path: Path, content_dir: Path) -> str:
    try:
        return str(path.relative_to(content_dir.parent))
    except ValueError:
        return str(path)
