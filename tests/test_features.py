"""Employer guide, glossary, tracked figures, life events and the quick exit."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from conftest import prefix
from dcg.render import page_url


def _built(site, project, lang, rel):
    prefix = "" if lang == project.profile.default_language else lang
    return site / prefix / page_url(rel) / "index.html"


def test_employer_guide_has_its_chapters_in_every_language(project, site):
    chapters = [pd for pd in project.page_data.values() if pd.kind == "employer"]
    assert len(chapters) >= 14
    for pd in chapters:
        assert pd.sources, f"{pd.path}: an employer chapter without sources"
        for lang in project.profile.core_languages:
            assert project.page(lang, pd.rel), f"{pd.rel} missing in {lang}"
    phases = {it.phase for _, it in project.listed_items("employers/checklisten.md")}
    assert phases >= set(project.phases["employers"]), "the employer checklists cover every employer phase"


def _labels(html: str) -> dict[str, str]:
    """Checklist item id -> its label text on a built page."""
    return {m.group(1): re.sub(r"<[^>]+>", "", m.group(2)).strip()
            for m in re.finditer(r'<input type="checkbox" class="dcg-checklist__box" id="check-([^"]+)"[^>]*>\s*<label for="check-[^"]+">(.*?)</label>', html, re.S)}


def test_the_master_checklist_and_the_chapters_share_one_item_per_task(project, site):
    """An item listed on the master checklist with `use:` is the chapter's item: the same id (one tick in
    the browser), the same words and source; and no task stands twice under two ids."""
    listed = project.listed_items("employers/checklisten.md")
    used = [(home, it) for home, it in listed if home.rel != "employers/checklisten.md"]
    assert len(used) >= 10, "the master checklist lists the chapters' items"
    for lang in project.profile.core_languages:
        master = _labels(_built(site, project, lang, "employers/checklisten.md").read_text(encoding="utf-8"))
        assert set(master) == {it.id for _, it in listed}, f"{lang}: the master checklist shows what its data list"
        words: dict[str, str] = {}
        for home, it in used:
            chapter = _labels(_built(site, project, lang, home.rel).read_text(encoding="utf-8"))
            assert master[it.id] == chapter[it.id], f"{lang}: {it.id} reads the same on both pages"
        for pd in [pd for pd in project.page_data.values() if pd.kind == "employer"]:
            for iid, text in _labels(_built(site, project, lang, pd.rel).read_text(encoding="utf-8")).items():
                key = re.sub(r"\W+", " ", text.casefold()).strip()
                assert words.setdefault(key, iid) == iid, f"{lang}: '{text}' stands under two ids ({words[key]}, {iid}); list one with use:"


def test_short_print_edition_holds_the_summary_and_every_checklist(project, site):
    listed = project.listed_items("employers/checklisten.md")
    for lang in project.profile.core_languages:
        html = _built(site, project, lang, "employers/print-kurz.md").read_text(encoding="utf-8")
        assert 'id="chapter-auf-einen-blick"' in html and 'id="chapter-checklisten"' in html, lang
        assert 'data-dcg-print="employer-short"' not in html, f"{lang}: the placeholder was filled"
        for _, it in listed:
            assert f'data-item="{it.id}"' in html, f"{lang}: {it.id} missing from the short edition"
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "ids on the short edition are unique"
        assert len(re.findall(r"<h1\b", html)) == 1


def test_printable_guide_holds_every_chapter_in_every_language(project, site):
    chapters = project.sequence(("employer",))
    for lang in project.profile.core_languages:
        html = _built(site, project, lang, "employers/print.md").read_text(encoding="utf-8")
        for pd in chapters:
            slug = pd.rel.split("/")[-1][:-3]
            assert f'id="chapter-{slug}"' in html, f"{lang}: the print page lacks {slug}"
        assert len(re.findall(r"<h1\b", html)) == 1, "one h1 on the print page"
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "ids on the print page are unique"
        first = html.index('id="chapter-')
        assert html.rfind('data-search-ignore', 0, first) > html.rfind("</div>", 0, first), \
            "the chapters' copies on the print page stay out of the search index (the chapters are found as their own pages)"


class _Text(__import__("html.parser").parser.HTMLParser):
    """The article's text outside links, buttons, headings, code and the glossary list, and the
    terms marked with <abbr>, with any <abbr> found inside a link, button or heading."""

    SKIP = {"a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "label", "summary", "nav", "dt", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.marked, self.misplaced = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("br", "img", "input", "hr", "meta", "link", "wbr"):
            return
        if tag == "abbr":
            if any(t in ("a", "button", "h1", "h2", "h3", "h4", "h5", "h6") for t, _ in self.stack):
                self.misplaced.append(a.get("title"))
            self.marked.append(a)
        skip = tag in self.SKIP or "dcg-glossary" in (a.get("class") or "") or "dcg-untranslated" in (a.get("class") or "")
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        inside = any(t == "article" for t, _ in self.stack)
        if inside and not any(skip for _, skip in self.stack):
            self.text.append(data)
        if self.stack and self.stack[-1][0] == "abbr" and self.marked:
            self.marked[-1]["term"] = data


def _glossary_view(html):
    v = _Text()
    v.feed(html)
    return v


def test_glossary_explains_every_term_where_it_stands(project, site):
    """On a page with many German terms, in every language: each glossary term in the running text is
    marked once (its first use) with the explanation in the page's language; none in a link, button
    or heading."""
    terms = project.glossary_terms
    assert len(terms) >= 60
    for lang in project.profile.core_languages:
        assert set(project.glossary[lang]) == set(terms), f"glossary {lang} differs from the terms"
    for lang in project.profile.core_languages:
        view = _glossary_view(_built(site, project, lang, "couples/anmeldung.md").read_text(encoding="utf-8"))
        text = " ".join(view.text)
        present = {t["term"] for t in terms.values() if re.search(rf"(?<![\w-]){re.escape(t['term'])}(?![\w-])", text)}
        marked = [m.get("term") for m in view.marked]
        assert len(present) >= 4, f"{lang}: the registration page shows few glossary terms: {present}"
        assert present <= set(marked), f"{lang}: terms in the text but not explained: {sorted(present - set(marked))}"
        assert len(marked) == len(set(marked)), f"{lang}: a term is marked twice: {marked}"
        assert not view.misplaced, f"{lang}: <abbr> inside a link, button or heading: {view.misplaced}"
        words = project.glossary[lang]
        for m in view.marked:
            tid = next(t for t, v in terms.items() if v["term"] == m["term"])
            assert " ".join(words[tid]["text"].split()) in m["title"], f"{lang}: {m['term']} is not explained in {lang}"


def test_no_glossary_mark_inside_links_anywhere(site):
    bad = []
    for path in sorted(site.rglob("index.html")):
        view = _glossary_view(path.read_text(encoding="utf-8"))
        if view.misplaced:
            bad.append(f"{path.relative_to(site)}: {view.misplaced[:2]}")
    assert not bad, "\n".join(bad[:10])


@pytest.mark.parametrize("lang,expected", [("de", "259\xa0€ im Monat"), ("en", "€259 a month"), ("vi", "259\xa0€ mỗi tháng")])
def test_tracked_figures_are_formatted_for_each_language(project, site, lang, expected):
    if lang not in project.profile.core_languages or "couples/kindergeld.md" in project.hidden_rels():
        pytest.skip(f"this profile does not show the child benefit page in '{lang}'")
    fig = project.figures["kindergeld"]
    if fig.resolved(fig.shown(project.today)[0]) != 259:
        pytest.skip("the child benefit changed: update this test's expectation")
    html = _built(site, project, lang, "couples/kindergeld.md").read_text(encoding="utf-8")
    assert 'data-figure="kindergeld"' in html
    assert expected in html


def test_life_event_pages_put_help_first(project):
    events = [pd for pd in project.page_data.values() if pd.kind == "life-event"]
    assert len(events) >= 6
    for pd in events:
        for lang in project.profile.core_languages:
            page = project.page(lang, pd.rel)
            ids = [h[2] for h in page.headings() if h[0] == 2]
            assert ids and ids[0] == "help", f"{page.path}: the help section must come first"


def test_sensitive_page_offers_quick_exit_and_stores_nothing(project, site):
    pd = project.page_data["events/trennung-gewalt.md"]
    assert pd.private
    for lang in project.profile.core_languages:
        html = _built(site, project, lang, pd.rel).read_text(encoding="utf-8")
        assert "data-quick-exit" in html and "data-nostore" in html


@pytest.mark.browser
def test_quick_exit_leaves_with_the_keyboard_and_no_history_entry(base_url, browser, project, other_lang):
    home = prefix(project, other_lang)
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + home + "events/")
    page.goto(base_url + home + "events/trennung-gewalt/")
    # a tick on this page is not kept
    box = page.locator("input.dcg-checklist__box").first
    box.check()
    assert page.evaluate("() => Object.keys(localStorage).length") == 0
    # from the top of the page, Tab reaches the quick exit early; Enter leaves at once
    page.goto(base_url + home + "events/")
    page.goto(base_url + home + "events/trennung-gewalt/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.hasAttribute('data-quick-exit')"):
            break
    else:
        pytest.fail("the quick exit is not reachable with the Tab key")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == home
    page.go_back()
    assert urlparse(page.url).path == home + "events/", "the sensitive page must not be in the history"
    # Escape twice does the same
    last = prefix(project, project.profile.core_languages[-1])
    page.goto(base_url + last + "events/trennung-gewalt/")
    with page.expect_navigation():
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    assert urlparse(page.url).path == last
    context.close()


def test_search_index_per_language_folder(project, site):
    """Each language folder has its own index: its translated pages, titles and descriptions with their
    diacritics, the words to search folded (no accents, no "đ"), no page that is not content."""
    import json

    from dcg.searchindex import fold

    for lang in project.profile.languages:
        data = json.loads((site / "search-index" / f"{lang}.json").read_text(encoding="utf-8"))
        by_url = {d["u"]: d for d in data["docs"]}
        assert "search/" not in by_url and len(by_url) == len(data["docs"])
        for (code, rel), pg in project.pages.items():
            if code != lang or rel in project.hidden_rels() or rel in ("search.md", "404.md") or (pg.meta.get("search") or {}).get("exclude"):
                continue
            doc = by_url.get(page_url(rel))
            assert doc is not None, f"{lang}: {rel} is not in the search index"
            assert doc["t"] and "¶" not in doc["t"], f"{lang}: {rel}: title {doc['t']!r}"
            if rel in project.page_data and project.page_data[rel].kind == "procedure":
                assert doc["t"] == pg.meta["title"], f"{lang}: {rel}: title {doc['t']!r}"
            assert doc["b"] == fold(doc["b"]), f"{lang}: {rel}: the searched words are not folded"
        for hidden in project.hidden_rels():
            assert page_url(hidden) not in by_url, f"{lang}: {hidden} is hidden in this profile but searchable"


def test_readers_words_fall_back_like_the_other_strings(shared):
    from dcg.pagedata import PageData

    pd = PageData(rel="x.md", path="x.yml", keywords={"de": ["Kündigung", "Bescheid"], "vi": ["mất việc", "Kündigung"]})
    default = shared.profile.default_language
    assert pd.keywords_for("vi", shared.profile) == ["mất việc", "Kündigung"] + (["Bescheid"] if default == "de" else [])
    assert pd.keywords_for("xx", shared.profile)[:1] == (pd.keywords.get(default) or [None])[:1]


@pytest.mark.parametrize("text,folded", [("Đăng ký cư trú", "dang ky cu tru"), ("đổi bằng lái", "doi bang lai"),
                                         ("Straße", "strasse"), ("Bescheinigung über die Fiktionswirkung", "bescheinigung uber die fiktionswirkung"),
                                         ("Mẹ", "me"), ("NGƯỜI", "nguoi")])
def test_search_folds_accents_and_d_with_stroke(text, folded):
    from dcg.searchindex import fold

    assert fold(text) == folded


def test_vendored_search_engine_is_the_published_package():
    """docs/assets/vendor/minisearch.js is MiniSearch's own UMD build at the version package.json pins
    (only its source-map comment removed): updating means npm install and copying, never editing."""
    import json

    from conftest import ROOT

    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["minisearch"]
    published = ROOT / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"
    if not published.exists():
        pytest.skip("node_modules is not installed (make test installs it)")
    assert json.loads((ROOT / "node_modules/minisearch/package.json").read_text(encoding="utf-8"))["version"] == pinned
    want = "\n".join(line for line in published.read_text(encoding="utf-8").split("\n") if not line.startswith("//# sourceMappingURL="))
    assert (ROOT / "docs/assets/vendor/minisearch.js").read_text(encoding="utf-8").rstrip("\n") == want.rstrip("\n")


def test_search_page_without_javascript_leads_to_the_pages(project, site):
    for lang in project.profile.languages:
        html = _built(site, project, lang, "search.md").read_text(encoding="utf-8")
        noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S)
        assert noscript and re.search(r'<a href="\.\./"', noscript.group(1)), f"{lang}: the search page without JavaScript links to no page"


def test_glossary_page_says_who_sends_letters_with_a_word(project, site):
    terms = {tid: t for tid, t in project.glossary_terms.items() if t.get("from")}
    if not terms:
        pytest.skip("no word from letters in this glossary")
    where = next((rel for (code, rel), pg in project.pages.items() if code == project.profile.default_language and "glossary()" in pg.body), None)
    for lang in project.profile.core_languages:
        html = _built(site, project, lang, where).read_text(encoding="utf-8")
        for tid, t in list(terms.items())[:5]:
            entry = re.search(rf'id="term-{tid}".*?</div>', html, re.S)
            assert entry and project.t(lang, "letter_from") in entry.group(0), f"{lang}: {tid} does not say who sends such letters"
            assert project.glossary_terms[t["from"][0]]["term"] in entry.group(0)
            assert t["source"]["url"] in entry.group(0), f"{lang}: {tid} does not link its source"


def _item_html(html: str, iid: str) -> str:
    m = re.search(rf'<li class="dcg-checklist__item" id="item-{re.escape(iid)}".*?</li>', html, re.S)
    return m.group(0) if m else ""


def test_each_handoff_shows_on_both_checklists(project, site):
    """data/handoffs.yml pairs a company's item with a couple's step: the company's item links to the
    couple's step and the couple's step links back, in every language, saying which comes first."""
    assert len(project.handoffs) >= 10
    orders = {h.order for h in project.handoffs}
    assert orders == {"before", "after"}, "the data has both kinds of pair"
    for lang in project.profile.core_languages:
        for h in project.handoffs:
            for iid, other, label, words in (
                (h.company, h.couple, "handoff_couple", f"handoff_for_couple_{h.order}"),
                (h.couple, h.company, "handoff_employer", f"handoff_by_employer_{h.order}"),
            ):
                home, _ = project.item_home(iid)
                other_home, _ = project.item_home(other)
                li = _item_html(_built(site, project, lang, home.rel).read_text(encoding="utf-8"), iid)
                assert li, f"{lang}: {iid} is on {home.rel}"
                link = re.search(rf'<dt>((?:(?!</dt>).)*)</dt><dd>((?:(?!</dd>).)*?)<a href="([^"]+#item-{re.escape(other)})">', li, re.S)
                assert link, f"{lang}: {iid} on {home.rel} does not show its pair {other}"
                said = [re.sub(r"<[^>]+>", "", g).strip() for g in link.groups()[:2]]  # a glossary mark may wrap a word
                assert said == [project.t(lang, label), project.t(lang, words)], (lang, iid, said)
                target = urlparse(link.group(3)).path
                assert target.rstrip("/").endswith(other_home.rel[:-3]), f"{lang}: {iid} links to {target}, not {other_home.rel}"


def test_a_handoff_listed_twice_is_named_once(tmp_path):
    from dcg.handoffs import load_handoffs
    from dcg.pagedata import PageData
    f = tmp_path / "handoffs.yml"
    f.write_text("handoffs:\n  - {company: a, couple: b, order: before}\n  - {company: a, couple: b, order: after}\n", encoding="utf-8")
    homes = {"a": PageData(rel="employers/x.md", path="x", kind="employer"), "b": PageData(rel="couples/y.md", path="y", kind="procedure")}
    problems = []
    pairs = load_handoffs(f, "data/handoffs.yml", homes, problems)
    assert len(pairs) == 1 and [str(p) for p in problems] == ["data/handoffs.yml:3: the pair a / b is already listed at line 2"]
