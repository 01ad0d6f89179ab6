"""The JSON Schemas of the data files (`schemas/*.schema.json`, draft 2020-12) and their findings as
`path:line` problems in plain words.

A schema says what a file may hold: its keys, their types, the allowed values and forms (a date, a
language code, a Land code). Editors read the same schemas for completion and inline errors. What a
schema cannot say (a source an item names exists, an office type is defined, a figure id is known,
anything across files) stays in the loaders.

Each kind of error has one message written here; the validator's own text is never shown. A loader
passes a `where` function that names the place in its own words (`region 'owl'`, `source 'bmg-17'`).
A key whose value is empty (`key:` with nothing after it) counts as missing, as it always has.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import Path
from typing import Callable

from . import yamlsrc
from .problems import Problem

_HERE = Path(__file__).resolve().parent
# in an installed package the schemas travel inside it (dcg/schemas); in the repository they are at the root
SCHEMA_DIR = next((d for d in (_HERE / "schemas", _HERE.parents[1] / "schemas") if d.is_dir()), _HERE.parents[1] / "schemas")

_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
               "object": "a mapping (key: value lines)", "boolean": "true or false", "null": "empty"}
_validators: dict = {}


def _described(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


def _plain_date(instance) -> bool:
    return isinstance(instance, dt.date) and not isinstance(instance, dt.datetime)


def _validator(name: str):
    """The compiled validator for schemas/<name>.schema.json, built once per process."""
    v = _validators.get(name)
    if v is None:
        from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

        def type_(validator, types, instance, schema):
            if instance is None:  # an empty value is reported as missing where the key is required
                return
            if _plain_date(instance) and schema.get("format") == "date":  # YAML reads 2026-01-01 as a date
                return
            types = [types] if isinstance(types, str) else types
            if not any(validator.is_type(instance, t) for t in types):
                yield ValidationError("type")

        def required(validator, keys, instance, schema):
            if isinstance(instance, dict):
                for key in keys:
                    if instance.get(key) is None:
                        yield ValidationError(key)

        cls = validators.extend(Draft202012Validator, {"type": type_, "required": required})
        schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        v = _validators[name] = cls(schema, format_checker=FormatChecker(formats=("date",)))
    return v


def dotted(path) -> str:
    """A place in a file as an editor reads it: programme.network[2].name (list entries from 1)."""
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _line(node, key) -> int:
    if hasattr(node, "line_of"):
        return node.line_of(key)
    return getattr(node, "line", 1)


def _where_in_file(path) -> str:
    return dotted(path) or "this file"


def check(name: str, data, shown: str, problems: list[Problem], where: Callable[[tuple], str] = _where_in_file,
          hints: dict | None = None) -> bool:
    """Validate `data` (read by yamlsrc, with lines) against schemas/<name>.schema.json; add one problem
    per finding to `problems`. `hints` says more about a key that is unknown where it stands (a key
    that belongs one level down). Returns True when the file fits its schema."""
    found = []
    for err in _validator(name).iter_errors(data):
        found.extend(_problems(err, data, shown, where, hints or {}))
    found = sorted(set(found), key=lambda p: (p.line, p.message))
    problems.extend(found)
    return not found


def _node(data, path):
    node = data
    for p in path:
        node = node[p]
    return node


def _suggest(value, choices, descriptions=None) -> str:
    if descriptions:  # a name written instead of its code: Sachsen for SN
        for code, text in zip(choices, descriptions):
            if isinstance(value, str) and value.strip().lower() == str(text).lower():
                return f"; did you mean '{code}' ({text})?"
    near = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{near[0]}'?" if near else ""


def _problems(err, data, shown, where, hints) -> list[Problem]:
    path = tuple(err.absolute_path)
    kw = err.validator
    schema = err.schema if isinstance(err.schema, dict) else {}

    if "propertyNames" in err.relative_schema_path:  # a key of the wrong form (ids, language codes as keys)
        mapping, key = _node(data, path), err.instance
        title = schema.get("title", "allowed here")
        return [Problem(shown, _line(mapping, key), f"{where(path)}: '{key}' is not {title}")]
    if kw == "required":
        node = _node(data, path)
        return [Problem(shown, getattr(node, "line", 1), f"{where(path)}: '{err.message}' is missing")]
    if kw == "additionalProperties":
        node = _node(data, path)
        known = sorted(schema.get("properties", {}))
        out = []
        for key in node:
            if key in known or any(re.search(p, str(key)) for p in schema.get("patternProperties", {})):
                continue
            hint = f"; {hints[key]}" if key in hints else _suggest(key, known)
            hint = hint or (f"; known keys are: {', '.join(known)}" if known else "; nothing more belongs here")
            prefix = f"{where(path)}: " if path else ""
            out.append(Problem(shown, _line(node, key), f"{prefix}unknown key '{key}'{hint}"))
        return out

    if kw == "not":  # a combination the schema forbids; its title says what to do instead
        sub = err.validator_value if isinstance(err.validator_value, dict) else {}
        return [Problem(shown, getattr(_node(data, path), "line", 1), f"{where(path)}: {sub.get('title', 'this combination of keys is not allowed')}")]

    # the remaining kinds are about one value: name it by its key (or its entry in a list)
    if not path:
        title = schema.get("title", "a mapping (key: value lines)")
        return [Problem(shown, 1, f"the file must be {title}")]
    parent_path, key = path[:-1], path[-1]
    parent = _node(data, parent_path)
    line = _line(parent, key)
    at = where(parent_path)
    value = err.instance
    label = f"entry {key + 1}" if isinstance(key, int) else f"'{key}'"
    named = "" if isinstance(key, int) else f"{key} "
    title = schema.get("title")

    if kw == "type" or (kw == "format" and schema.get("format") == "date"):
        if schema.get("format") == "date":
            return [Problem(shown, line, f"{at}: {label} must be a date written YYYY-MM-DD, not {_described(value)}")]
        types = schema.get("type")
        types = [types] if isinstance(types, str) else list(types or [])
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
        quote = " (put it in quotes)" if types == ["string"] and isinstance(value, (int, float, bool, dt.date)) else ""
        return [Problem(shown, line, f"{at}: {label} must be {words}{quote}, not {_described(value)}")]
    if kw in ("enum", "const"):
        choices = err.validator_value if kw == "enum" else [err.validator_value]
        hint = _suggest(value, choices, schema.get("enumDescriptions"))
        what = f"is not {title}" if title else "is unknown"
        listed = ", ".join(str(c) for c in choices)
        tail = f"{hint} (choose from {listed})" if hint else f"; choose from {listed}"
        return [Problem(shown, line, f"{at}: {named}{_described(value)} {what}{tail}")]
    if kw == "pattern":
        return [Problem(shown, line, f"{at}: {named}{_described(value)} is not {title or 'written in the expected form'}")]
    if kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if lo is not None and hi is not None:
            return [Problem(shown, line, f"{at}: {label} must be between {lo} and {hi}, not {_described(value)}")]
        if lo is not None:
            return [Problem(shown, line, f"{at}: {label} must be {lo} or more, not {_described(value)}")]
        if schema.get("exclusiveMinimum") is not None:
            return [Problem(shown, line, f"{at}: {label} must be more than {schema['exclusiveMinimum']}, not {_described(value)}")]
        return [Problem(shown, line, f"{at}: {label} must be {hi} or less, not {_described(value)}")]
    if kw == "minItems":
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        return [Problem(shown, line, f"{at}: list at least one {items.get('title', 'entry')}")]
    if kw == "minLength":
        return [Problem(shown, line, f"{at}: {label} is empty; write {title or 'some text'}")]
    if kw == "minProperties":
        return [Problem(shown, line, f"{at}: {label} is empty")]
    return [Problem(shown, line, f"{at}: {label} is not allowed here ({_described(value)})")]


def load_checked(path: Path, shown: str, name: str, problems: list[Problem]) -> dict | None:
    """A data file read with its line numbers and checked against schemas/<name>.schema.json: its data,
    or None where it cannot be read or does not fit (the problems say where and why)."""
    data, found = yamlsrc.load_file(path, shown)
    problems.extend(found)
    if not isinstance(data, dict) or not check(name, data, shown, problems):
        return None
    return data
