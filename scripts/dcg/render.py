"""HTML fragments made from the model: checklists, sources, step navigation,
the overview picture, figures, offices and contacts.

Plain functions of (project, language, page): the MkDocs hooks call them, and
so could any other generator.
"""
from __future__ import annotations

import datetime as dt
import posixpath
from html import escape
from types import SimpleNamespace

from babel.dates import format_date
from babel.numbers import format_decimal

from .figures import NOTICE_DAYS, SINCE_EVER
from .pagedata import PageData
from .project import Project


def page_url(rel: str) -> str:
    """The directory URL of a page path (couples/anmeldung.md -> couples/anmeldung/)."""
    if rel == "index.md":
        return ""
    if rel.endswith("/index.md"):
        return rel[: -len("index.md")]
    return rel[: -len(".md")] + "/"


def relative_url(from_rel: str, to_rel: str, anchor: str = "") -> str:
    start = page_url(from_rel) or "."
    target = page_url(to_rel) or "."
    url = posixpath.relpath(target, start)
    url = "./" if url == "." else url + "/"
    return url + (f"#{anchor}" if anchor else "")


PAGE_LINK = "dcg:"


def page_link(to_rel: str, anchor: str = "") -> str:
    """A link written into raw HTML to another page of the same language: `dcg:couples/x.md#anchor`.
    Generators read relative links in raw HTML differently (MkDocs leaves them as written, others resolve
    them against the source file), so a step on the built site (markup.resolve_page_links) makes it
    relative to the page it ended up in."""
    return PAGE_LINK + to_rel + (f"#{anchor}" if anchor else "")


def locale(project: Project, lang: str) -> str:
    return str(project.i18n.get(lang, {}).get("locale") or lang)


def fmt_date(project: Project, lang: str, d: dt.date | None) -> str:
    if d is None:
        return "?"
    # A language may set its own pattern (date_format: in data/i18n/<lang>.yml); else Babel's long form.
    pattern = project.i18n.get(lang, {}).get("date_format") or "long"
    return format_date(d, format=str(pattern), locale=locale(project, lang))


def join_list(project: Project, lang: str, items: list[str]) -> str:
    """"A, B und C" / "A, B and C" / "A, B và C": the language's own list pattern (CLDR, via Babel),
    so a language a fork adds joins its lists without code."""
    from babel.lists import format_list

    return format_list(list(items), locale=locale(project, lang)) if items else ""


def language_names(project: Project, lang: str) -> str:
    """The profile's languages (core and being added) named in `lang`: "Deutsch, Englisch und Hindi"."""
    from babel import Locale

    loc = locale(project, lang)
    names = []
    for code in project.profile.languages if project.profile else [lang]:
        try:
            name = Locale.parse(code.replace("-", "_")).get_language_name(loc) or code
        except (ValueError, LookupError):
            name = code
        names.append(name[:1].lower() + name[1:] if project.i18n.get(lang, {}).get("language_names_lowercase") else name)
    return join_list(project, lang, names)


def fmt_number(project: Project, lang: str, value: float) -> str:
    loc = locale(project, lang)
    if float(value).is_integer():
        return format_decimal(int(value), locale=loc)
    return format_decimal(value, format="#,##0.00", locale=loc) if round(value, 2) != round(value, 1) else format_decimal(value, locale=loc)


def fmt_euro(project: Project, lang: str, value: float) -> str:
    """Euro in the language's convention: 1.234,56 € (de), €1,234.56 (en), 1.234,56 € (vi)."""
    from babel.numbers import format_currency

    loc = locale(project, lang)
    if float(value).is_integer():
        from babel import Locale

        pattern = Locale.parse(loc).currency_formats["standard"].pattern.split(";")[0]
        pattern = pattern.replace(".00", "")
        return format_currency(int(value), "EUR", format=pattern, locale=loc, currency_digits=False)
    return format_currency(value, "EUR", locale=loc)


def fmt_figure_value(project: Project, lang: str, value: float, unit: str) -> str:
    if unit.startswith("EUR"):
        v = fmt_euro(project, lang, value)
    else:
        v = fmt_number(project, lang, value)
    units = project.i18n.get(lang, {}).get("figure_units") or {}
    template = (units.get(unit + "/one") if value == 1 else None) or units.get(unit) or "{v}"
    return template.replace("{v}", v)


def _figure(project: Project, fid: str):
    f = project.figures.get(fid)
    if f is None:
        raise KeyError(f"figure '{fid}' is not defined in data/figures/")
    return f


