"""The programme's profile: name, languages, audiences, partner country, regions with their offices,
contacts and links (`profile.yml`, or a fork's profile named in `active-profile.txt`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schemas, yamlsrc
from .fields import Reporter, _date, typed
from .problems import Problem
from .schemas import dotted
from .yamlsrc import LDict

LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,8})?$")
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

    def fallbacks(self, lang: str) -> list[str]:
        """Where a value in `lang` is looked for: the language itself; for a language being added, then
        the fallback language (languages.fallback, else English where the profile has it); then the default."""
        order = [lang]
        if lang in self.pending_languages:
            named = (self.data.get("languages") or {}).get("fallback")
            order.append(str(named) if named else ("en" if "en" in self.core_languages else self.default_language))
        order.append(self.default_language)
        return list(dict.fromkeys(order))

    def pick(self, values: dict, lang: str):
        """A per-language value ({de: …, vi: …}) in `lang`, or in its fallbacks."""
        for code in self.fallbacks(lang):
            if values.get(code):
                return values[code]
        return None

    def text(self, value, lang: str) -> str:
        """A per-language text ({de: …, vi: …}) in `lang`, falling back as fallbacks() says."""
        if isinstance(value, dict):
            return self.pick(value, lang) or ""
        return value or ""


def _where(data) -> "callable":
    """Names a place in the profile as the messages always have: region 'owl', contact 'coach', site.colors."""
    def where(path: tuple) -> str:
        if not path:
            return "profile"
        head, rest = path[0], path[2:]
        if head in ("regions", "contacts") and len(path) >= 2 and isinstance(path[1], int):
            item = data[head][path[1]]
            ident = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
            name = f"region '{ident or path[1] + 1}'" if head == "regions" else f"contact '{ident or path[1] + 1}'"
            return f"{name} {dotted(rest)}" if rest else name
        return dotted(path)
    return where


def load_profile(path: Path, shown: str, vocab: dict, phases: dict, problems: list[Problem]) -> Profile | None:
    data, found = yamlsrc.load_file(path, shown)
    problems.extend(found)
    if data is None:
        return None
    r = Reporter(shown, problems)
    if not isinstance(data, dict):
        r.add(1, "the profile must be a mapping with programme, site, languages, partner_country, regions, contacts")
        return None
    # keys, types, forms (language and Land codes, colours, dates, web addresses): schemas/profile.schema.json
    schemas.check("profile", data, shown, problems, _where(data))
    prof = Profile(path=shown, data=data)

    # what the schema cannot say: codes the locale data knows, and how the lists fit together
    langs = typed(data, "languages", dict)
    if langs:
        default = typed(langs, "default", str)
        valid = {}
        for group in ("core", "pending"):
            values = typed(langs, group, list) or []
            valid[group] = []
            for i, code in enumerate(values):
                if not isinstance(code, str) or not LANG_RE.match(code):
                    continue  # the schema reported it
                if not known_language(code):
                    r.add(values.line_of(i), f"languages.{group}: '{code}' is not a known language code (like de, vi, en, lv, pl, uk)")
                    continue
                valid[group].append(code)
        prof.core_languages = valid["core"]
        prof.pending_languages = valid["pending"]
        if default:
            prof.default_language = default
            if default not in prof.core_languages and LANG_RE.match(default):
                r.add(langs.line_of("default"), f"languages.default: '{default}' must also be listed in languages.core")
        for code in set(prof.core_languages) & set(prof.pending_languages):
            r.add(langs.line_of("pending"), f"languages.pending: '{code}' is already a core language")

    prog = typed(data, "programme", dict)
    if prog:
        prof.name = typed(prog, "name", str) or ""
        _need_texts(r, prog, "tagline", "programme", prof.core_languages)
        aud = typed(prog, "audiences", list)
        for i, a in enumerate(aud or []):
            if a not in vocab.get("audiences", []):
                r.add(aud.line_of(i), f"programme.audiences: '{a}' is not an audience; choose from {', '.join(vocab.get('audiences', []))}")
        prof.audiences = [a for a in (aud or []) if isinstance(a, str)]
        for j, org in enumerate(typed(prog, "network", list) or []):
            if isinstance(org, dict):
                _need_texts(r, org, "role", f"programme.network[{j + 1}]", prof.core_languages)
        ph = typed(prog, "phases", list)
        for i, p in enumerate(ph or []):
            if p not in phases.get("couples", []):
                r.add(ph.line_of(i), f"programme.phases: '{p}' is not a phase; choose from {', '.join(phases.get('couples', []))}")
        prof.phases = [p for p in (ph or []) if isinstance(p, str)]

    site = typed(data, "site", dict)
    if site:
        prof.site_url = typed(site, "url", str) or ""

    pc = typed(data, "partner_country", dict)
    names = typed(pc, "names", dict) if pc else None
    if names:
        for lang in prof.core_languages:  # a language being added borrows the names it lacks
            if lang not in names:
                r.add(names.line, f"partner_country.names: the name in '{lang}' is missing")

    regs = typed(data, "regions", list)
    seen = {}
    for i, reg in enumerate(regs or []):
        if not isinstance(reg, dict):
            continue
        rid = _unique_id(r, reg, seen, "region", "; give each region its own id")
        where = f"region '{rid or i + 1}'"
        names = typed(reg, "names", dict) or {}
        for lang in prof.core_languages:
            if names and lang not in names:
                r.add(names.line, f"{where}: the name in '{lang}' is missing under names")
        if rid:
            prof.regions.append(Region(rid, typed(reg, "state", str) or "", names, typed(reg, "places", list) or [],
                                       typed(reg, "offices", list) or [], typed(reg, "links", list) or []))

    for j, ev in enumerate(typed(data, "events", list) or []):
        if isinstance(ev, dict):
            _need_texts(r, ev, "title", f"events[{j + 1}]", prof.core_languages)
    for j, co in enumerate(typed(data, "cohorts", list) or []):
        start, end = _date(co.get("start")) if isinstance(co, dict) else None, _date(co.get("end")) if isinstance(co, dict) else None
        if start and end and end < start:
            r.add(co.line_of("end"), f"cohorts[{j + 1}]: the end ({end}) is before the start ({start})")
    cids = {}
    for c in typed(data, "contacts", list) or []:
        if not isinstance(c, dict):
            continue
        cid = _unique_id(r, c, cids, "contact")
        _need_texts(r, c, "role", f"contact '{cid}'", prof.core_languages)
    return prof


def _unique_id(r: Reporter, item, seen: dict, what: str, hint: str = ""):
    """The item's id; a second item with the same id is reported with the line of the first."""
    iid = typed(item, "id", str)
    if iid in seen:
        r.add(item.line_of("id"), f"{what} id '{iid}' is used twice (first at line {seen[iid]}){hint}")
    elif iid:
        seen[iid] = item.line_of("id")
    return iid


def _need_texts(r: Reporter, mapping, key, where, languages):
    """A per-language text ({de: …, en: …}) has a text in every core language."""
    texts = typed(mapping, key, dict)
    if texts:
        for lang in languages:
            if not isinstance(texts.get(lang), str) or not texts.get(lang).strip():
                r.add(texts.line, f"{where}.{key}: the text in '{lang}' is missing")
    return texts


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
