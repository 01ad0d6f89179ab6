"""Valid HTML on every page of every language (the W3C Nu validator, npm vnu-jar, on Debian's Java), by a
step on the built pages (scripts/dcg/markup.py) rather than by changing the theme; and what the theme's
invalid attribute did, keeping the drawer closed after going back, still holds."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        message = "the Nu validator needs Java and vnu-jar: run 'make test' (it installs default-jre-headless and the npm packages)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return java


def test_every_built_page_is_valid_html(site):
    out = subprocess.run([_java(), "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(out.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/site')[-1]}:{m.get('lastLine', '')}: {m['message']}" for m in messages if m.get("type") == "error"]
    pages = len(list(site.rglob("*.html")))
    assert pages > 200
    assert not errors, f"{len(errors)} errors, e.g.:\n" + "\n".join(errors[:15])


def test_the_tidy_step_keeps_what_is_valid():
    from dcg.markup import tidy
    html = ('<label class="t" for="__toc">T</label><input id="__drawer" type="checkbox" autocomplete="off">'
            '<label for="__drawer" tabindex="">M</label><input type="search" autocomplete="off" id="q">'
            '<link rel="alternate" href="../vi/" hreflang="vi"><link rel="alternate" href="https://example.org/vi/" hreflang="vi">')
    out = tidy(html)
    assert '<label class="t">T</label>' in out, "a label for a control the page does not have loses its for"
    assert '<input id="__drawer" type="checkbox">' in out and '<label for="__drawer">M</label>' in out
    assert '<input type="search" autocomplete="off" id="q">' in out, "autocomplete stays where it is allowed"
    assert 'href="../vi/"' not in out and 'href="https://example.org/vi/"' in out, "only absolute alternates stay"


def test_the_drawer_is_closed_after_going_back(project, page, base_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/couples/")
    page.wait_for_load_state("load")
    page.locator('label.md-header__button[for="__drawer"]').click()
    assert page.locator("#__drawer").is_checked()
    link = page.locator(".md-sidebar--primary a.md-nav__link[href]").filter(has_text=project.page("de", "couples/anmeldung.md").title).first
    link.click()
    page.wait_for_url("**/couples/anmeldung/")
    page.go_back()
    page.wait_for_url("**/couples/")
    page.wait_for_load_state("load")
    assert not page.locator("#__drawer").is_checked()
    assert not page.locator("#__search").is_checked()


def test_alternates_are_absolute_or_absent(project, site):
    """Without site.url no page names relative alternates; the sitemap and the hooks give absolute ones
    where the profile has an address."""
    import re
    for path in list(site.rglob("*.html"))[:400]:
        for href in re.findall(r'<link rel="alternate" href="([^"]*)" hreflang=', path.read_text(encoding="utf-8")):
            assert re.match(r"https?://", href), f"{path}: relative alternate {href}"
