"""The dated plan: a couple's own dates turned into due dates for every checklist item.

`data/plan.yml` says when an item without a legal deadline is recommended (one window per phase) and
how legal deadlines are counted (one rule per law); `due()` and `compute()` date the items from them.
A share link carries a couple's answers and ticks in the URL fragment as `plan=1.<base64url of compact
JSON>` with the fields a (answers), u (when they were last changed), t (ticks per item id) and, only
when a coach chooses, c (goals and notes); `decode_link` rejects anything else as a whole.
"""
from __future__ import annotations

import base64
import binascii
import calendar
import datetime as dt
import json
import re
from pathlib import Path

from . import schemas
from .fields import Reporter
from .problems import Problem

# The dates a couple can enter; each is an event deadlines and windows count from.
DATE_ANSWERS = ("arrival", "moving-in", "work-start", "permit-expiry")
PERSONS = ("worker", "partner")
LANES = ("worker", "partner", "both", "others")
# What a page or item can depend on (plan_if); an unanswered question keeps it in the plan.
CONDITIONS = ("regulated", "partner-seeking", "young-children", "school-children")
NATIONALITY = ("third-country", "eu")
TICKS = ("w", "p", "wp", "b")  # done by the worker, the partner, each of them, or "for both" (the page's tick)
LINK_PREFIX = "plan="
LINK_VERSION = 1
LINK_MAX = 8000  # characters after '#'
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")


def load_plan_rules(path: Path, shown: str, phases: list, problems: list[Problem]) -> dict:
    """data/plan.yml as a plain dict ({} where it is missing): start, windows, rules."""
    if not path.exists():
        return {}
    data = schemas.load_checked(path, shown, "plan", problems)
    if data is None:
        return {}
    r = Reporter(shown, problems)
    windows = data.get("windows") or {}
    for ph in windows:
        if ph not in phases:
            r.add(windows.line_of(ph), f"windows: '{ph}' is not a couples' phase; choose from {', '.join(phases)}")
    for ph, w in windows.items():
        ev = w.get("after", w.get("before"))
        if ev != "start" and ev not in DATE_ANSWERS:
            r.add(w.line, f"windows: {ph}: '{ev}' is not a date the couple enters; choose from start, {', '.join(DATE_ANSWERS)}")
    for ev in data.get("start") or []:
        if ev not in DATE_ANSWERS:
            r.add(data.line_of("start"), f"start: '{ev}' is not a date the couple enters; choose from {', '.join(DATE_ANSWERS)}")
    return {"start": list(data.get("start") or []),
            "windows": {ph: _span(w) for ph, w in windows.items()},
            "rules": {rid: {"moves": bool(rv.get("moves")), "title": str(rv.get("title")), "url": str(rv.get("url")),
                            "checked": str(rv.get("checked"))} for rid, rv in (data.get("rules") or {}).items()}}


def _span(w: dict) -> dict:
    unit = next(u for u in ("days", "weeks", "months") if u in w)
    rel = "after" if "after" in w else "before"
    return {"n": int(w[unit]), "unit": unit, "rel": rel, "event": w[rel]}


# ---- dates