def figure(project: Project, lang: str, fid: str, change: bool | None = None) -> str:
    """A tracked figure as it stands on the project's day, formatted for the language.

    While a decided change lies ahead, the value carries the change ("13,90 € bis 31. Dezember 2026,
    ab 1. Januar 2027: 14,60 €"): always with change=True, within NOTICE_DAYS with change=None, never
    with change=False. Past its end with no successor, the last value says so."""
    f = _figure(project, fid)
    day = project.today
    v, expired = f.shown(day)
    if v is None:
        raise KeyError(f"figure '{fid}' has no decided value yet")
    text = fmt_figure_value(project, lang, f.resolved(v), f.unit)
    if expired:
        text = project.t(lang, "figure_expired").format(value=text, until=fmt_date(project, lang, v.valid_until))
    else:
        nxt = f.upcoming(day) if change is not False else None
        if nxt is not None and (change or (nxt.valid_from - day).days <= NOTICE_DAYS):
            until = v.valid_until or (nxt.valid_from - dt.timedelta(days=1))
            text = project.t(lang, "figure_change").format(
                value=text, until=fmt_date(project, lang, until), next=fmt_figure_value(project, lang, f.resolved(nxt), f.unit),
                **{"from": fmt_date(project, lang, nxt.valid_from)})
    title = f"{project.t(lang, 'figure_as_of')}: {fmt_date(project, lang, v.checked)} · {v.law}"
    return f'<span class="dcg-figure" data-figure="{escape(fid)}" title="{escape(title)}">{escape(text)}</span>'


def figure_proposed(project: Project, lang: str, fid: str) -> str:
    """The newest value that is planned or proposed but not decided (for sentences about a proposal)."""
    f = _figure(project, fid)
    v = f.pending()
    if v is None:
        raise KeyError(f"figure '{fid}' has no planned or proposed value; the sentence about the proposal is out of date")
    return f'<span class="dcg-figure" data-figure="{escape(fid)}-{v.status}">{escape(fmt_figure_value(project, lang, v.value, f.unit))}</span>'


def figure_date(project: Project, lang: str, fid: str, which: str = "valid_from") -> str:
    """When the value shown today took effect (valid_from) or ends (valid_until)."""
    if which not in ("valid_from", "valid_until"):
        raise KeyError(f"fig_date takes 'valid_from' or 'valid_until', not '{which}'")
    v, _ = _figure(project, fid).shown(project.today)
    day = getattr(v, which)
    if day is None or day == SINCE_EVER:
        raise KeyError(f"figure '{fid}' has no {which} date to show; give its value one in data/figures/")
    return escape(fmt_date(project, lang, day))


def deadline_text(project: Project, lang: str, deadline: dict | None) -> str:
    if not deadline:
        return ""
    units = (project.i18n.get(lang, {}).get("units") or {}).get(deadline["rel"]) or {}
    event = project.t(lang, deadline["event"], "events")
    if deadline["n"] == 0:
        return str(units.get("zero", "{event}")).replace("{event}", event)
    forms = units.get(deadline["unit"]) or ["{n}", "{n}"]
    span = (forms[0] if deadline["n"] == 1 else forms[1]).replace("{n}", str(deadline["n"]))
    return str(units.get("template", "{span} {event}")).replace("{span}", span).replace("{event}", event)


def who_text(project: Project, lang: str, who: list) -> str:
    return ", ".join(project.t(lang, w, "who") for w in who)


def _cost_text(project: Project, lang: str, cost) -> str:
    if cost is None:
        return ""
    if cost == "varies":
        return project.t(lang, "cost_varies")
    if isinstance(cost, (int, float)):
        return project.t(lang, "cost_free") if cost == 0 else fmt_euro(project, lang, cost)
    if isinstance(cost, str) and cost in project.figures:
        return figure(project, lang, cost, change=False)
    return escape(str(cost))


def wording(project: Project, lang: str, rel: str) -> tuple[dict, str]:
    """The checklist wording of a page in `lang` (falls back to the default language)."""
    page = project.page(lang, rel)
    used = lang
    if page is None or not isinstance(page.meta.get("checklist"), dict):
        used = project.profile.default_language
        page = project.page(used, rel)
    words = page.meta.get("checklist") if page and isinstance(page.meta.get("checklist"), dict) else {}
    return words, used


def checklist(project: Project, lang: str, rel: str, phase: str | None = None) -> str:
    pd: PageData | None = project.page_data.get(rel)
    if pd is None or not pd.listing:
        raise KeyError(f"no checklist data for {rel}: create data/pages/{rel[:-3]}.yml with items")
    audiences = set(project.profile.audiences) if project.profile else set()
    rows = []
    wordings: dict[str, dict] = {}
    for home, it in project.listed_items(rel):
        # an item used from another page keeps that page's wording, source and tick (one id, one box)
        if it.applies_to and audiences and not set(it.applies_to) & audiences:
            continue
        if home.rel != rel and home.rel in project.hidden_rels():
            continue
        if phase and it.phase != phase:
            continue
        if home.rel not in wordings:
            wordings[home.rel] = wording(project, lang, home.rel)[0]
        text = wordings[home.rel].get(it.id)
        if isinstance(text, dict):
            text = text.get("text")
        text = escape(str(text or it.id))
        meta = [(project.t(lang, "who"), escape(who_text(project, lang, it.who)))]
        when = project.t(lang, it.phase, "phases")
        dl = deadline_text(project, lang, it.deadline)
        meta.append((project.t(lang, "when"), escape(when + (f" · {dl}" if dl else ""))))
        if it.documents:
            meta.append((project.t(lang, "documents"), escape(", ".join(project.t(lang, d, "documents") for d in it.documents))))
        cost = _cost_text(project, lang, it.cost)
        if cost:
            meta.append((project.t(lang, "cost"), cost))
        src = home.sources.get(it.source)
        if src and src in visible_sources(project, home):  # a source about another Land is not shown here
            meta.append((project.t(lang, "source"),
                         f'<a href="{escape(src.url)}">{escape(src.title)}</a> ({project.t(lang, "checked_on")} {escape(fmt_date(project, lang, src.checked))})'))
        meta.extend(_handoff_rows(project, lang, rel, it.id))
        dl_html = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in meta)
        rows.append(
            f'<li class="dcg-checklist__item" id="item-{it.id}" data-item="{it.id}" data-phase="{it.phase}">'
            f'<input type="checkbox" class="dcg-checklist__box" id="check-{it.id}" data-item="{it.id}">'
            f'<label for="check-{it.id}">{text}</label>'
            f'<dl class="dcg-checklist__meta">{dl_html}</dl></li>'
        )
    if not rows:
        raise KeyError(f"the checklist of {rel} has no items" + (f" in phase '{phase}'" if phase else ""))
    key = rel[:-3] + (f"#{phase}" if phase else "")
    nostore = " data-nostore" if pd.private else ""
    return (f'<div class="dcg-checklist" data-checklist="{escape(key)}"{nostore}>'
            f'<ul class="dcg-checklist__list">{"".join(rows)}</ul>'
            f'<p class="dcg-checklist__note">{escape(project.t(lang, "checklist_nostore" if pd.private else "checklist_saved"))}</p></div>')


