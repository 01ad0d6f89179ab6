"""The built site: languages, alternates, descriptions, sitemap, 404 pages, fallback pages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import html_pages, lang_of, profile_file
from dcg.build import strict_build
from dcg.render import page_url
from htmlinfo import read


def test_every_page_has_its_language_description_and_title(site, project):
    langs, default = project.profile.languages, project.profile.default_language
    pages = html_pages(site)
    assert len(pages) > 20
    for path in pages:
        info = read(path)
        expected = lang_of(site, path, langs, default)
        assert info.lang == expected, f"{path.relative_to(site)}: <html lang={info.lang!r}>, expected {expected!r}"
        assert info.description and info.description.strip(), f"{path.relative_to(site)}: no meta description"
        assert project.profile.name in info.title, f"{path.relative_to(site)}: title {info.title!r} lacks the programme name"


def test_hreflang_alternates_list_every_translation_when_the_address_is_known(site, project):
    default = project.profile.default_language
    for (lang, rel), page in project.pages.items():
        if lang != default or rel == "404.md" or rel in project.hidden_rels():
            continue
        for code in project.profile.languages:
            if project.page(code, rel) is None:
                continue
            out = site / ("" if code == default else code) / page_url(rel) / "index.html"
            info = read(out)
            got = {h for h, _ in info.alternates}
            want = {c for c in project.profile.languages if project.page(c, rel)} | {"x-default"}
            if not project.profile.site_url:
                want = set()  # relative alternates are ignored by search engines: only absolute ones are written
            assert got == want, f"{out.relative_to(site)}: hreflang {sorted(got)}, expected {sorted(want)}"


def test_sitemap_lists_every_language(site, project):
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert locs
    for code in project.profile.core_languages:
        if code == project.profile.default_language:
            continue
        assert any(f"/{code}/" in loc for loc in locs), f"sitemap.xml has no /{code}/ page"


def test_a_404_page_per_language(site, project):
    for code in project.profile.languages:
        path = site / ("404.html" if code == project.profile.default_language else f"{code}/404.html")
        info = read(path)
        assert info.lang == code
        homes = [l for l in info.links if l.rstrip("/").endswith(("", "/vi", "/en"))]
        assert homes, f"{path}: no links to the language homes"


def test_profile_drives_names_and_marks_examples(site, project):
    home = read(site / "index.html").text
    for reg in project.profile.regions:
        assert reg.names["de"]["name"] in home or reg.names["de"]["in"] in home
    for lang in project.profile.core_languages:
        prefix = "" if lang == project.profile.default_language else lang
        assert project.t(lang, "example") in read(site / prefix / "staff" / "index.html").text, f"{lang}: examples are not marked"


def test_no_cdn_fonts_or_foreign_hosts_in_html(site):
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'(?:src|href)="(https?://[^"]+)"', text):
            url = m.group(1)
            # links a reader may follow (sources) are fine; nothing may be loaded from elsewhere
            tag_start = text.rfind("<", 0, m.start())
            tag = text[tag_start:m.start()]
            assert not tag.startswith(("<script", "<link", "<img", "<iframe", "<source")), f"{path}: loads {url}"


def _build(project_dir: Path):
    return strict_build(project_dir, project_dir / "site")


@pytest.mark.parametrize("link,expected", [("gibt-es-nicht.md", "gibt-es-nicht.md"), ("../index.md#gibt-es-nicht", "gibt-es-nicht")],
                         ids=["missing page", "missing anchor"])
def test_strict_build_fails_on_a_broken_link(variant, link, expected):
    page = variant / "docs/de/staff/index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n[kaputt]({link})\n", encoding="utf-8")
    ok, output = _build(variant)
    assert not ok
    assert expected in output


def test_a_wrong_profile_value_stops_the_build_with_file_and_line(variant):
    prof = profile_file(variant)
    text = re.sub(r"primary: [\"']#[0-9a-fA-F]{6}[\"']", "primary: blue", prof.read_text(encoding="utf-8"), count=1)
    prof.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "primary: blue" in l)
    ok, output = _build(variant)
    assert not ok
    assert f"{prof.relative_to(variant).as_posix()}:{line}: site.colors: primary 'blue' is not a colour" in output
    assert "Traceback" not in output


@pytest.mark.default_profile
def test_untranslated_page_shows_german_with_a_notice_and_absolute_alternates(variant, project):
    (variant / "docs/vi/staff/index.md").unlink()
    (variant / "docs/vi/events/index.md").unlink()  # a page with glossary terms, shown in German
    prof = variant / "profile.yml"
    prof.write_text(prof.read_text(encoding="utf-8").replace('url: ""', 'url: "https://example.org/willkommen/"', 1), encoding="utf-8")
    ok, output = _build(variant)
    assert ok, output[-3000:]
    site = variant / "site"
    info = read(site / "vi/staff/index.html")
    assert info.lang == "vi"
    assert "de" in info.lang_blocks, "the German text must sit in an element marked lang=de"
    assert "Trang này chưa được dịch sang tiếng Việt" in info.text
    assert not info.search_body, "a fallback page must stay out of the Vietnamese search index"
    import json

    index = json.loads((site / "search-index/vi.json").read_text(encoding="utf-8"))
    assert "staff/" not in {d["u"] for d in index["docs"]}, "a fallback page must stay out of the Vietnamese search index"
    assert "couples/anmeldung/" in {d["u"] for d in index["docs"]}
    # the German text is explained with the German glossary
    import re

    titles = re.findall(r'<abbr tabindex="0" title="([^"]+)">', (site / "vi/events/index.html").read_text(encoding="utf-8"))
    german = {" ".join(w["text"].split()) for w in project.glossary["de"].values()}
    assert titles and all(any(g in t for g in german) for t in titles), titles[:3]
    assert "vi" not in {h for h, _ in info.alternates}
    de = read(site / "staff/index.html")
    assert ("vi" not in {h for h, _ in de.alternates})
    assert dict(de.alternates)["en"] == "https://example.org/willkommen/en/staff/"
    assert dict(de.alternates)["de"] == "https://example.org/willkommen/staff/"
    assert dict(de.alternates)["x-default"] == "https://example.org/willkommen/staff/"


def test_an_unknown_expression_stops_the_build_at_its_line(variant, project, other_lang):
    """The build names the file and line of a {{ … }} that does not exist, in a translated page too
    (MkDocs drops the blank lines after the front matter; the line still counts from the file's top)."""
    page = variant / "docs" / other_lang / "couples" / "anmeldung.md"
    if other_lang == project.profile.default_language or not page.exists():
        pytest.skip("the profile has no translated page to test")
    lines = page.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 2
    lines.insert(at, "{{ no_such_expression() }}")
    page.write_text("\n".join(lines), encoding="utf-8")
    ok, output = _build(variant)
    assert not ok
    assert f"docs/{other_lang}/couples/anmeldung.md:{at + 1}: 'no_such_expression' is undefined" in output, output[-1500:]
    assert "Traceback" not in output


def test_build_timings_name_every_step(tmp_path, project):
    """`dcg build --timings`: MkDocs per language, each hook, each post-build step; the generation and
    the post-build steps add up to the whole build."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    result = subprocess.run([sys.executable, "-m", "dcg.cli", "build", "--timings", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = dict(re.findall(r"^(.+?)\s+(\d+\.\d\d) s$", result.stdout, re.M))
    times = {name.strip(): float(t) for name, t in rows.items()}
    for code in project.profile.languages:
        assert f"MkDocs, language {code}" in times
    for name in ("hook on_page_markdown", "hook on_config", "pages: links, glossary, valid HTML, search index",
                 "print pages", "compression and headers"):
        assert name in times, result.stdout
    assert abs(times["generation (MkDocs with the hooks)"] + times["post-build steps"] - times["build, in all"]) <= 0.02
    assert sum(t for n, t in times.items() if n.startswith("MkDocs, language")) <= times["generation (MkDocs with the hooks)"]
    assert (tmp_path / "site" / "index.html").exists()


def test_pages_rendered_ahead_are_used_only_when_sound():
    """A page rendered by the second process is used only if it came from the same text; the first
    language's only once all are done; if the second process failed, the page is rendered in MkDocs'
    own process (which reports the cause)."""
    import concurrent.futures
    import concurrent.futures.process

    from dcg import mkdocs_hooks as hooks

    done = concurrent.futures.Future()
    done.set_result({("vi", "a.md"): ("Text\n", "rendered", {}, [])})
    failed = concurrent.futures.Future()
    failed.set_exception(concurrent.futures.process.BrokenProcessPool("the process ended"))
    running = concurrent.futures.Future()
    saved = dict(hooks.STATE)
    try:
        hooks.STATE.clear()
        hooks.STATE["ahead"] = {"vi": (done, True), "en": (failed, True), "de": (running, False)}
        assert hooks._rendered_ahead("vi", "a.md", "\nText") == ("Text\n", "rendered", {}, [])
        assert hooks._rendered_ahead("vi", "a.md", "Other text") is None
        assert hooks._rendered_ahead("en", "a.md", "Text") is None
        assert hooks._rendered_ahead("de", "a.md", "Text") is None  # not done yet: MkDocs does not wait
    finally:
        hooks.STATE.clear()
        hooks.STATE.update(saved)
