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

from . import yamlsrc
from .fields import ID_RE, Reporter, _date
from .problems import Problem

FIGURE_UNITS = ("EUR", "EUR/day", "EUR/month", "EUR/year", "EUR/hour", "EUR/lesson", "EUR/km", "percent", "days", "weeks", "months", "years", "hours", "units")
STATUSES = ("decided", "planned", "proposed")
ROUNDING = ("up", "down", "nearest")
# How long before a change or an end date the guide speaks of it: the notice beside the value and
# the editors' warning.
NOTICE_DAYS = 56
# valid_from of a value in force since before anything the guide records (a rule of long standing)
SINCE_EVER = dt.date(1900, 1, 1)

FIGURE_KEYS = ("unit", "law", "values", "review_by", "note")
VALUE_KEYS = ("value", "formula", "valid_from", "valid_until", "status", "law", "source", "checked", "note")


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


def _formula(r: Reporter, f, where: str) -> dict | None:
    if not isinstance(f, dict):
        r.add(getattr(f, "line", 1), f"{where}: formula must be a mapping, e.g. {{of: mindestlohn, times: 130, divided_by: 3, round: up}}")
        return None
    for k in f:
        if k not in ("of", "times", "divided_by", "round", "digits"):
            r.add(f.line_of(k), f"{where}: formula: unknown field '{k}' (of, times, divided_by, round, digits)")
    of = r.need(f, "of", str, where + " formula")
    times = f.get("times", 1)
    div = f.get("divided_by", 1)
    rnd = f.get("round", "nearest")
    digits = f.get("digits", 0 if "round" in f else 2)
    ok = of is not None
    for name, x in (("times", times), ("divided_by", div)):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or x == 0:
            r.add(f.line_of(name), f"{where}: formula: '{name}' must be a number other than 0")
            ok = False
    if rnd not in ROUNDING:
        r.add(f.line_of("round"), f"{where}: formula: round must be one of {', '.join(ROUNDING)}, not '{rnd}'")
        ok = False
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 4:
        r.add(f.line_of("digits"), f"{where}: formula: digits must be a whole number from 0 to 4")
        ok = False
    return {"of": of, "times": times, "divided_by": div, "round": rnd, "digits": digits} if ok else None


def _value(r: Reporter, v, law: str, where: str, line: int, allowed=VALUE_KEYS) -> Value | None:
    for k in v:
        if k not in allowed:
            hint = "; a planned change is a further entry under values:" if k == "next" else ""
            r.add(v.line_of(k), f"{where}: unknown field '{k}'{hint}")
    has_value, has_formula = "value" in v, "formula" in v
    if has_value and has_formula:
        r.add(v.line_of("formula"), f"{where}: give either value or formula, not both")
        return None
    value = formula = None
    if has_formula:
        formula = _formula(r, v["formula"], where)
        if formula is None:
            return None
    else:
        value = r.need(v, "value", (int, float), where, line=line)
        if value is None:
            return None
    vf = r.need(v, "valid_from", dt.date, where, optional=True)
    if vf is None and "valid_from" in v:
        return None
    vf = vf or SINCE_EVER
    vu = r.need(v, "valid_until", dt.date, where, optional=True)
    status = v.get("status", "decided")
    if status not in STATUSES:
        r.add(v.line_of("status"), f"{where}: status must be one of {', '.join(STATUSES)}, not '{status}'")
        return None
    src = r.need(v, "source", dict, where, line=line)
    url = title = ""
    if src:
        url = r.need(src, "url", str, where + " source") or ""
        title = r.need(src, "title", str, where + " source") or ""
        if url and not url.startswith("https://"):
            r.add(src.line_of("url"), f"{where}: source url must start with https://")
    checked = r.need(v, "checked", dt.date, where, line=line)
    vlaw = v.get("law") if isinstance(v.get("law"), str) else law
    if src is None or checked is None:
        return None
    if vu is not None and vu < vf:
        r.add(v.line_of("valid_until"), f"{where}: valid_until ({vu.isoformat()}) lies before valid_from ({vf.isoformat()})")
        return None
    return Value(value, vf, vu, status, vlaw or "", url, title, checked, line, formula)


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
        for fid, f in data.items():
            line = data.line_of(fid)
            where = f"figure '{fid}'"
            if not isinstance(fid, str) or not ID_RE.match(fid):
                r.add(line, f"{where}: the id may only use small letters, digits and '-'")
                continue
            if fid in out:
                r.add(line, f"{where}: already defined in {out[fid].path}:{out[fid].line}")
                continue
            if not isinstance(f, dict):
                r.add(line, f"{where}: needs unit, law and its value(s) with valid_from, source, checked")
                continue
            unit = r.need(f, "unit", str, where)
            if unit and unit not in FIGURE_UNITS:
                r.add(f.line_of("unit"), f"{where}: unit '{unit}' is unknown; choose from {', '.join(FIGURE_UNITS)}")
                unit = None
            law = r.need(f, "law", str, where) or ""
            review_by = r.need(f, "review_by", dt.date, where, optional=True)
            values: list[Value] = []
            if "values" in f:
                for k in f:
                    if k not in FIGURE_KEYS:
                        r.add(f.line_of(k), f"{where}: '{k}' belongs to one of the entries under values:, not beside them")
                entries = f["values"]
                if not isinstance(entries, list) or not entries:
                    r.add(f.line_of("values"), f"{where}: values must be a list of dated values (- value: …, valid_from: …)")
                    continue
                for i, v in enumerate(entries):
                    vline = entries.line_of(i)
                    if not isinstance(v, dict):
                        r.add(vline, f"{where}: each entry under values: needs value (or formula), valid_from, source, checked")
                        continue
                    vf = _date(v.get("valid_from"))
                    val = _value(r, v, law, f"{where}, value from {vf.isoformat() if vf else 'entry ' + str(i + 1)}", vline)
                    if val:
                        values.append(val)
            else:
                val = _value(r, f, law, where, line, VALUE_KEYS + FIGURE_KEYS)
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