def _handoff_rows(project: Project, lang: str, rel: str, iid: str) -> list[tuple[str, str]]:
    """What the company does for a couple's step, or which step of the couple a company's item serves
    (data/handoffs.yml), each as a label and a sentence with a link to the other checklist's item."""
    out = []
    for h, other_pd, other in project.handoffs_of(iid):
        company_side = h.company == iid
        text = wording(project, lang, other_pd.rel)[0].get(other.id)
        if isinstance(text, dict):
            text = text.get("text")
        href = page_link(other_pd.rel, f"item-{other.id}")
        key = ("handoff_for_couple_" if company_side else "handoff_by_employer_") + h.order
        label = project.t(lang, "handoff_couple" if company_side else "handoff_employer")
        out.append((escape(label), f'{escape(project.t(lang, key))} <a href="{escape(href)}">{escape(str(text or other.id))}</a>'))
    return out


def visible_sources(project: Project, pd) -> list:
    """The sources a profile shows: those about another Land or another partner country are left out."""
    states = {r.state for r in project.profile.regions}
    country = project.profile.data["partner_country"]["code"]
    return [s for s in pd.sources.values() if (not s.states or set(s.states) & states) and (not s.country or s.country == country)]


def sources(project: Project, lang: str, rel: str) -> str:
    """The page's sources with their checked-on dates: official ones first, then others (consumer
    advice, press), each group introduced as what it is. Sources for other Länder and countries are left out."""
    pd = project.page_data.get(rel)
    if pd is None or not pd.sources:
        raise KeyError(f"no sources for {rel}: list them in data/pages/{rel[:-3]}.yml")

    def item(s):
        return (f'<li><a href="{escape(s.url)}">{escape(s.title)}</a> – {project.t(lang, "checked_on")} '
                f'<time datetime="{s.checked.isoformat() if s.checked else ""}">{escape(fmt_date(project, lang, s.checked))}</time></li>')

    shown = list(visible_sources(project, pd))
    # the sources of the items this page uses from other pages
    for home, it in project.listed_items(rel):
        src = home.sources.get(it.source)
        if home.rel != rel and src and src in visible_sources(project, home) and all(s.url != src.url for s in shown):
            shown.append(src)
    official = [s for s in shown if s.kind == "official"]
    other = [s for s in shown if s.kind != "official"]
    # the sources of the facts per Land and country this page shows
    seen = {s.url for s in shown}
    for fact in project._cache.pop(("facts", lang, rel), []):
        src = fact.get("source") or {}
        if src.get("url") and src["url"] not in seen:
            seen.add(src["url"])
            official.append(SimpleNamespace(url=src["url"], title=src.get("title", src["url"]), checked=fact.get("checked")))
    out = ""
    if official:
        out += f'<p>{escape(project.t(lang, "sources_intro"))}</p><ul class="dcg-sources">{"".join(item(s) for s in official)}</ul>'
    if other:
        out += f'<p>{escape(project.t(lang, "sources_other"))}</p><ul class="dcg-sources">{"".join(item(s) for s in other)}</ul>'
    return out


# --------------------------------------------------------------------------- facts per Land and country

def _missing(project: Project, lang: str, place: str) -> str:
    return f'<span class="dcg-missing">{escape(project.t(lang, "not_filled_for").format(place=place))}</span>'


def _used(project: Project, lang: str, rel: str, fact: dict) -> None:
    """Remember a fact shown on a page, so that sources() lists its source too."""
    project._cache.setdefault(("facts", lang, rel), []).append(fact)


def _text_of(project: Project, lang: str, texts: dict) -> str:
    if lang in texts:
        return escape(str(texts[lang]))
    default = project.profile.default_language if project.profile else "de"
    return f'<span lang="{default}">{escape(str(texts.get(default) or next(iter(texts.values()))))}</span>'


