"""MkDocs hooks: a thin layer that hands pages to the model and the renderers.

Named in mkdocs.yml under `hooks:`. Each language is built in turn by
mkdocs-static-i18n; these hooks ask it which language is being built.
"""
from __future__ import annotations

import os
import posixpath
import re
import sys
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dcg import costview, planview, render, routeview, timelineview  # noqa: E402
from dcg.clock import ClockError  # noqa: E402
from dcg.project import Project  # noqa: E402
from dcg.problems import Problem  # noqa: E402
from dcg import postbuild  # noqa: E402

STATE: dict = {}


def _project(config) -> Project:
    return STATE["project"]


def _i18n(config):
    return config.plugins.get("i18n")


def current_language(config) -> str:
    plugin = _i18n(config)
    if plugin is not None and plugin.current_language:
        return plugin.current_language
    return STATE["project"].profile.default_language


def _fail(problems: list[Problem]) -> None:
    text = "\n".join(str(p) for p in problems)
    raise PluginError("the content has problems; fix them and build again:\n" + text)


@event_priority(100)
def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    if "project" not in STATE or STATE.get("root") != root:
        try:
            project = Project.load(root)
        except ClockError as e:
            raise PluginError(str(e)) from None
        STATE.update(project=project, root=root)
    project = STATE["project"]
    errors = [p for p in project.problems if p.severity == "error"]
    if errors:
        _fail(errors)
    prof = project.profile
    _languages_from_profile(config, project)
    logo = prof.data["site"].get("logo")
    if logo:
        config.theme["logo"] = logo
        config.theme["favicon"] = logo
    config.site_name = prof.name
    if prof.site_url:
        config.site_url = prof.site_url
    config.site_description = prof.text(prof.data["programme"]["tagline"], prof.default_language)
    return config


def _languages_from_profile(config, project: Project) -> None:
    """The i18n plugin's languages come from the profile (core and pending), so a fork never edits
    mkdocs.yml to add or remove a language."""
    plugin = _i18n(config)
    if plugin is None or plugin.current_language is not None:
        return  # only before the first language is built
    from mkdocs_static_i18n.config import I18nPluginLanguage

    prof = project.profile
    langs = []
    for code in prof.languages:
        lc = I18nPluginLanguage()
        lc.load_dict({"locale": code, "name": str(project.i18n.get(code, {}).get("language_name", code)),
                      "default": code == prof.default_language, "build": True})
        errors, warnings = lc.validate()
        if errors:
            _fail([Problem(prof.path, 1, f"language '{code}': {errors}")])
        langs.append(lc)
    plugin.config.languages = langs


def _rel_and_fallback(page, config):
    """The page's path inside its language folder, and whether it is a German fallback."""
    project = _project(config)
    lang = current_language(config)
    docs = Path(config.docs_dir).resolve()
    src = Path(page.file.abs_src_path).resolve()
    parts = src.relative_to(docs).parts
    src_lang, rel = parts[0], "/".join(parts[1:])
    fallback = src_lang != lang
    return lang, rel, fallback, project


