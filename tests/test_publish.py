"""Publishing: security headers and language 404 pages from nginx with the repository's configuration,
pre-compressed files, reproducible builds, the sub-path build, the meta-CSP fallback and the atomic
release with rollback."""
from __future__ import annotations

import filecmp
import gzip
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, copy_project, html_pages, prefix, profile_file
from dcg.build import strict_build


def get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_security_headers(nginx_site, project):
    status, h, body = get(nginx_site.url + "/")
    assert status == 200
    csp = h["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")
    assert "'sha256-" in csp, "the theme's inline scripts are allowed by their hashes"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in h["Permissions-Policy"]
    assert h["Content-Language"] == project.profile.default_language
    assert h["Cache-Control"] == "no-cache"
    for code in project.profile.core_languages[1:]:
        assert get(nginx_site.url + f"/{code}/")[1]["Content-Language"] == code


def test_hashed_assets_are_cached_for_a_year_and_served_compressed(nginx_site, site):
    bundle = next((site / "assets/javascripts").glob("bundle.*.min.js"))
    status, h, body = get(nginx_site.url + "/assets/javascripts/" + bundle.name, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert "immutable" in h["Cache-Control"] and "max-age=31536000" in h["Cache-Control"]
    assert h.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == bundle.read_bytes()
    assert h["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in h, "the page policy goes with pages only"


def test_brotli_files_are_served_where_nginx_can(nginx_site, site, project, other_lang):
    if not nginx_site.brotli:
        pytest.skip("nginx's brotli module is not installed (Debian: libnginx-mod-http-brotli-static)")
    import brotli

    home = prefix(project, other_lang)
    status, h, body = get(nginx_site.url + home, {"Accept-Encoding": "br, gzip"})
    assert status == 200 and h.get("Content-Encoding") == "br"
    assert brotli.decompress(body) == (site / home.strip("/") / "index.html").read_bytes()


def test_each_language_has_its_own_404(nginx_site, project):
    for lang in project.profile.core_languages:
        path = prefix(project, lang) + "gibt-es-nicht/"
        status, h, body = get(nginx_site.url + path)
        assert status == 404
        assert f'<html lang="{lang}"' in body.decode("utf-8"), path
        assert "Content-Security-Policy" in h


def test_server_configuration_is_not_served(nginx_site):
    for path in ("/.dcg/headers.conf", "/_headers", "/.nojekyll"):
        assert get(nginx_site.url + path)[0] == 404, path


def test_precompressed_files_sit_beside_text_files(site, project):
    html = site / "index.html"
    assert (site / "index.html.gz").exists() and gzip.decompress((site / "index.html.gz").read_bytes()) == html.read_bytes()
    assert (site / "index.html.br").exists()
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy: default-src 'self'" in headers
    assert all(f"/{code}/*" in headers for code in project.profile.core_languages[1:])


def test_two_builds_of_the_same_commit_are_identical(site, tmp_path):
    """The same commit with the same SOURCE_DATE_EPOCH gives the same bytes (the site fixture was built
    with the value conftest pins; the second build names it explicitly)."""
    ok, output = strict_build(ROOT, tmp_path / "again", env_extra={"SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"]})
    assert ok, output[-2000:]
    cmp = filecmp.dircmp(site, tmp_path / "again")
    diffs = []

    def walk(c, prefix=""):
        diffs.extend(prefix + n for n in c.left_only + c.right_only + c.diff_files + c.funny_files)
        for name, sub in c.subdirs.items():
            walk(sub, prefix + name + "/")

    # dircmp compares shallowly by size and time; compare contents of every file
    def deep(a: Path, b: Path):
        for f in sorted(a.rglob("*")):
            if f.is_file():
                g = b / f.relative_to(a)
                if not g.exists() or g.read_bytes() != f.read_bytes():
                    diffs.append(str(f.relative_to(a)))

    walk(cmp)
    deep(site, tmp_path / "again")
    assert not diffs, f"files differ between two builds: {sorted(set(diffs))[:20]}"


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """The site built for https://example.org/willkommen/ with the meta-CSP fallback (GitHub/GitLab Pages)."""
    dest = copy_project(tmp_path_factory.mktemp("subpath") / "project")
    prof = profile_file(dest)
    prof.write_text(re.sub(r"url: (\"\"|'')", 'url: "https://example.org/willkommen/"', prof.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    os.environ["DCG_META_CSP"] = "1"
    try:
        ok, output = strict_build(dest, dest / "site", profile=str(prof))
    finally:
        del os.environ["DCG_META_CSP"]
    assert ok, output[-3000:]
    return dest


def test_meta_csp_fallback(subpath_site):
    site = subpath_site / "site"
    for page in html_pages(site)[:50]:
        text = page.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'self\';' in text, page
        meta = text.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
        assert "frame-ancestors" not in meta


def test_subpath_site_works_behind_nginx(subpath_site, tmp_path, browser, project, other_lang):
    from nginxserver import Nginx, available

    if not available():
        pytest.skip("nginx is not installed")
    server = Nginx(subpath_site / "site", tmp_path / "ngx", prefix="/willkommen/", project_root=subpath_site).start()
    try:
        context = browser.new_context()
        page = context.new_page()
        bad = []
        page.on("response", lambda r: bad.append((r.status, r.url)) if r.status >= 400 and "/404" not in r.url and "nicht-da" not in r.url else None)
        page.on("console", lambda m: bad.append(("console", m.text)) if m.type == "error" and "404" not in m.text else None)
        base = server.url + "/willkommen/"
        second, last = prefix(project, other_lang).lstrip("/"), prefix(project, project.profile.core_languages[-1]).lstrip("/")
        for path in ("", "couples/anmeldung/", second + "couples/anmeldung/", last + "staff/"):
            page.goto(base + path)
            assert page.locator("h1").count() == 1
        # the switcher keeps the prefix and the page
        page.goto(base + "couples/anmeldung/")
        page.focus(".md-select button")
        with page.expect_navigation():
            page.locator(f'.md-select__link[hreflang="{other_lang}"]').click()
        assert urlparse(page.url).path == f"/willkommen/{second}couples/anmeldung/"
        # search under the prefix
        title = project.page(other_lang, "couples/anmeldung.md").meta["title"]
        page.goto(base + second + "search/?q=" + urllib.parse.quote(title))
        page.wait_for_selector(".dcg-search__results[data-query]", timeout=10000)
        first = page.eval_on_selector_all(".dcg-search__link", "els => els.map(e => new URL(e.href).pathname)")[0]
        assert first.startswith("/willkommen/" + second)
        # the language 404 under the prefix, with working assets
        status, _, body = get(base + second + "nicht-da/")
        assert status == 404 and f'<html lang="{other_lang}"' in body.decode()
        page.goto(base + second + "nicht-da/")
        assert page.locator("h1").inner_text() and not [b for b in bad if b[0] != 404]
        assert not bad, bad
        context.close()
    finally:
        server.stop()


def _dcg(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DCG_ROOT=str(root), PYTHONPATH=str(ROOT / "scripts"))
    env.pop("DCG_PROFILE", None)  # the copy builds the profile it names itself
    return subprocess.run([sys.executable, "-m", "dcg", *args], cwd=root, env=env, capture_output=True, text=True)


def test_release_is_atomic_and_rolls_back(variant, tmp_path):
    from nginxserver import Nginx, available

    srv = tmp_path / "srv"
    first = _dcg(variant, "release", "--dir", str(srv))
    assert first.returncode == 0, first.stderr[-3000:]
    current = srv / "current"
    served = os.readlink(current)
    files = sorted(p.relative_to(current.resolve()).as_posix() for p in current.resolve().rglob("*"))
    server = Nginx(current, tmp_path / "ngx", project_root=variant).start() if available() else None
    try:
        # break a page: the release must fail and leave the served site as it was
        page = variant / "docs/de/staff/index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n[kaputt](fehlt.md)\n", encoding="utf-8")
        broken = _dcg(variant, "release", "--dir", str(srv))
        assert broken.returncode == 1
        assert "fehlt.md" in broken.stderr and "was not changed" in broken.stderr
        assert os.readlink(current) == served
        assert sorted(p.relative_to(current.resolve()).as_posix() for p in current.resolve().rglob("*")) == files
        assert len(list((srv / "releases").iterdir())) == 1, "the failed release left no folder behind"
        if server:
            status, _, body = get(server.url + "/staff/")
            assert status == 200 and "kaputt" not in body.decode()
        # mend it, release again, then roll back
        page.write_text(page.read_text(encoding="utf-8").replace("\n[kaputt](fehlt.md)\n", "\nNeu: eine Zeile mehr.\n"), encoding="utf-8")
        second = _dcg(variant, "release", "--dir", str(srv))
        assert second.returncode == 0, second.stderr[-2000:]
        assert os.readlink(current) != served
        if server:
            assert "eine Zeile mehr" in get(server.url + "/staff/")[2].decode()
        back = _dcg(variant, "release", "--dir", str(srv), "--rollback")
        assert back.returncode == 0
        assert os.readlink(current) == served
        if server:
            assert "eine Zeile mehr" not in get(server.url + "/staff/")[2].decode()
    finally:
        if server:
            server.stop()
