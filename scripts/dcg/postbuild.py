"""Work done on the built site, after every language is built.

Plain functions over the site folder, so they run the same after MkDocs or any
other generator: the profile's colours as CSS, the print edition, the sitemap, and one pass over the
pages of each language folder (page links, glossary marks, valid HTML, the search index), the
languages side by side.
"""
from __future__ import annotations

import gzip
import os
import re
from html import escape
from pathlib import Path

from . import glossarymark, markup, offline, planview, searchindex
from .project import Project
from .render import page_url


def profile_css(project: Project) -> str:
    colors = project.profile.data["site"]["colors"]
    return (
        ":root{"
        f"--md-primary-fg-color:{colors['primary']};"
        f"--md-primary-fg-color--light:{colors['primary']};"
        f"--md-primary-fg-color--dark:{colors['primary']};"
        f"--md-accent-fg-color:{colors['accent']};"
        f"--md-typeset-a-color:{colors['primary']};"
        f"--dcg-primary:{colors['primary']};--dcg-accent:{colors['accent']};"
        "}\n"
    )


def write_profile_css(site: Path, project: Project) -> None:
    """The profile's colours at the site's root and in every language folder that has assets of its own
    (a generator that builds one project per language gives each its own assets/)."""
    css = profile_css(project)
    folders = [site] + [site / code for code in project.profile.languages if (site / code / "assets" / "dcg").is_dir()]
    for folder in folders:
        target = folder / "assets" / "dcg" / "profile.css"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")


def _lastmod(project: Project, rel: str) -> str | None:
    """A date taken from content (the newest checked-on date of the page's sources), never the build time."""
    pd = project.page_data.get(rel)
    dates = [s.checked for s in pd.sources.values() if s.checked] if pd else []
    return max(dates).isoformat() if dates else None


