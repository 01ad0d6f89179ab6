"""The content model: profile, vocabulary, page data, pages, figures.

Everything is loaded by `Project.load(root)`; problems are collected in
`project.problems` as `Problem` values with `path:line`. The MkDocs hooks, the
`dcg` command and the tests all use this one loader.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import clock, yamlsrc
from .fields import ID_RE, Reporter, _date
from .figures import load_figures
from .problems import Problem
from .yamlsrc import LDict

LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,8})?$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
PLACEHOLDER_RE = re.compile(r"\b(TODO|FIXME|TBD|XXX|lorem ipsum|lorem)\b|…|\.\.\.", re.IGNORECASE)
FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)

DEADLINE_UNITS = ("days", "weeks", "months")
PAGE_KINDS = ("procedure", "life-event", "employer", "info")
# Headings every procedure page has, in this order, with these fixed ids.
PROCEDURE_SECTIONS = ("what", "who", "deadline", "where", "bring", "steps", "cost", "duration", "problems", "checklist", "sources")
# Headings every life-event page has: the help comes first.
LIFE_EVENT_SECTIONS = ("help", "what", "steps", "deadline", "money", "problems", "checklist", "sources")


def known_language(code: str) -> bool:
    """A language the locale data (Babel, used for dates and numbers) knows."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return False