def _context(project: Project, lang: str, rel: str, at: str | None = None) -> dict:
    """The names a page's {{ … }} expressions see: words in `lang`, paths from the folder `at` (the
    language the page is served in; a fallback page is served in the reader's folder)."""
    prof = project.profile
    pdata = prof.data
    names = pdata["partner_country"]["names"]
    cname = dict(prof.pick(names, lang) or {})
    cname["code"] = pdata["partner_country"]["code"]
    regions = []
    for reg in prof.regions:
        n = prof.pick(reg.names, lang)
        page_rel = f"regions/{reg.id}.md"
        has_page = project.page(prof.default_language, page_rel) is not None and page_rel not in project.hidden_rels()
        regions.append({"id": reg.id, "name": n["name"], "in": n["in"], "state": reg.state, "page": has_page})
    # relative address of the whole site's root (above the language folders)
    root = "../" * (render.page_url(rel).count("/") + (0 if (at or lang) == prof.default_language else 1))
    fn = {
        "checklist": lambda phase=None: render.checklist(project, lang, rel, phase),
        "sources": lambda: render.sources(project, lang, rel),
        "step_nav": lambda: render.step_nav(project, lang, rel),
        "at_a_glance": lambda: render.at_a_glance(project, lang, rel),
        "overview": lambda kinds="procedure", group="couples": render.overview(project, lang, rel, tuple(kinds.split(",")), group),
        "fig": lambda fid, change=None: render.figure(project, lang, fid, change),
        "fig_proposed": lambda fid: render.figure_proposed(project, lang, fid),
        "state_facts": lambda fid: render.state_facts(project, lang, rel, fid),
        "country_fact": lambda fid: render.country_fact(project, lang, rel, fid),
        "state_holidays": lambda: render.state_holidays(project, lang),
        "fig_date": lambda fid, which="valid_from": render.figure_date(project, lang, fid, which),
        "offices": lambda office_type: render.offices(project, lang, office_type),
        "contacts": lambda *ids: render.contacts(project, lang, list(ids)),
        "region_map": lambda rid: render.region_map(project, lang, rid),
        "link": lambda target, anchor="": render.relative_url(rel, target, anchor),
        "quick_exit": lambda: render.quick_exit(project, lang, rel),
        "network": lambda: render.network(project, lang),
        "events_list": lambda: render.events_list(project, lang),
        "cohorts": lambda: render.cohorts(project, lang),
        "translation_status": lambda: render.translation_status(project, lang),
        "glossary": lambda: render.glossary(project, lang),
        "office_sheets": lambda: render.office_sheets(project, lang, rel),
        "plan_page": lambda: planview.plan_page(project, lang, rel, root, at or lang),
        "coach_page": lambda: planview.coach_page(project, lang, rel, root, at or lang),
        "offline_control": lambda: render.offline_control(project, lang, root, at or lang),
        "route_finder": lambda: routeview.route_finder(project, lang, rel, root),
        "route_table": lambda: routeview.route_table(project, lang, rel),
        "timeline": lambda scid: timelineview.timeline(project, lang, scid),
        "timeline_form": lambda: timelineview.timeline_form(project, lang, root),
        "cost_example": lambda scenario: costview.cost_example(project, lang, scenario),
        "cost_sheet": lambda: costview.cost_sheet(project, lang, root),
        "programme_offer": lambda: costview.programme_offer(project, lang),
    }
    return {
        "languages": [{"code": c, "name": str(project.i18n.get(c, {}).get("language_name", c))} for c in prof.languages],
        "programme": {"name": pdata["programme"]["name"], "short_name": pdata["programme"]["short_name"],
                      "tagline": prof.text(pdata["programme"]["tagline"], lang),
                      "operator": pdata["programme"]["operator"]["name"]},
        "operator": {k: v for k, v in pdata["programme"]["operator"].items()},
        "country": cname,
        "regions": regions,
        "regions_in": render.join_list(project, lang, [r["in"] for r in regions]),
        "states": sorted({r["state"] for r in regions}),
        "audiences": list(prof.audiences),
        "has_network": bool(pdata["programme"].get("network")),
        "has_events": bool(pdata.get("events")),
        "has_cohorts": bool(pdata.get("cohorts")),
        "regions_names": render.join_list(project, lang, [r["name"] for r in regions]),
        "languages_names": render.language_names(project, lang),
        "lang": lang,
        "t": {k: str(v) for k, v in (project.i18n.get(lang, {}).get("ui") or {}).items()},
        # relative address of the whole site's root (above the language folders)
        "root": "../" * (render.page_url(rel).count("/") + (0 if (at or lang) == prof.default_language else 1)),
        # the search index of the folder the page is served in (a language being added has its own)
        "search_index": "../" * (render.page_url(rel).count("/") + (0 if (at or lang) == prof.default_language else 1))
        + f"search-index/{at or lang}.json",
        **fn,
    }