def sitemap(project: Project) -> str:
    """Every translated page of every language, with its alternates. Untranslated (fallback) pages are left out."""
    prof = project.profile
    base = prof.site_url.rstrip("/") + "/" if prof.site_url else "/"
    default = prof.default_language

    def loc(code: str, rel: str) -> str:
        return base + ("" if code == default else f"{code}/") + page_url(rel)

    hidden = project.hidden_rels()
    rels = sorted({rel for (lang, rel) in project.pages if lang == default and rel not in ("404.md",) and rel not in hidden})
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for rel in rels:
        langs = [c for c in prof.languages if project.page(c, rel) is not None]
        lastmod = _lastmod(project, rel)
        for code in langs:
            out.append("  <url>")
            out.append(f"    <loc>{escape(loc(code, rel))}</loc>")
            if lastmod:
                out.append(f"    <lastmod>{lastmod}</lastmod>")
            for other in langs:
                out.append(f'    <xhtml:link rel="alternate" hreflang="{other}" href="{escape(loc(other, rel))}"/>')
            out.append("  </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def write_sitemap(site: Path, project: Project) -> None:
    data = sitemap(project).encode("utf-8")
    (site / "sitemap.xml").write_bytes(data)
    with open(site / "sitemap.xml.gz", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(data)


def site_prefix(project: Project) -> str:
    """The path the site is published under ("/" or e.g. "/willkommen/"), from site.url."""
    from urllib.parse import urlsplit

    path = urlsplit(project.profile.site_url).path if project.profile.site_url else "/"
    return path if path.endswith("/") else path + "/"


def drop_unused_theme_assets(site: Path) -> None:
    """Material's own search (lunr and its worker) is replaced by Pagefind: its 1.6 MB of files are never loaded."""
    import shutil

    for rel in ("assets/javascripts/lunr", "assets/javascripts/workers"):
        shutil.rmtree(site / rel, ignore_errors=True)


ARTICLE_RE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
PLACEHOLDER = '<div class="dcg-print" data-dcg-print="employer"></div>'
SHORT_PLACEHOLDER = '<div class="dcg-print" data-dcg-print="employer-short"></div>'
SHORT_PAGES = ("employers/auf-einen-blick.md", "employers/checklisten.md")  # the short print edition


def _chapter_html(html: str, slug: str, present: set[str] | None = None) -> str:
    """A chapter's article, made ready to sit beside the others on one page: its ids prefixed with the
    chapter, the step navigation, the feedback link and permalink signs dropped."""
    m = ARTICLE_RE.search(html)
    body = m.group(1) if m else ""
    body = re.sub(r'<nav class="dcg-stepnav".*?</nav>', "", body, flags=re.S)
    body = re.sub(r'<aside class="dcg-feedback".*?</aside>', "", body, flags=re.S)  # the print page has its own
    body = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", body, flags=re.S)
    body = re.sub(r'\sid="([^"]+)"', lambda x: f' id="{slug}-{x.group(1)}"', body)
    body = re.sub(r'\sfor="([^"]+)"', lambda x: f' for="{slug}-{x.group(1)}"', body)
    body = re.sub(r'aria-labelledby="([^"]+)"', lambda x: f'aria-labelledby="{slug}-{x.group(1)}"', body)
    body = re.sub(r'href="#([^"]+)"', lambda x: f'href="#{slug}-{x.group(1)}"', body)
    # links to the other chapters on this page become links inside it; the rest keep their address
    def inside(x):
        if present is not None and x.group(1) not in present:
            return x.group(0)
        return f'href="#{x.group(1)}-{x.group(2)}"' if x.group(2) else f'href="#chapter-{x.group(1)}"'
    body = re.sub(r'href="\.\./([a-z0-9-]+)/(?:#([^"]+))?"', inside, body)
    # one level down in a single pass: the chapter's h1 becomes an h2 under the print page's own h1
    body = re.sub(r"<(/?)h([1-5])\b", lambda x: f"<{x.group(1)}h{int(x.group(2)) + 1}", body)
    return f'<section class="dcg-print__section" id="chapter-{slug}">{body}</section>'


def assemble_print(site: Path, project: Project) -> None:
    """The whole employer guide on one printable page per language (employers/print/), and the short
    edition: the guide on one page and all checklists (employers/print-kurz/)."""
    chapters = [pd.rel for pd in project.sequence(("employer",))]
    prof = project.profile
    for code in prof.languages:
        base = site if code == prof.default_language else site / code
        for folder, marker, rels in (("print", PLACEHOLDER, chapters), ("print-kurz", SHORT_PLACEHOLDER, SHORT_PAGES)):
            target = base / "employers" / folder / "index.html"
            if not target.exists():
                continue
            html = target.read_text(encoding="utf-8")
            if marker not in html:
                continue
            parts = []
            slugs = [rel.split("/")[-1][:-3] for rel in rels]
            lang_dir = "" if code == prof.default_language else code
            for slug in slugs:
                built = base / "employers" / slug / "index.html"
                if built.exists():  # its page links made relative first (the print page is as deep as the chapter)
                    chapter = markup.resolve_page_links(built.read_text(encoding="utf-8"), built.parent.relative_to(site).as_posix(), lang_dir)
                    parts.append(_chapter_html(chapter, slug, set(slugs)))
            # the chapters are found in search as their own pages; their copies here stay out of the index
            whole = '<div data-search-ignore>' + "\n".join(parts) + "</div>"
            target.write_text(html.replace(marker, whole), encoding="utf-8")


def write_robots(site: Path, project: Project) -> None:
    """robots.txt: everything may be indexed; the sitemap's address when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if project.profile.site_url:
        lines.append(f"Sitemap: {project.profile.site_url.rstrip('/')}/sitemap.xml")
    (site / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def minify_css(site: Path) -> None:
    """The project's own stylesheets without comments and spare white space (the sources stay readable)."""
    for css in (site / "assets" / "dcg").glob("*.css"):
        text = css.read_text(encoding="utf-8")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"\s+", " ", text)
        text = re.sub(r"\s*([{};,>])\s*", r"\1", text).replace(";}", "}")
        css.write_text(text.strip() + "\n", encoding="utf-8")


def language_pass(site: Path, project: Project, lang: str, part: int = 0, parts: int = 1) -> tuple[list, int]:
    """Each built page of one language folder (every `parts`-th, from the `part`-th) read and written
    once: its page links resolved (markup.resolve_page_links), its glossary terms marked (glossarymark),
    made valid HTML (markup.tidy), and read for the search index. Returns the pages as read for the
    index ((path, searchindex.read_page)) and the number of terms marked."""
    prof = project.profile
    default = prof.default_language
    folder = site if lang == default else site / lang
    others = {c for c in prof.languages if c != default}
    by_url = {page_url(rel): rel for (code, rel) in project.pages if code == default}
    marked = glossarymark.marked_rels(project)
    mark_page = glossarymark.page_marker(project, lang)
    searched = set(searchindex.searched_rels(project))
    pending = lang in prof.pending_languages
    prog = prof.data["programme"]
    name, short = str(prog["name"]), str(prog.get("short_name") or "")
    read, terms = [], 0
    for path in sorted(folder.rglob("*.html"))[part::parts]:
        inside = path.parent.relative_to(folder).as_posix()
        if lang == default and inside.split("/")[0] in others:
            continue  # another language's folder
        rel = by_url.get("" if inside == "." else inside + "/") if path.name == "index.html" else None
        text = path.read_text(encoding="utf-8")
        html = text
        if 'href="dcg:' in html:
            where = path.parent.relative_to(site).as_posix()
            html = markup.resolve_page_links(html, "" if where == "." else where, "" if lang == default else lang)
        if rel in marked:
            html, n = mark_page(rel, html)
            terms += n
        html = markup.tidy(html, name, short)
        if html != text:
            path.write_text(html, encoding="utf-8")
        if rel in searched:
            read.append((rel, searchindex.read_page(html, fallback=pending)))
    return read, terms


def pages_pass(site: Path, project: Project, parallel: bool = True) -> dict[str, int]:
    """language_pass over every page, in as many processes as the machine has cores (each language's
    pages split between them, so that no core waits for another), then the search index of each
    language. Returns the terms marked per language."""
    from . import forked

    langs = list(project.profile.languages)
    workers = (os.cpu_count() or 1) if parallel else 1
    tasks = [(lang, part, workers) for lang in langs for part in range(workers)]
    if workers > 1:
        results = [f.result() for f in forked.submit(language_pass, (site, project), tasks, workers)]
    else:
        results = [language_pass(site, project, *task) for task in tasks]
    read: dict[str, list] = {lang: [] for lang in langs}
    terms: dict[str, int] = {lang: 0 for lang in langs}
    for (lang, _, _), (pages, n) in zip(tasks, results):
        read[lang] += pages
        terms[lang] += n
    searchindex.write_search_index(site, {lang: searchindex.index_of(project, lang, read[lang]) for lang in langs})
    return terms


def run(site: Path, project: Project, serving: bool = False, timings: dict | None = None) -> None:
    """Every step on the built site, in order; `timings` receives each step's seconds."""
    import time

    steps = [
        ("unused theme assets", lambda: drop_unused_theme_assets(site)),
        ("print pages", lambda: assemble_print(site, project)),
        # while serving, one process: `mkdocs serve` runs threads, which a fork would copy half-way
        ("pages: links, glossary, valid HTML, search index", lambda: pages_pass(site, project, parallel=not serving)),
        ("profile CSS", lambda: write_profile_css(site, project)),
        ("sitemap", lambda: write_sitemap(site, project)),
        ("robots.txt", lambda: write_robots(site, project)),
        ("plan data", lambda: planview.write_plan_data(site, project)),
        ("offline", lambda: offline.write(site, project)),
    ]
    if not serving:
        from . import publish

        steps += [
            ("minified CSS", lambda: minify_css(site)),
            (".nojekyll", lambda: (site / ".nojekyll").write_text("", encoding="utf-8")),  # GitHub Pages: serve folders as they are
            ("compression and headers", lambda: publish.finish(site, project, meta_csp=os.environ.get("DCG_META_CSP") == "1",
                                                               prefix=site_prefix(project))),
        ]
    for name, step in steps:
        start = time.perf_counter()
        step()
        if timings is not None:
            timings[name] = time.perf_counter() - start