def git_blob_sha(data: bytes) -> str:
    """The id git gives a file's content (`git hash-object`): a translation records it."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


# --------------------------------------------------------------------------- profile

@dataclass
class Region:
    id: str
    state: str
    names: dict
    places: list
    offices: list
    links: list


@dataclass
class Profile:
    path: str
    data: LDict
    name: str = ""
    default_language: str = "de"
    core_languages: list = field(default_factory=list)
    pending_languages: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    phases: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    site_url: str = ""

    @property
    def languages(self) -> list[str]:
        return list(self.core_languages) + [lang for lang in self.pending_languages if lang not in self.core_languages]

    def text(self, value, lang: str) -> str:
        """A per-language value ({de: …, vi: …}) in `lang`, falling back to the default language."""
        if isinstance(value, dict):
            return value.get(lang) or value.get(self.default_language) or ""
        return value or ""


def load_profile(path: Path, shown: str, vocab: dict, phases: dict, problems: list[Problem]) -> Profile | None:
    data, found = yamlsrc.load_file(path, shown)
    problems.extend(found)
    if data is None:
        return None
    r = Reporter(shown, problems)
    if not isinstance(data, dict):
        r.add(1, "the profile must be a mapping with programme, site, languages, partner_country, regions, contacts")
        return None
    known = {"programme", "site", "languages", "partner_country", "regions", "contacts", "events", "cohorts"}
    for key in data:
        if key not in known:
            r.add(data.line_of(key), f"unknown setting '{key}'; known settings are: {', '.join(sorted(known))}")
    prof = Profile(path=shown, data=data)

    langs = r.need(data, "languages", dict, "profile")
    if langs:
        default = r.need(langs, "default", str, "languages")
        core = r.need(langs, "core", list, "languages")
        pending = r.need(langs, "pending", list, "languages", optional=True) or []
        for group, values in (("core", core or []), ("pending", pending)):
            for i, code in enumerate(values):
                if not isinstance(code, str) or not LANG_RE.match(code):
                    r.add(values.line_of(i), f"languages.{group}: '{code}' is not a language code (two letters, like de, vi, en, lv)")
                elif not known_language(code):
                    r.add(values.line_of(i), f"languages.{group}: '{code}' is not a known language code (like de, vi, en, lv, pl, uk)")
        prof.core_languages = [c for c in (core or []) if isinstance(c, str)]
        prof.pending_languages = [c for c in pending if isinstance(c, str)]
        if default:
            prof.default_language = default
            if default not in prof.core_languages:
                r.add(langs.line_of("default"), f"languages.default: '{default}' must also be listed in languages.core")
        for code in set(prof.core_languages) & set(prof.pending_languages):
            r.add(langs.line_of("pending"), f"languages.pending: '{code}' is already a core language")

    prog = r.need(data, "programme", dict, "profile")
    if prog:
        prof.name = r.need(prog, "name", str, "programme") or ""
        r.need(prog, "short_name", str, "programme")
        _need_texts(r, prog, "tagline", "programme", prof.core_languages)
        op = r.need(prog, "operator", dict, "programme")
        if op:
            r.need(op, "name", str, "programme.operator")
            _check_contact_fields(r, op, "programme.operator")
            r.need(op, "public_body", bool, "programme.operator", optional=True)
        aud = r.need(prog, "audiences", list, "programme")
        for i, a in enumerate(aud or []):
            if a not in vocab.get("audiences", []):
                r.add(aud.line_of(i), f"programme.audiences: '{a}' is not an audience; choose from {', '.join(vocab.get('audiences', []))}")
        prof.audiences = [a for a in (aud or []) if isinstance(a, str)]
        for j, org in enumerate(r.need(prog, "network", list, "programme", optional=True) or []):
            where = f"programme.network[{j + 1}]"
            if not isinstance(org, dict):
                r.add(prog["network"].line_of(j), f"{where}: needs name and role")
                continue
            r.need(org, "name", str, where)
            _need_texts(r, org, "role", where, prof.core_languages)
            _check_contact_fields(r, org, where)
        ph = r.need(prog, "phases", list, "programme")
        for i, p in enumerate(ph or []):
            if p not in phases.get("couples", []):
                r.add(ph.line_of(i), f"programme.phases: '{p}' is not a phase; choose from {', '.join(phases.get('couples', []))}")
        prof.phases = [p for p in (ph or []) if isinstance(p, str)]

    site = r.need(data, "site", dict, "profile")
    if site:
        url = r.need(site, "url", str, "site", optional=True) or ""
        if url and not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", url):
            r.add(site.line_of("url"), f"site.url: '{url}' is not a web address like https://example.org/willkommen/")
        prof.site_url = url
        colors = r.need(site, "colors", dict, "site")
        for key in ("primary", "accent"):
            c = r.need(colors, key, str, "site.colors") if colors else None
            if c and not COLOR_RE.match(c):
                r.add(colors.line_of(key), f"site.colors.{key}: '{c}' is not a colour like #1f5a7a")
        r.need(site, "logo", str, "site", optional=True)

    pc = r.need(data, "partner_country", dict, "profile")
    if pc:
        code = r.need(pc, "code", str, "partner_country")
        if code and not re.match(r"^[A-Z]{2}$", code):
            r.add(pc.line_of("code"), f"partner_country.code: '{code}' must be a two-letter country code like VN or LV")
        names = r.need(pc, "names", dict, "partner_country")
        if names:
            for lang in prof.languages:
                if lang not in names:
                    r.add(names.line, f"partner_country.names: the name in '{lang}' is missing")
                elif isinstance(names[lang], dict):
                    for k in ("name", "from"):
                        r.need(names[lang], k, str, f"partner_country.names.{lang}")
                else:
                    r.add(names.line_of(lang), f"partner_country.names.{lang} must have name and from")

    regs = r.need(data, "regions", list, "profile")
    seen = {}
    if regs is not None and not regs:
        r.add(data.line_of("regions"), "regions: list at least one region")
    for i, reg in enumerate(regs or []):
        line = regs.line_of(i)
        if not isinstance(reg, dict):
            r.add(line, "regions: each region must be a mapping with id, state, names, offices")
            continue
        rid = r.need(reg, "id", str, f"regions[{i + 1}]")
        if rid and not ID_RE.match(rid):
            r.add(reg.line_of("id"), f"region id '{rid}' may only use small letters, digits and '-'")
        if rid in seen:
            r.add(reg.line_of("id"), f"region id '{rid}' is used twice (first at line {seen[rid]}); give each region its own id")
        elif rid:
            seen[rid] = reg.line_of("id")
        where = f"region '{rid or i + 1}'"
        state = r.need(reg, "state", str, where) or ""
        names = r.need(reg, "names", dict, where) or {}
        for lang in prof.languages:
            if names and lang not in names:
                r.add(names.line, f"{where}: the name in '{lang}' is missing under names")
            elif names and isinstance(names.get(lang), dict):
                for k in ("name", "in"):
                    r.need(names[lang], k, str, f"{where} names.{lang}")
        places = r.need(reg, "places", list, where, optional=True) or []
        for j, pl in enumerate(places):
            if not isinstance(pl, dict):
                r.add(places.line_of(j), f"{where}: each place needs name, x and y")
                continue
            r.need(pl, "name", str, f"{where} place")
            for k in ("x", "y"):
                v = r.need(pl, k, (int, float), f"{where} place")
                if isinstance(v, (int, float)) and not 0 <= v <= 100:
                    r.add(pl.line_of(k), f"{where} place: '{k}' must be between 0 and 100")
        offices = r.need(reg, "offices", list, where)
        if offices is not None and not offices:
            r.add(reg.line_of("offices"), f"{where}: list at least one office (for example the Ausländerbehörde)")
        for j, off in enumerate(offices or []):
            if not isinstance(off, dict):
                r.add(offices.line_of(j), f"{where}: each office needs type and name")
                continue
            r.need(off, "type", str, f"{where} office")
            r.need(off, "name", str, f"{where} office")
            serves = r.need(off, "serves", list, f"{where} office", optional=True) or []
            for k, town in enumerate(serves):
                if not isinstance(town, str):
                    r.add(serves.line_of(k), f"{where} office: each entry under serves must be a municipality's name")
            _check_contact_fields(r, off, f"{where} office")
        links = r.need(reg, "links", list, where, optional=True) or []
        for j, ln in enumerate(links):
            if isinstance(ln, dict):
                r.need(ln, "title", str, f"{where} link")
                u = r.need(ln, "url", str, f"{where} link")
                if u and not u.startswith("https://"):
                    r.add(ln.line_of("url"), f"{where} link: '{u}' must start with https://")
        if rid:
            prof.regions.append(Region(rid, state, names, places, offices or [], links))

    for j, ev in enumerate(r.need(data, "events", list, "profile", optional=True) or []):
        where = f"events[{j + 1}]"
        if not isinstance(ev, dict):
            r.add(data["events"].line_of(j), f"{where}: needs title, date and place")
            continue
        _need_texts(r, ev, "title", where, prof.core_languages)
        r.need(ev, "date", dt.date, where)
        r.need(ev, "place", str, where, optional=True)
    for j, co in enumerate(r.need(data, "cohorts", list, "profile", optional=True) or []):
        where = f"cohorts[{j + 1}]"
        if not isinstance(co, dict):
            r.add(data["cohorts"].line_of(j), f"{where}: needs name, start and end")
            continue
        r.need(co, "name", str, where)
        start = r.need(co, "start", dt.date, where)
        end = r.need(co, "end", dt.date, where)
        if start and end and end < start:
            r.add(co.line_of("end"), f"{where}: the end ({end}) is before the start ({start})")
    contacts = r.need(data, "contacts", list, "profile", optional=True) or []
    cids = {}
    for i, c in enumerate(contacts):
        if not isinstance(c, dict):
            r.add(contacts.line_of(i), "contacts: each contact needs id, role and name")
            continue
        cid = r.need(c, "id", str, "contact")
        if cid in cids:
            r.add(c.line_of("id"), f"contact id '{cid}' is used twice (first at line {cids[cid]})")
        elif cid:
            cids[cid] = c.line_of("id")
        _need_texts(r, c, "role", f"contact '{cid}'", prof.core_languages)
        r.need(c, "name", str, f"contact '{cid}'")
        _check_contact_fields(r, c, f"contact '{cid}'")
    return prof


def _need_texts(r: Reporter, mapping, key, where, languages):
    texts = r.need(mapping, key, dict, where)
    if texts:
        for lang in languages:
            if not isinstance(texts.get(lang), str) or not texts.get(lang).strip():
                r.add(texts.line, f"{where}.{key}: the text in '{lang}' is missing")
    return texts


def _check_contact_fields(r: Reporter, item, where):
    for key in ("email", "phone", "website", "address", "host", "privacy_officer", "representative"):
        if key in item and item[key] is not None and not isinstance(item[key], str):
            r.add(item.line_of(key), f"{where}: '{key}' must be text (put it in quotes), not {type(item[key]).__name__}")
    web = item.get("website")
    if isinstance(web, str) and web and not web.startswith("https://"):
        r.add(item.line_of("website"), f"{where}: website '{web}' must start with https://")
    ex = item.get("example", False)
    if not isinstance(ex, bool):
        r.add(item.line_of("example"), f"{where}: 'example' must be true or false")


# --------------------------------------------------------------------------- page data

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


# --------------------------------------------------------------------------- pages

@dataclass
class Page:
    lang: str
    rel: str
    path: str  # shown path
    meta: dict
    body: str
    body_line: int  # line number of the first body line
    raw: bytes = b""

    def line_of(self, key: str) -> int:
        if isinstance(self.meta, LDict):
            return self.meta.line_of(key) + 1  # +1: the opening '---' line
        return 1

    @property
    def title(self) -> str:
        t = self.meta.get("title") if isinstance(self.meta, dict) else None
        if t:
            return str(t)
        m = re.search(r"^#\s+(.+?)(\s*\{.*\})?\s*$", self.body, re.M)
        return m.group(1) if m else self.rel

    def headings(self):
        """(level, text, id, line) of each Markdown heading, skipping code blocks."""
        out = []
        fence = None
        for n, line in enumerate(self.body.split("\n")):
            s = line.strip()
            m = re.match(r"^(`{3,}|~{3,})", s)
            if m:
                if fence is None:
                    fence = m.group(1)[0]
                elif s.startswith(fence * 3):
                    fence = None
                continue
            if fence:
                continue
            h = re.match(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*#([A-Za-z0-9_-]+)[^}]*\})?\s*$", line)
            if h:
                out.append((len(h.group(1)), h.group(2), h.group(4), self.body_line + n))
        return out


def split_front_matter(text: str, shown: str):
    """Return (meta, body, body_line, problems)."""
    m = FRONT_RE.match(text)
    if not m:
        if text.startswith("---"):
            return {}, text, 1, [Problem(shown, 1, "the front matter is not closed: add a line with only '---' after it")]
        return {}, text, 1, []
    yaml_text = m.group(1) or ""
    data, problems = yamlsrc.parse(yaml_text, shown, line_offset=1)
    body_line = text[: m.end()].count("\n") + 1
    if data is None and not problems:
        data = LDict()
        data.lines, data.line = {}, 1
    if data is not None and not isinstance(data, dict):
        problems.append(Problem(shown, 2, "the front matter must be key: value lines"))
        data = None
    return data if data is not None else {}, text[m.end():], body_line, problems


def load_page(path: Path, shown: str, lang: str, rel: str, problems: list[Problem]) -> Page | None:
    text, found = yamlsrc.read_text(path, shown)
    problems.extend(found)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(shown, 1, "the page is empty; write its text or delete the file"))
        return None
    meta, body, body_line, found = split_front_matter(text, shown)
    problems.extend(found)
    return Page(lang, rel, shown, meta, body, body_line, path.read_bytes())


# --------------------------------------------------------------------------- project

ACTIVE_PROFILE_FILE = "active-profile.txt"


def active_profile(root: Path) -> str:
    """The profile this copy builds: named in active-profile.txt (a fork's own choice, a file the
    original never has, so merges never conflict), else profile.yml (the original's default)."""
    pointer = root / ACTIVE_PROFILE_FILE
    if pointer.exists():
        for line in pointer.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                return line
    return "profile.yml"


@dataclass
class Project:
    root: Path
    profile_path: Path
    problems: list = field(default_factory=list)
    vocab: dict = field(default_factory=dict)
    phases: dict = field(default_factory=dict)
    i18n: dict = field(default_factory=dict)  # lang -> LDict of strings
    i18n_paths: dict = field(default_factory=dict)
    profile: Profile | None = None
    page_data: dict = field(default_factory=dict)  # rel -> PageData
    pages: dict = field(default_factory=dict)  # (lang, rel) -> Page
    figures: dict = field(default_factory=dict)
    lang_dirs: list = field(default_factory=list)
    glossary_terms: dict = field(default_factory=dict)  # id -> {term}
    glossary: dict = field(default_factory=dict)  # lang -> id -> {name, text}
    navigation: dict = field(default_factory=dict)
    today: dt.date | None = None  # the day figures and checks are computed for (clock.today())
    _cache: dict = field(default_factory=dict, repr=False)  # derived values, computed once per load

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @classmethod
    def load(cls, root: Path | str | None = None, profile: Path | str | None = None, today: dt.date | None = None) -> "Project":
        root = Path(root or os.environ.get("DCG_ROOT") or Path.cwd()).resolve()
        prof = Path(profile or os.environ.get("DCG_PROFILE") or active_profile(root))
        if not prof.is_absolute():
            prof = root / prof
        p = cls(root=root, profile_path=prof, today=today or clock.today())
        p._load()
        return p

    def _load(self) -> None:
        probs = self.problems
        vocab, found = yamlsrc.load_file(self.root / "data/vocabulary.yml", "data/vocabulary.yml")
        probs.extend(found)
        self.vocab = vocab if isinstance(vocab, dict) else {"who": [], "events": [], "audiences": []}
        nav_path = self.root / "data/navigation.yml"
        if nav_path.exists():
            nav, found = yamlsrc.load_file(nav_path, "data/navigation.yml")
            probs.extend(found)
            self.navigation = nav if isinstance(nav, dict) else {}
        phases, found = yamlsrc.load_file(self.root / "data/phases.yml", "data/phases.yml")
        probs.extend(found)
        self.phases = phases if isinstance(phases, dict) else {"couples": [], "employers": []}
        if not self.profile_path.exists():
            probs.append(Problem(self.shown(self.profile_path), 1, "the profile file does not exist"))
        else:
            self.profile = load_profile(self.profile_path, self.shown(self.profile_path), self.vocab, self.phases, probs)
        langs = self.profile.languages if self.profile else ["de"]
        for lang in langs:
            path = self.root / "data/i18n" / f"{lang}.yml"
            shown = self.shown(path)
            if not path.exists():
                probs.append(Problem(self.shown(self.profile_path), 1, f"language '{lang}' has no strings file {shown}; create it (dcg add-language {lang})"))
                continue
            data, found = yamlsrc.load_file(path, shown)
            probs.extend(found)
            if isinstance(data, dict):
                self.i18n[lang] = data
                self.i18n_paths[lang] = shown
        self._check_i18n()
        # page data
        base = self.root / "data/pages"
        for path in sorted(base.rglob("*")):
            if path.is_dir():
                continue
            shown = self.shown(path)
            if path.suffix != ".yml":
                probs.append(Problem(shown, 1, "only .yml files belong in data/pages/"))
                continue
            rel = path.relative_to(base).with_suffix(".md").as_posix()
            pd = load_page_data(path, shown, rel, self.vocab, self.phases, probs)
            if pd:
                self.page_data[rel] = pd
        self._check_unique_item_ids()
        # pages
        if self.docs.is_dir():
            for d in sorted(self.docs.iterdir()):
                if not d.is_dir():
                    continue
                if d.name not in langs:
                    if LANG_RE.match(d.name) and (self.root / "data/i18n" / f"{d.name}.yml").exists():
                        continue  # a language of another profile: not built by this one
                    if LANG_RE.match(d.name):
                        probs.append(Problem(self.shown(d), 1, f"language folder '{d.name}' is not in the profile's languages ({', '.join(langs)}); add it under languages.pending in {self.shown(self.profile_path)} or remove the folder"))
                    elif d.name not in ("assets",):
                        probs.append(Problem(self.shown(d), 1, f"'{d.name}' is not a language folder; docs/ holds one folder per language ({', '.join(langs)}) and assets/"))
                    continue
                self.lang_dirs.append(d.name)
                for path in sorted(d.rglob("*")):
                    if path.is_dir() or path.suffix != ".md":
                        continue
                    rel = path.relative_to(d).as_posix()
                    page = load_page(path, self.shown(path), d.name, rel, probs)
                    if page:
                        self.pages[(d.name, rel)] = page
        self.figures = load_figures(self.root / "data/figures", self.root, probs)
        self._load_glossary(langs)

    def _load_glossary(self, langs) -> None:
        folder = self.root / "data/glossary"
        terms_path = folder / "terms.yml"
        if not terms_path.exists():
            return
        shown = self.shown(terms_path)
        data, found = yamlsrc.load_file(terms_path, shown)
        self.problems.extend(found)
        if not isinstance(data, dict):
            return
        r = Reporter(shown, self.problems)
        seen_terms: dict[str, str] = {}
        for tid, t in data.items():
            if not isinstance(t, dict) or not isinstance(t.get("term"), str) or not t["term"].strip():
                r.add(data.line_of(tid), f"glossary term '{tid}' needs term: <the German word>")
                continue
            if not ID_RE.match(str(tid)):
                r.add(data.line_of(tid), f"glossary id '{tid}' may only use small letters, digits and '-'")
            if t["term"] in seen_terms:
                r.add(data.line_of(tid), f"the term '{t['term']}' is already defined as '{seen_terms[t['term']]}'")
                continue
            seen_terms[t["term"]] = tid
            self.glossary_terms[tid] = {"term": t["term"].strip(), "line": data.line_of(tid)}
        for lang in langs:
            path = folder / f"{lang}.yml"
            shown_l = self.shown(path)
            if not path.exists():
                if self.profile and lang in self.profile.core_languages:
                    self.problems.append(Problem(shown, 1, f"the glossary has no file for '{lang}': create {shown_l}"))
                continue
            words, found = yamlsrc.load_file(path, shown_l)
            self.problems.extend(found)
            if not isinstance(words, dict):
                continue
            self.glossary[lang] = words
            rl = Reporter(shown_l, self.problems)
            for tid in self.glossary_terms:
                if tid not in words and self.profile and lang in self.profile.core_languages:
                    rl.add(words.line, f"glossary term '{tid}' is missing ({lang}); it exists in {shown}:{self.glossary_terms[tid]['line']}")
            for tid, w in words.items():
                if tid not in self.glossary_terms:
                    rl.add(words.line_of(tid), f"glossary term '{tid}' does not exist in {shown}")
                elif not isinstance(w, dict) or not isinstance(w.get("text"), str) or not w.get("text", "").strip():
                    rl.add(words.line_of(tid), f"glossary term '{tid}' needs name: and text: ({lang})")

    def _check_i18n(self) -> None:
        default = self.profile.default_language if self.profile else "de"
        src = self.i18n.get(default)
        if not isinstance(src, dict):
            return
        need = {"phases": self.phases.get("couples", []) + self.phases.get("employers", []),
                "who": self.vocab.get("who", []), "events": self.vocab.get("events", [])}
        for lang, data in self.i18n.items():
            r = Reporter(self.i18n_paths[lang], self.problems)
            for section, ids in need.items():
                sec = data.get(section)
                if not isinstance(sec, dict):
                    r.add(1, f"section '{section}:' is missing")
                    continue
                for i in ids:
                    if i not in sec:
                        r.add(sec.line, f"{section}: the label for '{i}' is missing")
            for section in ("ui", "documents"):
                ssec, lsec = src.get(section) or {}, data.get(section)
                if not isinstance(lsec, dict):
                    r.add(1, f"section '{section}:' is missing")
                    continue
                for key in ssec:
                    if key not in lsec:
                        r.add(lsec.line, f"{section}: '{key}' is missing; it exists in {self.i18n_paths[default]}:{ssec.line_of(key)}")
                for key in lsec:
                    if key not in ssec:
                        r.add(lsec.line_of(key), f"{section}: '{key}' does not exist in the source language file {self.i18n_paths[default]}; remove it or add it there")

    def _check_unique_item_ids(self) -> None:
        seen: dict[str, tuple] = {}
        for pd in self.page_data.values():
            for it in pd.items:
                if it.id in seen and seen[it.id][0] != pd.path:
                    self.problems.append(Problem(pd.path, it.line, f"checklist item id '{it.id}' is already used in {seen[it.id][0]}:{seen[it.id][1]}; ids must be unique across the site"))
                else:
                    seen.setdefault(it.id, (pd.path, it.line))

    # ---- queries

    def t(self, lang: str, key: str, section: str = "ui") -> str:
        for candidate in (lang, self.profile.default_language if self.profile else "de"):
            sec = self.i18n.get(candidate, {}).get(section) or {}
            if key in sec:
                return str(sec[key])
        return key

    def page(self, lang: str, rel: str) -> Page | None:
        return self.pages.get((lang, rel))

    def page_or_fallback(self, lang: str, rel: str) -> Page | None:
        return self.pages.get((lang, rel)) or self.pages.get((self.profile.default_language if self.profile else "de", rel))

    def hidden_rels(self) -> set[str]:
        """Pages this profile does not show: for other audiences, another partner country or a region it lacks."""
        if self.profile is None:
            return set()
        if "_hidden" not in self._cache:
            self._cache["_hidden"] = {rel for rel, pd in self.page_data.items() if not pd.visible_for(self.profile)}
        return self._cache["_hidden"]

    def visible_data(self) -> list[PageData]:
        return [pd for pd in self.page_data.values() if self.profile is None or pd.visible_for(self.profile)]

    def sequence(self, kinds=("procedure",)) -> list[PageData]:
        """Procedures in the order a couple meets them: by phase, then by order."""
        key = ("seq", tuple(kinds))
        if key not in self._cache:
            order = {p: i for i, p in enumerate(self.phases.get("couples", []) + self.phases.get("employers", []))}
            seq = [pd for pd in self.visible_data() if pd.kind in kinds and pd.phase]
            self._cache[key] = sorted(seq, key=lambda pd: (order.get(pd.phase, 99), pd.order, pd.rel))
        return self._cache[key]
