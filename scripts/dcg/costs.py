"""The cost worksheet's rows (data/costs.yml): what a married couple's move costs, per scenario of the
timelines, with who pays by law and what the guide recommends. Amounts come only from tracked figures
(data/figures/); a row without a fixed amount says so, and the company's own hours have no amount at
all: the company enters them. The programme's own price and commitments come from the profile
(`employer_offer:`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import schemas
from .fields import Reporter
from .problems import Problem

PAYERS = ("applicant", "company", "worker", "none")  # who pays by law: the person who applies, the company, the employee, no rule
RECOMMENDED = ("company", "couple", "agreement")


@dataclass
class CostRow:
    id: str
    phase: str
    figure: str | None = None
    low: str | None = None  # figure ids of a range
    high: str | None = None
    varies: bool = False
    hours: bool = False
    per: int = 1
    law: str = "none"
    recommends: str = "company"
    scenarios: list = field(default_factory=list)  # [] = every scenario
    line: int = 0


def load_costs(path: Path, shown: str, figures: dict, scenarios: set, problems: list[Problem]) -> list[CostRow] | None:
    if not path.exists():
        return None
    data = schemas.load_checked(path, shown, "costs", problems)
    if data is None:
        return None
    r = Reporter(shown, problems)
    rows: list[CostRow] = []
    seen: set = set()
    for i, rd in enumerate(data["rows"]):
        line = data["rows"].line_of(i)
        if rd["id"] in seen:
            r.add(line, f"row '{rd['id']}' is listed twice")
            continue
        seen.add(rd["id"])
        row = CostRow(id=rd["id"], phase=rd["phase"], figure=rd.get("figure"), low=rd.get("min"), high=rd.get("max"),
                      varies=bool(rd.get("varies")), hours=bool(rd.get("hours")), per=int(rd.get("per", 1)),
                      law=rd.get("law", "none"), recommends=rd.get("recommends", "company"),
                      scenarios=list(rd.get("scenarios") or []), line=line)
        kinds = [bool(row.figure), bool(row.low or row.high), row.varies, row.hours]
        if sum(kinds) != 1 or bool(row.low) != bool(row.high):
            r.add(line, f"row '{row.id}': give exactly one amount: figure:, min: with max:, varies: true or hours: true")
        for fid in (row.figure, row.low, row.high):
            if fid and fid not in figures:
                r.add(line, f"row '{row.id}': figure '{fid}' is not defined in data/figures/")
        for sc in row.scenarios:
            if scenarios and sc not in scenarios:
                r.add(line, f"row '{row.id}': scenario '{sc}' is not a scenario of data/timelines.yml ({', '.join(sorted(scenarios))})")
        rows.append(row)
    return rows


def _value(figures: dict, fid: str, day: dt.date) -> float | None:
    f = figures.get(fid)
    v = f.in_force(day) if f else None
    return f.resolved(v) if v is not None else None


def amounts(row: CostRow, figures: dict, day: dt.date) -> tuple[float, float] | None:
    """The row's amount as a range (low, high) for all persons it covers, or None: no fixed amount."""
    if row.figure:
        v = _value(figures, row.figure, day)
        return None if v is None else (v * row.per, v * row.per)
    if row.low and row.high:
        lo, hi = _value(figures, row.low, day), _value(figures, row.high, day)
        return None if lo is None or hi is None else (lo * row.per, hi * row.per)
    return None


def example(rows: list[CostRow], scenario: str, figures: dict, day: dt.date) -> dict:
    """The worked example of one scenario: its rows, the company's total if it follows the guide's
    recommendation and if it pays only what the law assigns to it, each as a range, and how many rows
    have no fixed amount (they come on top)."""
    mine = [row for row in rows if not row.scenarios or scenario in row.scenarios]
    rec, law = [0.0, 0.0], [0.0, 0.0]
    open_rows = 0
    for row in mine:
        a = amounts(row, figures, day)
        if a is None:
            open_rows += 1
            continue
        if row.recommends == "company":
            rec[0] += a[0]
            rec[1] += a[1]
        if row.law == "company":
            law[0] += a[0]
            law[1] += a[1]
    return {"rows": mine, "recommended": tuple(rec), "by_law": tuple(law), "open": open_rows}
