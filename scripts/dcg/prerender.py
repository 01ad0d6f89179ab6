"""The pages ready for any generator: each page's {{ … }} expressions rendered to plain Markdown and
what the templates show (language switcher, legal links, quick exit, the site's own words), with no
import of a generator.

The MkDocs hooks (mkdocs_hooks.py) call these functions page by page. `prerender` writes the same
Markdown for one language as a project of its own, with the templates' data in each page's front matter
and in the configuration's `extra.dcg`: what a generator without hooks (one project per language, as
Zensical builds) can read.
"""
from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path

import jinja2
import yaml

from . import costview, planview, render, routeview, timelineview
from .problems import Problem
from .project import Project


class RenderError(Exception):
    """A page's {{ … }} expressions could not be rendered; `problems` say where."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


_VERSIONS: dict = {}


def context(project: Project, lang: str, rel: str, at: str | None = None) -> dict:
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
        # a Markdown link's target: the other page's file, relative to this one (every generator resolves it)
        "link": lambda target, anchor="": posixpath.relpath(target, posixpath.dirname(rel) or ".") + (f"#{anchor}" if anchor else ""),
        # a link in raw HTML to another page (resolved on the built page; see render.page_link)
        "page_link": lambda target, anchor="": render.page_link(target, anchor),
        "quick_exit": lambda: render.quick_exit(project, lang, rel),
        "network": lambda: render.network(project, lang),
        "events_list": lambda: render.events_list(project, lang),
        "cohorts": lambda: render.cohorts(project, lang),
        "translation_status": lambda: render.translation_status(project, lang),
        "glossary": lambda: render.glossary(project, lang),
        "office_sheets": lambda: render.office_sheets(project, lang, rel),
        "plan_page": lambda: planview.plan_page(project, lang, rel, root, at or lang),
        "coach_page": lambda: planview.coach_page(project, lang, rel, root, at or lang),
        "offline_control": lambda: render.offline_control(project, lang, at or lang),
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
        "root": root,
        # the search index of the folder the page is served in (a language being added has its own)
        "search_index": root + f"search-index/{at or lang}.json",
        **fn,
    }


_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


# HTML blocks the renderers write (a checklist, the sources, a table): set aside while the generator reads
# the Markdown, which would only parse them twice to pass them through unchanged (see page_markdown)
_BLOCK = re.compile(r"<(?:div|section|nav|aside|table|ul|ol|dl|form|details|figure|p|h[1-6])\b")


def _token(n: int) -> str:
    return f"@@dcg-block-{n}@@"


def _set_aside(fn, blocks: list):
    def call(*args, **kwargs):
        out = fn(*args, **kwargs)
        if isinstance(out, str) and _BLOCK.match(out) and "markdown=" not in out:
            blocks.append(out)
            return _token(len(blocks) - 1)
        return out
    return call


def _keep_alone(text: str, blocks: list) -> str:
    """Blocks on a line of their own between blank lines stay set aside (the generator would pass such
    raw HTML through as it is); every other one goes back into the text."""
    lines = text.split("\n")
    alone = set()
    for i, line in enumerate(lines):
        if line.startswith("@@dcg-block-") and line.endswith("@@") and (i == 0 or not lines[i - 1].strip()) \
                and (i == len(lines) - 1 or not lines[i + 1].strip()):
            alone.add(line)
    for n, block in enumerate(blocks):
        if _token(n) not in alone:
            text = text.replace(_token(n), block)
            blocks[n] = None
    return text


def place_blocks(html: str, blocks: list) -> str:
    """The HTML blocks set aside put back into the page the generator made of the Markdown."""
    for n, block in enumerate(blocks):
        if block is not None:
            token = _token(n)
            para = f"<p>{token}</p>"
            if para in html:  # as the converter passes a raw HTML block through: with a line break of its own, but at the end
                html = html.replace(para, block.rstrip("\n") + ("" if html.endswith(para) else "\n"), 1)
            else:
                html = html.replace(token, block, 1)
    return html


_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]+)"')


def block_ids(blocks: list) -> set[str]:
    """The ids in the blocks set aside: anchors other pages may link to."""
    return {i for block in blocks if block for i in _ID.findall(block)}


def restore_blocks(markdown: str, blocks: list) -> str:
    """The Markdown with its set-aside blocks back in place (what a generator without hooks reads)."""
    for n, block in enumerate(blocks):
        if block is not None:
            markdown = markdown.replace(_token(n), block, 1)
    return markdown


def render_markdown(project: Project, lang: str, rel: str, markdown: str, shown: str, body_line: int, at: str | None = None,
                    blocks: list | None = None) -> str:
    """The page's {{ … }} expressions rendered; a mistake in one raises RenderError naming the source line.
    With `blocks`, the HTML blocks of the renderers are set aside there and stand as tokens in the text."""
    try:
        template = _ENV.from_string(markdown)
        names = context(project, lang, rel, at)
        if blocks is None:
            return template.render(**names)
        names = {k: _set_aside(v, blocks) if callable(v) else v for k, v in names.items()}
        return _keep_alone(template.render(**names), blocks)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError([Problem(shown, body_line + (exc.lineno or 1) - 1, f"template error: {exc.message}")]) from None
    except (jinja2.UndefinedError, KeyError, TypeError) as exc:
        tb = exc.__traceback__
        line = 1
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                line = tb.tb_lineno
            tb = tb.tb_next
        msg = exc.args[0] if exc.args else str(exc)
        raise RenderError([Problem(shown, body_line + line - 1, f"{msg} (in a {{{{ … }}}} expression)")]) from None


_MD_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+?\.md)(#[^)\s]*)?\)")


def unlink_hidden(markdown: str, rel: str, hidden: set[str]) -> str:
    """A link to a page the profile does not show becomes its plain text."""
    if not hidden:
        return markdown

    def repl(m):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), m.group(2)))
        return m.group(1) if target in hidden else m.group(0)

    return _MD_LINK.sub(repl, markdown)


LEGAL_PAGES = ("legal/impressum.md", "legal/datenschutz.md", "legal/barrierefreiheit.md", "legal/leichte-sprache.md")


def version(root: Path) -> str:
    """The guide's version for readers' reports: the commit it was built from (none outside git)."""
    if root not in _VERSIONS:
        import subprocess
        try:
            out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, timeout=20)
            _VERSIONS[root] = out.stdout.strip() if out.returncode == 0 else ""
        except OSError:
            _VERSIONS[root] = ""
    return _VERSIONS[root]


def page_context(project: Project, lang: str, rel: str, fallback: bool) -> dict:
    """What the templates show: language switcher, hreflang alternates, legal links, quick exit, the
    site's own words. Links are final: relative to the page (it is built at <lang>/<rel> whatever the
    generator), or from the site's root path on pages served at any address (404.html, rel "")."""
    from .postbuild import site_prefix

    prof = project.profile
    base = prof.site_url.rstrip("/") + "/" if prof.site_url else ""
    own = "" if lang == prof.default_language else f"{lang}/"
    root = "../" * (own + render.page_url(rel)).count("/") if rel else site_prefix(project)

    def link(path: str) -> str:  # a path from the site's root, as the templates print it
        return (root + path) or "./"

    switcher, alternates = [], []
    for code in prof.languages:
        prefix = "" if code == prof.default_language else f"{code}/"
        path = prefix + (render.page_url(rel) if rel else "")
        entry = {"lang": code, "link": link(path),
                 "name": str(project.i18n.get(code, {}).get("language_name", code)),
                 "home": str(project.i18n.get(code, {}).get("home", code))}
        switcher.append(entry)  # relative: the switch works on any host (staging, a sub-path)
        if rel and project.page(code, rel) is not None:
            alternates.append({**entry, "link": base + path if base else entry["link"]})  # absolute when site.url is set
    if alternates:
        default = next((a for a in alternates if a["lang"] == prof.default_language), None)
        if default:
            alternates.append({**default, "lang": "x-default"})
    legal = []
    for page_rel in LEGAL_PAGES:
        page = project.page_or_fallback(lang, page_rel)
        if page is not None:
            legal.append({"link": link(own + render.page_url(page_rel)), "title": page.title})
    pd = project.page_data.get(rel) if rel else None
    quick = None
    if pd is not None and pd.private:
        quick = {"link": link(own), "label": project.t(lang, "quick_exit"), "hint": project.t(lang, "quick_exit_hint")}
    return {
        "lang": lang,
        "rel": rel,
        "fallback": fallback,
        "root": root,  # the whole site's root (the manifest, the icons)
        "feedback": render.feedback(project, lang, rel, version(project.root)) if rel else None,
        # "help now" one tap away on every couples' and life-events page: the emergency numbers and the coach
        "help_now": link(own + "events/#help-now") if rel and rel.split("/")[0] in ("couples", "events") and rel != "events/index.md"
        and "events/index.md" not in project.hidden_rels() else None,
        "quick_exit": quick,
        "legal_links": legal,
        "switcher": switcher,
        "alternates": alternates,
        "t": {k: str(v) for k, v in (project.i18n.get(lang, {}).get("ui") or {}).items()},
        "programme": prof.name,
        "search_url": link(own + "search/"),
    }


