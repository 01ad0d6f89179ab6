"""YAML loading that keeps line numbers, so every finding can say `path:line`."""
from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Problem


class LDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 1
    lines: dict

    def line_of(self, key, default: int | None = None) -> int:
        return self.lines.get(key, default if default is not None else self.line)


class LList(list):
    line: int = 1
    lines: list

    def line_of(self, index: int) -> int:
        try:
            return self.lines[index]
        except IndexError:
            return self.line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: 5x faster
    pass


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    out = LDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain value", key_node.start_mark
            )
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader, node):
    out = LList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


def _construct_timestamp(loader, node):
    """Dates stay dates; an impossible date (2026-13-45) stays text, so the check can say what is wrong."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse(text: str, path: str, line_offset: int = 0):
    """Parse YAML text. Returns (data, problems)."""
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as exc:
        # point at where the broken construct begins (an unclosed quote, a list), and say where it ends
        mark = exc.context_mark or exc.problem_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        what = exc.problem or "not valid YAML"
        if exc.context and exc.problem_mark and exc.context_mark and exc.problem_mark.line != exc.context_mark.line:
            what = f"{exc.context}: {exc.problem} (at line {exc.problem_mark.line + 1 + line_offset})"
        return None, [Problem(path, line, f"not valid YAML: {_plain(exc, what)}")]
    except (ValueError, TypeError) as exc:
        return None, [Problem(path, 1 + line_offset, f"not valid YAML: {exc}")]
    except yaml.YAMLError as exc:  # pragma: no cover - rare non-marked errors
        return None, [Problem(path, 1 + line_offset, f"not valid YAML: {exc}")]


# What YAML's parser says, in plain words for editors (its own text follows in brackets).
_PLAIN = [
    ("found character '\\t'", "a tab is used to indent this line; indent with spaces only"),
    ("that cannot start any token", "a value starts with a character YAML keeps for itself (such as @ or `); put the value in quotes"),
    ("found a tab character", "a tab is used to indent this line; indent with spaces only"),
    ("mapping values are not allowed", "a ':' stands inside a value, or the line is indented wrongly; put the value in quotes or check the indentation"),
    ("could not find expected ':'", "a line has no 'key: value' form (is a space missing after ':'?)"),
    ("expected <block end>", "the indentation of this line does not fit the lines above"),
    ("found unexpected end of stream", "a quote or bracket is opened but never closed"),
    ("found unexpected end of", "a quote or bracket is opened but never closed"),
    ("while scanning a quoted scalar", "a quote is opened but not closed"),
]


def _plain(exc, what: str) -> str:
    text = f"{exc.context or ''} {exc.problem or ''}"
    for needle, plain in _PLAIN:
        if needle in text:
            return f"{plain} (YAML: {what})"
    return what


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file; binary or unreadable files become problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, f"cannot read the file: {exc.strerror}")]
    if b"\x00" in raw:
        return None, [Problem(shown, 1, "this is a binary file, not text; remove it or save it as UTF-8 text")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "the file is not UTF-8 text; save it with UTF-8 encoding")]


def load_file(path: Path, shown: str):
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(shown, 1, "the file is empty")]
    return parse(text, shown)