_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


def render_markdown(project: Project, lang: str, rel: str, markdown: str, shown: str, body_line: int, at: str | None = None) -> str:
    env = _ENV
    try:
        template = env.from_string(markdown)
        return template.render(**_context(project, lang, rel, at))
    except jinja2.TemplateSyntaxError as exc:
        _fail([Problem(shown, body_line + (exc.lineno or 1) - 1, f"template error: {exc.message}")])
    except (jinja2.UndefinedError, KeyError, TypeError) as exc:
        tb = exc.__traceback__
        line = 1
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                line = tb.tb_lineno
            tb = tb.tb_next
        msg = exc.args[0] if exc.args else str(exc)
        _fail([Problem(shown, body_line + line - 1, f"{msg} (in a {{{{ … }}}} expression)")])
    return markdown


@event_priority(-150)
def on_files(files, config):
    """Leave out the pages this profile does not show (other audiences, another partner country, a
    region it does not have). Shared content stays in the repository for the forks that need it."""
    project = _project(config)
    hidden = project.hidden_rels()
    langs = set(project.profile.languages)
    docs = Path(config.docs_dir).resolve()
    for f in list(files):
        try:
            parts = Path(f.abs_src_path).resolve().relative_to(docs).parts
        except ValueError:
            continue
        if len(parts) > 1 and parts[0] not in langs and parts[0] != "assets" and (project.root / "data/i18n" / f"{parts[0]}.yml").exists():
            files.remove(f)  # a language of another profile
        elif f.src_uri.endswith(".md") and "/".join(parts[1:]) in hidden:
            files.remove(f)
    return files


_MD_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+?\.md)(#[^)\s]*)?\)")


def unlink_hidden(markdown: str, rel: str, hidden: set[str]) -> str:
    """A link to a page the profile does not show becomes its plain text."""
    if not hidden:
        return markdown

    def repl(m):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), m.group(2)))
        return m.group(1) if target in hidden else m.group(0)

    return _MD_LINK.sub(repl, markdown)


@event_priority(-150)
def on_nav(nav, config, files):
    """Section titles from each folder's index page, sections in the configured order, the pages of a
    section in their step-by-step order, and the search page out of the menu."""
    from mkdocs.structure.nav import Section
    from mkdocs.structure.pages import Page as MkPage

    project = _project(config)
    lang = current_language(config)
    navcfg = project.navigation
    order = {name: i for i, name in enumerate(navcfg.get("order") or [])}
    hidden = set(navcfg.get("hidden") or [])
    docs = Path(config.docs_dir).resolve()
    phase_rank = {p: i for i, p in enumerate(project.phases.get("couples", []) + project.phases.get("employers", []))}

    def rel_of(item) -> str | None:
        if isinstance(item, MkPage):
            parts = Path(item.file.abs_src_path).resolve().relative_to(docs).parts
            return "/".join(parts[1:])
        return None

    def key(item):
        rel = rel_of(item)
        if rel is not None:
            name = rel.split("/")[-1]
            if name == "index.md":
                return (-1, 0, "")
            pd = project.page_data.get(rel)
            if pd and pd.phase:
                return (phase_rank.get(pd.phase, 99), pd.order, rel)
            return (100, 0, rel)
        return (100, 0, "")

    def arrange(items, top=False):
        out = []
        for item in items:
            rel = rel_of(item)
            if rel is not None and rel in hidden:
                continue
            if isinstance(item, Section):
                index = next((c for c in item.children if rel_of(c) and rel_of(c).endswith("index.md")), None)
                if index is not None:
                    page = project.page_or_fallback(lang, rel_of(index))
                    if page:
                        item.title = page.title
                item.children = arrange(item.children)
            out.append(item)
        if top:
            def top_key(item):
                rel = rel_of(item)
                name = rel if rel else next((rel_of(c).split("/")[0] for c in _leaves(item)), "")
                return (order.get(name, len(order)), name)
            return sorted(out, key=top_key)
        return sorted(out, key=key)

    nav.items = _grouped(arrange(nav.items, top=True), navcfg.get("groups") or {}, project, lang, rel_of)
    return nav


