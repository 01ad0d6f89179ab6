"""Link checks.

- `check_internal(project)`: every Markdown link and #anchor in every language, from the sources, with
  path:line (MkDocs' own validation has no line numbers); a translation must not link into another
  language's folder.
- `check_built(site, project)`: every internal link in the built HTML, including links written by
  templates, overrides and the profile, resolves to a file and an id.
- `check_external(urls, …)`: off by default; checks web addresses concurrently with timeouts, retries
  and a cache with an expiry, and reports broken and redirected ones.
"""
from __future__ import annotations

import concurrent.futures
import json
import posixpath
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from pymdownx.slugs import slugify

from .pages import Page
from .project import Project
from .problems import Problem

LINK_RE = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.M)
HTML_HREF_RE = re.compile(r'\bhref="([^"]+)"')
_slug = slugify(case="lower")


def _strip_code(text: str) -> list[tuple[int, str]]:
    """Lines of Markdown outside fenced code, with inline code blanked out."""
    out, fence = [], None
    for n, line in enumerate(text.split("\n")):
        s = line.strip()
        m = re.match(r"^(`{3,}|~{3,})", s)
        if m:
            fence = None if fence else m.group(1)[0]
            continue
        if fence:
            continue
        out.append((n, re.sub(r"`[^`]*`", "", line)))
    return out


def page_anchors(project: Project, page: Page) -> set[str]:
    ids = set()
    for level, text, hid, line in page.headings():
        ids.add(hid or _slug(re.sub(r"\{\{.*?\}\}", "", text).strip(), "-"))
    for m in re.finditer(r'\bid="([^"]+)"', page.body):
        ids.add(m.group(1))
    for m in re.finditer(r"\{\s*#([A-Za-z0-9_-]+)", page.body):
        ids.add(m.group(1))
    pd = project.page_data.get(page.rel)
    if pd:
        for _, it in project.listed_items(page.rel):
            ids.update({f"item-{it.id}", f"check-{it.id}"})
    if "overview(" in page.body:
        ids.update(f"phase-{p}" for p in project.phases.get("couples", []) + project.phases.get("employers", []))
    return ids


def links_of(page: Page):
    """(line, target) of every link in the page body."""
    for n, line in _strip_code(page.body):
        for m in LINK_RE.finditer(line):
            yield page.body_line + n, m.group(1)
        for m in HTML_HREF_RE.finditer(line):
            yield page.body_line + n, m.group(1)
        m = REF_DEF_RE.match(line)
        if m:
            yield page.body_line + n, m.group(1)


def check_internal(project: Project) -> list[Problem]:
    out: list[Problem] = []
    default = project.profile.default_language if project.profile else "de"
    anchors_cache: dict[tuple[str, str], set[str]] = {}

    def anchors(lang: str, rel: str) -> set[str]:
        key = (lang, rel)
        if key not in anchors_cache:
            page = project.page_or_fallback(lang, rel)
            anchors_cache[key] = page_anchors(project, page) if page else set()
        return anchors_cache[key]

    for (lang, rel), page in sorted(project.pages.items()):
        for line, target in links_of(page):
            if "{{" in target or target.startswith(("http://", "https://", "mailto:", "tel:")):
                if target.startswith("http://"):
                    out.append(Problem(page.path, line, f"link '{target}' uses http://; use https://"))
                continue
            path, _, anchor = target.partition("#")
            if path == "":
                if anchor and anchor not in anchors(lang, rel):
                    out.append(Problem(page.path, line, f"link to '#{anchor}': this page has no heading or element with that id"))
                continue
            if path.startswith("/"):
                out.append(Problem(page.path, line, f"link '{target}' starts with '/'; write a relative link to the .md file, e.g. ../couples/anmeldung.md"))
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), urllib.parse.unquote(path)))
            if resolved.startswith("../"):
                parts = resolved.split("/")
                other = parts[1] if len(parts) > 1 else ""
                if other in project.profile.languages:
                    out.append(Problem(page.path, line, f"link '{target}' leads into the '{other}' folder; link to the page in this language ({lang}) instead; the language switch leads readers to the other languages"))
                else:
                    out.append(Problem(page.path, line, f"link '{target}' leads outside the {lang} folder"))
                continue
            if not resolved.endswith(".md"):
                if (project.docs / lang / resolved).exists() or (project.docs / resolved).exists():
                    continue
                candidate = resolved.rstrip("/") + "/index.md"
                if (lang, candidate) in project.pages or (default, candidate) in project.pages:
                    out.append(Problem(page.path, line, f"link '{target}' points to a folder; link to the file '{posixpath.relpath(candidate, posixpath.dirname(rel) or '.')}'"))
                else:
                    out.append(Problem(page.path, line, f"link '{target}' does not lead to a page or file"))
                continue
            if (lang, resolved) not in project.pages and (default, resolved) not in project.pages:
                out.append(Problem(page.path, line, f"link '{target}': the page docs/{lang}/{resolved} does not exist"))
                continue
            if anchor and anchor not in anchors(lang, resolved):
                target_page = project.page_or_fallback(lang, resolved)
                out.append(Problem(page.path, line, f"link '{target}': {target_page.path} has no heading with the id '#{anchor}'"))
    return out


# --------------------------------------------------------------------------- built site

