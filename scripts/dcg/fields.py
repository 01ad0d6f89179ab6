"""Reading typed fields from YAML mappings with line numbers: the small pieces every loader shares."""
from __future__ import annotations

import datetime as dt
import re

from .problems import Problem
from .yamlsrc import LDict

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def typed(mapping, key, kind):
    """mapping[key] when it has the type the schema asks for, else None (the schema check reports it)."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        return None
    return value if isinstance(value, kind) else None


class Reporter:
    """Collects problems for one file."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def add(self, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    def need(self, mapping, key, kind, where: str, line: int | None = None, optional: bool = False):
        """Fetch mapping[key] and check its type; report a clear problem otherwise."""
        if not isinstance(mapping, dict):
            return None
        ln = mapping.line_of(key) if isinstance(mapping, LDict) else (line or 1)
        if key not in mapping or mapping[key] is None:
            if not optional:
                self.add(line or getattr(mapping, "line", 1), f"{where}: '{key}' is missing")
            return None
        value = mapping[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if kinds == (dt.date,):
            d = _date(value)
            if d is None:
                self.add(ln, f"{where}: '{key}' must be a date written YYYY-MM-DD, not '{value}'")
            return d
        if bool in kinds or not isinstance(value, bool):
            if isinstance(value, kinds):
                return value
        names = " or ".join({str: "text", int: "a whole number", float: "a number", list: "a list",
                             dict: "a mapping (key: value lines)", bool: "true or false"}.get(k, k.__name__) for k in kinds)
        self.add(ln, f"{where}: '{key}' must be {names}, not {type(value).__name__} '{value}'")
        return None