def _grouped(items, groups: dict, project: Project, lang: str, rel_of) -> list:
    """The top-level sections gathered by audience (data/navigation.yml groups): one entry per group, its
    sections inside in the group's order; a group with one section keeps that section as it is. A
    section no group names stays where it was."""
    from mkdocs.structure.nav import Section

    def folder(item):
        leaves = [rel_of(c) for c in _leaves(item)] if isinstance(item, Section) else [rel_of(item)]
        first = next((r for r in leaves if r), "")
        return first.split("/")[0] if "/" in first else ""

    by_folder = {folder(it): it for it in items if isinstance(it, Section)}
    out, placed = [], set()
    for it in items:
        f = folder(it) if isinstance(it, Section) else ""
        group = next((g for g, folders in groups.items() if f in folders), None)
        if group is None:
            out.append(it)
            continue
        if group in placed:
            continue
        placed.add(group)
        members = [by_folder[x] for x in groups[group] if x in by_folder]
        if len(members) == 1:
            out.append(members[0])
            continue
        section = Section(project.t(lang, f"nav_group_{group}"), members)
        for m in members:
            m.parent = section
        out.append(section)
    return out


def _leaves(section):
    from mkdocs.structure.nav import Section

    for c in section.children:
        if isinstance(c, Section):
            yield from _leaves(c)
        else:
            yield c


def on_page_markdown(markdown, page, config, files):
    lang, rel, fallback, project = _rel_and_fallback(page, config)
    src_lang = project.profile.default_language if fallback else lang
    p = project.page(src_lang, rel)
    shown = p.path if p else page.file.src_uri
    body_line = p.body_line if p else 1
    if p is not None:  # MkDocs drops the blank lines after the front matter: count from where its text starts
        start = p.body.find(markdown.lstrip("\n")[:80])
        if start > 0:
            body_line += p.body[:start].count("\n")
    page.meta["dcg_rel"] = rel
    page.meta["dcg_fallback"] = fallback
    project._cache.pop(("facts", src_lang if fallback else lang, rel), None)  # facts this page shows, for its sources
    markdown = unlink_hidden(markdown, rel, project.hidden_rels())
    # render with the reader's language for the site's own words; a fallback keeps German wording
    out = render_markdown(project, src_lang if fallback else lang, rel, markdown, shown, body_line, at=lang)
    for key in ("title", "description"):  # front matter may use the profile's values too
        value = page.meta.get(key)
        if isinstance(value, str) and "{" in value:
            page.meta[key] = render_markdown(project, src_lang if fallback else lang, rel, value, shown, 1).strip()
    return out


def on_page_content(html, page, config, files):
    lang, rel, fallback, project = _rel_and_fallback(page, config)
    if fallback:
        src = project.profile.default_language
        notice = (f'<div class="admonition warning dcg-untranslated" role="note">'
                  f'<p class="admonition-title">{project.t(lang, "not_translated_title")}</p>'
                  f'<p>{project.t(lang, "not_translated").format(language=project.i18n.get(lang, {}).get("language_name", lang))}</p></div>')
        return f'{notice}<div lang="{src}">{html}</div>'
    return html


LEGAL_PAGES = ("legal/impressum.md", "legal/datenschutz.md", "legal/barrierefreiheit.md", "legal/leichte-sprache.md")


def _version(root: Path) -> str:
    """The guide's version for readers' reports: the commit it was built from (none outside git)."""
    if "version" not in STATE:
        import subprocess
        try:
            out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, timeout=20)
            STATE["version"] = out.stdout.strip() if out.returncode == 0 else ""
        except OSError:
            STATE["version"] = ""
    return STATE["version"]


