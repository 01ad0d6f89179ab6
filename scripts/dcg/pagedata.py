"""What a page says in every language alike (`data/pages/<path>.yml`): its kind, phase, audiences,
deadline, sources with their checked-on dates and its checklist items."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import schemas, yamlsrc
from .fields import Reporter, _date, typed
from .problems import Problem
from .profile import Profile
from .schemas import dotted
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
    country: str = ""  # a partner country this source is about (VN); shown only where the profile has it


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
    plan_if: list = field(default_factory=list)


@dataclass
class Use:
    """An item of another page listed on this one (`- use: page.md#item-id`): one item, one tick."""

    rel: str  # the page that has the item, e.g. employers/rechtswege.md
    id: str
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
    plan_if: list = field(default_factory=list)  # the plan shows its items only where the answers fit
    keywords: dict = field(default_factory=dict)  # words readers type for this page, per language
    sheet: dict | None = None  # the office visit's sheet: {office, purpose, bring, questions}
    who: list = field(default_factory=list)
    deadline: dict | None = None
    sources: dict = field(default_factory=dict)
    items: list = field(default_factory=list)  # the page's own items
    listing: list = field(default_factory=list)  # own items and uses (Item | Use) in the order written
    data: LDict | None = None

    @property
    def has_checklist(self) -> bool:
        return bool(self.listing)

    def keywords_for(self, lang: str, profile: Profile) -> list[str]:
        """The words searched with the title in `lang`: its own, then those of the languages it falls back
        to, the default language last (German words from letters are typed on every language's site)."""
        out: list[str] = []
        for code in profile.fallbacks(lang):
            out.extend(w for w in self.keywords.get(code) or [] if isinstance(w, str))
        return list(dict.fromkeys(out))

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


def _check_deadline(r: Reporter, value, where, vocab, rules=None):
    """The parts of a deadline the schema cannot say: exactly one span and one event, and a known event."""
    if not isinstance(value, dict):
        return None
    units = [u for u in DEADLINE_UNITS if u in value]
    rel = [k for k in ("after", "before") if k in value]
    if len(units) != 1 or len(rel) != 1:
        r.add(value.line, f"{where}: deadline must have one of days/weeks/months and one of after/before, like {{days: 14, after: moving-in}}")
        return None
    n = value[units[0]]
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        return None  # the schema reported it
    ev = value[rel[0]]
    if ev not in vocab.get("events", []):
        r.add(value.line_of(rel[0]), f"{where}: deadline event '{ev}' is unknown; choose from {', '.join(vocab['events'])}")
        return None
    rule = value.get("rule", "bgb")
    if rules is not None and rule not in rules:
        r.add(value.line_of("rule"), f"{where}: deadline rule '{rule}' is unknown; choose from {', '.join(rules)} (data/plan.yml)")
    return {"n": n, "unit": units[0], "rel": rel[0], "event": ev, "rule": rule}


def _where(data):
    """Names a place in page data as the messages always have: source 'bmg-17', checklist item 'x'."""
    def where(path: tuple) -> str:
        if not path:
            return "page data"
        if path[0] == "sources" and len(path) >= 2:
            return f"source '{path[1]}'" + (f" {dotted(path[2:])}" if path[2:] else "")
        if path[0] == "items" and len(path) >= 2 and isinstance(path[1], int):
            it = data["items"][path[1]]
            iid = it.get("id") if isinstance(it, dict) and isinstance(it.get("id"), str) else None
            return f"checklist item '{iid or path[1] + 1}'" + (f" {dotted(path[2:])}" if path[2:] else "")
        return dotted(path)
    return where


def load_page_data(path: Path, shown: str, rel: str, vocab: dict, phases: dict, problems: list[Problem],
                   rules: dict | None = None) -> PageData | None:
    data, found = yamlsrc.load_file(path, shown)
    problems.extend(found)
    if data is None:
        return None
    r = Reporter(shown, problems)
    if not isinstance(data, dict):
        r.add(1, "page data must be a mapping (kind, phase, sources, items, …)")
        return None
    # keys, types, kinds, dates, addresses, codes: schemas/page-data.schema.json
    schemas.check("page-data", data, shown, problems, _where(data))
    pd = PageData(rel=rel, path=shown, data=data)
    kind = typed(data, "kind", str) or "info"
    pd.kind = kind if kind in PAGE_KINDS else "info"
    all_phases = phases.get("couples", []) + phases.get("employers", [])
    ph = typed(data, "phase", str)
    if ph and ph not in all_phases:
        r.add(data.line_of("phase"), f"phase '{ph}' is unknown; choose from {', '.join(all_phases)}")
    pd.phase = ph
    pd.order = typed(data, "order", int) or 0
    pd.applies_to = _id_list(r, data, "applies_to", vocab.get("audiences", []), "audience")
    if kind in ("procedure", "life-event", "employer") and not pd.applies_to and "applies_to" not in data:
        r.add(1, f"say to whom this {kind} applies: applies_to: [{', '.join(vocab.get('audiences', []))}] (the ones that fit)")
    pd.who = _id_list(r, data, "who", vocab.get("who", []), "who")
    pd.country = typed(data, "country", str)
    pd.region = typed(data, "region", str)
    pd.private = bool(typed(data, "private", bool))
    # words in a language the profile does not publish are kept for forks that do
    kw = typed(data, "keywords", dict) or {}
    pd.keywords = {code: list(v) for code, v in kw.items() if isinstance(v, list)}
    sheet = typed(data, "sheet", dict)
    pd.sheet = {"office": sheet.get("office"), "purpose": sheet.get("purpose"), "line": data.line_of("sheet"),
                "bring": [q for q in sheet.get("bring") or [] if isinstance(q, str)],
                "questions": [q for q in sheet.get("questions") or [] if isinstance(q, str)]} if sheet else None
    pd.deadline = _check_deadline(r, data.get("deadline"), "page data", vocab, rules)
    pd.plan_if = [c for c in typed(data, "plan_if", list) or [] if isinstance(c, str)]

    srcs = typed(data, "sources", dict) or {}
    for sid, s in srcs.items():
        if not isinstance(s, dict):
            continue
        skind = typed(s, "kind", str) or "official"
        sstates = [st for st in typed(s, "states", list) or [] if isinstance(st, str)]
        pd.sources[sid] = Source(sid, typed(s, "title", str) or "", typed(s, "url", str) or "", _date(s.get("checked")),
                                 srcs.line_of(sid), skind, tuple(sstates), typed(s, "country", str) or "")

    items = typed(data, "items", list) or []
    seen: dict[str, int] = {}
    for i, it in enumerate(items):
        line = items.line_of(i)
        if not isinstance(it, dict):
            continue
        use = typed(it, "use", str)
        if use is not None:
            rel, _, uid = use.partition("#")
            if rel and uid:  # the schema reported any other form
                pd.listing.append(Use(rel, uid, it.line_of("use")))
            continue
        iid = typed(it, "id", str)
        where = f"checklist item '{iid or i + 1}'"
        if iid in seen:
            r.add(it.line_of("id"), f"{where}: the id is used twice in this file (first at line {seen[iid]})")
        elif iid:
            seen[iid] = it.line_of("id")
        who = _id_list(r, it, "who", vocab.get("who", []), "who", where=where)
        iph = typed(it, "phase", str)
        if iph and iph not in all_phases:
            r.add(it.line_of("phase"), f"{where}: phase '{iph}' is unknown; choose from {', '.join(all_phases)}")
        dl = _check_deadline(r, it.get("deadline"), where, vocab, rules)
        docs = typed(it, "documents", list) or []
        src = typed(it, "source", str)
        if src and src not in pd.sources:
            r.add(it.line_of("source"), f"{where}: source '{src}' is not listed under sources in this file")
        cost = it.get("cost")
        aud = _id_list(r, it, "applies_to", vocab.get("audiences", []), "audience", where=where)
        cond = [c for c in typed(it, "plan_if", list) or [] if isinstance(c, str)]
        pd.items.append(Item(iid or f"#{i + 1}", who, iph or "", dl, list(docs), cost, src or "", aud, line, cond))
        pd.listing.append(pd.items[-1])
    return pd


def _id_list(r: Reporter, mapping, key, allowed, what, where="page data"):
    """Ids that another file defines (data/vocabulary.yml): each must be one of them."""
    values = typed(mapping, key, list) or []
    out = []
    for i, v in enumerate(values):
        if v not in allowed:
            r.add(values.line_of(i), f"{where}: {what} '{v}' is unknown; choose from {', '.join(allowed)}")
        else:
            out.append(v)
    return out
