"""Offline on request (scripts/dcg/offline.py, scripts/dcg/sw.js, site.js): the first visit loads
nothing more than the page; "keep for offline" stores the reader's language, which then opens with the
server gone (a couples' page, the plan, a search result); private pages are never stored; a new release
replaces the cache; the manifest makes the site installable."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import prefix, serve
from dcg import offline

OFFLINE_LANG = "vi"


def _lang(project) -> str:
    return OFFLINE_LANG if OFFLINE_LANG in project.profile.languages else project.profile.languages[-1]


def _cached(page) -> list[str]:
    return page.evaluate("""async () => { const out = [];
        for (const name of await caches.keys()) { const c = await caches.open(name);
          for (const r of await c.keys()) out.push(name + ' ' + new URL(r.url).pathname); } return out; }""")


def _controlled(page):
    page.wait_for_load_state()
    _wait_until(page, "() => navigator.serviceWorker.controller !== null", None, 30)


def test_the_first_visit_loads_no_service_worker_the_second_page_does(base_url, browser, project):
    lang = _lang(project)
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base_url + prefix(project, lang) + "couples/", wait_until="networkidle")
    assert page.locator("[data-dcg-offline]").is_visible()
    assert not [u for u in requests if re.search(r"/(sw\.js|offline/|workbox|manifest-)", u)], requests
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    page.locator("article a[href*='anmeldung']").first.click()
    page.wait_for_load_state()
    _wait_until(page, "async () => (await navigator.serviceWorker.getRegistrations()).length === 1", None, 15)
    # the worker installs and activates (a loaded machine takes its time), then a reload is controlled
    _wait_until(page, """async () => { const r = await navigator.serviceWorker.getRegistration();
        return !!(r && r.active && r.active.state === 'activated'); }""", None, 60)
    page.reload()
    _controlled(page)
    # installable: what Chrome itself checks (Lighthouse's installability audit used the same call)
    cdp = context.new_cdp_session(page)
    # (a test browser's context is always private: "in-incognito" says so about the browser, not the site)
    found = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    assert [e for e in found if e != "in-incognito"] == [], found
    manifest = cdp.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest.get("errors")
    data = json.loads(manifest["data"])
    assert data["name"] == project.profile.data["programme"]["name"] and data["lang"] == lang
    assert not errors, errors  # the CSP allows the worker: no violation
    context.close()


def test_keep_for_offline_then_without_network_and_a_new_release(site, browser, project, tmp_path):
    """On a copy of the site whose server can be stopped (a real loss of the network)."""
    lang = _lang(project)
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    server, url = serve(copy)
    pre = url + prefix(project, lang)
    context = browser.new_context()
    page = context.new_page()
    page.goto(pre + "couples/")
    page.locator('[data-offline="keep"]').click()
    status = page.locator("[data-offline-status]")
    page.wait_for_function("() => /MB/.test(document.querySelector('[data-offline-status]').textContent)")
    pack = json.loads((copy / "offline" / f"{lang}.json").read_text(encoding="utf-8"))
    page.locator('[data-offline="confirm"]').click()
    saved = page.locator("[data-dcg-offline]").get_attribute("data-t-saved")
    page.wait_for_function("t => document.querySelector('[data-offline-status]').textContent === t", arg=saved, timeout=60000)
    assert page.locator('[data-offline="drop"]').is_visible()
    # a private page opened online is not kept
    private = offline.private_paths(project)
    for path in private[:2]:
        page.goto(url + "/" + path)
    cached = _cached(page)
    assert len([c for c in cached if c.startswith("dcg-")]) >= len(pack["urls"])
    assert not [c for c in cached if any(c.endswith("/" + p) for p in private)], "a private page was stored"
    # the network is gone
    _read_without_network(page, pre, server)
    # a new release: one page changed, so the site has a new sw.js; served again at the same address
    old_release, new_release = pack["release"], "0" * 16
    page_file = copy / prefix(project, lang).strip("/") / "couples" / "anmeldung" / "index.html"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace("</h1>", " – NEU</h1>", 1), encoding="utf-8")
    for f in [copy / "sw.js", *(copy / "offline").glob("*.json")]:
        f.write_text(f.read_text(encoding="utf-8").replace(old_release, new_release), encoding="utf-8")
    server = _serve_at(copy, url)
    page.goto(pre + "couples/")
    _wait_until(page, """async ([name, old, n]) => { const names = await caches.keys();
        if (!names.includes(name) || names.includes(old)) return false;
        return (await (await caches.open(name)).keys()).length >= n; }""",
                [f"dcg-{new_release}", f"dcg-{old_release}", len(pack["urls"])])
    _read_without_network(page, pre, server)
    page.goto(pre + "couples/anmeldung/")
    assert "NEU" in page.locator("h1").inner_text(), "the new release's page, not the old one"
    # remove: the pack leaves the device
    server = _serve_at(copy, url)
    page.goto(pre + "couples/")
    page.locator('[data-offline="drop"]').click()
    page.wait_for_function("t => document.querySelector('[data-offline-status]').textContent === t",
                           arg=page.locator("[data-dcg-offline]").get_attribute("data-t-dropped"))
    left = [c for c in _cached(page) if c.startswith("dcg-0")]
    assert len(left) < len(pack["urls"]) / 2, left
    server.shutdown()
    server.server_close()
    context.close()


def _read_without_network(page, pre: str, server) -> None:
    """Shut the server down, then a couples' page, the plan and a search result still open."""
    server.shutdown()
    server.server_close()
    page.goto(pre + "couples/anmeldung/")
    assert page.locator("h1").inner_text()
    page.goto(pre + "couples/plan/")
    page.wait_for_selector("[data-dcg-plan][data-ready]", state="attached", timeout=10000)
    page.goto(pre + "search/?q=" + "Anmeldung")
    page.wait_for_function("() => document.querySelectorAll('.dcg-search__link').length > 0", timeout=10000)


