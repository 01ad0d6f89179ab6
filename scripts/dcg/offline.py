"""Offline on request: the web app manifest per language, the app icons drawn from the profile's logo,
the offline pack of each language (the pages a couple needs without a network, with the files they
load and their size) and the service worker of this release (sw.js at the site root, from the template
scripts/dcg/sw.js and the vendored Workbox modules). A build step after the search index and the plan
data; the publishing step then compresses these files and adds the headers."""
from __future__ import annotations

import hashlib
import json
import re
import zlib
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .project import Project
from .render import page_url

WORKBOX = "assets/vendor/workbox-7.4.1"
ICON_SIZES = (180, 192, 512)
# folders of a language whose pages go into its offline pack; plus single pages
PACK_FOLDERS = ("couples/", "events/")
PACK_PAGES = ("index.md", "search.md")
ASSET_RE = re.compile(r'(?:src|href|data-[a-z-]+)="([^"#?]+\.(?:js|css|json|png|svg|ico|woff2?))"')


def _lang_prefix(project: Project, lang: str) -> str:
    return "" if lang == project.profile.default_language else f"{lang}/"


def private_paths(project: Project) -> list[str]:
    """Site-relative paths of pages marked private, in every language: never stored."""
    out = []
    for rel, pd in sorted(project.page_data.items()):
        if pd.private:
            out += [_lang_prefix(project, lang) + page_url(rel) for lang in project.profile.languages]
    return out


def _pack_pages(project: Project, lang: str) -> list[str]:
    private = {rel for rel, pd in project.page_data.items() if pd.private}
    rels = sorted({rel for (code, rel) in project.pages if code == lang or code == project.profile.default_language})
    return [rel for rel in rels if rel not in private and (rel.startswith(PACK_FOLDERS) or rel in PACK_PAGES)]


def _size(path: Path) -> int:
    """About what the file costs to fetch: text compressed (the server sends it compressed), images as they are."""
    data = path.read_bytes()
    return len(zlib.compress(data, 6)) if path.suffix in (".html", ".js", ".css", ".json", ".svg", ".webmanifest") else len(data)


def pack(site: Path, project: Project, lang: str) -> dict:
    """The files one language needs offline: its couples' and life-events pages, the plan with its data,
    the office sheets, its search with its index, and every same-origin file those pages load."""
    prefix = _lang_prefix(project, lang)
    urls, files = [], {}
    for rel in _pack_pages(project, lang):
        url = prefix + page_url(rel)
        html = site / url / "index.html"
        if not html.exists():
            continue
        urls.append(url)
        files[url] = html
        for ref in ASSET_RE.findall(html.read_text(encoding="utf-8")):
            if urlsplit(ref).scheme or ref.startswith("//"):
                continue
            target = urlsplit(urljoin("/" + url, ref)).path.lstrip("/")
            path = site / target
            if path.is_file() and not target.endswith(".map"):
                files.setdefault(target, path)
    for extra in (f"plan-data/{lang}.json", f"search-index/{lang}.json", f"manifest-{lang}.webmanifest"):
        if (site / extra).is_file():
            files.setdefault(extra, site / extra)
    listed = urls + sorted(k for k in files if k not in urls)
    return {"lang": lang, "urls": listed, "bytes": sum(_size(files[u]) for u in listed)}


def _icons(site: Path, project: Project) -> list[dict]:
    """PNG icons of the profile's logo on its primary colour (the logo is drawn for a dark ground)."""
    import resvg_py

    prof = project.profile
    logo = project.root / "docs" / prof.data.get("site", {}).get("logo", "assets/logo.svg")
    color = (prof.data.get("site", {}).get("colors") or {}).get("primary", "#1f5a7a")
    inner = logo.read_text(encoding="utf-8") if logo.exists() else ""
    folder = site / "assets" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for size in ICON_SIZES:
        # the logo in the middle 60 %: the safe zone of a maskable icon
        pad = round(size * 0.2)
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}"><rect width="100%" height="100%" fill="{color}"/>'
               f'<svg x="{pad}" y="{pad}" width="{size - 2 * pad}" height="{size - 2 * pad}" viewBox="0 0 48 48">'
               f'{_svg_body(inner)}</svg></svg>')
        (folder / f"icon-{size}.png").write_bytes(bytes(resvg_py.svg_to_bytes(svg_string=svg, width=size, height=size)))
        out.append({"src": f"assets/icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any maskable"})
    return out


def _svg_body(svg: str) -> str:
    m = re.search(r"<svg\b[^>]*>(.*)</svg>", svg, flags=re.S)
    return m.group(1) if m else ""


def manifest(project: Project, lang: str, icons: list[dict]) -> dict:
    prof = project.profile
    prog = prof.data["programme"]
    colors = prof.data.get("site", {}).get("colors") or {}
    return {"name": str(prog.get("name")), "short_name": str(prog.get("short_name") or prog.get("name"))[:12],
            "lang": lang, "start_url": "./" + _lang_prefix(project, lang), "scope": "./", "id": "./" + _lang_prefix(project, lang),
            "display": "standalone", "background_color": "#ffffff", "theme_color": colors.get("primary", "#1f5a7a"),
            "description": str(prof.pick(prog.get("tagline") or {}, lang) or ""),
            "icons": [i for i in icons if i["sizes"] != "180x180"]}


def write(site: Path, project: Project) -> None:
    icons = _icons(site, project)
    for lang in project.profile.languages:
        (site / f"manifest-{lang}.webmanifest").write_text(json.dumps(manifest(project, lang, icons), ensure_ascii=False, indent=1),
                                                           encoding="utf-8")
    folder = site / "offline"
    folder.mkdir(exist_ok=True)
    packs = {lang: pack(site, project, lang) for lang in project.profile.languages}
    # the release: every file of the site as it is now; a change anywhere makes a new service worker
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.name.endswith((".gz", ".br"))):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    release = digest.hexdigest()[:16]
    for lang, p in packs.items():
        (folder / f"{lang}.json").write_text(json.dumps({**p, "release": release}, separators=(",", ":")), encoding="utf-8")
    template = (Path(__file__).parent / "sw.js").read_text(encoding="utf-8")
    settings = json.dumps({"release": release, "workbox": WORKBOX, "private": private_paths(project)}, separators=(",", ":"))
    (site / "sw.js").write_text(template.replace("/*SETTINGS*/{}", settings), encoding="utf-8")