def _fact_html(project: Project, lang: str, fact: dict) -> str:
    if "cutoff" in fact:
        from babel.dates import format_skeleton

        month, day = (int(x) for x in str(fact["cutoff"]).split("-"))
        when = format_skeleton("MMMMd", dt.date(2000, month, day), locale=locale(project, lang))
        return escape(project.t(lang, "school_start").format(date=when, law=fact["law"]))
    if "text" in fact:
        return _text_of(project, lang, fact["text"])
    name = escape(str(fact["name"]))
    return f'<a href="{escape(str(fact["url"]))}">{name}</a>' if fact.get("url") else name


def profile_states(project: Project) -> list[str]:
    """The Länder of the profile's regions, in the order the regions come."""
    return list(dict.fromkeys(r.state for r in project.profile.regions)) if project.profile else []


def state_facts(project: Project, lang: str, rel: str, fid: str) -> str:
    """A fact for each Land of the profile, as list lines ("- **Sachsen:** …"); a Land without the fact
    says so in the reader's language (and `dcg check` names the file to fill in)."""
    from .facts import STATE_NAMES

    lines = []
    for code in profile_states(project):
        place = project.states.get(code)
        name = place.name(lang) if place else STATE_NAMES.get(code, code)
        fact = place.fact(fid) if place else None
        if fact:
            _used(project, lang, rel, fact)
        lines.append(f"- **{escape(name)}:** {_fact_html(project, lang, fact) if fact else _missing(project, lang, name)}")
    return "\n".join(lines)


def country_fact(project: Project, lang: str, rel: str, fid: str) -> str:
    """A fact about the profile's partner country in the reader's language; for a profile without a
    single partner country (ZZ) a neutral sentence; a country without the fact says so."""
    pc = project.profile.data["partner_country"]
    code = pc["code"]
    names = pc.get("names") or {}
    cname = str((project.profile.pick(names, lang) or {}).get("name") or code)
    if code == "ZZ":
        return escape(project.t(lang, "ssa_none" if fid == "social-security" else "country_none"))
    place = project.countries.get(code)
    fact = place.fact(fid) if place else None
    if not fact:
        return _missing(project, lang, cname)
    _used(project, lang, rel, fact)
    if fid == "social-security":
        if fact.get("agreement"):
            key = "ssa_yes" if fact.get("since") else "ssa_yes_undated"
            since = fact.get("since")
            return escape(project.t(lang, key).format(country=cname, name=fact.get("name", ""),
                                                      since=fmt_date(project, lang, since if isinstance(since, dt.date) else None)))
        key = "ssa_eu" if place.eu else "ssa_no"
        return escape(project.t(lang, key).format(country=cname, checked=fmt_date(project, lang, fact.get("checked"))))
    return _fact_html(project, lang, fact)


def state_holidays(project: Project, lang: str) -> str:
    """For each Land of the profile, the public holidays it adds to the nationwide ones, with their
    dates this year and next, from the maintained `holidays` library (names in German or English)."""
    import holidays as hol
    from babel.dates import format_skeleton

    from .facts import STATE_NAMES

    years = (project.today.year, project.today.year + 1)
    names_lang = "en_US" if lang == "en" else "de"
    out = []
    for code in profile_states(project):
        place = project.states.get(code)
        sname = place.name(lang) if place else STATE_NAMES.get(code, code)
        extra: dict = {}
        for year in years:
            nationwide = hol.country_holidays("DE", years=year, language=names_lang)
            for day, name in sorted(hol.country_holidays("DE", subdiv=code, years=year, language=names_lang).items()):
                if day not in nationwide:
                    extra.setdefault(name, {})[year] = day
        out.append(f"### {escape(project.t(lang, 'holidays_in').format(place=sname))} {{ #holidays-{code.lower()} }}\n")
        if not extra:
            out.append(escape(project.t(lang, "holidays_none")) + "\n")
            continue
        own = project.i18n.get(lang, {}).get("holiday_names") or {}

        def wrap(n: str) -> str:
            if lang in ("de", "en"):
                return escape(n)
            german = f'<span lang="de">{escape(n)}</span>'
            return f"{escape(str(own[n]))} ({german})" if n in own else german
        rows = [f"| {escape(project.t(lang, 'holiday'))} | {years[0]} | {years[1]} |", "| --- | --- | --- |"]
        for name, days in sorted(extra.items(), key=lambda kv: min(d.timetuple().tm_yday for d in kv[1].values())):
            cells = [format_skeleton("MMMMEd", days[y], locale=locale(project, lang)) if y in days else "–" for y in years]
            rows.append(f"| {wrap(name)} | {cells[0]} | {cells[1]} |")
        out.append("\n".join(rows) + "\n")
    return "\n".join(out)


def _title(project: Project, lang: str, rel: str) -> str:
    page = project.page_or_fallback(lang, rel)
    return page.title if page else rel


