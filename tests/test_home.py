"""What readers see first: the home page starts from tasks (large, labelled entry points for couples,
employers and programmes), "help now" is one tap from the home page, and it all works on a phone."""
from __future__ import annotations

from conftest import prefix


def test_the_home_page_starts_from_tasks(project, browser, base_url):
    from test_routes import _axe
    for lang in project.profile.core_languages:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{base_url}{prefix(project, lang)}")
        tiles = page.locator(".dcg-tasks a")
        assert tiles.count() >= 5, lang
        first = tiles.first.bounding_box()
        assert first["y"] < 844, f"{lang}: the first entry point is on the first screen of a phone"
        hrefs = [tiles.nth(i).get_attribute("href") for i in range(tiles.count())]
        for want in ("couples/plan/", "events/#help-now", "employers/", "staff/"):
            assert any(h.endswith(want) for h in hrefs), (lang, want, hrefs)
        for i in range(tiles.count()):
            box = tiles.nth(i).bounding_box()
            assert box["height"] >= 44 and box["width"] >= 280, f"{lang}: a large target on a phone ({box})"
            assert tiles.nth(i).inner_text().strip(), "each entry point is labelled"
        # by keyboard: Tab reaches every entry point, in order
        reached = []
        for _ in range(60):
            page.keyboard.press("Tab")
            assert not page.evaluate("!!(document.activeElement && document.activeElement.closest('.md-sidebar--primary'))"), \
                f"{lang}: the closed menu drawer takes no focus"
            href = page.evaluate("document.activeElement && document.activeElement.closest('.dcg-tasks') ? document.activeElement.getAttribute('href') : null")
            if href and href not in reached:
                reached.append(href)
            if len(reached) == tiles.count():
                break
        assert reached == hrefs, (lang, reached)
        violations = _axe(page)
        assert not violations, (lang, violations)
        # help now: one tap from the home page to the emergency numbers
        page.locator('.dcg-tasks a[href$="events/#help-now"]').click()
        page.wait_for_url("**/events/#help-now")
        assert page.locator('#help-now ~ p a[href="tel:112"]').count() == 1
        context.close()


def test_help_now_is_one_tap_from_every_couples_page(project, site):
    import re
    from dcg.render import page_url
    count = 0
    for (lang, rel) in project.pages:
        if lang not in project.profile.core_languages or rel.split("/")[0] not in ("couples", "events") or rel in project.hidden_rels():
            continue
        path = site / ("" if lang == project.profile.default_language else lang) / page_url(rel) / "index.html"
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'<p class="dcg-helpnow"><a href="([^"]+)">', html)
        if rel == "events/index.md":
            assert not links and 'id="help-now"' in html
            continue
        from urllib.parse import urljoin
        here = "https://x/" + ("" if lang == project.profile.default_language else f"{lang}/") + page_url(rel)
        want = "https://x/" + ("" if lang == project.profile.default_language else f"{lang}/") + "events/#help-now"
        assert len(links) == 1 and urljoin(here, links[0]) == want, (lang, rel, links)
        count += 1
    assert count > 90


def test_the_menu_by_audience(project, browser, base_url):
    """Wide screens: one tab per audience and a sidebar with the reader's part only; the programme
    title of the sidebar never lies over its entries when the menu scrolls; phones: the drawer holds the
    same groups. Addresses stay as they are."""
    groups = project.navigation["groups"]
    for lang in project.profile.core_languages:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(f"{base_url}{prefix(project, lang)}life/politik/")
        tabs = [t.strip() for t in page.locator(".md-tabs__link").all_inner_texts()]
        assert project.t(lang, "nav_group_couples") in tabs and len(tabs) == 1 + len(groups), (lang, tabs)
        hrefs = page.evaluate("[...document.querySelectorAll('.md-sidebar--primary a.md-nav__link[href]')]"
                              ".filter(a => a.getClientRects().length).map(a => a.getAttribute('href'))")
        assert any("couples/anmeldung/" in h for h in hrefs) and not any("employers/rechtswege/" in h for h in hrefs), (lang, "the couples' part only")
        for url in ("life/politik/", "employers/"):
            page.goto(f"{base_url}{prefix(project, lang)}{url}")
            page.evaluate("document.querySelectorAll('.md-sidebar__scrollwrap').forEach(e => e.scrollTop = 400); window.scrollTo(0, 800)")
            page.wait_for_timeout(200)
            overlap = page.evaluate("""() => {
                const titles = [...document.querySelectorAll('.md-sidebar--primary .md-nav__title')].filter(t => t.getClientRects().length && getComputedStyle(t).visibility !== 'hidden');
                const links = [...document.querySelectorAll('.md-sidebar--primary .md-nav__link')].filter(a => a.getClientRects().length);
                const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
                const out = [];
                for (const t of titles) { const r = t.getBoundingClientRect();
                  for (const a of links) { if (t.contains(a) || a.contains(t)) continue; const q = a.getBoundingClientRect();
                    if (q.height && hit(r, q) && getComputedStyle(t).position === 'sticky') out.push([t.textContent.trim(), a.textContent.trim()]); } }
                return out.slice(0, 3); }""")
            assert not overlap, (lang, url, overlap)
        context.close()
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{base_url}{prefix(project, lang)}employers/")
        page.locator('label.md-header__button[for="__drawer"]').click()
        drawer = page.locator(".md-sidebar--primary")
        assert drawer.is_visible()
        assert project.t(lang, "nav_group_couples") in drawer.inner_text(), lang
        context.close()


def test_the_short_name_fits_the_header_of_a_phone(project, browser, base_url):
    """At 360 px the header shows the programme's short name whole (at most two lines), for this profile
    and for every example profile; screen readers get the full name."""
    import yaml
    from conftest import ROOT
    shorts = [project.profile.data["programme"]["short_name"]]
    for prof in sorted((ROOT / "profiles").glob("*/profile.yml")):
        shorts.append(yaml.safe_load(prof.read_text(encoding="utf-8"))["programme"]["short_name"])
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{base_url}/")
    assert page.locator(".md-header .dcg-name-long").inner_text().strip() == project.profile.data["programme"]["name"]
    for short in shorts:
        page.evaluate("(s) => { document.querySelector('.md-header .dcg-name-short').textContent = s; }", short)
        box = page.evaluate("""() => { const e = document.querySelector('.md-header .dcg-name-short');
            const r = e.getBoundingClientRect(); const header = document.querySelector('.md-header__inner').getBoundingClientRect();
            const next = document.querySelector('.md-header .dcg-search-form__button').getBoundingClientRect();
            return {clipped: e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1,
                    right: r.right, next: next.left, top: r.top, bottom: r.bottom, htop: header.top, hbottom: header.bottom, w: r.width}; }""")
        assert not box["clipped"] and box["w"] > 0, (short, box)
        assert box["right"] <= box["next"] + 1 and box["htop"] - 1 <= box["top"] and box["bottom"] <= box["hbottom"] + 1, (short, box)
    context.close()