def parse_date(text) -> dt.date | None:
    if not isinstance(text, str) or not DATE_RE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def shift(day: dt.date, n: int, unit: str, sign: int) -> dt.date:
    """`n` days, weeks or months after (sign 1) or before (sign -1) `day`, as §§ 187-188 BGB count: the
    day of the event is not counted, so the period ends on the day with the same weekday or number; a
    month without that number ends on its last day (§ 188 Abs. 3 BGB), which is earlier, never later."""
    if unit == "days":
        return day + dt.timedelta(days=sign * n)
    if unit == "weeks":
        return day + dt.timedelta(days=sign * 7 * n)
    months = day.year * 12 + day.month - 1 + sign * n
    year, month = divmod(months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def day_off(day: dt.date, holidays: dict) -> str:
    """'saturday', 'sunday', a public holiday's name, or '' for a working day."""
    if day.isoformat() in holidays:
        return holidays[day.isoformat()]
    return {5: "saturday", 6: "sunday"}.get(day.weekday(), "")


def due(span: dict, events: dict, rules: dict, holidays: dict) -> dict | None:
    """The end of a legal deadline: {date, off, moved_from}; None where its event is not known."""
    start = events.get(span["event"])
    if start is None:
        return None
    sign = 1 if span["rel"] == "after" else -1
    end = shift(start, span["n"], span["unit"], sign)
    off = day_off(end, holidays)
    out = {"date": end, "off": off, "moved_from": None}
    rule = rules.get(span.get("rule") or "bgb") or {}
    if off and sign == 1 and rule.get("moves"):
        moved = end
        while day_off(moved, holidays):
            moved += dt.timedelta(days=1)
        out = {"date": moved, "off": off, "moved_from": end}
    return out


def events_of(answers: dict) -> dict:
    """The events the answers date: the four dates, `start` (the first the windows count from) and
    `year-end` (31 December of the year work starts: the first tax year)."""
    ev = {k: parse_date(answers.get(k)) for k in DATE_ANSWERS}
    ev = {k: v for k, v in ev.items() if v}
    if "work-start" in ev:
        ev["year-end"] = dt.date(ev["work-start"].year, 12, 31)
    return ev


def _holds(cond: str, answers: dict) -> bool:
    if cond == "regulated":
        return answers.get("regulated") is not False
    if cond == "partner-seeking":
        return answers.get("partner-job") is not True
    ages = answers.get("ages") if isinstance(answers.get("ages"), list) else []
    if answers.get("children") == 0:
        return False
    if not ages:
        return True
    if cond == "young-children":
        return any(a < 6 for a in ages)
    if cond == "school-children":
        return any(6 <= a < 18 for a in ages)
    return True


def _serves(applies: list, answers: dict, person: str | None) -> bool:
    """Whether an item for these audiences concerns this person (or, for None, the couple)."""
    if applies and set(applies) <= {"families"} and answers.get("children") == 0:
        return False
    nat = [a for a in applies if a in NATIONALITY]
    if not nat:
        return True
    people = [person] if person else list(PERSONS)
    known = [answers.get(f"citizenship-{p}") for p in people]
    if any(k is None for k in known):
        return True
    return any(k in nat for k in known)


def compute(data: dict, answers: dict, today: dt.date) -> list[dict]:
    """Every entry of the plan, most urgent first: {item, lane, date, kind, status, off, moved_from, …}.
    kind: deadline (a legal one), recommended (from the phase), none (no date known)."""
    events = events_of(answers)
    start = next((events[e] for e in data["start"] if e in events), None)
    if start:
        events["start"] = start
    region = answers.get("region")
    states = [r["state"] for r in data["regions"] if not region or r["id"] == region] or [r["state"] for r in data["regions"]]
    holidays = _common_holidays(data["holidays"], states)
    out = []
    for it in data["items"]:
        if not all(_holds(c, answers) for c in it["if"]):
            continue
        dl = it.get("deadline")
        when = due(dl, events, data["rules"], holidays) if dl else None
        kind = "deadline" if when else "recommended"
        if not when:
            win = data["windows"].get(it["phase"])
            when = due({**win, "rule": "bgb"}, events, {}, {}) if win else None
            if when:
                when = {"date": when["date"], "off": "", "moved_from": None}
            else:
                kind = "none"
        for lane in it["lanes"]:
            person = lane if lane in PERSONS else None
            if not _serves(it["applies"], answers, person):
                continue
            e = {"item": it["id"], "lane": lane, "kind": kind, "date": when["date"] if when else None,
                 "off": when["off"] if when else "", "moved_from": when["moved_from"] if when else None}
            e["status"] = status(e["date"], today)
            out.append(e)
    order = {"overdue": 0, "week": 1, "later": 2, "undated": 3}
    out.sort(key=lambda e: (order[e["status"]], e["date"] or dt.date.max, LANES.index(e["lane"])))
    return out


def status(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return "undated"
    if day < today:
        return "overdue"
    if day <= today + dt.timedelta(days=7):
        return "week"
    return "later"


def _common_holidays(by_state: dict, states: list) -> dict:
    """The public holidays of the couple's Land; where the Land is not known yet, those all its
    possible Länder share."""
    sets = [by_state.get(s) or {} for s in dict.fromkeys(states)]
    if not sets:
        return {}
    common = set(sets[0])
    for s in sets[1:]:
        common &= set(s)
    return {d: sets[0][d] for d in common}


# ---- the share link


class LinkError(ValueError):
    """A share link that is rejected as a whole: `code` names the reason (an i18n key's suffix)."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code


def _check_answers(a, regions: list) -> dict:
    if not isinstance(a, dict):
        raise LinkError("type", "the answers ('a') must be an object")
    out = {}
    for key, value in a.items():
        if key in DATE_ANSWERS:
            if parse_date(value) is None:
                raise LinkError("type", f"answer '{key}' must be a date YYYY-MM-DD")
        elif key == "region":
            if value not in regions:
                raise LinkError("type", f"answer 'region' must be one of {', '.join(regions) or '(none)'}")
        elif key in ("citizenship-worker", "citizenship-partner"):
            if value not in NATIONALITY:
                raise LinkError("type", f"answer '{key}' must be {' or '.join(NATIONALITY)}")
        elif key in ("partner-job", "regulated"):
            if not isinstance(value, bool):
                raise LinkError("type", f"answer '{key}' must be true or false")
        elif key == "children":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 20:
                raise LinkError("type", "answer 'children' must be a whole number from 0 to 20")
        elif key == "ages":
            if (not isinstance(value, list) or len(value) > 20
                    or not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= 30 for x in value)):
                raise LinkError("type", "answer 'ages' must be a list of whole numbers from 0 to 30")
        else:
            raise LinkError("type", f"answer '{key}' is not a question of the plan")
        out[key] = value
    return out


def decode_link(text: str, known_items: set, regions: list) -> tuple[dict, list]:
    """The state a share link carries ({a, u, t[, c]}) and the item ids it named that this version does
    not know (dropped). Anything malformed, oversized or wrongly typed raises LinkError."""
    frag = text.split("#", 1)[1] if "#" in text else text
    if len(frag) > LINK_MAX:
        raise LinkError("long", f"the link is longer than {LINK_MAX} characters")
    if not frag.startswith(LINK_PREFIX):
        raise LinkError("malformed", f"the link's part after '#' must start with '{LINK_PREFIX}'")
    version, _, payload = frag[len(LINK_PREFIX):].partition(".")
    if not version.isdigit() or not payload:
        raise LinkError("malformed", f"expected '{LINK_PREFIX}<version>.<data>'")
    if int(version) > LINK_VERSION:
        raise LinkError("newer", f"the link was made by a newer version of the guide (format {version})")
    if int(version) < 1:
        raise LinkError("malformed", f"format {version} does not exist")
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        state = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise LinkError("malformed", "the data is not base64url-encoded JSON") from None
    if not isinstance(state, dict):
        raise LinkError("type", "the data must be an object")
    extra = set(state) - {"a", "u", "t", "c"}
    if extra:
        raise LinkError("type", f"unknown field '{sorted(extra)[0]}'")
    answers = _check_answers(state.get("a", {}), regions)
    stamp = state.get("u", "")
    if stamp and (not isinstance(stamp, str) or not STAMP_RE.match(stamp)):
        raise LinkError("type", "'u' must be a time like 2027-01-15T09:30:00Z")
    ticks = state.get("t", {})
    if not isinstance(ticks, dict) or len(ticks) > 2000:
        raise LinkError("type", "the ticks ('t') must be an object of at most 2000 items")
    kept, dropped = {}, []
    for iid, tick in ticks.items():
        if not ID_RE.match(iid) or tick not in TICKS:
            raise LinkError("type", f"tick '{iid[:40]}' must be an item id with one of {', '.join(TICKS)}")
        if iid in known_items:
            kept[iid] = tick
        else:
            dropped.append(iid)
    out = {"a": answers, "u": stamp, "t": kept}
    if "c" in state:
        c = state["c"]
        if (not isinstance(c, dict) or set(c) - {"goals", "notes"}
                or not all(isinstance(v, str) and len(v) <= 4000 for v in c.values())):
            raise LinkError("type", "the coach's part ('c') must hold goals and notes as text of at most 4000 characters")
        out["c"] = dict(c)
    return out, dropped


def encode_link(state: dict) -> str:
    """The fragment (without '#') that carries `state`: plan=1.<base64url of compact JSON>."""
    raw = json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return f"{LINK_PREFIX}{LINK_VERSION}." + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


# ---- the calendar file


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued after CRLF and a space."""
    out, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not out else 74):
            out.append(cur.decode("utf-8"))
            cur = b""
        cur += b
    out.append(cur.decode("utf-8"))
    return "\r\n ".join(out)


def ics(entries: list[dict], titles: dict, notes: dict, urls: dict, uid_domain: str, stamp: dt.datetime, lang: str) -> str:
    """An RFC 5545 calendar of all-day entries, one per dated entry. UIDs depend only on the item and
    its lane (stable across exports and languages); SEQUENCE grows with the time of export, so an app
    that compares it takes the newer file's date."""
    stamp = stamp.astimezone(dt.timezone.utc)
    seq = max(0, int((stamp - dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)).total_seconds() // 60))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dual Career Guide//plan//" + lang.upper(),
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for e in entries:
        if e["date"] is None:
            continue
        key = (e["item"], e["lane"])
        lines += ["BEGIN:VEVENT", f"UID:{e['item']}.{e['lane']}@{uid_domain}", f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
                  f"SEQUENCE:{seq}", f"DTSTART;VALUE=DATE:{e['date']:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{e['date'] + dt.timedelta(days=1):%Y%m%d}",
                  "SUMMARY:" + _ics_text(titles[key]), "DESCRIPTION:" + _ics_text(notes[key])]
        if urls.get(e["item"]):
            lines.append("URL:" + urls[e["item"]])
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(x) + "\r\n" for x in lines)