def step_nav(project: Project, lang: str, rel: str) -> str:
    pd = project.page_data.get(rel)
    overview_rel = "employers/index.md" if pd and pd.kind == "employer" else "couples/index.md"
    kinds = (pd.kind,) if pd else ("procedure",)
    seq = project.sequence(kinds)
    rels = [p.rel for p in seq]
    if rel not in rels:
        raise KeyError(f"{rel} is not a step of the sequence (kind {kinds[0]}; is it hidden by the profile?)")
    i = rels.index(rel)
    phases = [p for p in project.phases.get("couples" if kinds[0] != "employer" else "employers", [])
              if any(s.phase == p for s in seq)]
    current = ' class="dcg-progress__phase dcg-progress__phase--current" aria-current="step"'
    other = ' class="dcg-progress__phase"'
    bar = "".join(
        f'<li{current if p == pd.phase else other}>{escape(project.t(lang, p, "phases"))}</li>'
        for p in phases
    )
    links = []
    if i > 0:
        links.append(f'<a class="dcg-stepnav__prev" rel="prev" href="{page_link(rels[i - 1])}">'
                     f'<span class="dcg-stepnav__label">{escape(project.t(lang, "previous"))}</span> {escape(_title(project, lang, rels[i - 1]))}</a>')
    links.append(f'<a class="dcg-stepnav__all" href="{page_link(overview_rel)}">{escape(project.t(lang, "overview"))}</a>')
    if i + 1 < len(rels):
        links.append(f'<a class="dcg-stepnav__next" rel="next" href="{page_link(rels[i + 1])}">'
                     f'<span class="dcg-stepnav__label">{escape(project.t(lang, "next"))}</span> {escape(_title(project, lang, rels[i + 1]))}</a>')
    label = project.t(lang, "step_count").replace("{i}", str(i + 1)).replace("{n}", str(len(rels)))
    return (f'<nav class="dcg-stepnav" aria-label="{escape(label)}">'
            f'<p class="dcg-stepnav__where"><strong>{escape(label)}</strong> · {escape(project.t(lang, "phase"))}: {escape(project.t(lang, pd.phase, "phases"))}</p>'
            f'<ol class="dcg-progress">{bar}</ol>'
            f'<p class="dcg-stepnav__links">{" ".join(links)}</p></nav>')


def at_a_glance(project: Project, lang: str, rel: str) -> str:
    pd = project.page_data.get(rel)
    if pd is None:
        raise KeyError(f"no page data for {rel}")
    rows = []
    if pd.who:
        rows.append((project.t(lang, "who"), who_text(project, lang, pd.who)))
    if pd.phase and pd.kind != "life-event":  # life events come when they come, not in a phase
        rows.append((project.t(lang, "when"), project.t(lang, pd.phase, "phases")))
    if pd.deadline:
        rows.append((project.t(lang, "deadline"), deadline_text(project, lang, pd.deadline)))
    inner = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in rows)
    link = sheet_link(project, lang, rel)
    if link:
        inner += f'<div class="dcg-glance__sheet"><dt>{escape(project.t(lang, "office_sheet"))}</dt><dd>{link}</dd></div>'
    return f'<dl class="dcg-glance" aria-label="{escape(project.t(lang, "at_a_glance"))}">{inner}</dl>'


def overview(project: Project, lang: str, rel: str, kinds=("procedure",), group: str = "couples") -> str:
    """The step-by-step picture: every step in order, grouped by phase, as an ordered list."""
    seq = project.sequence(kinds)
    out = []
    n = 0
    for phase in project.phases.get(group, []):
        steps = [pd for pd in seq if pd.phase == phase]
        if not steps:
            continue
        items = []
        for pd in steps:
            n += 1
            dl = deadline_text(project, lang, pd.deadline)
            who = who_text(project, lang, pd.who)
            extra = " · ".join(x for x in (who, dl) if x)
            items.append(
                f'<li class="dcg-steps__step" value="{n}"><a href="{page_link(pd.rel)}">{escape(_title(project, lang, pd.rel))}</a>'
                + (f'<span class="dcg-steps__meta">{escape(extra)}</span>' if extra else "") + "</li>"
            )
        out.append(
            f'<li class="dcg-steps__phase" id="phase-{phase}"><h2 class="dcg-steps__title">{escape(project.t(lang, phase, "phases"))}</h2>'
            f'<ol class="dcg-steps__list" start="{n - len(steps) + 1}">{"".join(items)}</ol></li>'
        )
    return f'<ol class="dcg-steps">{"".join(out)}</ol>'


def _contact_lines(project: Project, lang: str, item: dict) -> str:
    parts = []
    for key in ("address", "phone", "email", "website"):
        value = item.get(key)
        if not value:
            continue
        label = escape(project.t(lang, key if key != "address" else "region"))
        if key == "website":
            parts.append(f'<a href="{escape(value)}">{escape(value)}</a>')
        elif key == "email":
            parts.append(f'{label}: <a href="mailto:{escape(value)}">{escape(value)}</a>')
        elif key == "phone":
            parts.append(f'{label}: <a href="tel:{escape(value.replace(" ", ""))}">{escape(value)}</a>')
        else:
            parts.append(escape(value))
    if not parts:
        parts.append(f'<span class="dcg-missing">{escape(project.t(lang, "phone"))}, {escape(project.t(lang, "email"))}: {escape(project.t(lang, "not_filled"))}</span>')
    return "<br>".join(parts)


