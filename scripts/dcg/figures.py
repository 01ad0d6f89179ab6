"""Figures that change on their date: amounts, limits and rates, each with its dated values.

`data/figures/<topic>.yml` maps a figure id to its unit, the law that sets it and its values:

    mindestlohn:
      unit: EUR/hour
      law: § 1 MiLoG
      values:
        - {value: 13.90, valid_from: 2026-01-01, valid_until: 2026-12-31, status: decided, source: …, checked: …}
        - {value: 14.60, valid_from: 2027-01-01, valid_until: 2027-12-31, status: decided, source: …, checked: …}

A figure with one value may be written flat (value, valid_from, valid_until, source, checked beside unit
and law). A value is `decided` (the default), `planned` or `proposed`; a value may instead follow by a
`formula` from another figure (the mini-job limit from the minimum wage). Decided values, and formula
values whose input is decided, take effect on their date; planned and proposed ones never do until an
editor marks them decided. Every figure has a `valid_until` on its last value or a `review_by` date.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

from . import schemas, yamlsrc
from .fields import ID_RE, Reporter, _date, typed
from .problems import Problem
from .schemas import dotted

FIGURE_UNITS = ("EUR", "EUR/day", "EUR/month", "EUR/year", "EUR/hour", "EUR/lesson", "EUR/km", "percent", "days", "weeks", "months", "years", "hours", "units")
STATUSES = ("decided", "planned", "proposed")
ROUNDING = ("up", "down", "nearest")
# How long before a change or an end date the guide speaks of it: the notice beside the value and
# the editors' warning.
NOTICE_DAYS = 56
# valid_from of a value in force since before anything the guide records (a rule of long standing)
SINCE_EVER = dt.date(1900, 1, 1)


@dataclass
class Value:
    """One value of a figure and the period it is valid for."""
    value: float | None
    valid_from: dt.date
    valid_until: dt.date | None
    status: str
    law: str
    source_url: str
    source_title: str
    checked: dt.date | None
    line: int
    formula: dict | None = None

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass
class Figure:
    id: str
    unit: str
    law: str
    path: str
    line: int
    values: list = field(default_factory=list)  # Value, sorted by valid_from
    review_by: dt.date | None = None
    _table: dict | None = field(default=None, repr=False)  # all figures, for formulas

    # ---- which value applies

    def resolved(self, v: Value, _seen=()) -> float | None:
        """The number of a value: written, or computed from its formula's input on its date."""
        if v.formula is None:
            return v.value
        base = (self._table or {}).get(v.formula["of"])
        if base is None or self.id in _seen:
            return None
        bv = base.in_force(v.valid_from, _seen + (self.id,))
        if bv is None:
            return None
        n = base.resolved(bv, _seen + (self.id,))
        if n is None:
            return None
        x = n * v.formula["times"] / v.formula["divided_by"]
        step = 10 ** -v.formula["digits"]
        rnd = {"up": math.ceil, "down": math.floor, "nearest": round}[v.formula["round"]]
        return round(rnd(round(x / step, 9)) * step, v.formula["digits"])

    def effective(self, v: Value, _seen=()) -> bool:
        """Decided, or computed from a value that is itself in force on its date."""
        if v.formula is None:
            return v.status == "decided"
        return self.resolved(v, _seen) is not None

    def in_force(self, day: dt.date, _seen=()) -> Value | None:
        for v in reversed(self.values):
            if v.covers(day) and self.effective(v, _seen):
                return v
        return None

    def last_effective(self, day: dt.date) -> Value | None:
        past = [v for v in self.values if v.valid_from <= day and self.effective(v)]
        return past[-1] if past else None

    def upcoming(self, day: dt.date) -> Value | None:
        """The next value that takes effect after `day` (decided or following from a decided one)."""
        for v in self.values:
            if v.valid_from > day and self.effective(v):
                return v
        return None

    def pending(self) -> Value | None:
        """The newest value not yet decided (planned or proposed)."""
        open_ = [v for v in self.values if v.formula is None and v.status != "decided"]
        return open_[-1] if open_ else None

    def shown(self, day: dt.date) -> tuple[Value | None, bool]:
        """The value a page shows on `day` and whether it is past its end (no successor yet)."""
        v = self.in_force(day)
        if v is not None:
            return v, False
        last = self.last_effective(day)
        if last is not None:
            return last, True
        first = next((v for v in self.values if self.effective(v)), None)
        return first, False  # before the first value: the earliest one (reported by the checks)

    def ends(self, day: dt.date) -> dt.date | None:
        """The day the value in force ends when nothing decided follows it."""
        v = self.in_force(day)
        if v is None or v.valid_until is None:
            return None
        nxt = self.upcoming(day)
        if nxt is not None and nxt.valid_from <= v.valid_until + dt.timedelta(days=1):
            return None
        return v.valid_until

    # ---- what every value shares

    def all_values(self) -> list[float]:
        return [n for n in (self.resolved(v) for v in self.values) if n is not None]


