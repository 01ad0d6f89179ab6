"""The project: everything `Project.load(root)` reads (profile, vocabulary, phases, the site's own words,
page data, pages, figures, glossary), with every problem as `path:line` in `project.problems`. The MkDocs
hooks, the `dcg` command and the tests all use this one loader."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import clock, schemas, yamlsrc
from .fields import Reporter
from .facts import load_countries, load_states
from .figures import load_figures
from .glossary import load_glossary
from .handoffs import Handoff, load_handoffs
from .plan import load_plan_rules
from .routes import Rules, load_routes
from .timeline import Timelines, load_timelines
from .costs import load_costs
from .sheets import load_sheet_phrases
from .pagedata import Item, PageData, Use, load_page_data
from .pages import Page, load_page
from .problems import Problem
from .yamlsrc import LDict
from .profile import LANG_RE, Profile, active_profile, load_profile


def ui_default(project: "Project") -> dict:
    """The site's own words in the source language (empty where its strings file did not load)."""
    default = project.profile.default_language if project.profile else "de"
    return (project.i18n.get(default) or {}).get("ui") or {}


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
    states: dict = field(default_factory=dict)  # Land code -> Place (data/states/)
    countries: dict = field(default_factory=dict)  # country code -> Place (data/countries/)
    lang_dirs: list = field(default_factory=list)
    glossary_terms: dict = field(default_factory=dict)  # id -> {term}
    glossary: dict = field(default_factory=dict)  # lang -> id -> {name, text}
    sheet_phrases: dict = field(default_factory=dict)  # lang -> {labels, purposes, questions}
    plan_rules: dict = field(default_factory=dict)  # data/plan.yml: start, windows, rules
    navigation: dict = field(default_factory=dict)
    routes: Rules | None = None  # data/routes.yml: the route finder's rules
    timelines: Timelines | None = None  # data/timelines.yml: the employer's timelines
    costs: list | None = None  # data/costs.yml: the cost worksheet's rows
    handoffs: list = field(default_factory=list)  # data/handoffs.yml: the company's item beside the couple's step
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
        if isinstance(vocab, dict):
            schemas.check("vocabulary", vocab, "data/vocabulary.yml", probs)
        self.vocab = vocab if isinstance(vocab, dict) else {"who": [], "events": [], "audiences": []}
        nav_path = self.root / "data/navigation.yml"
        if nav_path.exists():
            nav, found = yamlsrc.load_file(nav_path, "data/navigation.yml")
            probs.extend(found)
            self.navigation = nav if isinstance(nav, dict) else {}
        phases, found = yamlsrc.load_file(self.root / "data/phases.yml", "data/phases.yml")
        probs.extend(found)
        if isinstance(phases, dict):
            schemas.check("phases", phases, "data/phases.yml", probs)
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
                schemas.check("strings", data, shown, probs)  # keys and types: schemas/strings.schema.json
                self.i18n[lang] = data
                self.i18n_paths[lang] = shown
        self._check_i18n()
        self._fill_pending_strings()
        self.plan_rules = load_plan_rules(self.root / "data/plan.yml", "data/plan.yml", self.phases.get("couples", []), probs)
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
            pd = load_page_data(path, shown, rel, self.vocab, self.phases, probs, self.plan_rules.get("rules") if self.plan_rules else None)
            if pd:
                self.page_data[rel] = pd
        self._check_unique_item_ids()
        self._check_uses()
        homes = {it.id: pd for pd in self.page_data.values() for it in pd.items}
        self.handoffs = load_handoffs(self.root / "data/handoffs.yml", "data/handoffs.yml", homes, probs)
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
        self.states = load_states(self.root, probs)
        self.countries = load_countries(self.root, probs)
        self.glossary_terms, self.glossary = load_glossary(self.root / "data/glossary", self.shown, langs, self.profile, self.problems)
        self.sheet_phrases = load_sheet_phrases(self.root / "data/sheets", self.shown, langs, self.profile, self.problems)
        default = self.profile.default_language if self.profile else "de"
        documents = set((self.i18n.get(default) or {}).get("documents") or {})
        self.routes = load_routes(self.root / "data/routes.yml", "data/routes.yml", self.figures, documents, probs)
        self._check_routes()
        self.timelines = load_timelines(self.root / "data/timelines.yml", "data/timelines.yml",
                                        (self.profile.data.get("timeline") or {}) if self.profile else {}, probs)
        self._check_timeline_words()
        self.costs = load_costs(self.root / "data/costs.yml", "data/costs.yml", self.figures,
                                set(self.timelines.scenarios) if self.timelines else set(), probs)
        self._need_words("data/costs.yml", [(row.line, f"row '{row.id}'", f"costs_r_{row.id}") for row in self.costs or []])

    def _need_words(self, shown: str, needs: list[tuple[int, str, str]]) -> None:
        """Each (line, what, key) of a data file: the words `key` exist under ui: in the source language."""
        ui = ui_default(self)
        if not ui:
            return
        default = self.profile.default_language if self.profile else "de"
        strings = self.i18n_paths.get(default, f"data/i18n/{default}.yml")
        for line, what, key in needs:
            if key not in ui:
                self.problems.append(Problem(shown, line, f"{what}: the words '{key}' are missing under ui: in {strings}"))

    def _check_routes(self) -> None:
        """Each route's chapter exists, and the words of each route and condition are in the source language."""
        if self.routes is None:
            return
        default = self.profile.default_language if self.profile else "de"
        for route in self.routes.routes:
            page = route.chapter.split("#")[0]
            if (default, page) not in self.pages and self.pages:
                self.problems.append(Problem("data/routes.yml", route.line, f"route '{route.id}': chapter '{page}' is not a page of docs/{default}/"))
            self._need_words("data/routes.yml", [(route.line, f"route '{route.id}'", key)
                                                 for key in [f"routes_r_{route.id}"] + [f"routes_c_{c.id}" for c in route.conditions]])

    def _check_timeline_words(self) -> None:
        """Each step, scenario and lane of the timelines has its words in the source language."""
        if self.timelines is None:
            return
        if not ui_default(self):
            return
        self._need_words("data/timelines.yml", [(step.line, f"step '{sid}'", f"timeline_s_{sid}") for sid, step in self.timelines.steps.items()])
        used = {st.source for st in self.timelines.steps.values() if st.basis in ("profile", "none") and st.source}
        entered = (self.profile.data.get("timeline") or {}) if self.profile else {}
        for key in entered:
            if key not in used:
                self.problems.append(Problem(self.profile.path, entered.line_of(key), f"timeline: '{key}' is not a duration the timelines use; choose from {', '.join(sorted(used))}"))
        self._need_words("data/timelines.yml", [(1, f"scenario '{scid}'", f"timeline_t_{scid}") for scid in self.timelines.scenarios])

    def _check_i18n(self) -> None:
        default = self.profile.default_language if self.profile else "de"
        src = self.i18n.get(default)
        if not isinstance(src, dict):
            return
        need = {"phases": self.phases.get("couples", []) + self.phases.get("employers", []),
                "who": self.vocab.get("who", []), "events": self.vocab.get("events", [])}
        pending = set(self.profile.pending_languages) if self.profile else set()
        for lang, data in self.i18n.items():
            if lang in pending:
                continue  # a language being added borrows what it lacks (_fill_pending_strings)
            r = Reporter(self.i18n_paths[lang], self.problems)
            for section in ("ui", "phases", "who", "events", "documents"):
                if not isinstance(data.get(section), dict):
                    r.add(1, f"section '{section}:' is missing; copy it from {self.i18n_paths[default]} and translate it")
            for section, ids in need.items():
                sec = data.get(section)
                if not isinstance(sec, dict):
                    continue
                for i in ids:
                    if i not in sec:
                        r.add(sec.line, f"{section}: the label for '{i}' is missing")
            for section in ("ui", "documents"):
                ssec, lsec = src.get(section) or {}, data.get(section)
                if not isinstance(lsec, dict) or not isinstance(ssec, dict):
                    continue  # reported by the schema
                for key in ssec:
                    if key not in lsec:
                        r.add(lsec.line, f"{section}: '{key}' is missing; it exists in {self.i18n_paths[default]}:{ssec.line_of(key)}")
                for key in lsec:
                    if key not in ssec:
                        r.add(lsec.line_of(key), f"{section}: '{key}' does not exist in the source language file {self.i18n_paths[default]}; remove it or add it there")

    def fallback_language(self) -> str:
        """The language a language being added borrows its missing words from: the profile's
        languages.fallback, else English where the profile has it, else the default language."""
        prof = self.profile
        if prof is None:
            return "de"
        named = (prof.data.get("languages") or {}).get("fallback")
        if named:
            return str(named)
        return "en" if "en" in prof.core_languages else prof.default_language

    def _fill_pending_strings(self) -> None:
        """A language being added shows its own words where it has them and the fallback language's
        words, key by key, where it does not yet: its strings file holds only what is translated."""
        if self.profile is None:
            return
        fb = self.i18n.get(self.fallback_language())
        if not isinstance(fb, dict):
            return

        def merged(own, base):
            if not isinstance(own, dict) or not isinstance(base, dict):
                return own if own is not None else base
            out = type(own)() if isinstance(own, LDict) else {}
            if isinstance(own, LDict):
                out.line, out.lines = own.line, dict(own.lines)
            for key, value in base.items():
                out[key] = merged(own.get(key), value) if key in own else value
            for key, value in own.items():
                if key not in base:
                    out[key] = value
            return out

        for lang in self.profile.pending_languages:
            if lang in self.i18n:
                self.i18n[lang] = merged(self.i18n[lang], fb)

    def _check_unique_item_ids(self) -> None:
        seen: dict[str, tuple] = {}
        for pd in self.page_data.values():
            for it in pd.items:
                if it.id in seen and seen[it.id][0] != pd.path:
                    self.problems.append(Problem(pd.path, it.line, f"checklist item id '{it.id}' is already used in {seen[it.id][0]}:{seen[it.id][1]}; ids must be unique across the site"))
                else:
                    seen.setdefault(it.id, (pd.path, it.line))

    def _check_uses(self) -> None:
        """Every `use:` names a page with data and one of that page's own items, once per list."""
        for pd in self.page_data.values():
            seen = {it.id for it in pd.items}
            for u in pd.listing:
                if not isinstance(u, Use):
                    continue
                other = self.page_data.get(u.rel)
                if other is None:
                    self.problems.append(Problem(pd.path, u.line, f"use: '{u.rel}' has no data file data/pages/{u.rel[:-3]}.yml; write the page as in data/pages/, like employers/rechtswege.md"))
                elif not any(it.id == u.id for it in other.items):
                    ids = ", ".join(it.id for it in other.items) or "none"
                    self.problems.append(Problem(pd.path, u.line, f"use: '{u.rel}' has no own checklist item '{u.id}' (its items: {ids})"))
                elif u.id in seen:
                    self.problems.append(Problem(pd.path, u.line, f"use: item '{u.id}' is listed twice on this page"))
                seen.add(u.id)

    # ---- queries

    def item_home(self, iid: str) -> tuple[PageData, Item] | None:
        """The page that holds item `iid` and the item itself."""
        if "_homes" not in self._cache:
            self._cache["_homes"] = {it.id: (pd, it) for pd in self.page_data.values() for it in pd.items}
        return self._cache["_homes"].get(iid)

    def handoffs_of(self, iid: str) -> list[tuple[Handoff, PageData, Item]]:
        """The pairs item `iid` stands in, each with the other side's page and item, left out where this
        profile does not show the other page or the other item's readers."""
        audiences = set(self.profile.audiences) if self.profile else set()
        out = []
        for h in self.handoffs:
            other = h.couple if h.company == iid else h.company if h.couple == iid else None
            found = self.item_home(other) if other else None
            if found is None or found[0].rel in self.hidden_rels():
                continue
            if found[1].applies_to and audiences and not set(found[1].applies_to) & audiences:
                continue
            out.append((h, *found))
        return out

    def listed_items(self, rel: str) -> list[tuple[PageData, Item]]:
        """A page's checklist as shown: its own items and the items it uses from other pages, each with
        the page that holds its wording and source (uses that do not resolve were reported and are left out)."""
        pd = self.page_data.get(rel)
        out: list[tuple[PageData, Item]] = []
        for entry in pd.listing if pd else []:
            if isinstance(entry, Use):
                other = self.page_data.get(entry.rel)
                it = next((i for i in other.items if i.id == entry.id), None) if other else None
                if it is not None:
                    out.append((other, it))
            else:
                out.append((pd, entry))
        return out

    def glossary_word(self, tid: str, lang: str) -> tuple[str, str]:
        """A glossary term's name and explanation in `lang`, else in the languages it falls back to
        (the default last); ("", "") where none explains it."""
        for code in self.profile.fallbacks(lang):
            w = (self.glossary.get(code) or {}).get(tid)
            if isinstance(w, dict) and w.get("text"):
                return str(w.get("name") or "").strip(), " ".join(str(w["text"]).split())
        return "", ""

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
