"""The plan's rules (scripts/dcg/plan.py): due dates as §§ 187-188 BGB and the period rules count them,
the share link's format, and the calendar file. Every expected date is worked out by hand here."""
from __future__ import annotations

import datetime as dt

import pytest

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


@pytest.mark.parametrize("frag, code", [
    ("plan=2.e30", "newer"),
    ("plan=1.!!!", "malformed"),
    ("other=1.e30", "malformed"),
    ("plan=1." + "A" * 9000, "long"),
    (plan.encode_link({"a": {"moving-in": "2027-02-30"}}), "type"),
    (plan.encode_link({"a": {"children": "2"}}), "type"),
    (plan.encode_link({"a": {"region": "<script>"}}), "type"),
    (plan.encode_link({"x": 1}), "type"),
    (plan.encode_link({"t": {"anmeldung-buergeramt": "yes"}}), "type"),
    (plan.encode_link({"c": {"notes": 5}}), "type"),
    (plan.encode_link([1, 2]), "type"),
])
def test_bad_links_are_rejected_as_a_whole(frag, code):
    with pytest.raises(plan.LinkError) as err:
        plan.decode_link(frag, {"anmeldung-buergeramt"}, ["owl"])
    assert err.value.code == code


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