def example_mark(project: Project, lang: str, item: dict) -> str:
    if not item.get("example"):
        return ""
    return (f' <span class="dcg-example" title="{escape(project.t(lang, "example_note"))}">'
            f'{escape(project.t(lang, "example"))}</span>')


def offices(project: Project, lang: str, office_type: str) -> str:
    rows = []
    for reg in project.profile.regions:
        for off in reg.offices:
            if off.get("type") != office_type:
                continue
            rname = project.profile.text({k: v.get("name") for k, v in reg.names.items() if isinstance(v, dict)}, lang)
            serves = off.get("serves") or []
            serves_html = (f'<br><span class="dcg-serves">{escape(project.t(lang, "serves"))}: {escape(", ".join(serves))}</span>'
                           if serves else "")
            rows.append(f'<li><strong>{escape(rname)}</strong>: {escape(off.get("name", ""))}{example_mark(project, lang, off)}'
                        f'<br>{_contact_lines(project, lang, off)}{serves_html}</li>')
    if not rows:  # the profile has no such office yet: say so instead of breaking the page
        return f'<p class="dcg-missing">{escape(project.t(lang, "offices"))}: {escape(project.t(lang, "not_filled"))}</p>'
    return f'<ul class="dcg-offices">{"".join(rows)}</ul>'


def contacts(project: Project, lang: str, ids: list | None = None) -> str:
    rows = []
    for c in project.profile.data.get("contacts") or []:
        if ids and c.get("id") not in ids:
            continue
        role = project.profile.text(c.get("role"), lang)
        rows.append(f'<li><strong>{escape(role)}</strong>: {escape(c.get("name", ""))}{example_mark(project, lang, c)}'
                    f'<br>{_contact_lines(project, lang, c)}</li>')
    return f'<ul class="dcg-contacts">{"".join(rows)}</ul>'


def region_map(project: Project, lang: str, region_id: str) -> str:
    """A schematic map of a region's places as accessible inline SVG."""
    reg = next((r for r in project.profile.regions if r.id == region_id), None)
    if reg is None:
        raise KeyError(f"region '{region_id}' is not in the profile")
    name = project.profile.text({k: v.get("name") for k, v in reg.names.items() if isinstance(v, dict)}, lang)
    dots = []
    for pl in reg.places:
        x, y = 20 + pl["x"] * 3.6, 20 + pl["y"] * 2.4
        dots.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="5"/><text x="{x + 9:.0f}" y="{y + 4:.0f}">{escape(pl["name"])}</text>')
    places = ", ".join(pl["name"] for pl in reg.places)
    return (f'<figure class="dcg-map"><svg viewBox="0 0 420 300" role="img" aria-labelledby="map-{reg.id}-t">'
            f'<title id="map-{reg.id}-t">{escape(name)}: {escape(places)}</title>'
            f'<rect x="1" y="1" width="418" height="298" rx="12" class="dcg-map__area"/>{"".join(dots)}</svg>'
            f'<figcaption>{escape(name)}</figcaption></figure>')


def quick_exit(project: Project, lang: str, rel: str) -> str:
    """Sensitive pages (page data `private: true`) get a quick-exit control as the very first thing on
    the page, written by the theme (overrides/main.html), so it is the first stop of the Tab key.
    In the text this expression only marks where the page says so; it writes nothing itself."""
    pd = project.page_data.get(rel)
    if pd is None or not pd.private:
        raise KeyError(f"{rel}: quick_exit() belongs on pages whose data say private: true")
    return ""


SHEETS_PAGE = "couples/zettel.md"


def sheet_pages(project: Project) -> list[PageData]:
    """The procedures with a sheet for their office visit, in the order of the steps."""
    hidden = project.hidden_rels()
    return [pd for pd in project.sequence(("procedure",)) if pd.sheet and pd.rel not in hidden]


def _sheet_id(pd: PageData) -> str:
    return "sheet-" + pd.rel.split("/")[-1][:-3]


