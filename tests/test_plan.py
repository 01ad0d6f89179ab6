"""The plan's rules (scripts/dcg/plan.py): due dates as §§ 187-188 BGB and the period rules count them,
the share link's format, and the calendar file. Every expected date is worked out by hand here."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from dcg import plan
from dcg.project import Project

D = dt.date
RULES = {"bgb": {"moves": False}, "vwvfg": {"moves": True}, "ao": {"moves": True}}
NW = {"2027-01-01": "Neujahr", "2027-05-27": "Fronleichnam", "2027-05-06": "Christi Himmelfahrt"}


def span(n, unit, rel, event, rule="bgb"):
    return {"n": n, "unit": unit, "rel": rel, "event": event, "rule": rule}


@pytest.mark.parametrize("sp, event_day, want, moved_from, off", [
    # two weeks after moving in on Friday 15 Jan 2027 end on Friday 29 Jan 2027
    (span(2, "weeks", "after", "moving-in", "vwvfg"), D(2027, 1, 15), D(2027, 1, 29), None, ""),
    # one month after 31 January ends on the last day of February (§ 188 Abs. 3 BGB)
    # (28 Feb 2027 is a Sunday: § 188 BGB alone marks it and keeps it)
    (span(1, "months", "after", "moving-in"), D(2027, 1, 31), D(2027, 2, 28), None, "sunday"),
    (span(1, "months", "after", "moving-in"), D(2028, 1, 31), D(2028, 2, 29), None, ""),
    # two weeks after Thursday 13 May 2027 end on Thursday 27 May 2027, Fronleichnam in NRW: moves (§ 31 VwVfG) to Friday
    (span(2, "weeks", "after", "moving-in", "vwvfg"), D(2027, 5, 13), D(2027, 5, 28), D(2027, 5, 27), "Fronleichnam"),
    # the same end under § 188 BGB alone is marked but stays
    (span(2, "weeks", "after", "moving-in", "bgb"), D(2027, 5, 13), D(2027, 5, 27), None, "Fronleichnam"),
    # an end on Saturday 30 Jan 2027 under § 108 AO moves to Monday 1 Feb
    (span(2, "weeks", "after", "moving-in", "ao"), D(2027, 1, 16), D(2027, 2, 1), D(2027, 1, 30), "saturday"),
    # counted back: 3 months before 31 May 2027 is 28 Feb 2027 (a Sunday), and never moves later
    (span(3, "months", "before", "moving-in", "vwvfg"), D(2027, 5, 31), D(2027, 2, 28), None, "sunday"),
    # the day the permit expires, on a Sunday: marked, not moved
    (span(0, "days", "before", "moving-in", "vwvfg"), D(2027, 3, 7), D(2027, 3, 7), None, "sunday"),
])
def test_due_dates_follow_the_period_rules(sp, event_day, want, moved_from, off):
    got = plan.due(sp, {"moving-in": event_day}, RULES, NW)
    assert got == {"date": want, "off": off, "moved_from": moved_from}


def test_unknown_event_gives_no_date():
    assert plan.due(span(2, "weeks", "after", "birth"), {"moving-in": D(2027, 1, 1)}, RULES, {}) is None


def test_every_deadline_names_a_known_rule(project):
    rules = project.plan_rules["rules"]
    for pd in project.page_data.values():
        for dl in [pd.deadline] + [it.deadline for it in pd.items]:
            if dl:
                assert dl["rule"] in rules, (pd.path, dl)


LINK_STATE = {"a": {"moving-in": "2027-01-15", "children": 2, "ages": [3, 8]}, "u": "2027-01-16T08:00:00Z",
              "t": {"anmeldung-buergeramt": "wp", "gone-item": "b"}}


def test_share_link_round_trip_drops_unknown_items():
    frag = plan.encode_link(LINK_STATE)
    assert frag.startswith("plan=1.")
    state, dropped = plan.decode_link("https://example.org/couples/plan/#" + frag, {"anmeldung-buergeramt"}, ["owl"])
    assert state["a"] == LINK_STATE["a"] and state["t"] == {"anmeldung-buergeramt": "wp"}
    assert dropped == ["gone-item"]


LINKS = yaml.safe_load((Path(__file__).parent / "corpus" / "plan-links.yml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", LINKS, ids=[c["what"] for c in LINKS])
def test_links_old_and_hostile(case):
    """tests/corpus/plan-links.yml: a link is read with its known steps, or rejected as a whole."""
    if "code" in case["expect"]:
        with pytest.raises(plan.LinkError) as err:
            plan.decode_link(case["link"], {"anmeldung-buergeramt"}, ["owl"])
        assert err.value.code == case["expect"]["code"]
    else:
        state, dropped = plan.decode_link(case["link"], {"anmeldung-buergeramt"}, ["owl"])
        assert state["t"] == case["expect"]["ticks"] and dropped == case["expect"]["dropped"]


def test_the_link_corpus_covers_every_rejection():
    assert {c["expect"].get("code") for c in LINKS} >= {"malformed", "long", "newer", "type", None}


def test_calendar_file_reads_back_with_stable_uids():
    icalendar = pytest.importorskip("icalendar")
    entries = [{"item": "anmeldung-buergeramt", "lane": "worker", "date": D(2027, 1, 29)},
               {"item": "anmeldung-buergeramt", "lane": "partner", "date": D(2027, 1, 29)},
               {"item": "later-item", "lane": "both", "date": None}]
    titles = {(e["item"], e["lane"]): "Anmeldung beim Bürgeramt, mit Wohnungsgeberbestätigung; lange Zeile " * 2 for e in entries}
    notes = {k: "Gesetzliche Frist: innerhalb von 2 Wochen" for k in titles}
    one = plan.ics(entries, titles, notes, {}, "dcv.dual-career-guide", dt.datetime(2027, 1, 2, 9, tzinfo=dt.timezone.utc), "de")
    two = plan.ics(entries, titles, notes, {}, "dcv.dual-career-guide", dt.datetime(2027, 1, 3, 9, tzinfo=dt.timezone.utc), "de")
    cals = [icalendar.Calendar.from_ical(x) for x in (one, two)]
    events = [[c for c in cal.walk("VEVENT")] for cal in cals]
    assert [str(e["UID"]) for e in events[0]] == [str(e["UID"]) for e in events[1]] == [
        "anmeldung-buergeramt.worker@dcv.dual-career-guide", "anmeldung-buergeramt.partner@dcv.dual-career-guide"]
    assert all(e.decoded("DTSTART") == D(2027, 1, 29) for e in events[0])
    assert int(events[1][0]["SEQUENCE"]) > int(events[0][0]["SEQUENCE"])
    assert str(events[0][0]["SUMMARY"]) == titles[("anmeldung-buergeramt", "worker")]
    assert all(len(line.encode()) <= 75 for line in one.split("\r\n"))


def _private_ids(project) -> set:
    return {it.id for pd in project.page_data.values() if pd.private for it in pd.items}


def test_private_steps_never_enter_the_plan(project, site):
    """Items of pages marked private (separation and violence) are not in the exported plan (which the
    plan page, the share link, the calendar file and the coach view all read) nor on either page."""
    private = _private_ids(project)
    for lang in project.profile.languages:
        data = json.loads((site / "plan-data" / f"{lang}.json").read_text(encoding="utf-8"))
        assert not private & {it["id"] for it in data["items"]}, lang
        for rel in ("couples/plan", "staff/begleitplan"):
            folder = site if lang == project.profile.default_language else site / lang
            html = (folder / rel / "index.html").read_text(encoding="utf-8")
            assert not [i for i in private if f'data-item="{i}"' in html], f"{lang}/{rel}"


def test_a_page_marked_private_leaves_the_plan(tmp_path):
    from test_corpus import mini_project

    from dcg import planview

    root = mini_project(tmp_path)
    before = planview.plan_data(Project.load(root, None), "de")["items"]
    assert {it["page"] for it in before} == {"couples/anmeldung.md"}
    data_file = root / "data/pages/couples/anmeldung.yml"
    data_file.write_text("private: true\n" + data_file.read_text(encoding="utf-8"), encoding="utf-8")
    project = Project.load(root, None)
    assert _private_ids(project) >= {it["id"] for it in before}
    assert planview.plan_data(project, "de")["items"] == []


# The questions each example profile asks, worked out from its audiences, regions and phases.
PROFILE_QUESTIONS = {
    "profile.yml": ["arrival", "moving-in", "work-start", "permit-expiry", "region", "partner-job", "children", "regulated"],
    # people already living in Germany: no arrival, no visa
    "profiles/hannover/profile.yml": ["moving-in", "work-start", "partner-job", "children", "regulated"],
    # EU citizens only, one region: no visa, no region, no citizenship
    "profiles/magdeburg/profile.yml": ["arrival", "moving-in", "work-start", "partner-job", "children", "regulated"],
    # EU and third-country readers in three Länder
    "profiles/rhein-neckar/profile.yml": ["arrival", "moving-in", "work-start", "permit-expiry", "region", "citizenship",
                                          "partner-job", "children", "regulated"],
    "profiles/sachsen-anhalt/profile.yml": ["arrival", "moving-in", "work-start", "permit-expiry", "region", "citizenship",
                                            "partner-job", "children", "regulated"],
}


@pytest.mark.parametrize("profile", sorted(PROFILE_QUESTIONS))
def test_each_example_profile_asks_its_own_questions(profile):
    from dcg import planview

    root = Path(__file__).resolve().parents[1]
    project = Project.load(root, root / profile)
    asked = planview.questions(project)
    assert asked == PROFILE_QUESTIONS[profile]
    html = planview.plan_page(project, project.profile.default_language, planview.PLAN_REL, "../../", "de")
    names = set(re.findall(r'name="([a-z-]+)"', html))
    assert ("permit-expiry" in names) == ("permit-expiry" in asked)
    assert ("arrival" in names) == ("arrival" in asked)
    assert ("citizenship-partner" in names) == ("citizenship" in asked)


def _dcg_plan(capsys, *args):
    from dcg import cli

    rc = cli.main(["plan", "--today", "2027-01-04", *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.mark.default_profile
def test_the_command_dates_the_plan_as_worked_out_by_hand(capsys, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    # moving in on Wednesday 23 Dec 2026 in Nordschwarzwald: two weeks end on Heilige Drei Könige
    # (6 Jan 2027, a holiday in Baden-Württemberg), moved to Thursday 7 Jan under § 31 VwVfG
    rc, out, _ = _dcg_plan(capsys, "--json", "--moving-in", "2026-12-23", "--region", "nsw", "--lang", "vi")
    assert rc == 0
    got = {(e["item"], e["lane"]): e for e in json.loads(out)}
    e = got[("anmeldung-buergeramt", "worker")]
    assert (e["date"], e["moved_from"], e["off"], e["kind"]) == ("2027-01-07", "2027-01-06", "Lễ Ba Vua", "deadline")
    rc, out, _ = _dcg_plan(capsys, "--json", "--moving-in", "2026-12-23", "--region", "owl")
    assert {(e["item"], e["lane"]): e["date"] for e in json.loads(out)}[("anmeldung-buergeramt", "partner")] == "2027-01-06"
    # an answer that takes a page out: no partner job search when the partner has a job
    rc, out, _ = _dcg_plan(capsys, "--json", "--partner-job", "yes", "--children", "0")
    pages = {e["page"] for e in json.loads(out)}
    assert "couples/partner-arbeit.md" not in pages and "couples/kita.md" not in pages
    # the text list and the calendar file
    rc, out, _ = _dcg_plan(capsys, "--lang", "en", "--permit-expiry", "2027-05-30")
    assert rc == 0 and "2027-05-30" in out and "sunday" in out
    ics_file = tmp_path / "plan.ics"
    rc, _, err = _dcg_plan(capsys, "--moving-in", "2026-12-23", "--ics", str(ics_file))
    assert rc == 0 and "plan.ics" in err
    cal = icalendar.Calendar.from_ical(ics_file.read_bytes())
    uids = {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    assert uids["anmeldung-buergeramt.worker@dcv.dual-career-guide"] == D(2027, 1, 6)


@pytest.mark.parametrize("args, message", [
    (["--moving-in", "2027-02-30"], "is not a date"),
    (["--region", "atlantis"], "is not a region of this profile"),
    (["--lang", "xx"], "is not a language of this profile"),
    (["--children", "25"], "from 0 to 20"),
    (["--ages", "3,x"], "whole numbers"),
    (["--link", "https://example.org/couples/plan/#plan=1.!!!"], "not a plan link"),
    (["--link", "#plan=9.e30"], "newer version"),
])
def test_the_command_refuses_bad_input_with_exit_2(capsys, args, message):
    rc, out, err = _dcg_plan(capsys, *args)
    assert rc == 2 and message in err and "Traceback" not in err + out
