"""The cost worksheet (data/costs.yml, employers/kostenrechner): the worked examples add up the figures
only, say who pays by law and by recommendation, take the programme's offer from the profile, and the
worksheet adds up and writes a CSV file in the browser."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

from conftest import ROOT, prefix
from dcg.costs import amounts, example
from dcg.timeline import load_timelines  # noqa: F401  (the scenarios are the timelines')

DAY_2026 = dt.date(2026, 6, 1)


def _totals(project, scenario):
    ex = example(project.costs, scenario, project.figures, DAY_2026)
    return ex["recommended"], ex["by_law"], ex["open"]


def test_the_worked_examples_add_up_the_figures(project):
    # national visa 75 € and residence card 100 € for two persons, § 81a fee 411 €, recognition 100-600 €
    assert _totals(project, "fast-track-full")[:2] == ((861, 1361), (411, 411))
    assert _totals(project, "fast-track-experience")[:2] == ((761, 761), (411, 411)), "no recognition on the experience route"
    assert _totals(project, "standard-full")[:2] == ((450, 950), (0, 0)), "by law the company pays none of the fees itself"
    assert set(project.timelines.scenarios) == {row for row in ["fast-track-full", "fast-track-partnership", "fast-track-experience", "standard-full", "ba-preapproval-full"]}
    for scenario in project.timelines.scenarios:
        rec, law, open_rows = _totals(project, scenario)
        assert rec[0] <= rec[1] and law[0] <= rec[0] and open_rows >= 5, scenario


def test_no_amount_is_written_by_hand(project):
    """Every amount is a figure with its source; rows without one say so, hours are the company's."""
    text = (ROOT / "data/costs.yml").read_text(encoding="utf-8")
    assert not re.search(r"\b(figure|min|max): *\d", text)
    for row in project.costs:
        a = amounts(row, project.figures, DAY_2026)
        assert (a is None) == (row.varies or row.hours), row.id


def test_the_programme_offer_comes_from_the_profile(project):
    from dcg.costview import programme_offer
    html = programme_offer(project, "de")
    assert project.t("de", "costs_price_unknown") in html and 'class="dcg-example"' in html, "no price until the programme decides one"
    assert project.t("de", "costs_cover_coaching") in html
    data = project.profile.data
    saved = data.get("employer_offer")
    try:
        data["employer_offer"] = {"price": {"amount": 1200, "per": "couple"}, "covers": ["coaching"]}
        html = programme_offer(project, "de")
        assert "1.200\xa0€ je Paar" in html and 'class="dcg-example"' not in html
    finally:
        data["employer_offer"] = saved


def test_the_worksheet_in_the_browser(project, browser, base_url):
    from conftest import opened
    from test_routes import _axe, a4_fits
    for lang in project.profile.core_languages:
        url = f"{base_url}{prefix(project, lang)}employers/kostenrechner/"
        with opened(browser, url, accept_downloads=True) as (page, errors):
            page.wait_for_selector("[data-sheet-actions]:not([hidden])")
            assert page.locator("[data-cost-example]").count() == 5
            page.fill('[data-amount="visa"]', "150")
            page.fill('[data-hours="hours-hr"]', "10")
            page.fill('[data-rate="hours-hr"]', "40.5")
            assert page.locator("[data-dcg-costs]").get_attribute("data-sum") == "555"
            assert page.locator("[data-sheet-total]").inner_text().strip()
            with page.expect_download() as d:
                page.click("[data-sheet-csv]")
            name = d.value.suggested_filename
            assert name.endswith(".csv") and " " not in name, name
            rows = list(csv.reader(io.StringIO(open(d.value.path(), encoding="utf-8-sig").read()), delimiter=";"))
            assert len(rows) == len(project.costs) + 2
            by_label = {r[0]: r for r in rows}
            visa = project.t(lang, "costs_r_visa")
            hr = project.t(lang, "costs_r_hours-hr")
            assert by_label[visa][3] == "150" and by_label[hr][1:] == ["10", "40.5", "405"], rows
            assert rows[-1][3] == "555"
            violations = _axe(page)
            assert not violations, (lang, violations)
            a4_fits(page, ".dcg-costs table, .dcg-costs-sheet table")
            assert not page.locator("[data-sheet-actions]").is_visible()
            assert page.locator("[data-dcg-costs] table").is_visible()
            assert not errors, (lang, errors)
        with opened(browser, url, java_script_enabled=False) as (page, _):
            assert page.locator("[data-dcg-costs] input").first.is_visible(), "a blank sheet to print and fill in by hand"
            assert not page.locator("[data-sheet-actions]").is_visible()
            assert page.locator('[data-cost-example="fast-track-full"] [data-cost="fast-track-fee"]').count() == 1
