"""MkDocs hooks: a thin layer that hands pages to the model and the renderers.

What a page shows is worked out in prerender.py, which imports no generator; these hooks only pass
MkDocs' pages to it and put its results where MkDocs and the templates read them (page.meta.dcg,
config.extra.dcg).

Named in mkdocs.yml under `hooks:`. Each language is built in turn by
mkdocs-static-i18n; these hooks ask it which language is being built.
"""
from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dcg import prerender  # noqa: E402
from dcg.clock import ClockError  # noqa: E402
from dcg.project import Project  # noqa: E402
from dcg.problems import Problem  # noqa: E402
from dcg import postbuild  # noqa: E402

STATE: dict = {"started": time.perf_counter(), "hooks": {}, "languages": []}


def _timed(fn):
    """Add the hook's time to STATE["hooks"] (`dcg build --timings` prints it)."""
    @functools.wraps(fn)  # keeps MkDocs' event priority
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            STATE["hooks"][fn.__name__] = STATE["hooks"].get(fn.__name__, 0.0) + time.perf_counter() - start
    return wrapper


def _mark(event: str, config) -> None:
    """When each language's build began (its files) and ended (its post-build event)."""
    STATE["languages"].append((event, current_language(config), time.perf_counter()))


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


@_timed
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
    _ahead(project)
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


def _ahead(project: Project) -> None:
    """Once per build: every page rendered in a second process while MkDocs works, the first language
    first (not while serving: `mkdocs serve` runs threads, which a fork would copy half-way)."""
    if "ahead" in STATE:
        return
    STATE["ahead"] = {}
    if "serve" in sys.argv[1:2] or os.environ.get("DCG_SERVING") == "1":
        return
    first = project.profile.default_language
    later = [c for c in project.profile.languages if c != first]
    for langs, future in zip(([first], later), prerender.render_ahead(project, [[first], later])):
        STATE["ahead"].update({code: (future, code != first) for code in langs})


def _rendered_ahead(lang: str, rel: str, markdown: str):
    """The page as the second process rendered it, if it did and from the same text. The first
    language's pages are taken only once they are all done (MkDocs needs them at once); the later
    languages' are waited for (they are done long before MkDocs gets there)."""
    future, wait = STATE.get("ahead", {}).get(lang, (None, False))
    if future is None or not (wait or future.done()):
        return None
    pages = STATE.setdefault("ahead_pages", {})
    if lang not in pages:
        try:
            pages[lang] = future.result()
        except Exception:  # the second process failed as a whole: render here, which reports the cause
            pages[lang] = {}
    entry = pages[lang].get((lang, rel))
    return entry if entry is not None and entry[0].strip() == markdown.strip() else None


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


@_timed
@event_priority(-150)
def on_files(files, config):
    """Leave out the pages this profile does not show (other audiences, another partner country, a
    region it does not have). Shared content stays in the repository for the forks that need it."""
    _mark("start", config)
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


@_timed
@event_priority(-150)
def on_nav(nav, config, files):
    """The menu as prerender.navigation arranges it (the same for any generator): sections titled by
    their index pages in data/navigation.yml's order, pages in their step-by-step order, the sections
    gathered by audience, the search page out of the menu. MkDocs' page objects are kept."""
    from mkdocs.structure.nav import Section

    project = _project(config)
    docs = Path(config.docs_dir).resolve()
    pages = {"/".join(Path(p.file.abs_src_path).resolve().relative_to(docs).parts[1:]): p for p in nav.pages}

    def build(item, parent):
        if isinstance(item, str):
            page = pages[item]
            page.parent = parent
            return page
        (title, children), = item.items()
        section = Section(title, [])
        section.parent = parent
        section.children = [build(c, section) for c in children if not isinstance(c, str) or c in pages]
        return section

    nav.items = [build(item, None) for item in prerender.navigation(project, current_language(config))
                 if not isinstance(item, str) or item in pages]
    return nav