def fallback_notice(project: Project, lang: str) -> str:
    """The notice above a page shown in the default language because it is not translated yet."""
    return (f'<div class="admonition warning dcg-untranslated" role="note">'
            f'<p class="admonition-title">{project.t(lang, "not_translated_title")}</p>'
            f'<p>{project.t(lang, "not_translated").format(language=project.i18n.get(lang, {}).get("language_name", lang))}</p></div>')


def page_markdown(project: Project, lang: str, rel: str, fallback: bool, markdown: str, meta: dict, shown: str,
                  body_line: int, blocks: list | None = None) -> str:
    """One page as served in `lang`: links to hidden pages unlinked, {{ … }} rendered (a fallback keeps
    the default language's wording), and the title and description in `meta` rendered in place.
    With `blocks`, the renderers' HTML blocks that stand alone are left there as tokens, for the
    generator's page to take back (place_blocks): the Markdown converter never has to read them."""
    src_lang = project.profile.default_language if fallback else lang
    project._cache.pop(("facts", src_lang, rel), None)  # facts this page shows, for its sources
    markdown = unlink_hidden(markdown, rel, project.hidden_rels())
    out = render_markdown(project, src_lang, rel, markdown, shown, body_line, at=lang, blocks=blocks)
    for key in ("title", "description"):  # front matter may use the profile's values too
        value = meta.get(key)
        if isinstance(value, str) and "{" in value:
            meta[key] = render_markdown(project, src_lang, rel, value, shown, 1).strip()
    return out


