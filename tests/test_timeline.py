"""The employer's timelines (data/timelines.yml, employers/zeitplan): the weeks follow from the law's
periods and the programme's values only, the page draws them as SVG with a table, and a start date
turns weeks into dates in the browser."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import ROOT, prefix
from dcg.timeline import LAW, NONE, PROFILE, load_timelines, place

SCENARIOS = {"fast-track-full", "fast-track-partnership", "fast-track-experience", "standard-full", "ba-preapproval-full"}


def _weeks(tl, scid):
    return {p.step.id: (p.begin, p.end) for p in place(tl, scid)}


def test_the_five_scenarios_from_the_decision_to_the_end_of_probation(project):
    tl = project.timelines
    assert set(tl.scenarios) == SCENARIOS
    for scid in SCENARIOS:
        w = _weeks(tl, scid)
        assert w["start"] == (0, 0), scid
        assert w["probation"] == (0, 26), f"{scid}: six months of probation at most (§ 622 Abs. 3 BGB), drawn as 26 weeks"
        assert min(b for b, _ in w.values()) == w["decide"][0] < 0, f"{scid}: everything starts with the decision"
        assert w["register"][1] - w["register"][0] == 2, "registration within two weeks (§ 17 BMG)"
    fast = _weeks(tl, "fast-track-full")
    assert fast["recognition-fast"][1] - fast["recognition-fast"][0] == 9, "two months (§ 14a BQFG) drawn as 9 weeks"
    assert fast["ba-fast"][1] - fast["ba-fast"][0] == 1 and fast["embassy-appointment-fast"][1] - fast["embassy-appointment-fast"][0] == 3
    assert fast["embassy-decision-fast"] == (-3, 0)
    assert "recognition-fast" not in _weeks(tl, "fast-track-experience"), "the experience route needs no recognition"
    partnership = _weeks(tl, "fast-track-partnership")
    assert partnership["recognition-after"] == (0, 13), "recognition after entry: three months (§ 6 BQFG)"
    standard = _weeks(tl, "standard-full")
    assert standard["recognition"][1] - standard["recognition"][0] == 13 and standard["ba"][1] - standard["ba"][0] == 2


def test_no_duration_is_invented(project):
    """Every drawn length is the law's (with a source) or the programme's; the rest are points marked
    as having no reliable figure. The shipped profile has entered no values."""
    tl = project.timelines
    for step in tl.steps.values():
        if step.basis == LAW:
            assert step.source in tl.sources and step.weeks > 0, step.id
        elif step.basis == PROFILE:
            pytest.fail(f"{step.id}: the shipped profile enters no durations")
        elif step.basis == NONE:
            assert step.weeks is None, step.id
    assert {s.id for s in tl.steps.values() if s.basis == NONE} >= {"contract", "documents", "embassy-decision", "travel"}


def test_a_programme_value_moves_the_plan_and_is_marked(project, tmp_path):
    values = {"documents": {"weeks": 6, "example": True}, "travel": {"weeks": 1}}
    problems = []
    tl = load_timelines(ROOT / "data/timelines.yml", "data/timelines.yml", values, problems)
    assert not problems
    assert tl.steps["documents"].basis == PROFILE and tl.steps["documents"].example
    assert tl.steps["travel"].basis == PROFILE and not tl.steps["travel"].example
    before, after = _weeks(project.timelines, "fast-track-full"), _weeks(tl, "fast-track-full")
    assert after["decide"][0] == before["decide"][0] - 7, "six weeks of documents and one of travel come before the first working day"


def test_the_timelines_page(project, site):
    for lang in project.profile.core_languages:
        html = (site / prefix(project, lang).strip("/") / "employers/zeitplan/index.html").read_text(encoding="utf-8")
        for scid in SCENARIOS:
            fig = re.search(rf'<figure class="dcg-timeline" data-timeline="{scid}">(.*?)</figure>', html, re.S)
            assert fig, (lang, scid)
            svg = fig.group(1)
            assert re.search(rf'<svg[^>]+role="img"[^>]+aria-labelledby="tl-{scid}-title tl-{scid}-desc"', svg)
            assert f'<title id="tl-{scid}-title">' in svg and f'<desc id="tl-{scid}-desc">' in svg
            rows = len(project.timelines.scenarios[scid])
            table = html[html.index("</figure>", html.index(f'data-timeline="{scid}"')):]
            table = table[:table.index("</table>")]
            assert table.count("<tr>") == rows + 1, (lang, scid)
        assert "gesetze-im-internet.de/aufenthv/__31a.html" in html


def test_the_timelines_in_the_browser(project, browser, base_url):
    """A start date fills every week with its date (week −3 of 1 September 2027 is 11 August 2027);
    axe passes; without JavaScript the form stays hidden and the weeks remain; print keeps the charts."""
    from conftest import opened
    from test_routes import _axe, a4_fits
    for lang in project.profile.core_languages:
        url = f"{base_url}{prefix(project, lang)}employers/zeitplan/"
        with opened(browser, url) as (page, errors):
            page.wait_for_selector("[data-dcg-timeline]:not([hidden])")
            page.fill("#timeline-start", "2027-09-01")
            page.locator("#timeline-start").dispatch_event("change")
            cells = page.locator('[data-timeline="fast-track-full"] ~ .dcg-timeline__table [data-week]')
            assert cells.count() > 10
            for i in range(cells.count()):
                week = int(cells.nth(i).get_attribute("data-week"))
                want = dt.date(2027, 9, 1) + dt.timedelta(weeks=week)
                assert cells.nth(i).get_attribute("data-date") == want.isoformat(), (lang, week)
                assert cells.nth(i).inner_text().strip(), (lang, week)
            violations = _axe(page)
            assert not violations, (lang, violations)
            a4_fits(page, ".dcg-timeline__svg, .dcg-timeline__table table")
            assert not page.locator("[data-dcg-timeline]").is_visible()
            assert page.locator(".dcg-timeline__svg").first.is_visible()
            assert not errors, (lang, errors)
        with opened(browser, url, java_script_enabled=False) as (page, _):
            assert not page.locator("[data-dcg-timeline]").is_visible()
            assert page.locator(".dcg-timeline__table td", has_text=re.compile(r"−\d+")).count() > 10