class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if key in a and a[key] is not None and (tag != "link" or a.get("rel") not in ("alternate", "canonical")):
                self.hrefs.append((self.getpos()[0], a[key]))


def check_built(site: Path, project: Project | None = None) -> list[Problem]:
    """Internal links and anchors in the built HTML (templates, overrides, generated parts)."""
    out: list[Problem] = []
    pages = {}
    for html in site.rglob("*.html"):
        c = _Collector()
        c.feed(html.read_text(encoding="utf-8", errors="replace"))
        pages[html.resolve()] = c
    for html, c in sorted(pages.items()):
        shown = html.relative_to(site.resolve()).as_posix()
        if shown.endswith("404.html"):
            continue  # served at any depth: its links are absolute on purpose
        for line, href in c.hrefs:
            if href.startswith(("http://", "https://", "mailto:", "tel:", "data:", "javascript:")) or href.startswith("//"):
                continue
            url = urllib.parse.urlsplit(href)
            if url.path.startswith("/"):
                out.append(Problem(f"site/{shown}", line, f"link '{href}' is absolute; a site under a sub-path would break it"))
                continue
            target = (html.parent / urllib.parse.unquote(url.path)).resolve() if url.path else html
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                out.append(Problem(f"site/{shown}", line, f"link '{href}' leads to a missing file"))
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages.get(target)
                if ids is not None and url.fragment not in ids.ids:
                    out.append(Problem(f"site/{shown}", line, f"link '{href}' leads to a missing anchor"))
    return out


# --------------------------------------------------------------------------- external

@dataclass
class LinkResult:
    url: str
    status: int | None
    final_url: str
    error: str = ""
    redirects: int = 0

    @property
    def broken(self) -> bool:
        return self.status is None or self.status >= 400

    @property
    def redirected(self) -> bool:
        return not self.broken and self.final_url.rstrip("/") != self.url.rstrip("/")


class _CountRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 10

    def __init__(self):
        self.count = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.count += 1
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float = 10.0, retries: int = 1, backoff: float = 0.5) -> LinkResult:
    last = LinkResult(url, None, url, "not tried")
    for attempt in range(retries + 1):
        counter = _CountRedirects()
        opener = urllib.request.build_opener(counter)
        for method in ("HEAD", "GET"):
            req = urllib.request.Request(url, method=method, headers={"User-Agent": "dcg-linkcheck/1"})
            try:
                with opener.open(req, timeout=timeout) as resp:
                    return LinkResult(url, resp.status, resp.geturl(), "", counter.count)
            except urllib.error.HTTPError as exc:
                last = LinkResult(url, exc.code, exc.geturl() or url, f"HTTP {exc.code}", counter.count)
                if exc.code in (405, 501) and method == "HEAD":
                    continue  # some servers refuse HEAD: try GET
                if exc.code < 500 and exc.code != 429:
                    return last
                break
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = LinkResult(url, None, url, f"{type(reason).__name__}: {reason}", counter.count)
                break
        if attempt < retries:
            time.sleep(backoff * (attempt + 1))
    return last


def external_urls(project: Project) -> dict[str, list[tuple[str, int]]]:
    """Every web address in pages, page data, figures and the profile, with where it is written."""
    found: dict[str, list[tuple[str, int]]] = {}

    def add(url, path, line):
        if url.startswith(("http://", "https://")):
            found.setdefault(url, []).append((path, line))

    for page in project.pages.values():
        for line, target in links_of(page):
            add(target, page.path, line)
    for pd in project.page_data.values():
        for s in pd.sources.values():
            add(s.url, pd.path, s.line)
    for f in project.figures.values():
        for v in f.values:
            add(v.source_url, f.path, v.line)
    if project.profile:
        text = (project.profile_path).read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            for m in re.finditer(r"https?://[^\s\"'}]+", line):
                add(m.group(0), project.profile.path, n)
    return found


def check_external(project: Project, cache_file: Path | None = None, max_age_hours: float = 24.0,
                   timeout: float = 10.0, retries: int = 1, workers: int = 8, urls: dict | None = None) -> tuple[list[Problem], list[LinkResult]]:
    urls = urls if urls is not None else external_urls(project)
    cache = {}
    now = time.time()
    if cache_file and cache_file.exists():
        try:
            cache = json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache = {}
    results: dict[str, LinkResult] = {}
    todo = []
    for url in urls:
        hit = cache.get(url)
        if hit and now - hit.get("time", 0) < max_age_hours * 3600:
            results[url] = LinkResult(url, hit["status"], hit["final_url"], hit.get("error", ""), hit.get("redirects", 0))
        else:
            todo.append(url)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for res in pool.map(lambda u: fetch(u, timeout, retries), todo):
            results[res.url] = res
            cache[res.url] = {"status": res.status, "final_url": res.final_url, "error": res.error,
                              "redirects": res.redirects, "time": now}
    if cache_file:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    problems = []
    for url, places in sorted(urls.items()):
        res = results[url]
        for path, line in places:
            if res.broken:
                problems.append(Problem(path, line, f"external link {url} is broken ({res.error or res.status})"))
            elif res.redirected:
                problems.append(Problem(path, line, f"external link {url} redirects to {res.final_url}; update it", "warning"))
    return problems, [results[u] for u in sorted(results)]
