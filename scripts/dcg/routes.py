"""The route finder's rules (data/routes.yml): which residence title fits a worker, from the employer's
answers, with the law of each route and the conditions it checks.

`evaluate()` is the one reading of the rules; `docs/assets/dcg/routes.js` reads the same rules in the
browser and the tests hold both to the same cases. A condition is met, not met, not applicable (the age
rule below 45) or unknown (a question left open, or a limit whose value for the year is not published
yet). A route fits when every condition is met or not applicable; it does not fit when a condition
that is not `open` is not met; otherwise it may fit, and the page says what is still open.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import schemas
from .fields import Reporter
from .problems import Problem

# The questions of the form: the name of each answer, its kind and, for a choice, its options.
QUESTIONS = {
    "qualification": ("choice", ("vocational", "academic", "other")),
    "recognition": ("choice", ("full", "partial", "none")),
    "experience": ("number", ()),
    "regulated": ("choice", ("yes", "no")),
    "salary": ("number", ()),
    "tariff": ("choice", ("yes", "no")),
    "age": ("number", ()),
    "german": ("level", ()),
}
MET, NOT_MET, NOT_APPLICABLE, UNKNOWN = "met", "not-met", "n/a", "unknown"
FITS, MAY_FIT, NO_FIT = "fits", "may-fit", "no-fit"


@dataclass
class Condition:
    id: str
    answer: str
    one_of: tuple = ()
    at_least: float | None = None
    at_least_level: str | None = None
    at_least_figure: str | None = None
    unless: str | None = None
    only_if: tuple | None = None  # (answer, at_least)
    open: bool = False
    line: int = 0


@dataclass
class Route:
    id: str
    law: str
    chapter: str  # page.md#anchor
    submits: list
    source: dict
    conditions: list = field(default_factory=list)
    line: int = 0


@dataclass
class Rules:
    levels: list
    routes: list


def load_routes(path: Path, shown: str, figures: dict, documents: set, problems: list[Problem]) -> Rules | None:
    """data/routes.yml, or None where it is missing or does not fit its schema. Figures and documents
    named by a route must exist; an answer must be one the form asks."""
    if not path.exists():
        return None
    data = schemas.load_checked(path, shown, "routes", problems)
    if data is None:
        return None
    r = Reporter(shown, problems)
    levels = list(data["levels"])
    routes: list[Route] = []
    seen: set = set()
    for rd in data["routes"]:
        if rd["id"] in seen:
            r.add(rd.line_of("id"), f"route '{rd['id']}' is listed twice")
        seen.add(rd["id"])
        for doc in rd.get("submits") or []:
            if documents and doc not in documents:
                r.add(rd.line_of("submits"), f"submits: '{doc}' is not a document id of data/i18n (documents:)")
        conds = []
        for cd in rd["conditions"]:
            ans = cd["answer"]
            kind = QUESTIONS.get(ans, (None,))[0]
            line = cd.line
            if kind is None:
                r.add(line, f"condition '{cd['id']}': the form asks no question '{ans}'; choose from {', '.join(QUESTIONS)}")
                continue
            tests = [k for k in ("in", "at_least", "at_least_level", "at_least_figure") if k in cd]
            if len(tests) != 1:
                r.add(line, f"condition '{cd['id']}': give exactly one of in, at_least, at_least_level, at_least_figure")
                continue
            test = tests[0]
            want = {"in": "choice", "at_least": "number", "at_least_figure": "number", "at_least_level": "level"}[test]
            if kind != want:
                r.add(line, f"condition '{cd['id']}': '{ans}' is a {kind} answer; '{test}' tests a {want} answer")
                continue
            if test == "in":
                bad = [v for v in cd["in"] if v not in QUESTIONS[ans][1]]
                if bad:
                    r.add(line, f"condition '{cd['id']}': {', '.join(map(str, bad))} is not an answer to '{ans}'; choose from {', '.join(QUESTIONS[ans][1])}")
                    continue
            if test == "at_least_level" and cd["at_least_level"] not in levels:
                r.add(line, f"condition '{cd['id']}': level '{cd['at_least_level']}' is not under levels: ({', '.join(levels)})")
                continue
            if test == "at_least_figure" and cd["at_least_figure"] not in figures:
                r.add(line, f"condition '{cd['id']}': figure '{cd['at_least_figure']}' is not defined in data/figures/")
                continue
            if "unless" in cd and QUESTIONS.get(cd["unless"], ("",))[0] != "choice":
                r.add(line, f"condition '{cd['id']}': unless: '{cd['unless']}' is not a yes/no question")
                continue
            oi = cd.get("only_if")
            if oi is not None and QUESTIONS.get(oi["answer"], ("",))[0] != "number":
                r.add(line, f"condition '{cd['id']}': only_if: '{oi['answer']}' is not a number question")
                continue
            conds.append(Condition(
                id=cd["id"], answer=ans, one_of=tuple(cd.get("in") or ()), at_least=cd.get("at_least"),
                at_least_level=cd.get("at_least_level"), at_least_figure=cd.get("at_least_figure"),
                unless=cd.get("unless"), only_if=(oi["answer"], oi["at_least"]) if oi else None,
                open=bool(cd.get("open")), line=line))
        src = rd["source"]
        routes.append(Route(id=rd["id"], law=rd["law"], chapter=rd["chapter"], submits=list(rd.get("submits") or []),
                            source={"title": src["title"], "url": src["url"], "checked": src["checked"]},
                            conditions=conds, line=rd.line))
    return Rules(levels=levels, routes=routes)


def figure_values(rules: Rules, figures: dict, day: dt.date) -> dict[str, float | None]:
    """The value of each limit the rules use, as in force on `day` (None: not published for that day)."""
    out: dict[str, float | None] = {}
    for route in rules.routes:
        for c in route.conditions:
            if c.at_least_figure:
                f = figures[c.at_least_figure]
                v = f.in_force(day)
                out[c.at_least_figure] = f.resolved(v) if v is not None else None
    return out


def _known(answers: dict, name: str):
    v = answers.get(name)
    return None if v in (None, "") else v


def check_condition(c: Condition, answers: dict, limits: dict, levels: list) -> str:
    if c.only_if:
        gate = _known(answers, c.only_if[0])
        if gate is None:
            return UNKNOWN
        if float(gate) < c.only_if[1]:
            return NOT_APPLICABLE
    value = _known(answers, c.answer)
    if value is None:
        met = None
    elif c.one_of:
        met = value in c.one_of
    elif c.at_least is not None:
        met = float(value) >= c.at_least
    elif c.at_least_level is not None:
        met = value in levels and levels.index(value) >= levels.index(c.at_least_level)
    else:
        limit = limits.get(c.at_least_figure)
        met = None if limit is None else float(value) >= limit
    if met is not True and c.unless:
        waived = _known(answers, c.unless)
        if waived == "yes":
            return MET
        if waived is None and met is False:
            return UNKNOWN
    if met is None:
        return UNKNOWN
    return MET if met else NOT_MET


def evaluate(rules: Rules, answers: dict, limits: dict) -> list[tuple[Route, str, list[tuple[Condition, str]]]]:
    """Every route with its verdict (fits, may-fit, no-fit) and the state of each of its conditions."""
    out = []
    for route in rules.routes:
        states = [(c, check_condition(c, answers, limits, rules.levels)) for c in route.conditions]
        if any(s == NOT_MET and not c.open for c, s in states):
            verdict = NO_FIT
        elif any(s in (NOT_MET, UNKNOWN) for _, s in states):
            verdict = MAY_FIT
        else:
            verdict = FITS
        out.append((route, verdict, states))
    return out