def _dcg_context(project: Project, lang: str, rel: str, fallback: bool) -> dict:
    """What the templates show: language switcher, hreflang alternates, the site's own words."""
    prof = project.profile
    base = prof.site_url.rstrip("/") + "/" if prof.site_url else ""
    switcher, alternates = [], []
    for code in prof.languages:
        prefix = "" if code == prof.default_language else f"{code}/"
        target = base + prefix + (render.page_url(rel) if rel else "")
        local = prefix + (render.page_url(rel) if rel else "")
        entry = {"lang": code, "link": local or "./",
                 "name": str(project.i18n.get(code, {}).get("language_name", code)),
                 "home": str(project.i18n.get(code, {}).get("home", code))}
        switcher.append(entry)  # relative: the switch works on any host (staging, a sub-path)
        if rel and project.page(code, rel) is not None:
            alternates.append({**entry, "link": target or "./"})  # absolute when site.url is set
    if alternates:
        default = next((a for a in alternates if a["lang"] == prof.default_language), None)
        if default:
            alternates.append({**default, "lang": "x-default"})
    legal = []
    prefix = "" if lang == prof.default_language else f"{lang}/"
    for page_rel in LEGAL_PAGES:
        page = project.page_or_fallback(lang, page_rel)
        if page is not None:
            legal.append({"link": prefix + render.page_url(page_rel), "title": page.title})
    pd = project.page_data.get(rel) if rel else None
    quick = None
    if pd is not None and pd.private:
        quick = {"link": prefix or "./", "label": project.t(lang, "quick_exit"), "hint": project.t(lang, "quick_exit_hint")}
    return {
        "lang": lang,
        "rel": rel,
        "fallback": fallback,
        "feedback": render.feedback(project, lang, rel, _version(project.root)) if rel else None,
        # "help now" one tap away on every couples' and life-events page: the emergency numbers and the coach
        "help_now": (prefix + "events/#help-now") if rel and rel.split("/")[0] in ("couples", "events") and rel != "events/index.md"
        and "events/index.md" not in project.hidden_rels() else None,
        "quick_exit": quick,
        "legal_links": legal,
        "switcher": switcher,
        "alternates": alternates,
        "t": {k: str(v) for k, v in (project.i18n.get(lang, {}).get("ui") or {}).items()},
        "programme": prof.name,
        "search_url": ("" if lang == prof.default_language else f"{lang}/") + "search/",
    }


def _set_alternate(config, value) -> None:
    # static-i18n sets extra.alternate as an attribute, which Jinja reads before the item
    config.extra["alternate"] = value
    setattr(config.extra, "alternate", value)


def on_page_context(context, page, config, nav):
    lang, rel, fallback, project = _rel_and_fallback(page, config)
    dcg = _dcg_context(project, lang, rel, fallback)
    context["dcg"] = dcg
    # Material writes <link rel="alternate" hreflang> and shows the switcher from extra.alternate
    _set_alternate(config, dcg["alternates"] or dcg["switcher"][:1])
    return context


def on_template_context(context, template_name, config):
    project = STATE.get("project")
    if project is not None:
        lang = current_language(config)
        context["dcg"] = _dcg_context(project, lang, "", False)
        _set_alternate(config, context["dcg"]["switcher"])
    return context


def on_post_template(output_content, template_name, config):
    """Every language build renders the theme's 404.html to the same place; keep each language's."""
    if template_name == "404.html":
        STATE.setdefault("404", {})[current_language(config)] = output_content
    return output_content


@event_priority(-200)
def on_post_build(config):
    """After every language is built (static-i18n builds the others inside the first build)."""
    plugin = _i18n(config)
    if plugin is not None and getattr(plugin, "building", False):
        return
    project = _project(config)
    site = Path(config.site_dir)
    for code, html in STATE.pop("404", {}).items():
        target = site / "404.html" if code == project.profile.default_language else site / code / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    postbuild.run(site, project, serving="serve" in sys.argv[1:2] or os.environ.get("DCG_SERVING") == "1")
