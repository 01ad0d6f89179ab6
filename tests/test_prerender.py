"""Ready to leave the generator: the pages rendered to plain Markdown without MkDocs, the same Markdown
the hooks give MkDocs, and each language built as a project of its own with a plain configuration (no
hooks, no i18n plugin: what a generator that builds one project per language sees) without a broken link,
a missing asset or a language switch to another page."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT

from dcg import markup, postbuild, prerender
from dcg.links import check_built
from dcg.render import page_url

GENERATORS = ("mkdocs", "mkdocs_static_i18n", "material")

# `dcg prerender` with every generator module made impossible to import
WITHOUT_GENERATOR = f"""
import sys
class NoGenerator:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {GENERATORS!r}:
            raise ImportError("a generator was imported: " + name)
sys.meta_path.insert(0, NoGenerator())
from dcg.cli import main
code = main(["prerender", "--out", sys.argv[1]])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {GENERATORS!r})
if loaded:
    print("imported:", loaded)
    code = 3
sys.exit(code)
"""


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT / "scripts"), NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")


@pytest.fixture(scope="module")
def prerendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("prerendered")
    result = subprocess.run([sys.executable, "-c", WITHOUT_GENERATOR, str(out)], cwd=ROOT, env=_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    # a page not yet translated: the hooks add the notice and the language wrapper to the HTML instead
    m = re.match(r'\s*<div class="admonition warning dcg-untranslated".*?</div>\s*<div lang="[\w-]+" markdown="1">\n(.*)\n</div>\s*$', body, re.S)
    return m.group(1) if m else body


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]  # MkDocs drops some blank lines


def test_prerender_runs_without_the_generator(prerendered, project):
    for code in project.profile.languages:
        config = (prerendered / code / "mkdocs.yml").read_text(encoding="utf-8")
        assert "hooks:" not in config and "i18n" not in config and "plugins: []" in config
        pages = list((prerendered / code / "docs").rglob("*.md"))
        assert len(pages) == len(prerender.served_pages(project, code))
        for page in pages:
            assert "{{" not in _body(page), f"{page}: an expression was not rendered"


def test_prerender_gives_what_the_hooks_give(prerendered, project, tmp_path):
    """The Markdown of every page of every language, compared with what MkDocs holds after the hooks."""
    dump = tmp_path / "hooks"
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "hookdump.py"), str(dump), str(tmp_path / "site")],
                            cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    hooked = sorted(dump.rglob("*.md"))
    assert len(hooked) == sum(len(prerender.served_pages(project, c)) for c in project.profile.languages)
    differ = []
    for path in hooked:
        code, *rel = path.relative_to(dump).parts
        mine = prerendered / code / "docs" / Path(*rel)
        if not mine.exists() or _lines(_body(mine)) != _lines(path.read_text(encoding="utf-8")):
            differ.append(f"{code}/{'/'.join(rel)}")
    assert not differ, f"{len(differ)} page(s) differ from the hooks' Markdown: {differ[:10]}"


class _Switcher(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "md-select__link" in (a.get("class") or "") and a.get("hreflang"):
            self.links[a["hreflang"]] = a.get("href") or ""


@pytest.fixture(scope="module")
def plain_site(prerendered, project, tmp_path_factory) -> Path:
    """Every language built from its pre-rendered folder with its plain configuration, put together as
    the site is served (the default language at the root, the others in their folders), then the
    generator-neutral steps on the built site."""
    site = tmp_path_factory.mktemp("plain") / "site"
    prof = project.profile
    for code in [prof.default_language] + [c for c in prof.languages if c != prof.default_language]:
        target = site if code == prof.default_language else site / code
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
                                cwd=prerendered / code, env=_env(), capture_output=True, text=True, timeout=300)
        output = result.stdout + result.stderr
        assert result.returncode == 0 and "WARNING" not in output, f"{code}: {output[-3000:]}"
    postbuild.run(site, project, serving=True)
    return site


def test_each_language_built_alone_has_no_broken_link_or_missing_asset(plain_site, project):
    problems = check_built(plain_site, project)
    assert not problems, "\n".join(str(p) for p in problems[:20])
    for code in project.profile.languages:
        folder = plain_site if code == project.profile.default_language else plain_site / code
        assert (folder / "assets" / "dcg" / "profile.css").is_file(), f"{code}: profile.css missing"
    assert not [p for p in plain_site.rglob("*.html") if 'href="dcg:' in p.read_text(encoding="utf-8")]


def test_each_language_built_alone_switches_to_the_same_page(plain_site, project):
    """The templates read the page's front matter: the switcher of every page leads to the same page in
    each language (a link that is right but for its depth still reaches an existing folder)."""
    prof = project.profile
    checked = 0
    for path in plain_site.rglob("index.html"):
        rel_dir = path.parent.relative_to(plain_site).as_posix()
        first = rel_dir.split("/")[0]
        lang = first if first in prof.languages and first != prof.default_language else prof.default_language
        own = rel_dir[len(lang) + 1:] if lang != prof.default_language else ("" if rel_dir == "." else rel_dir)
        parser = _Switcher()
        parser.feed(path.read_text(encoding="utf-8"))
        if not parser.links:
            continue
        for code, href in parser.links.items():
            target = os.path.normpath(os.path.join(path.parent, urlsplit(href).path))
            expected = os.path.normpath(plain_site / ("" if code == prof.default_language else code) / own)
            assert target == expected, f"{path.relative_to(plain_site)}: the switch to {code} leads to {href}"
        checked += 1
    assert checked >= len(prof.languages) * 10


def test_links_in_raw_html_are_left_to_the_built_page(prerendered):
    """Relative page links in raw HTML are read differently by each generator: the renderers write
    `dcg:` links, which a step on the built site resolves (markup.resolve_page_links)."""
    raw = re.compile(r'<[a-z]+\b[^>]*\s(?:href|src)="(?![a-z][a-z0-9+.-]*:|#|/)([^"]+)"')
    found = []
    for page in prerendered.rglob("*.md"):
        for m in raw.finditer(_body(page)):
            found.append(f"{page.relative_to(prerendered)}: {m.group(1)}")
    assert not found, found[:10]


@pytest.mark.parametrize("page_dir,lang_dir,href,expected", [
    ("couples/anmeldung", "", "dcg:couples/bankkonto.md", "../bankkonto/"),
    ("vi/couples/anmeldung", "vi", "dcg:couples/index.md#overview", "../#overview"),
    ("en/search", "en", "dcg:index.md", "../"),
    ("", "", "dcg:employers/kosten.md#a-b", "employers/kosten/#a-b"),
    ("vi", "vi", "dcg:index.md", "./"),
])
def test_page_links_resolve_from_the_built_page(page_dir, lang_dir, href, expected):
    html = markup.resolve_page_links(f'<a class="x" href="{href}">t</a>', page_dir, lang_dir)
    assert html == f'<a class="x" href="{expected}">t</a>'
    assert page_url("couples/index.md") == "couples/"


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def test_each_language_built_alone_shows_what_the_site_shows(plain_site, site, project):
    """Every page's article, built from the pre-rendered Markdown by a plain configuration (all HTML in
    the Markdown, the post-build steps in one process), is the article of the site built with the hooks
    (HTML blocks set aside, a second process rendering the later languages, the post-build steps side
    by side), but for white space between tags."""
    def article(path: Path) -> str:
        m = ARTICLE.search(path.read_text(encoding="utf-8"))
        return re.sub(r">\s+<", "><", m.group(1)).strip() if m else ""

    compared, differ = 0, []
    for path in sorted(site.rglob("index.html")):
        mine = plain_site / path.relative_to(site)
        if not ARTICLE.search(path.read_text(encoding="utf-8")):
            continue
        compared += 1
        if not mine.exists() or article(mine) != article(path):
            differ.append(str(path.relative_to(site)))
    assert compared >= len(project.profile.languages) * 10
    assert not differ, f"{len(differ)} page(s) differ: {differ[:10]}"


def test_link_gives_a_markdown_link_every_generator_resolves(project):
    """{{ link(…) }} in a Markdown link names the other page's file relative to this one (MkDocs and a
    generator without hooks both turn a .md link into the page's address)."""
    lang = project.profile.default_language
    names = prerender.context(project, lang, "couples/anmeldung.md")
    assert names["link"]("couples/bankkonto.md", "checklist") == "bankkonto.md#checklist"
    assert names["link"]("employers/index.md") == "../employers/index.md"
    assert prerender.context(project, lang, "index.md")["link"]("couples/plan.md") == "couples/plan.md"
    assert names["page_link"]("index.md", "a") == "dcg:index.md#a"