def office_sheets(project: Project, lang: str, rel: str = SHEETS_PAGE) -> str:
    """One printable sheet per office visit: the reader's language beside German (German alone on the
    German pages): who we are (blank lines), why we come, the documents we bring, our questions with
    room for the answer. Generated from the procedures' data and data/sheets/<lang>.yml."""
    from .sheets import phrase

    default = project.profile.default_language
    both = lang != default

    def pair(section: str, key: str, tag: str = "span") -> str:
        own = escape(phrase(project, lang, section, key))
        de = escape(phrase(project, default, section, key))
        if not both:
            return f"<{tag}>{de}</{tag}>"
        return (f'<span class="dcg-sheet__pair"><{tag} class="dcg-sheet__own">{own}</{tag}> '
                f'<{tag} class="dcg-sheet__de" lang="{default}">{de}</{tag}></span>')

    def doc_pair(doc: str) -> str:
        own, de = escape(project.t(lang, doc, "documents")), escape(project.t(default, doc, "documents"))
        if not both:
            return f"<span>{de}</span>"
        return f'<span class="dcg-sheet__pair"><span>{own}</span> <span class="dcg-sheet__de" lang="{default}">{de}</span></span>'

    out = []
    for pd in sheet_pages(project):
        sh = pd.sheet
        office_own = phrase(project, lang, "offices", sh["office"])
        office_de = phrase(project, default, "offices", sh["office"])
        title = escape(office_own if office_own == office_de or not both else f"{office_own} – {office_de}")
        rows = [f'<tr><th scope="row">{pair("labels", k)}</th><td class="dcg-sheet__blank"></td></tr>' for k in ("names", "born", "address", "phone")]
        docs = "".join(f'<li><span class="dcg-sheet__box" aria-hidden="true">☐</span>{doc_pair(d)}</li>' for d in sh["bring"])
        questions = "".join(f'<li>{pair("questions", q)}<div class="dcg-sheet__answer">{pair("labels", "answer")}</div></li>' for q in sh["questions"])
        back = page_link(pd.rel)
        out.append(
            f'<section class="dcg-sheet" id="{_sheet_id(pd)}" aria-labelledby="{_sheet_id(pd)}-h">'
            f'<h2 id="{_sheet_id(pd)}-h">{escape(phrase(project, lang, "labels", "title"))}: {title}</h2>'
            f'<p class="dcg-sheet__step"><a href="{back}">{escape(_title(project, lang, pd.rel))}</a></p>'
            f'<p class="dcg-sheet__intro">{pair("labels", "intro")}</p>'
            f'<h3>{pair("labels", "who")}</h3><table class="dcg-sheet__who"><tbody>{"".join(rows)}</tbody></table>'
            f'<h3>{pair("labels", "need")}</h3><p>{pair("purposes", sh["purpose"])}</p>'
            f'<h3>{pair("labels", "bring")}</h3><ul class="dcg-sheet__docs">{docs}</ul>'
            f'<h3>{pair("labels", "ask")}</h3><ol class="dcg-sheet__questions">{questions}</ol>'
            f'<p class="dcg-sheet__thanks">{pair("labels", "thanks")}</p>'
            f'<p class="dcg-sheet__print-row"><button type="button" class="md-button" data-dcg-print="{_sheet_id(pd)}" hidden>'
            f'{escape(phrase(project, lang, "labels", "print"))}</button></p>'
            f'</section>')
    return "".join(out)


def sheet_link(project: Project, lang: str, rel: str) -> str:
    """The link from a procedure to its office sheet ('' when it has none or the sheets page is hidden)."""
    from .sheets import phrase

    pd = project.page_data.get(rel)
    if not pd or not pd.sheet or project.page(project.profile.default_language, SHEETS_PAGE) is None or SHEETS_PAGE in project.hidden_rels():
        return ""
    return f'<a href="{page_link(SHEETS_PAGE, _sheet_id(pd))}">{escape(phrase(project, lang, "labels", "link"))}</a>'


def glossary_senders(project: Project, term: dict) -> list[str]:
    """The German names of the offices whose letters carry a term (from: in terms.yml)."""
    terms = project.glossary_terms
    return [terms[s]["term"] for s in term.get("from") or [] if s in terms]


def _letter_line(project: Project, lang: str, term: dict) -> str:
    senders = glossary_senders(project, term)
    if not senders:
        return ""
    letter = f' ({escape(term["letter"])})' if term.get("letter") else ""
    src = term.get("source") or {}
    link = (f' <a href="{escape(src["url"])}" class="dcg-glossary__source">{escape(project.t(lang, "source"))}</a>'
            if src.get("url") else "")
    return (f'<br><span class="dcg-glossary__letter">{escape(project.t(lang, "letter_from"))}: '
            f'<span lang="{project.profile.default_language}">{escape(", ".join(senders))}{letter}</span>{link}</span>')


def glossary(project: Project, lang: str) -> str:
    """The glossary table: the German term, its name and explanation in the page's language."""
    terms = project.glossary_terms
    rows = []
    for tid, term in sorted(terms.items(), key=lambda kv: kv[1]["term"].lower()):
        name, text = project.glossary_word(tid, lang)
        same = name.strip().lower() == term["term"].strip().lower()
        rows.append(f'<div class="dcg-glossary__entry" id="term-{tid}"><dt lang="{project.profile.default_language}">{escape(term["term"])}</dt>'
                    f'<dd>{"" if same or not name else f"<strong>{escape(name)}</strong>: "}{escape(text)}{_letter_line(project, lang, term)}</dd></div>')
    return f'<dl class="dcg-glossary">{"".join(rows)}</dl>'


def network(project: Project, lang: str) -> str:
    """The programme's partner organisations (a network of several operators), if the profile lists them."""
    orgs = project.profile.data["programme"].get("network") or []
    rows = [f'<li><strong>{escape(o.get("name", ""))}</strong>: {escape(project.profile.text(o.get("role"), lang))}'
            f'{example_mark(project, lang, o)}<br>{_contact_lines(project, lang, o)}</li>' for o in orgs]
    return f'<ul class="dcg-network">{"".join(rows)}</ul>' if rows else ""


def events_list(project: Project, lang: str) -> str:
    """Events from the profile (welcome evenings, fairs, trips), in date order."""
    evs = sorted(project.profile.data.get("events") or [], key=lambda e: str(e.get("date")))
    rows = [f'<li><time datetime="{escape(str(e.get("date")))}">{escape(fmt_date(project, lang, e.get("date")))}</time>: '
            f'<strong>{escape(project.profile.text(e.get("title"), lang))}</strong>'
            f'{(", " + escape(e["place"])) if e.get("place") else ""}{example_mark(project, lang, e)}</li>' for e in evs]
    return f'<ul class="dcg-events">{"".join(rows)}</ul>' if rows else ""