def render_languages(project: Project, langs: list[str]) -> dict:
    """page_markdown of every page of `langs`, with its blocks set aside: (lang, rel) -> (source text,
    Markdown, rendered title and description, blocks), or (source text, None, None, problems) where a page
    cannot be rendered. The MkDocs hooks have this done in a second process while MkDocs works
    (render_ahead)."""
    out = {}
    for lang in langs:
        for rel, fallback in served_pages(project, lang):
            page = project.page_or_fallback(lang, rel)
            meta = {k: page.meta[k] for k in ("title", "description") if isinstance(page.meta, dict) and k in page.meta}
            blocks: list = []
            try:
                markdown = page_markdown(project, lang, rel, fallback, page.body, meta, page.path, page.body_line, blocks)
                out[(lang, rel)] = (page.body, markdown, meta, blocks)
            except RenderError as exc:
                out[(lang, rel)] = (page.body, None, None, exc.problems)
    return out


def render_ahead(project: Project, groups: list[list[str]]) -> list:
    """render_languages for each group of languages, one after the other, in a second process (forked:
    it shares the loaded project). Returns a future per group; none where the machine has one core."""
    import os

    from . import forked

    groups = [g for g in groups if g]
    if (os.cpu_count() or 1) < 2 or not groups:
        return []
    return forked.submit(render_languages, (project,), [(g,) for g in groups], workers=1)


def served_pages(project: Project, lang: str) -> list[tuple[str, bool]]:
    """(path, fallback) of every page a language's folder serves: its own pages, the default language's
    pages it has not translated yet, none the profile hides."""
    default = project.profile.default_language
    hidden = project.hidden_rels()
    rels = sorted({rel for (code, rel) in project.pages if code in (lang, default)} - hidden)
    return [(rel, project.page(lang, rel) is None) for rel in rels]


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml where PyYAML has it: the same YAML, faster


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def prerender(project: Project, lang: str, out: Path) -> int:
    """Write `lang` as a project of its own under `out`: docs/ with every page rendered to plain Markdown
    (its front matter carrying the templates' data as `dcg:`), the assets, and a plain mkdocs.yml without
    hooks or plugins. Returns the number of pages."""
    prof = project.profile
    docs = out / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    src_root = project.root / "docs"
    shutil.copytree(src_root / "assets", docs / "assets")
    for code in dict.fromkeys((prof.default_language, lang)):  # images and files kept beside the pages
        for f in (src_root / code).rglob("*"):
            if f.is_file() and f.suffix != ".md":
                target = docs / f.relative_to(src_root / code)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, target)
    pages = served_pages(project, lang)
    for rel, fallback in pages:
        page = project.page_or_fallback(lang, rel)
        meta = _plain(page.meta if isinstance(page.meta, dict) else {})
        body = page_markdown(project, lang, rel, fallback, page.body, meta, page.path, page.body_line)
        if fallback:
            body = f'{fallback_notice(project, lang)}\n\n<div lang="{prof.default_language}" markdown="1">\n\n{body}\n\n</div>\n'
        meta["dcg"] = _plain(page_context(project, lang, rel, fallback))
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
        target.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    (out / "mkdocs.yml").write_text(plain_config(project, lang), encoding="utf-8")
    return len(pages)