_MENU_LINK = re.compile(r'<a href="([^"]*)" class="(?:md-nav__link|md-tabs__link)[^"]*"[^>]*>\s*(?:<span[^>]*>)?\s*([^<]*)', re.S)
_TABS = re.compile(r'<nav class="md-tabs".*?</nav>', re.S)


def _menu(site: Path, path: Path) -> list[tuple[str, str]]:
    """The tabs and the main menu of a built page: where each entry leads (from the site's root) and its text."""
    here = path.parent.relative_to(site).as_posix()
    html = path.read_text(encoding="utf-8")

    def entries(part: str):
        out = []
        for href, text in _MENU_LINK.findall(part):
            target, _, anchor = href.partition("#")
            out.append((os.path.normpath(os.path.join(here, target)) + (f"#{anchor}" if anchor else ""), text.strip()))
        return out
    tabs = _TABS.search(html)
    primary = html[html.find("md-nav--primary"):html.find("md-sidebar--secondary")]
    return (entries(tabs.group(0)) if tabs else []) + entries(primary)


def test_each_language_built_alone_has_the_sites_menu(plain_site, site, project):
    """The generated `nav:` (prerender.navigation, which the hooks' on_nav uses too) gives each page the
    tabs and the menu of the site built with the hooks: the same entries, titles and order."""
    compared, differ = 0, []
    for path in sorted(site.rglob("index.html")):
        mine = plain_site / path.relative_to(site)
        if mine.exists():
            compared += 1
            if _menu(plain_site, mine) != _menu(site, path):
                differ.append(str(path.relative_to(site)))
    assert compared >= len(project.profile.languages) * 10
    assert not differ, f"{len(differ)} page(s) with another menu: {differ[:10]}"
