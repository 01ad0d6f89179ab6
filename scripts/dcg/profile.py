"""The programme's profile: name, languages, audiences, partner country, regions with their offices,
contacts and links (`profile.yml`, or a fork's profile named in `active-profile.txt`)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsrc
from .fields import ID_RE, Reporter
from .problems import Problem
from .yamlsrc import LDict

LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,8})?$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
ACTIVE_PROFILE_FILE = "active-profile.txt"


def known_language(code: str) -> bool:
    """A language the locale data (Babel, used for dates and numbers) knows."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return False


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
