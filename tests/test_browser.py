"""In a real browser (Debian's Chromium via Playwright): privacy, accessibility, the language
switcher, search per language, checklists kept in the browser."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, html_pages, prefix

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.browser


def _url(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_every_page_is_private_and_accessible(site, base_url, browser):
    """Opens every built page, served by nginx under the strict Content-Security-Policy: no request
    leaves 127.0.0.1, no request fails, no cookie is set, no console error (a CSP violation is one),
    and axe-core finds no violation of impact serious or critical."""
    assert AXE.exists(), "axe-core is missing: run 'npm ci' (make test does it)"
    context = browser.new_context()
    page = context.new_page()
    foreign, failed, violations, console = [], [], [], []
    page.on("console", lambda m: console.append((page.url, m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append((page.url, str(e))))
    page.on("request", lambda r: foreign.append((page.url, r.url)) if urlparse(r.url).hostname not in ("127.0.0.1",) and not r.url.startswith(("data:", "blob:", "about:")) else None)
    page.on("response", lambda r: failed.append((page.url, r.status, r.url)) if r.status >= 400 else None)
    axe_source = AXE.read_text(encoding="utf-8")
    pages = html_pages(site)
    sample = int(os.environ.get("DCG_BROWSER_SAMPLE") or 0)  # a fork's own run: an even sample of its pages
    if sample and len(pages) > sample:
        pages = pages[:: len(pages) // sample][:sample]
    for path in pages:
        url = _url(site, path)
        page.goto(base_url + url, wait_until="load")
        page.evaluate(axe_source)  # through DevTools, so the page's own CSP still applies to everything else
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                               ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
        for v in result:
            if v["impact"] in ("serious", "critical"):
                violations.append(f"{url}: {v['id']} ({v['impact']}) at {v['nodes']}")
    cookies = context.cookies()
    context.close()
    assert not foreign, f"requests to other hosts: {foreign[:10]}"
    assert not [f for f in failed if not f[0].endswith("404.html")], f"failed requests: {failed[:10]}"
    assert not cookies, f"cookies were set: {cookies}"
    assert not [c for c in console if "404.html" not in c[0]], f"console errors (CSP violations among them): {console[:10]}"
    assert not violations, "axe violations:\n" + "\n".join(violations[:40])
    assert len(pages) >= min(20, sample or 20)


@pytest.mark.parametrize("rel,step", [("couples/anmeldung/", 0), ("couples/anmeldung/", 1), ("couples/anmeldung/", 2), ("staff/", 1)])
def test_language_switcher_lands_on_the_same_page(base_url, page, project, rel, step):
    """From a language to the next one of the profile (and back to the first), by keyboard."""
    langs = project.profile.core_languages
    here, lang = langs[step % len(langs)], langs[(step + 1) % len(langs)]
    if here == lang:
        pytest.skip("a profile with one language has no switcher")
    start, target = prefix(project, here) + rel, prefix(project, lang) + rel
    page.goto(base_url + start)
    # keyboard: focus the language button, then the link for the language
    page.focus(".md-select button")
    link = page.locator(f'.md-select__link[hreflang="{lang}"]')
    link.focus()
    assert link.is_visible(), "the language list opens on keyboard focus"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == target


def _results(page, query: str | None = None) -> list[str]:
    """The pages the search page lists, once it has searched (for `query` typed into its box)."""
    page.wait_for_selector("[data-dcg-search][data-ready]", timeout=10000)
    if query is not None:
        page.fill("#dcg-search-input", query)
    page.wait_for_function("q => { const l = document.querySelector('.dcg-search__results');"
                           " return l && l.hasAttribute('data-query') && (q === null || l.getAttribute('data-query') === q); }",
                           arg=None if query is None else query.strip(), timeout=10000)
    return page.eval_on_selector_all(".dcg-search__link", "els => els.map(e => new URL(e.href).pathname)")


def _fold(text: str) -> str:
    from dcg.searchindex import fold

    return fold(text)


@pytest.mark.default_profile
@pytest.mark.parametrize("start,query,want", [
    ("/vi/search/", "đăng ký cư trú", "/vi/couples/anmeldung/"),
    ("/vi/search/", "dang ky cu tru", "/vi/couples/anmeldung/"),
    ("/vi/search/", "DANG KY CU TRU", "/vi/couples/anmeldung/"),
    ("/vi/search/", "doi bang lai", "/vi/couples/fuehrerschein/"),
    ("/vi/search/", "Wohnungsgeberbestätigung", "/vi/couples/anmeldung/"),
    ("/vi/search/", "mất việc", "/vi/events/job-ende/"),
    ("/search/", "anmelden", "/couples/anmeldung/"),
    ("/en/search/", "lost my job", "/en/events/job-ende/"),
])
def test_search_finds_pages_in_the_readers_language(base_url, page, start, query, want):
    page.goto(f"{base_url}{start}?q={query}")
    found = _results(page)
    assert want in found[:3], f"{query!r} on {start}: {found[:3]}"
    assert all(url.startswith(start[: -len("search/")]) for url in found), f"{query!r}: results outside the language: {found}"


def test_search_finds_a_page_by_its_title_with_and_without_diacritics(base_url, page, project):
    """Typed as on a phone without accents (đ as d, ß as ss) or with them: same page first; the result
    shows the title with its diacritics."""
    for lang in project.profile.core_languages:
        title = project.page(lang, "couples/anmeldung.md").meta["title"]
        page.goto(f"{base_url}{prefix(project, lang)}search/")
        want = prefix(project, lang) + "couples/anmeldung/"
        for query in (title, _fold(title)):
            found = _results(page, query)
            assert found[:1] == [want], f"{lang}: {query!r} finds {found[:3]}"
        titles = page.eval_on_selector_all(".dcg-search__link", "els => els.map(e => e.textContent)")
        assert titles[0] == title, f"{lang}: the result shows {titles[0]!r}, the page is called {title!r}"


def test_search_treats_typing_with_and_without_accents_alike(base_url, page, project):
    """The browser folds a query as the index was folded: "đ" as "d", "ß" as "ss", accents and capitals
    away. A query and its plain form list the same pages, in the same order."""
    samples = ["đăng", "Đổi", "điện thoại", "Straße", "Führerschein", "ĐĂNG KÝ"]
    for lang in project.profile.core_languages:
        samples.append(project.page(lang, "couples/anmeldung.md").meta["title"])
    lang = project.profile.core_languages[-1]
    page.goto(f"{base_url}{prefix(project, lang)}search/")
    listed = 0
    for query in samples:
        typed = _results(page, query)
        plain = _results(page, _fold(query))
        assert typed == plain, f"{query!r} lists {typed[:3]}, {_fold(query)!r} lists {plain[:3]}"
        listed += bool(typed)
    assert listed >= len(samples) // 2


def _keyword_pages(project, lang):
    """Pages with words readers use for them in `lang`, and one such word that is not in the title."""
    out = []
    for rel in sorted(project.page_data):
        pd = project.page_data[rel]
        page = project.page(lang, rel)
        if page is None or rel in project.hidden_rels():
            continue
        title = _fold(page.meta.get("title", ""))
        own = [w for w in pd.keywords.get(lang) or [] if _fold(w) not in title]
        if own:
            out.append((rel, own))
    return out


def test_search_finds_pages_by_the_readers_own_words_and_german_words_from_letters(base_url, page, project):
    """The words kept for a page (keywords: in the page data) find it in every language, typed with or
    without accents; a German word from a letter finds the page on every language's site too."""
    from dcg.render import page_url

    default = project.profile.default_language
    misses, tried = [], 0
    for lang in project.profile.core_languages:
        pages = _keyword_pages(project, lang)
        if not pages:
            continue
        page.goto(f"{base_url}{prefix(project, lang)}search/")
        for rel, words in pages[:: max(1, len(pages) // 8)]:
            want = prefix(project, lang) + page_url(rel)
            for query in (words[0], _fold(words[-1])):
                tried += 1
                found = _results(page, query)
                if want not in found[:3]:
                    misses.append(f"{lang}: {query!r} -> {found[:3]}, want {want}")
        # a long German word from a letter, on this language's site
        german = [(rel, w) for rel, ws in _keyword_pages(project, default) for w in ws if " " not in w and len(w) >= 14]
        for rel, word in german[:: max(1, len(german) // 3)]:
            if project.page(lang, rel) is None:
                continue
            tried += 1
            found = _results(page, word)
            if prefix(project, lang) + page_url(rel) not in found[:5]:
                misses.append(f"{lang}: German {word!r} -> {found[:5]}, want {rel}")
    if not tried:
        pytest.skip("this profile keeps no readers' words for its pages")
    assert len(misses) <= tried // 10, f"{len(misses)} of {tried} missed:\n" + "\n".join(misses)


def test_search_forgives_a_typo_in_a_long_word(base_url, page, project):
    for lang in project.profile.core_languages:
        title = project.page(lang, "couples/anmeldung.md").meta["title"]
        long = max(title.split(), key=len)
        if len(long) < 7:
            continue
        typo = long[:3] + long[4:]  # one letter left out
        page.goto(f"{base_url}{prefix(project, lang)}search/")
        found = _results(page, title.replace(long, typo))
        assert prefix(project, lang) + "couples/anmeldung/" in found[:3], f"{lang}: {typo!r} finds {found[:3]}"


def test_search_results_are_accessible_and_keep_the_query_in_the_address(base_url, page, project):
    from conftest import ROOT as root

    lang = project.profile.core_languages[-1]
    title = project.page(lang, "couples/anmeldung.md").meta["title"]
    page.goto(f"{base_url}{prefix(project, lang)}search/")
    found = _results(page, title)
    assert found
    assert "q=" in page.url, "the query is kept in the address (back button, sharing)"
    assert page.locator(".dcg-search__results mark").count() > 0, "the matched words are marked"
    status = page.locator(".dcg-search__status")
    assert status.get_attribute("role") == "status" and status.inner_text().strip()
    page.evaluate((root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    bad = page.evaluate("async () => (await axe.run(document)).violations.filter(v => ['serious','critical'].includes(v.impact)).map(v => v.id)")
    assert not bad, bad
    _results(page, "zzzqqqxxy")
    assert page.locator(".dcg-search__link").count() == 0 and page.locator(".dcg-search__status").inner_text().strip()


def test_a_word_from_a_letter_shows_its_explanation_first(base_url, page, project):
    """Typed on any language's site (also with a typo), a German glossary word shows its explanation in
    the reader's language above the pages, with a link to the glossary entry."""
    terms = project.glossary_terms
    letters = [tid for tid, t in terms.items() if t.get("from")] or list(terms)
    picks = [tid for tid in letters if len(terms[tid]["term"]) >= 10 and " " not in terms[tid]["term"]][:3]
    if not picks:
        pytest.skip("this profile's glossary has no long word from letters")
    for lang in project.profile.core_languages:
        page.goto(f"{base_url}{prefix(project, lang)}search/")
        for tid in picks:
            word = terms[tid]["term"]
            for query in (word, word[:4] + word[5:]):
                _results(page, query)
                cards = page.locator(".dcg-search__term")
                assert cards.count() >= 1, f"{lang}: {query!r} shows no explanation"
                first = cards.first
                assert first.locator("strong").inner_text() == word, f"{lang}: {query!r} explains {first.locator('strong').inner_text()!r}"
                explanation = " ".join(project.glossary[lang][tid]["text"].split())
                assert explanation in first.inner_text(), f"{lang}: the explanation of {word} is not in {lang}"
                link = first.locator("a").get_attribute("href")
                assert link and link.endswith(f"#term-{tid}")


def test_a_language_being_added_finds_its_pages(base_url, page, project):
    """A language being added searches its own folder's pages as they are shown (in German until
    translated) and leads to the pages in its own folder."""
    pending = [code for code in project.profile.languages if code not in project.profile.core_languages]
    if not pending:
        pytest.skip("this profile adds no language")
    title = project.page(project.profile.default_language, "couples/anmeldung.md").meta["title"]
    for code in pending:
        page.goto(f"{base_url}/{code}/search/?q={title}")
        found = _results(page)
        assert found and all(url.startswith(f"/{code}/") for url in found), f"{code}: {found[:3]}"
        assert f"/{code}/couples/anmeldung/" in found[:3], f"{code}: {title!r} finds {found[:3]}"


@pytest.mark.default_profile
def test_header_search_form_leads_to_results(base_url, page):
    page.goto(base_url + "/vi/couples/anmeldung/")
    page.fill("#dcg-q", "dang ky")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == "/vi/search/"
    assert _results(page)[0].startswith("/vi/")


def test_checklist_ticks_stay_in_the_browser_across_languages(base_url, browser, project, other_lang):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.goto(base_url + "/couples/anmeldung/", wait_until="networkidle")
    # the browser may fetch the favicon at any time after loading: that is not the tick's doing
    icon = page.evaluate("() => { const l = document.querySelector('link[rel~=icon]'); return l ? l.href : ''; }")
    page.on("request", lambda r: requests.append(r.url) if r.url != icon else None)
    box = page.locator("#check-anmeldung-termin")
    label = page.locator('label[for="check-anmeldung-termin"]')
    assert label.inner_text().strip()
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert requests == [], f"ticking sent requests: {requests}"
    page.goto(base_url + prefix(project, other_lang) + "couples/anmeldung/")
    assert page.locator("#check-anmeldung-termin").is_checked()
    page.locator("#check-anmeldung-termin").uncheck()
    page.goto(base_url + "/couples/anmeldung/")
    assert not page.locator("#check-anmeldung-termin").is_checked()
    assert context.cookies() == []
    context.close()


_SPEECH_STUB = """
(() => {
  const voices = %s;
  window.__spoken = [];
  const Utterance = function (text) { this.text = text; this.voice = null; this.lang = ''; };
  Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: Utterance, configurable: true, writable: true});
  const listeners = [];
  const synth = {
    paused: false,
    getVoices: () => voices,
    speak: (u) => { window.__spoken.push({text: u.text, voice: u.voice && u.voice.name}); setTimeout(() => u.onend && u.onend(), window.__delay || 5); },
    cancel: () => {}, pause() { this.paused = true; }, resume() { this.paused = false; },
    addEventListener: (n, f) => listeners.push(f),
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
})();
"""


def _voices(lang, local=True, network=True):
    out = []
    if local:
        out.append({"name": "On this device", "lang": f"{lang}-XX", "localService": True})
    if network:
        out.append({"name": "From a server", "lang": f"{lang}-XX", "localService": False})
    return out


def test_read_aloud_uses_local_voices_only_and_reads_the_article(base_url, browser, project):
    import json

    lang = project.profile.core_languages[-1]
    url = f"{base_url}{prefix(project, lang)}couples/anmeldung/"
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(_SPEECH_STUB % json.dumps(_voices(lang)))
    page.goto(url)
    start = page.locator(".dcg-read__start")
    assert start.is_visible(), "with a local voice the read-aloud control is shown"
    start.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.dcg-read__start') && !document.querySelector('.dcg-read__start').hidden", timeout=20000)
    spoken = page.evaluate("window.__spoken")
    assert spoken and {s["voice"] for s in spoken} == {"On this device"}, "only the device's own voice is used"
    title = project.page(lang, "couples/anmeldung.md").meta["title"]
    assert spoken[0]["text"] == title, f"reading starts with the heading, not the menus: {spoken[0]['text']!r}"
    menu = page.eval_on_selector_all(".md-nav__link", "els => els.map(e => e.textContent.trim()).filter(Boolean)")
    said = " ".join(s["text"] for s in spoken)
    nav_only = [m for m in menu if m not in said and len(m) > 3]
    assert nav_only, "menu entries exist that are not in the article"
    step = page.eval_on_selector_all(".dcg-stepnav a", "els => els.map(e => e.textContent.trim())")
    assert not [s for s in step if s and s in [x["text"] for x in spoken]], "the step navigation is not read"
    # pause and stop by keyboard
    page.evaluate("window.__spoken = []; window.__delay = 2000")
    start.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('dcg-read__pause')")
    page.keyboard.press("Enter")
    assert page.evaluate("speechSynthesis.paused")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.locator(".dcg-read__start").is_visible()
    context.close()
    for voices in (_voices(lang, local=False), []):
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(_SPEECH_STUB % json.dumps(voices))
        page.goto(url)
        assert not page.locator(".dcg-read").is_visible(), f"hidden without a local voice ({voices})"
        context.close()


def test_office_sheets_print_on_one_a4_page_each(base_url, browser, project):
    """Each office sheet, opened from its step's link, prints as one A4 page, in every language (the
    reader's language beside German)."""
    import re

    from dcg.render import sheet_pages

    sheets = sheet_pages(project)
    if not sheets or project.page(project.profile.default_language, "couples/zettel.md") is None:
        pytest.skip("this profile has no office sheets")
    context = browser.new_context()
    page = context.new_page()
    fullest = project.profile.core_languages[-1]  # every sheet in one language, the first one in the others
    for lang in project.profile.languages:
        for pd in sheets if lang == fullest else sheets[:1]:
            slug = pd.rel.split("/")[-1][:-3]
            page.goto(f"{base_url}{prefix(project, lang)}{pd.rel[:-3]}/")
            link = page.locator(".dcg-glance__sheet a")
            assert link.count() == 1, f"{lang}: {pd.rel} does not link to its sheet"
            link.click()
            page.wait_for_load_state()
            assert page.url.endswith(f"#sheet-{slug}")
            page.emulate_media(media="print")
            sheet = page.locator(f"#sheet-{slug}")
            assert sheet.is_visible() and sheet.bounding_box()["height"] > 300, f"{lang}: the sheet is not printed"
            assert not page.locator("article h1").first.is_visible(), f"{lang}: the page around the sheet is printed too"
            others = [s for s in page.eval_on_selector_all(".dcg-sheet", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")]
            assert others == [f"sheet-{slug}"], f"{lang}: printed sheets {others}"
            pdf = page.pdf(format="A4", print_background=False)
            page.emulate_media(media=None)
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert pages == 1, f"{lang}: the sheet for {pd.rel} prints on {pages} pages"
            if lang != project.profile.default_language and project.page(lang, "couples/zettel.md") is not None:
                assert sheet.locator(f'[lang="{project.profile.default_language}"]').count() >= 5, f"{lang}: German beside the reader's language"
            assert sheet.locator(".dcg-sheet__docs li").count() == len(pd.sheet["bring"])
    context.close()
