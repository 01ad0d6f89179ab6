"""Content checks over the model. Each returns a list of Problems with path:line."""
from __future__ import annotations

import re

from .sheets import check_sheets
from .pagedata import LIFE_EVENT_SECTIONS, PROCEDURE_SECTIONS
from .pages import PLACEHOLDER_RE, Page
from .project import Project
from .problems import Problem

FRONT_KEYS = {"title", "description", "checklist", "translation", "hide", "search", "status"}


def check_model(project: Project) -> list[Problem]:
    return list(project.problems)


def check_front_matter(project: Project) -> list[Problem]:
    out: list[Problem] = []
    default = project.profile.default_language if project.profile else "de"
    for (lang, rel), page in sorted(project.pages.items()):
        meta = page.meta
        if not isinstance(meta, dict) or not meta:
            out.append(Problem(page.path, 1, "the page has no front matter; start it with '---', a title: and a description: line, and '---'"))
            continue
        for key in meta:
            if key not in FRONT_KEYS:
                out.append(Problem(page.path, page.line_of(key), f"unknown front matter field '{key}'; known fields are: {', '.join(sorted(FRONT_KEYS))}"))
        for key in ("title", "description"):
            value = meta.get(key)
            if not isinstance(value, str) or not value.strip():
                out.append(Problem(page.path, page.line_of(key) if key in meta else 1,
                                   f"'{key}' is missing or empty; every page needs a {key} (it is shown to search engines and screen readers)"))
            elif PLACEHOLDER_RE.search(value):
                out.append(Problem(page.path, page.line_of(key), f"'{key}' contains placeholder text: {value!r}"))
        if lang != default and "translation" in meta:
            tr = meta["translation"]
            if not isinstance(tr, dict) or not isinstance(tr.get("source"), str) or not re.fullmatch(r"[0-9a-f]{7,40}", tr.get("source", "")):
                out.append(Problem(page.path, page.line_of("translation"),
                                   "'translation' must be a mapping with 'source: <version of the German page>' (dcg status shows it)"))
    return out


def _wording_problems(project: Project, page: Page, item_ids: dict, data_path: str, source_page: Page | None) -> list[Problem]:
    out = []
    words = page.meta.get("checklist") if isinstance(page.meta, dict) else None
    if words is None:
        line = 1
        out.append(Problem(page.path, line, f"the page has no 'checklist:' in its front matter; add the wording for: {', '.join(item_ids)}"))
        return out
    if not isinstance(words, dict):
        out.append(Problem(page.path, page.line_of("checklist"), "'checklist' must map each item id to its wording"))
        return out
    for iid, line in item_ids.items():
        if iid not in words:
            where = f"{data_path}:{line}"
            if source_page is not None and source_page is not page and isinstance(source_page.meta.get("checklist"), dict) and iid in source_page.meta["checklist"]:
                where = f"{source_page.path}:{source_page.meta['checklist'].line_of(iid) + 1}"
            out.append(Problem(page.path, page.line_of("checklist"), f"checklist item '{iid}' is missing ({page.lang}); it exists in {where}"))
    for iid, text in words.items():
        line = words.line_of(iid) + 1 if hasattr(words, "line_of") else page.line_of("checklist")
        if iid not in item_ids:
            out.append(Problem(page.path, line, f"checklist item '{iid}' ({page.lang}) does not exist in {data_path}; remove it or add the item there"))
            continue
        if isinstance(text, dict):
            text = text.get("text")
        if not isinstance(text, str) or not text.strip():
            out.append(Problem(page.path, line, f"checklist item '{iid}' ({page.lang}) has no wording"))
        elif PLACEHOLDER_RE.search(text):
            out.append(Problem(page.path, line, f"checklist item '{iid}' ({page.lang}) contains placeholder text: {text!r}"))
    return out


