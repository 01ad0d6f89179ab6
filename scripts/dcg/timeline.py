"""The employer's timelines (data/timelines.yml): from "we decide" to the end of the probation period, in
lanes for the company, the programme, the couple and the authorities, in weeks counted from the planned
first working day ("week −20").

A step takes a period the law sets (`weeks:` or `months:` with its source), a value the programme enters
in its profile (`profile:`, under `timeline:` in the profile, marked as an example until filled in), or
nothing reliable (`none: true`): then it is drawn at its legal minimum, no time at all, and says so.
Nothing is estimated here. Each step starts when the steps it follows have ended; `start: true` marks
the first working day, week 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from . import schemas
from .fields import Reporter
from .problems import Problem

LANES = ("company", "programme", "couple", "authorities")
LAW, PROFILE, NONE = "law", "profile", "none"


@dataclass
class Step:
    id: str
    lane: str
    basis: str  # law | profile | none
    weeks: int | None  # the drawn length (None: nothing reliable, drawn as a point)
    amount: tuple | None = None  # (number, "weeks"|"months") as the law or the profile says it
    source: str = ""  # a source id (law) or the profile key
    example: bool = False  # a profile value still marked as an example
    start: bool = False
    line: int = 0


@dataclass
class Placed:
    step: Step
    begin: int  # week relative to the first working day
    end: int


@dataclass
class Timelines:
    sources: dict
    steps: dict  # id -> Step (profile values applied)
    scenarios: dict  # id -> list of (step id, [after ids]) in order
    lines: dict = field(default_factory=dict)


def months_to_weeks(months: float) -> int:
    """A period of months drawn in whole weeks (a month is 52/12 weeks), never shorter than the law's."""
    return math.ceil(round(months * 52 / 12, 6))


def load_timelines(path: Path, shown: str, profile_values: dict, problems: list[Problem]) -> Timelines | None:
    if not path.exists():
        return None
    data = schemas.load_checked(path, shown, "timelines", problems)
    if data is None:
        return None
    r = Reporter(shown, problems)
    sources = {sid: dict(s) for sid, s in data["sources"].items()}
    steps: dict[str, Step] = {}
    for sid, sd in data["steps"].items():
        line = data["steps"].line_of(sid)
        takes = sd["takes"]
        step = Step(id=sid, lane=sd["lane"], basis=NONE, weeks=None, start=bool(sd.get("start")), line=line)
        if "weeks" in takes or "months" in takes:
            unit = "weeks" if "weeks" in takes else "months"
            n = takes[unit]
            step.basis, step.amount = LAW, (n, unit)
            step.weeks = n if unit == "weeks" else months_to_weeks(n)
            step.source = takes.get("source", "")
            if n and step.source not in sources:
                r.add(line, f"step '{sid}': source '{step.source}' is not under sources:")
            if not n:
                step.basis = "point"  # a moment, like the decision or the first working day
        elif "profile" in takes:
            key = takes["profile"]
            step.source = key
            value = (profile_values or {}).get(key)
            if value and value.get("weeks") is not None:
                step.basis, step.weeks, step.amount = PROFILE, int(value["weeks"]), (int(value["weeks"]), "weeks")
                step.example = bool(value.get("example"))
        steps[sid] = step
    scenarios: dict[str, list] = {}
    for scid, entries in data["scenarios"].items():
        order: list = []
        seen: list[str] = []
        for i, entry in enumerate(entries):
            line = entries.line_of(i)
            if isinstance(entry, dict):
                (sid, after), = entry.items()
                after = list(after)
            else:
                sid, after = entry, ([seen[-1]] if seen else [])
            if sid not in steps:
                r.add(line, f"scenario '{scid}': step '{sid}' is not under steps:")
                continue
            for a in after:
                if a not in seen:
                    r.add(line, f"scenario '{scid}': step '{sid}' follows '{a}', which does not come before it in this scenario")
            if sid in seen:
                r.add(line, f"scenario '{scid}': step '{sid}' is listed twice")
                continue
            seen.append(sid)
            order.append((sid, [a for a in after if a in seen]))
        if sum(1 for sid, _ in order if steps[sid].start) != 1:
            r.add(data["scenarios"].line_of(scid), f"scenario '{scid}': exactly one step must be the first working day (start: true)")
        scenarios[scid] = order
    return Timelines(sources=sources, steps=steps, scenarios=scenarios)


def place(tl: Timelines, scid: str) -> list[Placed]:
    """The scenario's steps with their weeks: each begins when the steps it follows end; week 0 is the
    first working day."""
    begin: dict[str, int] = {}
    end: dict[str, int] = {}
    for sid, after in tl.scenarios[scid]:
        b = max((end[a] for a in after), default=0)
        begin[sid] = b
        end[sid] = b + (tl.steps[sid].weeks or 0)
    zero = next((begin[sid] for sid, _ in tl.scenarios[scid] if tl.steps[sid].start), 0)
    return [Placed(tl.steps[sid], begin[sid] - zero, end[sid] - zero) for sid, _ in tl.scenarios[scid]]
