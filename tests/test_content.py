"""The content model over the real content: checklists, identifiers across languages, the overview,
sources and dates, and the offline checks as editors run them."""
from __future__ import annotations

import subprocess
import sys
from html import escape

from conftest import ROOT
from dcg import checks
from dcg.render import page_url, visible_sources
from htmlinfo import read


def test_the_offline_checks_pass(project):
    problems = [p for p in checks.run_all(project) if p.severity == "error"]
    assert not problems, "\n".join(str(p) for p in problems[:50])


def test_dcg_check_command_exits_zero():
    result = subprocess.run([sys.executable, "-m", "dcg", "check"], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "scripts"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_at_least_twenty_procedures_in_every_language(project):
    procs = [pd for pd in project.page_data.values() if pd.kind == "procedure"]
    assert len(procs) >= 20
    for pd in procs:
        for lang in project.profile.core_languages:
            assert project.page(lang, pd.rel), f"{pd.rel} is missing in {lang}"


def test_every_procedure_has_a_checklist_with_who_when_and_source(project):
    for pd in project.page_data.values():
        if pd.kind not in ("procedure", "life-event"):
            continue
        assert pd.items, f"{pd.path}: no checklist"
        for it in pd.items:
            assert it.who, f"{pd.path}:{it.line}: '{it.id}' has no who"
            assert it.phase, f"{pd.path}:{it.line}: '{it.id}' has no phase"
            src = pd.sources.get(it.source)
            assert src and src.url.startswith("https://") and src.checked, f"{pd.path}:{it.line}: '{it.id}' has no checked source"


def test_checklist_identifiers_match_across_languages(project):
    for rel, pd in project.page_data.items():
        if not pd.items:
            continue
        ids = {it.id for it in pd.items}
        for lang in project.profile.core_languages:
            page = project.page(lang, rel)
            words = set((page.meta.get("checklist") or {}).keys())
            assert words == ids, f"{page.path}: checklist ids {sorted(words ^ ids)} differ from {pd.path}"


def test_checklists_render_as_labelled_checkboxes_in_every_language(site, project):
    for rel, pd in project.page_data.items():
        if not pd.items or rel in project.hidden_rels():
            continue
        for lang in project.profile.core_languages:
            path = site / ("" if lang == project.profile.default_language else lang) / page_url(rel) / "index.html"
            html = path.read_text(encoding="utf-8")
            for it in pd.items:
                if it.applies_to and not set(it.applies_to) & set(project.profile.audiences):
                    continue
                assert f'id="check-{it.id}"' in html, f"{path}: no checkbox for {it.id}"
                assert f'<label for="check-{it.id}">' in html, f"{path}: no label for {it.id}"


def test_overview_links_every_procedure_in_every_language(site, project):
    seq = project.sequence(("procedure",))
    for lang in project.profile.core_languages:
        prefix = "" if lang == project.profile.default_language else lang
        info = read(site / prefix / "couples" / "index.html")
        for pd in seq:
            target = page_url(pd.rel).split("/", 1)[1]  # couples/x/ -> x/
            assert any(l.rstrip("/").endswith(target.rstrip("/")) for l in info.links), f"{lang} overview lacks {pd.rel}"


def test_every_procedure_page_shows_where_it_stands(site, project):
    seq = project.sequence(("procedure",))
    for i, pd in enumerate(seq):
        html = (site / page_url(pd.rel) / "index.html").read_text(encoding="utf-8")
        assert f"Schritt {i + 1} von {len(seq)}" in html, pd.rel


def test_sources_show_their_checked_dates(site, project):
    for rel, pd in project.page_data.items():
        if not pd.sources or rel in project.hidden_rels():
            continue
        html = (site / page_url(rel) / "index.html").read_text(encoding="utf-8")
        shown = visible_sources(project, pd)
        for s in pd.sources.values():
            if s not in shown:  # about another Land or another partner country
                assert escape(s.url) not in html.split('class="dcg-sources"', 1)[-1] or any(o.url == s.url for o in shown), \
                    f"{rel}: source {s.url} is about another Land or country but shown"
                continue
            assert escape(s.url) in html, f"{rel}: source {s.url} not shown"
            assert f'datetime="{s.checked.isoformat()}"' in html, f"{rel}: checked date of {s.id} not shown"


def test_avoided_translations_are_whole_words_and_allowed_phrases_pass():
    """'cọc' alone is avoided for Pfand, but 'tiền đặt cọc' (a deposit) is right; 'cọcx' is another word."""
    from types import SimpleNamespace

    from dcg.checks import check_terms
    from dcg.pages import Page

    body = "Tiền đặt cọc là ba tháng.\nTrả cọc khi trả chai.\nChữ cọcx không phải.\nCỌC viết hoa.\n"
    project = SimpleNamespace(
        glossary={"vi": {"pfand": {"name": "tiền cược vỏ chai", "text": "…", "avoid": ["cọc"], "allow": ["tiền đặt cọc"]}}},
        glossary_terms={"pfand": {"term": "Pfand"}},
        pages={("vi", "x.md"): Page("vi", "x.md", "docs/vi/x.md", {}, body, 10)})
    found = [(p.line, p.message.split("'")[1]) for p in check_terms(project)]
    assert found == [(11, "cọc"), (13, "CỌC")], found