@_timed
def on_page_markdown(markdown, page, config, files):
    lang, rel, fallback, project = _rel_and_fallback(page, config)
    p = project.page(project.profile.default_language if fallback else lang, rel)
    shown = p.path if p else page.file.src_uri
    body_line = p.body_line if p else 1
    if p is not None:  # MkDocs drops the blank lines after the front matter: count from where its text starts
        start = p.body.find(markdown.lstrip("\n")[:80])
        if start > 0:
            body_line += p.body[:start].count("\n")
    page.meta["dcg_rel"] = rel
    page.meta["dcg_fallback"] = fallback
    ahead = _rendered_ahead(lang, rel, markdown)
    if ahead is not None:
        _, out, meta, blocks = ahead
        if out is None:
            _fail(blocks)  # the problems the second process found
        page.meta.update(meta)
        page.meta["dcg_blocks"] = blocks
        return out
    blocks: list = []
    try:
        out = prerender.page_markdown(project, lang, rel, fallback, markdown, page.meta, shown, body_line, blocks)
    except prerender.RenderError as exc:
        _fail(exc.problems)
    page.meta["dcg_blocks"] = blocks  # back into the page in on_page_content
    return out


@_timed
def on_page_content(html, page, config, files):
    lang, rel, fallback, project = _rel_and_fallback(page, config)
    blocks = page.meta.pop("dcg_blocks", None)
    if blocks:
        html = prerender.place_blocks(html, blocks)
        if page.present_anchor_ids is not None:  # MkDocs checks links to anchors against these
            page.present_anchor_ids |= prerender.block_ids(blocks)
    if fallback:
        return f'{prerender.fallback_notice(project, lang)}<div lang="{project.profile.default_language}">{html}</div>'
    return html


def _set_alternate(config, value) -> None:
    # static-i18n sets extra.alternate as an attribute, which Jinja reads before the item
    config.extra["alternate"] = value
    setattr(config.extra, "alternate", value)


@_timed
def on_page_context(context, page, config, nav):
    lang, rel, fallback, project = _rel_and_fallback(page, config)
    dcg = prerender.page_context(project, lang, rel, fallback)
    page.meta["dcg"] = dcg  # the templates read page.meta.dcg, which any generator can fill from front matter
    # Material writes <link rel="alternate" hreflang> and shows the switcher from extra.alternate
    _set_alternate(config, dcg["alternates"] or dcg["switcher"][:1])
    return context


@_timed
def on_template_context(context, template_name, config):
    project = STATE.get("project")
    if project is not None:
        lang = current_language(config)
        config.extra["dcg"] = prerender.page_context(project, lang, "", False)  # pages without a page: 404.html
        _set_alternate(config, config.extra["dcg"]["switcher"])
    return context


@_timed
def on_post_template(output_content, template_name, config):
    """Every language build renders the theme's 404.html to the same place; keep each language's."""
    if template_name == "404.html":
        STATE.setdefault("404", {})[current_language(config)] = output_content
    return output_content


@_timed
@event_priority(-200)
def on_post_build(config):
    """After every language is built (static-i18n builds the others inside the first build)."""
    _mark("end", config)
    plugin = _i18n(config)
    if plugin is not None and getattr(plugin, "building", False):
        return
    project = _project(config)
    site = Path(config.site_dir)
    for code, html in STATE.pop("404", {}).items():
        target = site / "404.html" if code == project.profile.default_language else site / code / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    steps: dict = {}
    generated = time.perf_counter()
    postbuild.run(site, project, serving="serve" in sys.argv[1:2] or os.environ.get("DCG_SERVING") == "1", timings=steps)
    if os.environ.get("DCG_TIMINGS"):
        _write_timings(Path(os.environ["DCG_TIMINGS"]), generated, steps)


def _write_timings(path: Path, generated: float, steps: dict) -> None:
    """The build's times in seconds: MkDocs per language (the first includes loading the project), each
    hook summed over all pages, each post-build step."""
    marks = STATE["languages"]
    starts = [(lang, t) for event, lang, t in marks if event == "start"]
    ends = {lang: t for event, lang, t in marks if event == "end"}
    languages = {}
    for i, (lang, t) in enumerate(starts):
        begin = STATE["started"] if i == 0 else t
        finish = starts[i + 1][1] if i + 1 < len(starts) else ends.get(lang, generated)
        languages[lang] = round(min(finish, ends.get(lang, finish)) - begin, 3)
    data = {"generation": round(generated - STATE["started"], 3), "languages": languages,
            "hooks": {k: round(v, 3) for k, v in STATE["hooks"].items()},
            "postbuild": {k: round(v, 3) for k, v in steps.items()},
            "postbuild_total": round(time.perf_counter() - generated, 3)}
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