def _wait_until(page, script: str, arg, seconds: float = 60):
    """Poll an async check (wait_for_function takes a pending promise for true)."""
    import time

    end = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < end, f"timed out waiting for {script[:60]}"
        time.sleep(0.25)


def _serve_at(folder, url: str):
    """The copy served again at the same address (the same origin, so the same caches)."""
    import functools
    import http.server
    import threading

    from conftest import _Quiet

    port = int(url.rsplit(":", 1)[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("size", offline.ICON_SIZES)
def test_icons_are_drawn_from_the_logo_in_the_sizes_phones_need(site, size):
    data = (site / "assets" / "icons" / f"icon-{size}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (size, size)


def test_every_language_has_a_manifest_and_a_pack_without_private_pages(site, project):
    private = set(offline.private_paths(project))
    for lang in project.profile.languages:
        manifest = json.loads((site / f"manifest-{lang}.webmanifest").read_text(encoding="utf-8"))
        assert manifest["lang"] == lang and {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}
        pack = json.loads((site / "offline" / f"{lang}.json").read_text(encoding="utf-8"))
        assert not private & set(pack["urls"])
        assert all((site / u / "index.html").exists() if u.endswith("/") or u == "" else (site / u).is_file() for u in pack["urls"])
        assert f"plan-data/{lang}.json" in pack["urls"] and f"search-index/{lang}.json" in pack["urls"]
        assert prefix(project, lang).lstrip("/") + "couples/plan/" in pack["urls"]


def test_vendored_workbox_is_the_published_build():
    """docs/assets/vendor/workbox-7.4.1/ holds Workbox's own production builds at the version package.json
    pins and offline.py names: updating means npm install and copying, never editing."""
    from conftest import ROOT

    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    folder = ROOT / "docs" / offline.WORKBOX
    for module in ("core", "routing", "strategies"):
        assert folder.name == f"workbox-{pinned[f'workbox-{module}']}"
        published = ROOT / "node_modules" / f"workbox-{module}" / "build" / f"workbox-{module}.prod.js"
        if not published.exists():
            pytest.skip("node_modules is not installed (make test installs it)")
        assert (folder / published.name).read_bytes() == published.read_bytes()
