"""The route finder: its rules (data/routes.yml) read case by case, the same verdicts in the browser's
reading (docs/assets/dcg/routes.js), and the page without JavaScript."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest

from conftest import ROOT
from dcg.routes import FITS, MAY_FIT, NO_FIT, evaluate, figure_values

DAY_2026 = dt.date(2026, 6, 1)

# (what, answers, the routes that fit, the routes that may fit; all others do not fit)
CASES = [
    ("a Zerspanungsmechaniker with a Vietnamese vocational degree, not recognised, three years of experience, paid above the limit",
     dict(qualification="vocational", recognition="none", experience=3, regulated="no", salary=48000, tariff="no", age=28, german="A2"),
     {"s19c2", "s16d3"}, set()),
    ("the same worker in a company bound by a collective agreement, paid below the limit by that agreement",
     dict(qualification="vocational", recognition="none", experience=3, regulated="no", salary=38000, tariff="yes", age=28, german="A2"),
     {"s19c2", "s16d3"}, set()),
    ("a nurse (regulated) whose recognition found differences",
     dict(qualification="vocational", recognition="partial", experience=3, regulated="yes", salary=40000, tariff="no", age=27, german="B1"),
     {"s16d3", "s16d1"}, set()),
    ("a cook with a recognised degree and one year of experience",
     dict(qualification="vocational", recognition="full", experience=1, regulated="no", salary=32000, tariff="yes", age=30, german="A2"),
     {"s18a"}, set()),
    ("an engineer with a recognised university degree and a salary above the Blue Card limit",
     dict(qualification="academic", recognition="full", experience=4, regulated="no", salary=60000, tariff="no", age=32, german="A1"),
     {"s18b", "s18g", "s19c2"}, set()),
    ("an engineer paid between the lower and the general Blue Card limit",
     dict(qualification="academic", recognition="full", experience=1, regulated="no", salary=48000, tariff="no", age=32, german="A1"),
     {"s18b"}, {"s18g"}),
    ("a worker below the experience route's salary limit, no collective agreement",
     dict(qualification="vocational", recognition="none", experience=5, regulated="no", salary=40000, tariff="no", age=35, german="A2"),
     {"s16d3"}, set()),
    ("a worker aged 46 with a recognised degree, paid below the limit for 45 and over",
     dict(qualification="vocational", recognition="full", experience=10, regulated="no", salary=50000, tariff="yes", age=46, german="B1"),
     {"s19c2"}, {"s18a"}),
    ("a worker aged 46 paid above the limit for 45 and over",
     dict(qualification="vocational", recognition="full", experience=10, regulated="no", salary=56000, tariff="no", age=46, german="B1"),
     {"s18a", "s19c2"}, set()),
    ("no fitting route: a regulated profession, not recognised, German A1",
     dict(qualification="vocational", recognition="none", experience=4, regulated="yes", salary=40000, tariff="no", age=25, german="A1"),
     set(), set()),
    ("no qualification the routes accept",
     dict(qualification="other", recognition="none", experience=6, regulated="no", salary=50000, tariff="no", age=30, german="B2"),
     set(), set()),
    ("nothing answered: no route is ruled out",
     {}, set(), {"s18a", "s18b", "s18g", "s19c2", "s16d3", "s16d1"}),
]


def _verdicts(project, answers, day=DAY_2026):
    limits = figure_values(project.routes, project.figures, day)
    return {route.id: verdict for route, verdict, _ in evaluate(project.routes, answers, limits)}


@pytest.mark.parametrize("what,answers,fits,may", CASES, ids=[c[0][:40] for c in CASES])
def test_route_rules_case_by_case(project, what, answers, fits, may):
    got = _verdicts(project, answers)
    assert {r for r, v in got.items() if v == FITS} == fits, what
    assert {r for r, v in got.items() if v == MAY_FIT} == may, what
    assert {r for r, v in got.items() if v == NO_FIT} == set(got) - fits - may, what


def test_the_limits_are_the_figures_of_the_year(project):
    limits = figure_values(project.routes, project.figures, DAY_2026)
    assert limits["erfahrung-gehalt"] == 45630 and limits["fachkraft-ab-45-gehalt"] == 55770
    assert limits["blaue-karte-gehalt"] == 50700
    # a year whose ceiling is not published: the limit is unknown, so a salary route may fit, never fits
    later = figure_values(project.routes, project.figures, dt.date(2031, 1, 1))
    assert later["erfahrung-gehalt"] is None
    answers = CASES[0][1]
    assert _verdicts(project, answers, dt.date(2031, 1, 1))["s19c2"] == MAY_FIT


def _node() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("node is needed for the browser's reading of the rules (make test installs it)")
    return node


def test_the_browser_reads_the_rules_alike(project):
    """routes.js, given the rules as the page embeds them, gives every case the same verdicts."""
    from dcg.routeview import rules_json
    data = rules_json(project, "de", DAY_2026)
    script = (ROOT / "docs/assets/dcg/routes.js").read_text(encoding="utf-8")
    cases = [c[1] for c in CASES]
    runner = script + "\n;var D=" + json.dumps(data) + ";var C=" + json.dumps(cases) + \
        ";process.stdout.write(JSON.stringify(C.map(function(a){var o={};DCGRoutes.evaluate(D,a).forEach(function(r){o[r.id]=r.verdict;});return o;})));"
    out = subprocess.run([_node(), "-e", runner], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    js = json.loads(out.stdout)
    for (what, answers, _, _), got in zip(CASES, js):
        assert got == _verdicts(project, answers), what


def _axe(page) -> list[str]:
    """axe's serious and critical findings, once the page's transitions are over (a menu that keyboard
    focus just left is still fading out, half transparent, for a quarter of a second)."""
    for _ in range(50):  # polled: the page's policy forbids the evaluation wait_for_function needs
        if not page.evaluate("document.getAnimations().some(a => a instanceof CSSTransition && a.playState === 'running')"):
            break
        page.wait_for_timeout(100)
    page.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                          ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    return [f"{v['id']} ({v['impact']}) at {v['nodes']}" for v in found if v["impact"] in ("serious", "critical")]


def a4_fits(page, selector: str) -> None:
    """Printed on A4 (the printable width of an A4 page at 96 dpi with Chromium's default margins), the
    tool's charts and tables stay within the page, and Chromium makes a PDF of it."""
    page.set_viewport_size({"width": 718, "height": 1000})
    page.emulate_media(media="print")
    wide = page.evaluate("(sel) => [...document.querySelectorAll(sel)].filter(e => e.getBoundingClientRect().right > "
                         "document.documentElement.clientWidth + 1).map(e => e.className || e.tagName)", selector)
    assert not wide, wide
    assert page.pdf(format="A4")[:4] == b"%PDF"


def _fill(page, answers: dict) -> None:
    for name in ("qualification", "recognition", "regulated", "tariff"):
        if name in answers:
            page.check(f'input[name="{name}"][value="{answers[name]}"]')
    for name in ("experience", "salary", "age"):
        if name in answers:
            page.fill(f"#routes-{name}", str(answers[name]))
    if "german" in answers:
        page.select_option("#routes-german", answers["german"])


def test_the_route_finder_in_the_browser(project, browser, base_url):
    """In every language: the form answers the cases as the rules do (under the strict CSP, by keyboard),
    the result passes axe; without JavaScript the form stays hidden and the decision table names every
    route with its chapter."""
    from conftest import opened, prefix
    cases = [CASES[0], CASES[9]]
    for lang in project.profile.core_languages:
        url = f"{base_url}{prefix(project, lang)}employers/wegweiser/"
        with opened(browser, url) as (page, errors):
            page.wait_for_selector("[data-routes-form]:not([hidden])")
            for what, answers, fits, may in cases:
                page.reload()
                page.wait_for_selector("[data-routes-form]:not([hidden])")
                _fill(page, answers)
                page.locator("[data-routes-form] button[type=submit]").focus()
                page.keyboard.press("Enter")
                page.wait_for_selector("[data-route]")
                got = {el.get_attribute("data-route"): el.get_attribute("data-verdict") for el in page.query_selector_all("[data-route]")}
                assert {r for r, v in got.items() if v == "fits"} == fits, (lang, what, got)
                assert {r for r, v in got.items() if v == "may-fit"} == may, (lang, what, got)
                if not fits and not may:
                    assert page.locator(".dcg-routes__none").is_visible(), (lang, what)
            violations = _axe(page)
            assert not violations, (lang, violations)
            a4_fits(page, ".dcg-routes-table table")
            assert not errors, (lang, errors)
        # without JavaScript
        with opened(browser, url, java_script_enabled=False) as (page, _):
            assert not page.locator("[data-routes-form]").is_visible()
            rows = page.locator(".dcg-routes-table tbody tr")
            assert rows.count() == len(project.routes.routes)
            for i, route in enumerate(project.routes.routes):
                assert route.law in rows.nth(i).inner_text()
                assert rows.nth(i).locator('a[href*="rechtswege"]').count() == 1


@pytest.mark.parametrize("name", ["magdeburg", "hannover"])
def test_profiles_without_third_country_readers_have_no_route_finder(name):
    from dcg.project import Project
    other = Project.load(ROOT, ROOT / "profiles" / name / "profile.yml", today=DAY_2026)
    assert "third-country" not in other.profile.audiences
    assert "employers/wegweiser.md" in other.hidden_rels()