def _formula(f) -> dict | None:
    """A formula with its defaults filled in (the schema checked its fields)."""
    if not isinstance(f, dict) or not isinstance(f.get("of"), str):
        return None
    times, div = f.get("times", 1), f.get("divided_by", 1)
    rnd = f.get("round", "nearest")
    digits = f.get("digits", 0 if "round" in f else 2)
    for x in (times, div):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or x <= 0:
            return None
    if rnd not in ROUNDING or isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 4:
        return None
    return {"of": f["of"], "times": times, "divided_by": div, "round": rnd, "digits": digits}


def _value(r: Reporter, v, law: str, where: str, line: int) -> Value | None:
    """One value, when the schema found it complete; the order of its dates is checked here."""
    if "value" in v and "formula" in v:
        return None
    value = formula = None
    if "formula" in v:
        formula = _formula(v["formula"])
        if formula is None:
            return None
    else:
        value = typed(v, "value", (int, float))
        if value is None:
            return None
    if v.get("valid_from") is not None and _date(v["valid_from"]) is None:
        return None
    vf = _date(v.get("valid_from")) or SINCE_EVER
    vu = _date(v.get("valid_until"))
    status = v.get("status") or "decided"
    src, checked = typed(v, "source", dict), _date(v.get("checked"))
    if status not in STATUSES or src is None or checked is None:
        return None
    vlaw = v.get("law") if isinstance(v.get("law"), str) else law
    if vu is not None and vu < vf:
        r.add(v.line_of("valid_until"), f"{where}: valid_until ({vu.isoformat()}) lies before valid_from ({vf.isoformat()})")
        return None
    return Value(value, vf, vu, status, vlaw or "", typed(src, "url", str) or "", typed(src, "title", str) or "", checked, line, formula)


def _where(data):
    """Names a place in a figures file as the messages always have: figure 'x', value from 2027-01-01."""
    def where(path: tuple) -> str:
        if not path:
            return "figures file"
        out = f"figure '{path[0]}'"
        rest = path[1:]
        if rest[:1] == ("values",) and len(rest) >= 2 and isinstance(rest[1], int):
            entry = data[path[0]]["values"][rest[1]]
            vf = _date(entry.get("valid_from")) if isinstance(entry, dict) else None
            out += f", value from {vf.isoformat() if vf else 'entry ' + str(rest[1] + 1)}"
            rest = rest[2:]
        return f"{out}, {dotted(rest)}" if rest else out
    return where


# keys of a dated value written beside values: instead of inside one of its entries
_HINTS = {k: "it belongs to one of the entries under values:, not beside them"
          for k in ("value", "formula", "valid_from", "valid_until", "status", "source", "checked")}
_HINTS["next"] = "a planned change is a further entry under values:"


def load_figures(folder: Path, root: Path, problems: list[Problem]) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for path in sorted(folder.glob("*.yml")):
        shown = path.relative_to(root).as_posix()
        data, found = yamlsrc.load_file(path, shown)
        problems.extend(found)
        if not isinstance(data, dict):
            if data is not None:
                problems.append(Problem(shown, 1, "a figures file must map figure ids to their unit, law and values"))
            continue
        r = Reporter(shown, problems)
        # ids, keys, units, statuses, dates, formulas: schemas/figures.schema.json
        schemas.check("figures", data, shown, problems, _where(data), _HINTS)
        for fid, f in data.items():
            line = data.line_of(fid)
            where = f"figure '{fid}'"
            if not isinstance(fid, str) or not ID_RE.match(fid) or not isinstance(f, dict):
                continue
            if fid in out:
                r.add(line, f"{where}: already defined in {out[fid].path}:{out[fid].line}")
                continue
            unit = typed(f, "unit", str)
            unit = unit if unit in FIGURE_UNITS else None
            law = typed(f, "law", str) or ""
            review_by = _date(f.get("review_by"))
            values: list[Value] = []
            if "values" in f:
                for i, v in enumerate(typed(f, "values", list) or []):
                    if isinstance(v, dict):
                        vf = _date(v.get("valid_from"))
                        val = _value(r, v, law, f"{where}, value from {vf.isoformat() if vf else 'entry ' + str(i + 1)}", f["values"].line_of(i))
                        if val:
                            values.append(val)
            else:
                val = _value(r, f, law, where, line)
                if val:
                    values.append(val)
            if unit is None or not values:
                continue
            values.sort(key=lambda v: v.valid_from)
            for a, b in zip(values, values[1:]):
                binding = (a.status == "decided" or a.formula) and (b.status == "decided" or b.formula)
                if binding and a.valid_until is not None and a.valid_until >= b.valid_from:
                    r.add(b.line, f"{where}: the value from {b.valid_from.isoformat()} overlaps the value from {a.valid_from.isoformat()}, valid until {a.valid_until.isoformat()}; end the earlier one the day before")
            if values[-1].valid_until is None and review_by is None:
                r.add(line, f"{where}: has neither a valid_until on its last value nor a review_by date; add review_by: YYYY-MM-DD (the day an editor checks the amount again)")
            out[fid] = Figure(fid, unit, law, shown, line, values, review_by)
    for fig in out.values():
        fig._table = out
        for v in fig.values:
            if v.formula and v.formula["of"] not in out:
                problems.append(Problem(fig.path, v.line, f"figure '{fig.id}': the formula uses figure '{v.formula['of']}', which is not defined in data/figures/"))
    return out
