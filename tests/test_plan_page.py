"""The plan page and the coach's page in a real browser (plan.js), with a fixed clock: the dates for
fixed answers in every language, against dates worked out by hand here and against `dcg plan`'s rules;
the ticks of each partner and their link to the procedure pages; the share link between two browsers;
old and hostile links; the calendar file read back; the print of the Vietnamese plan; axe."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, prefix
from dcg import plan as planmodel

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LINKS = yaml.safe_load((Path(__file__).parent / "corpus" / "plan-links.yml").read_text(encoding="utf-8"))["cases"]
UTC = dt.timezone.utc
NOW = dt.datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday


def _data(site: Path, lang: str) -> dict:
    return json.loads((site / "plan-data" / f"{lang}.json").read_text(encoding="utf-8"))


def _context(browser, when=NOW):
    context = browser.new_context(accept_downloads=True)
    context.clock.set_fixed_time(when)
    return context


def _open(page, url: str):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_selector("[data-dcg-plan][data-ready]", state="attached")
    return errors


def _answer(page, answers: dict):
    for key, value in answers.items():
        if key in planmodel.DATE_ANSWERS:
            page.fill(f"#plan-{key}", value)
        elif key == "region":
            page.select_option("#plan-region", value)
        elif key in ("partner-job", "regulated"):
            page.select_option(f"#plan-{key}", "yes" if value else "no")
        elif key == "children":
            page.fill("#plan-children", str(value))
    page.locator("[data-plan-form]").dispatch_event("change")


def _entry(page, item: str, lane: str):
    return page.locator(f'li.dcg-plan__entry[data-item="{item}"][data-lane="{lane}"]')


def _axe(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                          ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    return [f"{v['id']} ({v['impact']}) at {v['nodes']}" for v in found if v["impact"] in ("serious", "critical")]


def _both_lanes_item(data: dict) -> dict:
    """A step each partner does for themself (two personal lanes) with a procedure page tick."""
    return next(it for it in data["items"] if {"worker", "partner"} <= set(it["lanes"]) and not it["if"])


# Worked out by hand (§§ 187-188 BGB; § 31 VwVfG moves an end on a weekend or a Land holiday).
DATED = [
    # moving in on Wednesday 23 Dec 2026, two weeks: Wednesday 6 Jan 2027, Heilige Drei Könige in
    # Baden-Württemberg (Nordschwarzwald): moved to Thursday 7 Jan
    ({"moving-in": "2026-12-23", "region": "nsw"}, "anmeldung-buergeramt", "worker", "2027-01-07", "Heilige Drei Könige", "2027-01-06"),
    # the same in Nordrhein-Westfalen (Ostwestfalen-Lippe): a working day there
    ({"moving-in": "2026-12-23", "region": "owl"}, "anmeldung-buergeramt", "partner", "2027-01-06", None, None),
    # six months after 31 Aug 2026: February has no 31st, so 28 Feb 2027 (§ 188 Abs. 3), a Sunday, kept
    ({"moving-in": "2026-08-31"}, "fuehrerschein-frist-notieren", "partner", "2027-02-28", "sunday", None),
    # counted back from a permit expiring on Sunday 30 May 2027: marked, never later
    ({"permit-expiry": "2027-05-30"}, "verlaengerung-antrag", "worker", "2027-05-30", "sunday", None),
    # two weeks after starting work on Monday 4 Jan 2027 (§ 26 SGB X): Monday 18 Jan
    ({"work-start": "2027-01-04"}, "krankenversicherung-kasse-waehlen", "worker", "2027-01-18", None, None),
]
# Recommended dates from the phase windows, counted from moving in on 31 Aug 2026 (a Monday).
WINDOWS = {"first-days": "2026-09-14", "first-weeks": "2026-10-12", "first-months": "2027-02-28",
           "first-year": "2027-08-31", "later": "2029-08-31"}
LONG_DATE = {"de": "6. Januar 2027", "en": "6 January 2027", "vi": "6 tháng 1, 2027"}


def _py_plan(data: dict, answers: dict, today: dt.date) -> list[dict]:
    return [{**e, "date": e["date"] and e["date"].isoformat(), "moved_from": e["moved_from"] and e["moved_from"].isoformat()}
            for e in planmodel.compute(data, answers, today)]


@pytest.mark.default_profile
def test_dates_for_fixed_answers_in_every_language(base_url, site, browser, project):
    context = _context(browser)
    page = context.new_page()
    for lang in project.profile.languages:
        data = _data(site, lang)
        errors = _open(page, base_url + prefix(project, lang) + "couples/plan/")
        page.evaluate("() => localStorage.clear()")
        for answers, item, lane, day, off, moved in DATED:
            page.reload()
            page.wait_for_selector("[data-dcg-plan][data-ready]", state="attached")
            _answer(page, answers)
            li = _entry(page, item, lane)
            assert li.get_attribute("data-date") == day, f"{lang} {answers}: {item} ({lane})"
            assert li.get_attribute("data-kind") == "deadline"
            holiday = off and off not in ("sunday", "saturday")
            if holiday:  # the holiday's name in the reader's language, from the exported data
                assert data["holidays"]["BW"][moved] in li.inner_text()
                assert lang != "de" or data["holidays"]["BW"][moved] == off
            assert li.get_attribute("data-off") == (data["holidays"]["BW"][moved] if holiday else off)
            assert li.get_attribute("data-moved-from") == moved
            # the browser and the command's model agree on every entry
            browser_plan = page.evaluate("([a, d]) => window.dcgPlan.compute(a, d)", [answers, NOW.date().isoformat()])
            assert browser_plan == _py_plan(data, answers, NOW.date()), f"{lang} {answers}: plan.js and plan.py differ"
            page.evaluate("() => localStorage.clear()")
        # the date is written in the reader's language, the lanes carry its names
        page.reload()
        page.wait_for_selector("[data-dcg-plan][data-ready]", state="attached")
        _answer(page, {"moving-in": "2026-12-23", "region": "owl"})
        assert LONG_DATE.get(lang, "2027") in _entry(page, "anmeldung-buergeramt", "worker").locator("time").inner_text()
        assert page.locator("#lane-worker").inner_text() == data["lanes"]["worker"]
        # recommended dates: the window of the item's phase
        page.evaluate("() => localStorage.clear()")
        page.reload()
        page.wait_for_selector("[data-dcg-plan][data-ready]", state="attached")
        _answer(page, {"moving-in": "2026-08-31"})
        phases = {it["id"]: it["phase"] for it in data["items"]}
        rec = page.eval_on_selector_all('li[data-kind="recommended"]', "els => els.map(e => [e.dataset.item, e.dataset.date])")
        assert len(rec) > 50
        for iid, day in rec:
            assert day == WINDOWS[phases[iid]], f"{lang}: {iid} ({phases[iid]}) recommended for {day}"
        assert page.locator('li[data-kind="recommended"][data-date=""]').count() == 0
        assert not errors, errors
        page.evaluate("() => localStorage.clear()")
    context.close()


def test_overdue_and_this_weeks_steps_come_first(base_url, site, browser, project):
    context = _context(browser)
    page = context.new_page()
    _open(page, base_url + prefix(project, project.profile.default_language) + "couples/plan/")
    _answer(page, {"moving-in": "2026-12-10"})  # 24 days before the fixed today
    statuses = page.eval_on_selector_all("section.dcg-plan__lane >> nth=0 >> li.dcg-plan__entry", "els => els.map(e => e.dataset.status)")
    order = {"overdue": 0, "week": 1, "later": 2, "undated": 3}
    assert statuses and statuses[0] == "overdue"
    assert [order[s] for s in statuses] == sorted(order[s] for s in statuses)
    context.close()


def test_ticks_of_each_partner_and_the_page_tick(base_url, site, browser, project, other_lang):
    """A step each partner does: a tick per person in the plan; the procedure page's tick means
    "done for both" and follows the plan across a language switch and a reload (and back)."""
    lang = project.profile.default_language
    item = _both_lanes_item(_data(site, lang))
    plan_url = base_url + prefix(project, lang) + "couples/plan/"
    page_url = base_url + prefix(project, lang) + item["path"]
    context = _context(browser)
    page = context.new_page()
    _open(page, plan_url)
    _answer(page, {"moving-in": "2026-12-23"})
    tick = lambda lane: _entry(page, item["id"], lane).locator("input.dcg-plan__tick")  # noqa: E731
    tick("worker").check()
    assert tick("worker").is_checked() and not tick("partner").is_checked()
    page.goto(page_url)
    assert not page.locator(f"#check-{item['id']}").is_checked(), "one partner's tick is not the page's 'done for both'"
    _open(page, base_url + prefix(project, other_lang) + "couples/plan/")
    assert tick("worker").is_checked() and not tick("partner").is_checked()
    tick("partner").check()
    page.goto(page_url)
    assert page.locator(f"#check-{item['id']}").is_checked(), "both partners' ticks make the page's tick"
    page.locator(f"#check-{item['id']}").uncheck()
    _open(page, plan_url)
    assert not tick("worker").is_checked() and not tick("partner").is_checked()
    page.goto(page_url)
    page.locator(f"#check-{item['id']}").check()
    _open(page, base_url + prefix(project, other_lang) + "couples/plan/")
    page.reload()
    page.wait_for_selector("[data-dcg-plan][data-ready]", state="attached")
    assert tick("worker").is_checked() and tick("partner").is_checked()
    assert page.locator("#plan-moving-in").input_value() == "2026-12-23", "answers kept across languages and reloads"
    assert context.cookies() == []
    context.close()


def test_share_link_between_two_browsers_merge_and_replace(base_url, site, browser, project):
    lang = project.profile.default_language
    data = _data(site, lang)
    first, second = [it for it in data["items"] if {"worker", "partner"} <= set(it["lanes"]) and not it["if"]][:2]
    url = base_url + prefix(project, lang) + "couples/plan/"
    # she enters moving in and ticks her part of the first step, then shares
    a = _context(browser, NOW)
    pa = a.new_page()
    _open(pa, url)
    _answer(pa, {"moving-in": "2027-01-15"})
    _entry(pa, first["id"], "worker").locator("input").check()
    pa.locator('[data-plan-action="share"]').click()
    link = pa.locator("[data-plan-link]").input_value()
    assert "#plan=1." in link and pa.locator("[data-plan-qr] svg").count() == 1
    state, dropped = planmodel.decode_link(link, {it["id"] for it in data["items"]}, [r["id"] for r in data["regions"]])
    assert state["a"] == {"moving-in": "2027-01-15"} and state["t"] == {first["id"]: "w"} and not dropped
    # he answered earlier: another moving-in date, a first working day, his ticks
    b = _context(browser, NOW - dt.timedelta(days=1))
    pb = b.new_page()
    _open(pb, url)
    _answer(pb, {"moving-in": "2027-01-20", "work-start": "2027-02-01"})
    _entry(pb, first["id"], "partner").locator("input").check()
    _entry(pb, second["id"], "partner").locator("input").check()
    b.clock.set_fixed_time(NOW + dt.timedelta(hours=1))
    pb.goto("about:blank")
    errors = _open(pb, link)
    box = pb.locator("[data-plan-import]")
    assert box.is_visible() and str(len(state["t"])) in box.inner_text()
    assert "#" not in pb.url, "the link's data leaves the address bar once read"
    box.locator('[data-import="merge"]').click()
    assert pb.locator("#plan-moving-in").input_value() == "2027-01-15", "the newer answers win"
    assert pb.locator("#plan-work-start").input_value() == "2027-02-01", "answers only one side gave are kept"
    assert _entry(pb, first["id"], "worker").locator("input").is_checked()
    assert _entry(pb, first["id"], "partner").locator("input").is_checked()
    assert _entry(pb, second["id"], "partner").locator("input").is_checked()
    assert pb.evaluate(f"() => localStorage.getItem('dcg-checklist:{first['id']}')") == "1", "each partner's tick: done for both"
    # replace: exactly what the link holds
    pb.goto("about:blank")
    _open(pb, link)
    pb.locator('[data-import="replace"]').click()
    assert pb.locator("#plan-moving-in").input_value() == "2027-01-15"
    assert pb.locator("#plan-work-start").input_value() == ""
    assert not _entry(pb, second["id"], "partner").locator("input").is_checked()
    assert _entry(pb, first["id"], "worker").locator("input").is_checked()
    assert not _entry(pb, first["id"], "partner").locator("input").is_checked()
    # an older link names a step this version does not have: dropped and named
    old = url + "#" + planmodel.encode_link({"a": {}, "t": {first["id"]: "b", "schritt-von-frueher": "b"}})
    pb.goto("about:blank")
    _open(pb, old)
    assert "schritt-von-frueher" in pb.locator("[data-plan-dropped]").inner_text()
    assert not errors, errors
    a.close()
    b.close()


def test_old_and_hostile_links_in_the_browser(base_url, site, browser, project):
    """Every case of tests/corpus/plan-links.yml: plan.js decides as plan.py does, and a rejected link
    changes nothing, names its reason, and runs no script."""
    lang = project.profile.default_language
    data = _data(site, lang)
    known, regions = {it["id"] for it in data["items"]}, [r["id"] for r in data["regions"]]
    url = base_url + prefix(project, lang) + "couples/plan/"
    context = _context(browser)
    page = context.new_page()
    errors = _open(page, url)
    for case in LINKS:
        got = page.evaluate("(l) => window.dcgPlan.decode(l)", case["link"])
        try:
            state, dropped = planmodel.decode_link(case["link"], known, regions)
            want = {"ok": True, "state": state, "dropped": dropped}
        except planmodel.LinkError as exc:
            want = {"ok": False, "code": exc.code}
        assert got == want, case["what"]
        if "code" in case["expect"]:
            assert got["code"] == case["expect"]["code"], case["what"]
    texts = {k: v for k, v in data["t"].items()}
    # a fragment that is not a plan link (#all-steps) is an anchor, left alone
    hostile = [c for c in LINKS if "code" in c["expect"] and c["link"].lstrip("#").startswith("plan=")]
    for case in hostile[::2] + [LINKS[2]]:
        page.goto("about:blank")
        errors += _open(page, url + ("#" + case["link"].lstrip("#")))
        if "code" in case["expect"]:
            assert page.locator("[data-plan-message]").inner_text() == texts["plan_link_" + case["expect"]["code"]], case["what"]
            assert page.locator("[data-plan-import]").is_hidden()
        assert page.evaluate("() => document.querySelectorAll('img[src=x], [onerror], b').length") == 0, case["what"]
    assert not errors, errors
    context.close()


def test_calendar_file_reads_back(base_url, site, browser, project, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    lang = project.profile.languages[-1]
    data = _data(site, lang)
    context = _context(browser)
    page = context.new_page()
    _open(page, base_url + prefix(project, lang) + "couples/plan/")
    _answer(page, {"moving-in": "2026-12-23", "work-start": "2027-01-04"})
    dated = page.eval_on_selector_all("li.dcg-plan__entry[data-date]:not([data-date=''])",
                                      "els => els.map(e => [e.dataset.item + '.' + e.dataset.lane, e.dataset.date])")
    calendars = []
    for when in (NOW, NOW + dt.timedelta(days=3)):
        context.clock.set_fixed_time(when)
        with page.expect_download() as dl:
            page.locator('[data-plan-action="ics"]').click()
        path = tmp_path / f"plan-{len(calendars)}.ics"
        dl.value.save_as(path)
        raw = path.read_bytes()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines folded at 75 octets"
        calendars.append(icalendar.Calendar.from_ical(raw))
    events = [list(c.walk("VEVENT")) for c in calendars]
    uid = data["uid"]
    assert sorted((str(e["UID"]), e.decoded("DTSTART").isoformat()) for e in events[0]) == sorted((f"{k}@{uid}", d) for k, d in dated)
    assert [str(e["UID"]) for e in events[0]] == [str(e["UID"]) for e in events[1]], "UIDs stable across exports"
    assert all(int(y["SEQUENCE"]) > int(x["SEQUENCE"]) for x, y in zip(*events))
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == dt.timedelta(days=1) for e in events[0])
    titles = {it["id"]: it["text"] for it in data["items"]}
    assert all(str(e["SUMMARY"]).startswith(titles[str(e["UID"]).split(".")[0]]) for e in events[0])
    assert all(str(e["URL"]).startswith(base_url) for e in events[0])
    context.close()


def test_the_vietnamese_plan_prints_on_a4(base_url, browser, project):
    lang = "vi" if "vi" in project.profile.languages else project.profile.languages[-1]
    context = _context(browser)
    page = context.new_page()
    _open(page, base_url + prefix(project, lang) + "couples/plan/")
    _answer(page, {"moving-in": "2026-12-23"})
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # what window.print() sends first
    page.emulate_media(media="print")
    assert page.locator("[data-plan-form]").is_hidden() and page.locator(".md-sidebar").first.is_hidden()
    assert page.locator("[data-plan-made]").is_visible() and "2027" in page.locator("[data-plan-made]").inner_text()
    assert page.locator(".dcg-plan__printqr svg").is_visible()
    assert page.locator("section.dcg-plan__lane").first.is_visible()
    # nothing wider than the A4 text width (about 170 mm at 96 dpi)
    page.set_viewport_size({"width": 643, "height": 900})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 643
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1
    # without the choice, the printed QR code leads to the plan page, not to the couple's answers
    assert "plan=" not in (page.locator(".dcg-plan__printqr").get_attribute("data-text") or page.evaluate(
        "() => document.querySelector('.dcg-plan__printqr svg') ? '' : 'missing'"))
    context.close()


def test_coach_keeps_couples_and_shares_notes_only_when_chosen(base_url, site, browser, project):
    lang = project.profile.default_language
    data = _data(site, lang)
    known, regions = {it["id"] for it in data["items"]}, [r["id"] for r in data["regions"]]
    item = _both_lanes_item(data)
    couple_link = base_url + prefix(project, lang) + "couples/plan/#" + planmodel.encode_link(
        {"a": {"moving-in": "2026-12-23"}, "u": "2027-01-03T10:00:00Z", "t": {item["id"]: "w"}})
    context = _context(browser)
    page = context.new_page()
    errors = _open(page, base_url + prefix(project, lang) + "staff/begleitplan/")
    page.fill("[data-coach-name]", "Lan & Minh")
    page.fill("[data-coach-link]", couple_link)
    page.locator('[data-plan-action="coach-add"]').click()
    assert page.locator("[data-coach-select]").input_value() == "Lan & Minh"
    assert page.locator("#plan-moving-in").input_value() == "2026-12-23"
    assert _entry(page, item["id"], "worker").count() == 0, "the coach sees open steps only"
    assert _entry(page, item["id"], "partner").count() == 1
    page.fill("[data-coach-goals]", "Kita-Platz suchen")
    page.fill("[data-coach-notes]", "Schläft schlecht <b>seit</b> Januar")
    page.locator('[data-plan-action="share"]').click()
    state, _ = planmodel.decode_link(page.locator("[data-plan-link]").input_value(), known, regions)
    assert "c" not in state, "notes are not shared unless the coach chooses"
    page.locator("[data-plan-share-notes]").check()
    state, _ = planmodel.decode_link(page.locator("[data-plan-link]").input_value(), known, regions)
    assert state["c"]["notes"] == "Schläft schlecht <b>seit</b> Januar"
    assert page.locator("[data-plan-link]").input_value().split("#")[0].endswith("/couples/plan/")
    # a second couple, then back: each keeps its own plan
    page.fill("[data-coach-name]", "Hoa & Tuan")
    page.locator('[data-plan-action="coach-add"]').click()
    assert page.locator("#plan-moving-in").input_value() == ""
    page.select_option("[data-coach-select]", "Lan & Minh")
    assert page.locator("[data-coach-notes]").input_value().startswith("Schläft")
    page.reload()
    page.wait_for_selector("[data-dcg-plan][data-ready]", state="attached")
    assert page.locator("[data-coach-goals]").input_value() == "Kita-Platz suchen"
    violations = _axe(page)
    assert not violations, violations
    page.emulate_media(media="print")
    assert page.locator("[data-coach-goals]").is_visible() and page.locator("section.dcg-plan__lane").first.is_visible()
    assert not errors, errors
    context.close()


def test_the_plan_page_with_a_plan_is_accessible(base_url, browser, project):
    context = _context(browser)
    page = context.new_page()
    for lang in project.profile.languages:
        _open(page, base_url + prefix(project, lang) + "couples/plan/")
        _answer(page, {"moving-in": "2026-12-23"})
        page.locator('[data-plan-action="share"]').click()
        violations = _axe(page)
        assert not violations, f"{lang}: {violations}"
        page.evaluate("() => localStorage.clear()")
    context.close()


def test_without_javascript_every_step_is_listed_with_its_rule(site, project):
    """The plain list the page shows without JavaScript (and the source for search engines)."""
    from dcg import planview

    lang = project.profile.default_language
    html = (site / prefix(project, lang).strip("/") / "couples" / "plan" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li data-item="([^"]+)"', html.split('class="dcg-plan__all"')[1])
    data = planview.plan_data(project, lang)
    assert listed == [it["id"] for it in data["items"]]
    dated = next(it for it in data["items"] if it["rule_text"])
    assert dated["rule_text"] in html