def cohorts(project: Project, lang: str) -> str:
    """The programme's cohorts (groups that start together), if the profile lists them."""
    cos = project.profile.data.get("cohorts") or []
    rows = [f'<li><strong>{escape(c.get("name", ""))}</strong>: {escape(fmt_date(project, lang, c.get("start")))} – '
            f'{escape(fmt_date(project, lang, c.get("end")))}</li>' for c in cos]
    return f'<ul class="dcg-cohorts">{"".join(rows)}</ul>' if rows else ""


def translation_status(project: Project, lang: str) -> str:
    """For editors: how far each language is, and which pages are missing or behind their German source."""
    from . import status as st

    entries = st.status(project)
    summ = st.summary(entries, project)
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    head = (f'<table class="dcg-status"><thead><tr><th scope="col">{t("st_language")}</th><th scope="col">{t("st_translated")}</th>'
            f'<th scope="col">{t("st_current")}</th><th scope="col">{t("st_outdated")}</th><th scope="col">{t("st_missing")}</th>'
            f'<th scope="col">{t("st_checklist")}</th></tr></thead><tbody>')
    rows = []
    for code, s in summ.items():
        name = escape(str(project.i18n.get(code, {}).get("language_name", code)))
        pending = f' ({t("st_pending")})' if s["pending"] else ""
        rows.append(f'<tr><th scope="row" lang="{code}">{name}</th><td>{s["translated_percent"]} %{pending}</td><td>{s["current"]}</td>'
                    f'<td>{s["outdated"] + s["untracked"]}</td><td>{s["missing"]}</td><td>{s["checklist_translated"]}/{s["checklist_items"]}</td></tr>')
    table = head + "".join(rows) + "</tbody></table>"
    todo = [e for e in entries if e.state in ("outdated", "untracked", "missing")]
    if not todo:
        return table + f'<p>{t("st_all_current")}</p>'
    items = "".join(f'<li><code>{escape(e.path)}</code>: {t("st_" + e.state)}</li>' for e in todo)
    return table + f'<ul class="dcg-status__todo">{items}</ul>'


def offline_control(project: Project, lang: str, at: str) -> str:
    """"Keep for offline" for the reader's language (site.js; hidden where the browser cannot)."""
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    says = "".join(f' data-t-{k}="{t("offline_" + k)}"' for k in ("size", "saving", "saved", "kept", "dropped", "failed"))
    return (f'<div class="dcg-offline" data-dcg-offline data-lang="{escape(at)}"{says} hidden>'
            f'<p class="dcg-offline__title"><strong>{t("offline_title")}</strong> {t("offline_intro")}</p>'
            f'<button type="button" class="md-button" data-offline="keep">{t("offline_keep")}</button> '
            f'<button type="button" class="md-button md-button--primary" data-offline="confirm" hidden>{t("offline_confirm")}</button> '
            f'<button type="button" class="md-button" data-offline="drop" hidden>{t("offline_drop")}</button>'
            f'<p class="dcg-offline__status" data-offline-status role="status" aria-live="polite"></p>'
            f'<p class="dcg-offline__more"><a href="{page_link("legal/datenschutz.md", "offline")}">{t("offline_privacy")}</a></p></div>')


NO_FEEDBACK = ("404.md", "search.md", "employers/print.md", "employers/print-kurz.md")


def feedback(project: Project, lang: str, rel: str, version: str) -> dict | None:
    """The "something wrong on this page?" link of a content page: to the programme's own address (the
    profile's feedback:), with a message naming the page, its language, the guide's version and the
    oldest checked-on date of its sources. None on pages that are not content and on private pages."""
    from urllib.parse import quote, urlencode

    pd = project.page_data.get(rel)
    if not rel or rel in NO_FEEDBACK or (pd is not None and pd.private):
        return None
    prof = project.profile
    fb = prof.data.get("feedback") or {}
    page = project.page_or_fallback(lang, rel)
    prefix = "" if lang == prof.default_language else f"{lang}/"
    base = prof.site_url.rstrip("/") + "/" if prof.site_url else "/"
    checked = min((s.checked for s in visible_sources(project, pd) if s.checked), default=None) if pd else None
    facts = {"page": base + prefix + page_url(rel), "lang": lang, "version": version or "-",
             "checked": checked.isoformat() if checked else "-"}
    if fb.get("form"):
        href = fb["form"] + ("&" if "?" in fb["form"] else "?") + urlencode(facts)
    else:
        subject = project.t(lang, "feedback_subject").format(title=page.title if page else rel)
        body = project.t(lang, "feedback_body").replace("\\n", "\n").format(**facts)
        href = "mailto:" + quote(fb.get("email") or "", safe="@") + "?" + urlencode({"subject": subject, "body": body}, quote_via=quote)
    return {"href": escape(href), "example": bool(fb.get("example")) or not (fb.get("email") or fb.get("form")), "facts": facts}