def check_checklists(project: Project) -> list[Problem]:
    """Every checklist item has wording in every language, and nothing extra."""
    out: list[Problem] = []
    if not project.profile:
        return out
    default = project.profile.default_language
    for rel, pd in sorted(project.page_data.items()):
        src = project.page(default, rel)
        if src is None:
            out.append(Problem(pd.path, 1, f"there is no page docs/{default}/{rel} for this data; create it or remove the data file"))
            continue
        if not pd.items:
            continue
        ids = {it.id: it.line for it in pd.items}
        for lang in project.profile.languages:
            page = project.page(lang, rel)
            if page is None:
                continue  # reported by the translation status
            out.extend(_wording_problems(project, page, ids, pd.path, src))
        for it in pd.items:
            src_def = pd.sources.get(it.source)
            if src_def is None:
                continue
    # a page with wording but no data
    for (lang, rel), page in project.pages.items():
        if isinstance(page.meta, dict) and "checklist" in page.meta and rel not in project.page_data:
            out.append(Problem(page.path, page.line_of("checklist"), f"the page has checklist wording but no data file data/pages/{rel[:-3]}.yml"))
    return out


def check_structure(project: Project) -> list[Problem]:
    """Procedure pages have the standard sections; headings ids match the source in every language."""
    out: list[Problem] = []
    if not project.profile:
        return out
    default = project.profile.default_language
    for (lang, rel), page in sorted(project.pages.items()):
        heads = page.headings()
        pd = project.page_data.get(rel)
        if pd and pd.kind in ("procedure", "life-event"):
            ids = [h[2] for h in heads if h[0] == 2]
            wanted = PROCEDURE_SECTIONS if pd.kind == "procedure" else LIFE_EVENT_SECTIONS
            missing = [s for s in wanted if s not in ids]
            if missing:
                out.append(Problem(page.path, page.body_line, f"the {pd.kind} page lacks the sections {', '.join('{ #' + m + ' }' for m in missing)}"))
            elif [i for i in ids if i in wanted] != list(wanted):
                out.append(Problem(page.path, page.body_line, f"the {pd.kind} page must have its sections in this order: {', '.join(wanted)}"))
            for macro in ("checklist()", "sources()"):
                if macro not in page.body:
                    out.append(Problem(page.path, page.body_line, f"the page does not show {{{{ {macro} }}}}"))
        # heading levels in order (WCAG: no skipped levels)
        prev = 0
        h1 = 0
        for level, text, hid, line in heads:
            if level == 1:
                h1 += 1
            if prev and level > prev + 1:
                out.append(Problem(page.path, line, f"heading level jumps from h{prev} to h{level}; use h{prev + 1}"))
            prev = level
        if h1 > 1:
            out.append(Problem(page.path, page.body_line, "the page has more than one top heading (# …)"))
        if lang != default:
            src = project.page(default, rel)
            if src is None:
                out.append(Problem(page.path, 1, f"there is no German source docs/{default}/{rel} for this translation"))
                continue
            src_ids = [h[2] for h in src.headings() if h[2]]
            ids = [h[2] for h in heads if h[2]]
            src_heads = src.headings()
            for hid in src_ids:
                if hid not in ids:
                    index, line = next((i, h[3]) for i, h in enumerate(src_heads) if h[2] == hid)
                    # the translated heading in the same place, where the page has as many headings
                    here = heads[index][3] if len(heads) == len(src_heads) else page.body_line
                    out.append(Problem(page.path, here, f"heading id '#{hid}' is missing ({lang}); it exists in {src.path}:{line}; keep the same {{ #{hid} }} on the translated heading"))
            for level, text, hid, line in heads:
                if hid and hid not in src_ids:
                    out.append(Problem(page.path, line, f"heading id '#{hid}' ({lang}) does not exist in the source {src.path}"))
    return out


def check_missing_translations(project: Project) -> list[Problem]:
    """Pages missing in a core language are errors; in a pending language they are reported as pending."""
    out: list[Problem] = []
    if not project.profile:
        return out
    default = project.profile.default_language
    for (lang, rel), page in sorted(project.pages.items()):
        if lang != default:
            continue
        for other in project.profile.core_languages:
            if other != default and project.page(other, rel) is None:
                out.append(Problem(f"docs/{other}/{rel}", 1, f"the page is missing in '{other}'; translate {page.path} (until then readers see the German text with a notice)"))
    return out


