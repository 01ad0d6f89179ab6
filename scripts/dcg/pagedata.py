"""What a page says in every language alike (`data/pages/<path>.yml`): its kind, phase, audiences,
deadline, sources with their checked-on dates and its checklist items."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsrc
from .fields import ID_RE, Reporter
from .problems import Problem
from .profile import Profile
from .yamlsrc import LDict

DEADLINE_UNITS = ("days", "weeks", "months")
PAGE_KINDS = ("procedure", "life-event", "employer", "info")
# Headings every procedure page has, in this order, with these fixed ids.
PROCEDURE_SECTIONS = ("what", "who", "deadline", "where", "bring", "steps", "cost", "duration", "problems", "checklist", "sources")
# Headings every life-event page has: the help comes first.
LIFE_EVENT_SECTIONS = ("help", "what", "steps", "deadline", "money", "problems", "checklist", "sources")


SOURCE_KINDS = ("official", "consumer", "press", "other")


@dataclass
class Source:
    id: str
    title: str
    url: str
    checked: dt.date | None
    line: int
    kind: str = "official"  # official (law, authority) | consumer | press | other
    states: tuple = ()  # Länder this source is about (NW, BW, …); shown only where the profile has them


@dataclass
class Item:
    id: str
    who: list
    phase: str
    deadline: dict | None
    documents: list
    cost: object
    source: str
    applies_to: list
    line: int


@dataclass
class PageData:
    """Language-neutral facts about one page (data/pages/<path>.yml)."""

    rel: str  # page path relative to the language folder, e.g. couples/anmeldung.md
    path: str
    kind: str = "info"
    phase: str | None = None
    order: int = 0
    applies_to: list = field(default_factory=list)
    country: str | None = None
    region: str | None = None  # a region id of the profile: the page belongs to that region
    private: bool = False  # a sensitive page: nothing about the visit is stored, a quick exit is offered
    who: list = field(default_factory=list)
    deadline: dict | None = None
    sources: dict = field(default_factory=dict)
    items: list = field(default_factory=list)
    data: LDict | None = None

    @property
    def has_checklist(self) -> bool:
        return bool(self.items)

    def visible_for(self, profile: Profile) -> bool:
        if self.applies_to and not set(self.applies_to) & set(profile.audiences):
            return False
        if self.phase and self.kind == "procedure" and profile.phases and self.phase not in profile.phases:
            return False
        code = profile.data.get("partner_country", {}).get("code") if profile else None
        if self.country and self.country != code:
            return False
        if self.region and self.region not in {r.id for r in profile.regions}:
            return False
        return True


def _check_deadline(r: Reporter, value, where, line, vocab):
    if value is None:
        return None
    if not isinstance(value, dict):
        r.add(line, f"{where}: deadline must look like {{days: 14, after: moving-in}}")
        return None
    units = [u for u in DEADLINE_UNITS if u in value]
    rel = [k for k in ("after", "before") if k in value]
    if len(units) != 1 or len(rel) != 1 or set(value) - set(DEADLINE_UNITS) - {"after", "before"}:
        r.add(value.line, f"{where}: deadline must have one of days/weeks/months and one of after/before, like {{days: 14, after: moving-in}}")
        return None
    n = value[units[0]]
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        r.add(value.line_of(units[0]), f"{where}: deadline '{units[0]}' must be a whole number")
        return None
    ev = value[rel[0]]
    if ev not in vocab.get("events", []):
        r.add(value.line_of(rel[0]), f"{where}: deadline event '{ev}' is unknown; choose from {', '.join(vocab['events'])}")
        return None
    return {"n": n, "unit": units[0], "rel": rel[0], "event": ev}


def load_page_data(path: Path, shown: str, rel: str, vocab: dict, phases: dict, problems: list[Problem]) -> PageData | None:
    data, found = yamlsrc.load_file(path, shown)
    problems.extend(found)
    if data is None:
        return None
    r = Reporter(shown, problems)
    if not isinstance(data, dict):
        r.add(1, "page data must be a mapping (kind, phase, sources, items, …)")
        return None
    known = {"kind", "phase", "order", "applies_to", "country", "region", "private", "who", "deadline", "sources", "items"}
    for key in data:
        if key not in known:
            r.add(data.line_of(key), f"unknown field '{key}'; known fields are: {', '.join(sorted(known))}")
    pd = PageData(rel=rel, path=shown, data=data)
    kind = r.need(data, "kind", str, "page data", optional=True) or "info"
    if kind not in PAGE_KINDS:
        r.add(data.line_of("kind"), f"kind '{kind}' is unknown; choose from {', '.join(PAGE_KINDS)}")
    pd.kind = kind
    all_phases = phases.get("couples", []) + phases.get("employers", [])
    ph = r.need(data, "phase", str, "page data", optional=kind == "info")
    if ph and ph not in all_phases:
        r.add(data.line_of("phase"), f"phase '{ph}' is unknown; choose from {', '.join(all_phases)}")
    pd.phase = ph
    pd.order = r.need(data, "order", int, "page data", optional=True) or 0
    pd.applies_to = _id_list(r, data, "applies_to", vocab.get("audiences", []), "audience")
    if kind in ("procedure", "life-event", "employer") and not pd.applies_to and "applies_to" not in data:
        r.add(1, f"say to whom this {kind} applies: applies_to: [{', '.join(vocab.get('audiences', []))}] (the ones that fit)")
    pd.who = _id_list(r, data, "who", vocab.get("who", []), "who")
    country = r.need(data, "country", str, "page data", optional=True)
    if country and not re.match(r"^[A-Z]{2}$", country):
        r.add(data.line_of("country"), f"country '{country}' must be a two-letter code like VN")
    pd.country = country
    pd.region = r.need(data, "region", str, "page data", optional=True)
    pd.private = bool(r.need(data, "private", bool, "page data", optional=True))
    pd.deadline = _check_deadline(r, data.get("deadline"), "page data", data.line_of("deadline"), vocab)

    srcs = r.need(data, "sources", dict, "page data", optional=kind == "info") or {}
    for sid, s in srcs.items():
        where = f"source '{sid}'"
        if not isinstance(s, dict):
            r.add(srcs.line_of(sid), f"{where}: needs title, url and checked")
            continue
        title = r.need(s, "title", str, where)
        url = r.need(s, "url", str, where)
        if url and not url.startswith("https://"):
            r.add(s.line_of("url"), f"{where}: url '{url}' must start with https://")
        checked = r.need(s, "checked", dt.date, where)
        for k in s:
            if k not in ("title", "url", "checked", "note", "kind", "states"):
                r.add(s.line_of(k), f"{where}: unknown field '{k}' (use title, url, checked, kind, states, note)")
        skind = r.need(s, "kind", str, where, optional=True) or "official"
        if skind not in SOURCE_KINDS:
            r.add(s.line_of("kind"), f"{where}: kind '{skind}' is unknown; choose from {', '.join(SOURCE_KINDS)}")
        sstates = r.need(s, "states", list, where, optional=True) or []
        for i, st in enumerate(sstates):
            if not isinstance(st, str) or not re.match(r"^[A-Z]{2}$", st):
                r.add(sstates.line_of(i), f"{where}: state '{st}' must be a two-letter code like NW or BW")
        pd.sources[sid] = Source(sid, title or "", url or "", checked, srcs.line_of(sid), skind, tuple(sstates))

    items = r.need(data, "items", list, "page data", optional=kind not in ("procedure", "life-event")) or []
    if kind in ("procedure", "life-event") and "items" in data and not items:
        r.add(data.line_of("items"), "a procedure needs at least one checklist item")
    seen: dict[str, int] = {}
    for i, it in enumerate(items):
        line = items.line_of(i)
        if not isinstance(it, dict):
            r.add(line, "each checklist item must be a mapping with id, who, phase and source")
            continue
        iid = r.need(it, "id", str, "checklist item", line)
        where = f"checklist item '{iid or i + 1}'"
        if iid and not ID_RE.match(iid):
            r.add(it.line_of("id"), f"{where}: the id may only use small letters, digits and '-'")
        if iid in seen:
            r.add(it.line_of("id"), f"{where}: the id is used twice in this file (first at line {seen[iid]})")
        elif iid:
            seen[iid] = it.line_of("id")
        for k in it:
            if k not in ("id", "who", "phase", "deadline", "documents", "cost", "source", "applies_to"):
                r.add(it.line_of(k), f"{where}: unknown field '{k}'")
        who = _id_list(r, it, "who", vocab.get("who", []), "who", required=True, where=where)
        iph = r.need(it, "phase", str, where, line)
        if iph and iph not in all_phases:
            r.add(it.line_of("phase"), f"{where}: phase '{iph}' is unknown; choose from {', '.join(all_phases)}")
        dl = _check_deadline(r, it.get("deadline"), where, it.line_of("deadline"), vocab)
        docs = r.need(it, "documents", list, where, optional=True) or []
        for j, d in enumerate(docs):
            if not isinstance(d, str) or not ID_RE.match(d):
                r.add(docs.line_of(j), f"{where}: document '{d}' must be an identifier like passport")
        src = r.need(it, "source", str, where, line)
        if src and src not in pd.sources:
            r.add(it.line_of("source"), f"{where}: source '{src}' is not listed under sources in this file")
        cost = it.get("cost")
        if cost is not None and not (isinstance(cost, (int, float)) and not isinstance(cost, bool) or isinstance(cost, str)):
            r.add(it.line_of("cost"), f"{where}: cost must be an amount in euro (0 for free), a figure id, or 'varies'")
        aud = _id_list(r, it, "applies_to", vocab.get("audiences", []), "audience", where=where)
        pd.items.append(Item(iid or f"#{i + 1}", who, iph or "", dl, list(docs), cost, src or "", aud, line))
    return pd


def _id_list(r: Reporter, mapping, key, allowed, what, required=False, where="page data"):
    values = r.need(mapping, key, list, where, optional=not required) or []
    out = []
    for i, v in enumerate(values):
        if v not in allowed:
            r.add(values.line_of(i), f"{where}: {what} '{v}' is unknown; choose from {', '.join(allowed)}")
        else:
            out.append(v)
    return out
