"""What the company does for each of the couple's steps (data/handoffs.yml).

One list of pairs: an employer checklist item and a couples' checklist item that depend on each other.
`before`: the company's item is done first and makes the couple's step possible (the employment contract
before the visa appointment); `after`: the company's item waits for the couple's step (the registration
with the health insurance fund the couple has chosen). The checklists show each pair on both sides.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import schemas
from .fields import Reporter
from .problems import Problem

ORDERS = ("before", "after")


@dataclass(frozen=True)
class Handoff:
    company: str  # an item id of an employer page
    couple: str  # an item id of a couples' procedure page
    order: str  # before | after: the company's item relative to the couple's step
    line: int


def load_handoffs(path: Path, shown: str, homes: dict, problems: list[Problem]) -> list[Handoff]:
    """The pairs of data/handoffs.yml ([] where the file is missing). `homes` maps every item id to the
    page data that holds it; a pair whose items do not exist or stand on the wrong side is reported and
    left out."""
    if not path.exists():
        return []
    data = schemas.load_checked(path, shown, "handoffs", problems)
    if data is None:
        return []
    r = Reporter(shown, problems)
    out: list[Handoff] = []
    seen: dict[tuple, int] = {}
    for entry in data.get("handoffs") or []:
        line = entry.line
        company, couple, order = entry["company"], entry["couple"], entry["order"]
        ok = True
        for iid, side, folder, kinds in (
            (company, "company", "employers/", ("employer",)),
            (couple, "couple", "couples/", ("procedure",)),
        ):
            home = homes.get(iid)
            if home is None:
                r.add(entry.line_of(side), f"{side}: no checklist item '{iid}' exists; use an id from items: in data/pages/{folder}")
                ok = False
            elif not home.rel.startswith(folder) or home.kind not in kinds:
                r.add(entry.line_of(side), f"{side}: '{iid}' is an item of {home.rel} ({home.kind}); a {side} item stands on a "
                      + ("page of the employer guide (data/pages/employers/)" if side == "company" else "couples' procedure page (data/pages/couples/, kind: procedure)"))
                ok = False
        if not ok:
            continue
        key = (company, couple)
        if key in seen:
            r.add(line, f"the pair {company} / {couple} is already listed at line {seen[key]}")
            continue
        seen[key] = line
        out.append(Handoff(company, couple, order, line))
    return out