def check_links(project: Project) -> list[Problem]:
    from .links import check_internal

    return check_internal(project)


FACT_RE = re.compile(r"§|\{\{\s*fig(_proposed|_date)?\(")


def check_freshness(project: Project, today=None, max_age_months: int = 12) -> list[Problem]:
    """Pages that state legal, money or deadline facts carry sources with a checked-on date; sources
    and figures older than max_age_months are reported (as warnings: an editor re-checks them)."""
    import datetime as dt

    today = today or project.today or dt.date.today()
    out: list[Problem] = []
    limit = today.replace(year=today.year - max_age_months // 12) if max_age_months % 12 == 0 else today - dt.timedelta(days=int(max_age_months * 30.44))
    default = project.profile.default_language if project.profile else "de"
    for (lang, rel), page in sorted(project.pages.items()):
        if lang != default:
            continue
        pd = project.page_data.get(rel)
        m = FACT_RE.search(page.body)
        if m and (pd is None or not pd.sources):
            line = page.body_line + page.body[: m.start()].count("\n")
            out.append(Problem(page.path, line, f"the page states a legal or money fact but has no sources; list them with their checked-on date in data/pages/{rel[:-3]}.yml"))
    for pd in project.page_data.values():
        for src in pd.sources.values():
            if src.checked and src.checked < limit:
                out.append(Problem(pd.path, src.line, f"source '{src.id}' was last checked on {src.checked.isoformat()}, more than {max_age_months} months ago; check it again and update 'checked'", "warning"))
            if src.checked and src.checked > today:
                out.append(Problem(pd.path, src.line, f"source '{src.id}' has a checked-on date in the future ({src.checked.isoformat()})"))
    for f in project.figures.values():
        v, _ = f.shown(today)
        if v and v.checked < limit:
            out.append(Problem(f.path, v.line, f"figure '{f.id}' was last checked on {v.checked.isoformat()}, more than {max_age_months} months ago", "warning"))
    return out


AMOUNT_RE = re.compile(r"(?:€|EUR)[ \xa0]?\d[\d.,]*\d|\d(?:[\d.,]*\d)?(?:[ \xa0]?(?:€|Euro|euro|EUR|%)|[ \xa0])")


def _figure_spellings(project: Project, f) -> set[str]:
    """How a figure's value would look if someone typed it by hand, in each language."""
    from .render import fmt_euro, fmt_number

    out = set()
    for v in f.all_values():
        if f.unit == "percent" and float(v).is_integer() and v % 5 == 0:
            continue  # round shares ("50 %") are common words, not tracked amounts
        if f.unit not in ("percent",) and not f.unit.startswith("EUR") and v < 100:
            continue  # small counts ("2 Wochen") are ordinary words
        for lang in project.profile.languages if project.profile else ["de"]:
            num = fmt_number(project, lang, v)
            if f.unit.startswith("EUR"):
                out.add(fmt_euro(project, lang, v).replace("\xa0", " "))
                out.update({f"{num} €", f"{num} Euro", f"{num} euro", f"€{num}", f"EUR {num}", f"{num} EUR", f"{num}€", f"€ {num}"})
            elif f.unit == "percent":
                out.update({f"{num} %", f"{num}%"})
            else:
                out.add(f"{num} ")
    return out


# Sentences that spell out a change by hand instead of letting the figure say it.
HAND_CHANGE_RE = re.compile(r"\{\{\s*fig_next\(\s*[\"']([a-z0-9-]+)|\{\{\s*fig_date\(\s*[\"']([a-z0-9-]+)[\"']\s*,\s*[\"']next[\"']")
FIGURE_EXPR_RE = re.compile(r"\{\{\s*(fig|fig_proposed|fig_date)\(\s*[\"']([^\"']*)[\"']")


def check_figures(project: Project, today=None) -> list[Problem]:
    """Figures on the project's day: none shown past its end unnoticed, every figure reviewed in time,
    every change said by the figure itself, and no page writing a tracked amount by hand."""
    import datetime as dt

    from .figures import NOTICE_DAYS

    today = today or project.today or dt.date.today()
    soon = today + dt.timedelta(days=NOTICE_DAYS)
    out: list[Problem] = []
    for f in project.figures.values():
        v, expired = f.shown(today)
        src = f" {v.source_url}" if v and v.source_url else " the source"
        if v is None:
            out.append(Problem(f.path, f.line, f"figure '{f.id}' has no decided value yet; mark a value decided or give a formula"))
            continue
        if v.valid_from > today:
            out.append(Problem(f.path, v.line, f"figure '{f.id}' has no value before {v.valid_from.isoformat()}; pages show that value early"))
        if expired:
            out.append(Problem(f.path, v.line, f"figure '{f.id}' ended on {v.valid_until.isoformat()} and has no value after it; pages show it as 'new value being checked'. Check{src} and enter the new value under values:", "warning"))
        else:
            end = f.ends(today)
            if end and end <= soon:
                out.append(Problem(f.path, v.line, f"figure '{f.id}' ends on {end.isoformat()} and has no value after it; check{src} and enter the new value under values: (from {(end + dt.timedelta(days=1)).isoformat()} pages show 'new value being checked')", "warning"))
        if f.review_by and f.review_by <= soon:
            out.append(Problem(f.path, f.line, f"figure '{f.id}' is due for review on {f.review_by.isoformat()}; check{src}, then set a new review_by (or enter the new value)", "warning"))
        for p in f.values:
            if p.formula is None and p.status != "decided" and p.valid_from <= today:
                out.append(Problem(f.path, p.line, f"figure '{f.id}': the {p.status} value from {p.valid_from.isoformat()} has not been marked decided; check whether it was decided", "warning"))
    for (lang, rel), page in sorted(project.pages.items()):
        for m in HAND_CHANGE_RE.finditer(page.body):
            fid = m.group(1) or m.group(2)
            line = page.body_line + page.body[: m.start()].count("\n")
            fig = project.figures.get(fid)
            if fig is not None and fig.upcoming(today) is None and fig.pending() is not None:
                how = f"for a proposal write {{{{ fig_proposed(\"{fid}\") }}}} without its date"
            else:
                how = f"write {{{{ fig(\"{fid}\", change=true) }}}}: it shows the change while it lies ahead and only the current value afterwards"
            out.append(Problem(page.path, line, f"a change of figure '{fid}' is written by hand; {how}"))
        for m in FIGURE_EXPR_RE.finditer(page.body):
            fid = m.group(2)
            line = page.body_line + page.body[: m.start()].count("\n")
            if fid not in project.figures:
                out.append(Problem(page.path, line, f"figure '{fid}' is not defined in data/figures/"))
            elif m.group(1) == "fig_proposed" and project.figures[fid].pending() is None:
                out.append(Problem(page.path, line, f"figure '{fid}' has no planned or proposed value any more; rewrite the sentence about the proposal"))
    spelled: dict[str, str] = {}
    for fid, f in project.figures.items():
        for w in _figure_spellings(project, f):
            spelled.setdefault(w, fid)
    for (lang, rel), page in sorted(project.pages.items()):
        for n, line in enumerate(page.body.split("\n")):
            if "{{" in line:
                line = re.sub(r"\{\{.*?\}\}", "", line)
            for m in AMOUNT_RE.finditer(line):
                w = m.group(0).replace("\xa0", " ")
                fid = spelled.get(w)
                if fid:
                    out.append(Problem(page.path, page.body_line + n, f"'{w.strip()}' is written by hand; it is the tracked figure '{fid}': write {{{{ fig(\"{fid}\") }}}} so it stays right when the figure changes"))
                    break
    return out


PERCENT_SPACED_RE = re.compile(r"(\d(?:[\d.,]*\d)?)[ \xa0]%")
PERCENT_TIGHT_RE = re.compile(r"(\d(?:[\d.,]*\d)?)%")
FIG_CALL_RE = re.compile(r"\{\{\s*fig(?:_next)?\(\s*[\"']([A-Za-z0-9_-]+)[\"']\s*\)\s*\}\}")


def _unit_suffix(project: Project, lang: str, unit: str) -> str:
    """What a figure of this unit shows after its number in `lang` ("{v} mỗi năm" -> "mỗi năm")."""
    template = str((project.i18n.get(lang, {}).get("figure_units") or {}).get(unit) or "{v}")
    return template.split("{v}", 1)[1].strip() if "{v}" in template else ""


def check_typography(project: Project) -> list[Problem]:
    """Hand-written text follows the language's conventions: the percent sign as its strings file says
    (percent_space:), and no unit repeated right after a figure that already shows it."""
    out: list[Problem] = []
    for (lang, rel), page in sorted(project.pages.items()):
        strings = project.i18n.get(lang, {})
        spaced = strings.get("percent_space") if isinstance(strings, dict) else None
        shown = project.i18n_paths.get(lang, f"data/i18n/{lang}.yml")
        for n, raw in enumerate(page.body.split("\n")):
            line = page.body_line + n
            for m in FIG_CALL_RE.finditer(raw):
                f = project.figures.get(m.group(1))
                suffix = _unit_suffix(project, lang, f.unit) if f else ""
                after = raw[m.end():].lstrip(" \xa0")
                if suffix and after.lower().startswith(suffix.lower()) and not after[len(suffix):len(suffix) + 1].isalnum():
                    out.append(Problem(page.path, line, f"'{m.group(0)} {after[:len(suffix)]}' repeats the unit: the figure already shows "
                                                        f"'… {suffix}' ({lang}); remove '{after[:len(suffix)]}' after it"))
            text = re.sub(r"\{\{.*?\}\}|`[^`]*`", "", raw)
            if spaced is False:
                m = PERCENT_SPACED_RE.search(text)
                if m:
                    out.append(Problem(page.path, line, f"'{m.group(0)}' has a space before the percent sign; write '{m.group(1)}%' "
                                                        f"without one, as {shown} says (percent_space: false)"))
            elif spaced is True:
                m = PERCENT_TIGHT_RE.search(text)
                if m:
                    out.append(Problem(page.path, line, f"'{m.group(0)}' has no space before the percent sign; write '{m.group(1)} %', "
                                                        f"as {shown} says (percent_space: true)"))
    return out


def _term_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where a phrase stands as whole words (case-insensitive)."""
    return [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.I)]


def check_terms(project: Project) -> list[Problem]:
    """One term, one translation: a page that uses a translation the glossary of its language lists
    under `avoid:` is reported with the approved name. Whole words only; an avoided word inside a
    phrase the entry lists under `allow:` is correct there."""
    out: list[Problem] = []
    for lang, words in sorted(project.glossary.items()):
        rules = []
        for tid, w in words.items():
            if not isinstance(w, dict) or not w.get("avoid"):
                continue
            term = project.glossary_terms.get(tid, {}).get("term", tid)
            rules.append((tid, term, str(w.get("name") or term), [str(a) for a in w["avoid"]], [str(a) for a in w.get("allow") or []]))
        if not rules:
            continue
        for (plang, rel), page in sorted(project.pages.items()):
            if plang != lang:
                continue
            for n, raw in enumerate(page.body.split("\n")):
                text = re.sub(r"\{\{.*?\}\}|`[^`]*`|\]\([^)]*\)", lambda m: " " * len(m.group(0)), raw)
                for tid, term, name, avoid, allow in rules:
                    fine = [sp for a in allow for sp in _term_spans(text, a)]
                    for variant in avoid:
                        for a, b in _term_spans(text, variant):
                            if any(x <= a and b <= y for x, y in fine):
                                continue
                            out.append(Problem(page.path, page.body_line + n,
                                               f"'{text[a:b]}' for {term}: write '{name}' (the approved {lang} term in "
                                               f"data/glossary/{lang}.yml, glossary term '{tid}')"))
    return out


def check_offices(project: Project) -> list[Problem]:
    """Office types the pages use must be in every region of the profile (or pages say 'not filled in')."""
    out: list[Problem] = []
    if not project.profile:
        return out
    used: dict[str, tuple[str, int]] = {}
    for (lang, rel), page in project.pages.items():
        if rel in project.hidden_rels():
            continue
        for m in re.finditer(r"offices\(\s*[\"']([a-z0-9-]+)[\"']\s*\)", page.body):
            used.setdefault(m.group(1), (page.path, page.body_line + page.body[: m.start()].count("\n")))
    for reg in project.profile.regions:
        have = {o.get("type") for o in reg.offices if isinstance(o, dict)}
        for t, (path, line) in sorted(used.items()):
            if t not in have:
                out.append(Problem(project.profile.path, project.profile.data["regions"].line_of(project.profile.regions.index(reg)),
                                   f"region '{reg.id}' has no office of type '{t}', which {path}:{line} shows; add it under the region's offices", "warning"))
    return out


FACT_CALL_RE = re.compile(r"\{\{\s*(state_facts|country_fact)\(\s*[\"']([^\"']*)[\"']")


def check_facts(project: Project) -> list[Problem]:
    """Facts per Land and per partner country that the shown pages ask for: an unknown fact is an
    error; a Land or country of the profile without it is a warning naming the file to fill in."""
    from .facts import COUNTRY_FACTS, STATE_FACTS, STATE_NAMES
    from .render import profile_states

    out: list[Problem] = []
    if not project.profile:
        return out
    hidden = project.hidden_rels()
    country = project.profile.data["partner_country"]["code"]
    wanted: dict[tuple, tuple] = {}
    for (lang, rel), page in sorted(project.pages.items()):
        for m in FACT_CALL_RE.finditer(page.body):
            kind, fid = m.group(1), m.group(2)
            line = page.body_line + page.body[: m.start()].count("\n")
            known = STATE_FACTS if kind == "state_facts" else COUNTRY_FACTS
            if fid not in known:
                out.append(Problem(page.path, line, f"'{fid}' is not a fact of {'a Land' if kind == 'state_facts' else 'a country'}; choose from {', '.join(known)}"))
                continue
            if rel in hidden:
                continue
            if kind == "state_facts":
                for code in profile_states(project):
                    wanted.setdefault(("states", code, fid), (page.path, line))
            elif country != "ZZ":
                wanted.setdefault(("countries", country, fid), (page.path, line))
    for (folder, code, fid), (path, line) in sorted(wanted.items()):
        places = project.states if folder == "states" else project.countries
        place = places.get(code)
        if place is not None and place.fact(fid):
            continue
        name = STATE_NAMES.get(code, code) if folder == "states" else code
        where = place.path if place else f"data/{folder}/{code}.yml"
        out.append(Problem(where, 1,
                           f"'{fid}' is not filled in for {name}; {path}:{line} shows 'not yet filled in'. Add it to {where} with its official source and checked date (see EDITING.md)", "warning"))
    return out


ALL = {
    "model": check_model,
    "links": check_links,
    "front-matter": check_front_matter,
    "checklists": check_checklists,
    "structure": check_structure,
    "translations": check_missing_translations,
    "freshness": check_freshness,
    "figures": check_figures,
    "typography": check_typography,
    "offices": check_offices,
    "facts": check_facts,
    "terms": check_terms,
    "sheets": check_sheets,
}


def run_all(project: Project, names=None, max_age_months: int = 12) -> list[Problem]:
    out: list[Problem] = []
    for name, fn in ALL.items():
        if names and name not in names:
            continue
        if project.profile is None and name != "model":
            continue  # every other check reads the profile; the model names why it did not load
        out.extend(fn(project, max_age_months=max_age_months) if name == "freshness" else fn(project))
    # de-duplicate, keep order stable
    seen, uniq = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            uniq.append(p)
    return uniq