def navigation(project: Project, lang: str) -> list:
    """The menu as the MkDocs hooks arrange it (mkdocs_hooks.on_nav), in the `nav:` form a configuration
    gives: the top-level entries in data/navigation.yml's order, each folder a section titled by its
    index page, its pages in their step-by-step order, the sections gathered by audience."""
    navcfg = project.navigation
    order = {name: i for i, name in enumerate(navcfg.get("order") or [])}
    hidden = set(navcfg.get("hidden") or [])
    groups = navcfg.get("groups") or {}
    rank = {p: i for i, p in enumerate(project.phases.get("couples", []) + project.phases.get("employers", []))}

    def key(rel: str):
        if rel.split("/")[-1] == "index.md":
            return (-1, 0, "")
        pd = project.page_data.get(rel)
        return (rank.get(pd.phase, 99), pd.order, rel) if pd and pd.phase else (100, 0, rel)

    rels = [rel for rel, _ in served_pages(project, lang) if rel not in hidden]
    entries = {rel: rel for rel in rels if "/" not in rel}
    for folder in sorted({rel.split("/")[0] for rel in rels if "/" in rel}):
        pages = sorted((r for r in rels if r.startswith(folder + "/")), key=key)
        index = project.page_or_fallback(lang, f"{folder}/index.md")
        entries[folder] = {index.title if index else folder: pages}
    out, placed = [], set()
    for name in sorted(entries, key=lambda n: (order.get(n, len(order)), n)):
        group = next((g for g, folders in groups.items() if name in folders), None)
        if group is None:
            out.append(entries[name])
        elif group not in placed:
            placed.add(group)
            members = [entries[f] for f in groups[group] if f in entries]
            out.append(members[0] if len(members) == 1 else {project.t(lang, f"nav_group_{group}"): members})
    return out


def _block(text: str, key: str) -> str:
    """A top-level block of mkdocs.yml as written (its YAML tags kept)."""
    m = re.search(rf"^{key}:.*?(?=^\S|\Z)", text, re.M | re.S)
    return m.group(0).rstrip() + "\n" if m else ""


def plain_config(project: Project, lang: str) -> str:
    """A configuration for one language with no hooks and no plugins: the site's theme, stylesheets and
    Markdown extensions, the profile's values filled in, the templates' site-wide data in extra.dcg."""
    prof = project.profile
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    theme = _block(text, "theme")
    theme = re.sub(r"^(  custom_dir:).*$", lambda m: f"{m.group(1)} {json.dumps(str(project.root / 'overrides'))}", theme, flags=re.M)
    theme = re.sub(r"^(  language:).*$", lambda m: f"{m.group(1)} {lang}", theme, flags=re.M)
    logo = prof.data["site"].get("logo")
    if logo:
        theme = re.sub(r"^(  (?:logo|favicon):).*$", lambda m: f"{m.group(1)} {json.dumps(logo)}", theme, flags=re.M)
    site_url = ""
    if prof.site_url:
        site_url = prof.site_url.rstrip("/") + "/" + ("" if lang == prof.default_language else f"{lang}/")
    home = page_context(project, lang, "", False)
    extra = {"dcg": _plain(home), "alternate": _plain(home["switcher"])}
    served = {rel for rel, _ in served_pages(project, lang)}
    head = {"site_name": prof.name, "site_description": prof.text(prof.data["programme"]["tagline"], lang),
            "site_url": site_url or None, "docs_dir": "docs", "use_directory_urls": True,
            "nav": navigation(project, lang),
            "not_in_nav": "\n".join(sorted(set(project.navigation.get("hidden") or []) & served)) or None}
    return ("# One language of the guide as a project of its own (dcg prerender): no hooks, no plugins.\n"
            + yaml.safe_dump({k: v for k, v in head.items() if v is not None}, allow_unicode=True, sort_keys=False)
            + theme + _block(text, "extra_css") + "plugins: []\n"
            + yaml.safe_dump({"extra": extra}, allow_unicode=True, sort_keys=False, width=10_000)
            + _block(text, "markdown_extensions") + _block(text, "validation"))


