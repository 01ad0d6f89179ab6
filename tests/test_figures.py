"""Figures over time: values take effect on their date, a decided change is announced while it lies
ahead, a figure past its end is marked, and the build follows SOURCE_DATE_EPOCH, not the clock."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from dcg import checks, render
from dcg.clock import ClockError, epoch_of, today
from dcg.figures import load_figures
from dcg.project import Project
from dcg.render import page_url

TABLE = """\
lohn:
  unit: EUR/hour
  law: § 1 Testgesetz
  review_by: 2099-12-31
  values:
    - {value: 10.00, valid_from: 2026-01-01, valid_until: 2026-06-30, source: {title: T, url: "https://example.org/"}, checked: 2026-01-01}
    - {value: 10.50, valid_from: 2026-07-01, status: decided, source: {title: T, url: "https://example.org/"}, checked: 2026-01-01}
    - {value: 11.00, valid_from: 2027-01-01, status: planned, source: {title: T, url: "https://example.org/"}, checked: 2026-01-01}
grenze:
  unit: EUR/month
  law: § 8 Testgesetz
  review_by: 2099-12-31
  values:
    - formula: {of: lohn, times: 130, divided_by: 3, round: up}
      valid_from: 2026-01-01
      valid_until: 2026-12-31
      source: {title: T, url: "https://example.org/"}
      checked: 2026-01-01
    - formula: {of: lohn, times: 130, divided_by: 3, round: up}
      valid_from: 2027-01-01
      source: {title: T, url: "https://example.org/"}
      checked: 2026-01-01
satz:
  value: 3
  unit: percent
  valid_from: 2020-01-01
  valid_until: 2026-12-31
  law: § 3 Testgesetz
  source: {title: T, url: "https://example.org/"}
  checked: 2026-01-01
"""


@pytest.fixture
def table(tmp_path):
    (tmp_path / "data/figures").mkdir(parents=True)
    (tmp_path / "data/figures/t.yml").write_text(TABLE, encoding="utf-8")
    problems = []
    figs = load_figures(tmp_path / "data/figures", tmp_path, problems)
    assert not problems, problems
    return figs


def _now(fig, day):
    v, expired = fig.shown(day)
    return fig.resolved(v), expired


def test_decided_values_take_effect_on_their_date_and_planned_ones_never(table):
    lohn = table["lohn"]
    assert _now(lohn, dt.date(2026, 6, 30)) == (10.00, False)
    assert _now(lohn, dt.date(2026, 7, 1)) == (10.50, False)
    # the planned 11.00 € never takes effect: the open-ended decided value stays in force
    assert _now(lohn, dt.date(2027, 3, 1)) == (10.50, False)
    assert lohn.upcoming(dt.date(2026, 12, 1)) is None
    assert lohn.pending().value == 11.00


def test_a_value_by_formula_follows_the_decided_input_on_its_date(table):
    grenze = table["grenze"]
    assert _now(grenze, dt.date(2026, 3, 1)) == (434, False)  # 10.00 × 130 ÷ 3 = 433.33 → 434
    assert _now(grenze, dt.date(2026, 12, 31)) == (434, False)  # the formula's value is fixed on its valid_from
    assert _now(grenze, dt.date(2027, 1, 1)) == (455, False)  # 10.50 × 130 ÷ 3 = 455.00


def test_past_its_end_without_successor_the_last_value_is_marked(table):
    assert _now(table["satz"], dt.date(2026, 12, 31)) == (3, False)
    assert _now(table["satz"], dt.date(2027, 1, 1)) == (3, True)


def test_planned_input_does_not_make_a_formula_value_take_effect(tmp_path):
    text = TABLE.replace("status: decided", "status: proposed")
    (tmp_path / "data/figures").mkdir(parents=True)
    (tmp_path / "data/figures/t.yml").write_text(text, encoding="utf-8")
    figs = load_figures(tmp_path / "data/figures", tmp_path, [])
    # 10.50 € is only proposed and 10.00 € ended on 2026-06-30: the 2027 formula value has no decided
    # input, never applies, and the 2026 limit is shown as past its end.
    assert figs["lohn"].in_force(dt.date(2027, 1, 1)) is None
    assert figs["grenze"].upcoming(dt.date(2026, 12, 1)) is None
    assert _now(figs["grenze"], dt.date(2027, 1, 2)) == (434, True)


@pytest.fixture(scope="module")
def days():
    """The real content on three days: long before the change, within eight weeks of it, after it."""
    return {d: Project.load(ROOT, ROOT / "profile.yml", today=d) for d in (dt.date(2026, 9, 1), dt.date(2026, 12, 4), dt.date(2027, 1, 2))}


def _text(html: str) -> str:
    return html.split(">", 1)[1].rsplit("<", 1)[0].replace("\xa0", " ")


@pytest.mark.parametrize("lang,before,after", [
    ("de", "13,90 € pro Stunde bis 31. Dezember 2026, ab 1. Januar 2027: 14,60 € pro Stunde", "14,60 € pro Stunde"),
    ("en", "€13.90 an hour until 31 December 2026, from 1 January 2027: €14.60 an hour", "€14.60 an hour"),
    ("vi", "13,90 € mỗi giờ đến hết ngày 31", "14,60 € mỗi giờ"),
])
def test_the_change_notice_before_and_after_its_date(days, lang, before, after):
    early, near, later = days.values()
    assert _text(render.figure(early, lang, "mindestlohn")) == _text(render.figure(early, lang, "mindestlohn", change=False))
    assert "14,60" not in _text(render.figure(early, lang, "mindestlohn")) and "14.60" not in _text(render.figure(early, lang, "mindestlohn"))
    assert _text(render.figure(early, lang, "mindestlohn", change=True)).startswith(before)
    assert _text(render.figure(near, lang, "mindestlohn")).startswith(before), "within eight weeks the change is shown without asking"
    assert _text(render.figure(later, lang, "mindestlohn", change=True)) == after, "after the date only the current value"
    assert _text(render.figure(later, lang, "minijob-grenze")) == after.replace("14,60", "633").replace("€14.60", "€633").replace(
        "pro Stunde", "im Monat").replace("an hour", "a month").replace("mỗi giờ", "mỗi tháng")


@pytest.mark.parametrize("lang,mark", [("de", "der neue Wert wird geprüft"), ("en", "the new value is being checked"),
                                       ("vi", "giá trị mới đang được kiểm tra")])
def test_a_figure_without_successor_is_marked_in_every_language(days, lang, mark):
    near, later = days[dt.date(2026, 12, 4)], days[dt.date(2027, 1, 2)]
    assert mark not in render.figure(near, lang, "blaue-karte-gehalt")
    assert mark in render.figure(later, lang, "blaue-karte-gehalt")


def test_the_checks_warn_from_eight_weeks_before_the_end_and_never_fail_for_it(days):
    early, near, later = days.values()

    def ended(project):
        return [p for p in checks.check_figures(project) if "blaue-karte-gehalt'" in p.message]

    assert not ended(early)
    assert ended(near) and all(p.severity == "warning" for p in ended(near))
    assert "2026-12-31" in ended(near)[0].message and "gesetze-im-internet.de" in ended(near)[0].message
    assert ended(later) and all(p.severity == "warning" for p in ended(later))
    assert not [p for p in checks.check_figures(later) if p.severity == "error"]


def test_every_figure_has_an_end_or_a_review_date(project):
    for f in project.figures.values():
        assert f.values[-1].valid_until or f.review_by, f"{f.path}:{f.line}: {f.id}"


def test_today_comes_from_source_date_epoch():
    assert today({"SOURCE_DATE_EPOCH": epoch_of(dt.date(2027, 1, 2))}) == dt.date(2027, 1, 2)
    assert today({"SOURCE_DATE_EPOCH": "1798848000"}) == dt.date(2027, 1, 2)
    with pytest.raises(ClockError):
        today({"SOURCE_DATE_EPOCH": "gestern"})


def test_a_wrong_source_date_epoch_is_a_clear_usage_error():
    env = dict(os.environ, SOURCE_DATE_EPOCH="gestern", PYTHONPATH=str(ROOT / "scripts"))
    result = subprocess.run([sys.executable, "-m", "dcg", "check", "figures"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "SOURCE_DATE_EPOCH must be whole seconds" in result.stderr


def _dcg(root: Path, *args: str, day: dt.date) -> subprocess.CompletedProcess:
    env = dict(os.environ, DCG_ROOT=str(root), PYTHONPATH=str(ROOT / "scripts"), SOURCE_DATE_EPOCH=epoch_of(day))
    env.pop("DCG_PROFILE", None)  # the copy builds the profile it names itself
    return subprocess.run([sys.executable, "-m", "dcg", *args], cwd=root, env=env, capture_output=True, text=True)


def test_a_release_in_january_2027_switches_and_marks_and_strict_figures_refuses(variant, tmp_path):
    """One build on 15 January 2027: the minimum wage is 14,60 € with no 'ab 1. Januar 2027' sentence,
    every 2026-only figure without a successor is marked in de, vi and en, the release prints the
    warning and publishes; with --strict-figures it refuses."""
    project = Project.load(variant, today=dt.date(2027, 1, 15))
    srv = tmp_path / "srv"
    day = dt.date(2027, 1, 15)
    first = _dcg(variant, "release", "--dir", str(srv), day=day)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "blaue-karte-gehalt' ended on 2026-12-31" in first.stderr
    site = (srv / "current").resolve()
    marks = {"de": "der neue Wert wird geprüft", "vi": "giá trị mới đang được kiểm tra", "en": "the new value is being checked"}
    for lang in project.profile.core_languages:
        prefix = "" if lang == project.profile.default_language else lang + "/"
        html = (site / prefix / page_url("couples/arbeitsvertrag.md") / "index.html").read_text(encoding="utf-8")
        wage = html.split('data-figure="mindestlohn"', 1)[1].split("</span>", 1)[0].replace("\xa0", " ")
        assert "14,60 €" in wage or "€14.60" in wage, wage
        assert "13,90" not in wage and "13.90" not in wage and "2027" not in wage, wage
        chapter = (site / prefix / page_url("employers/rechtswege.md") / "index.html").read_text(encoding="utf-8")
        assert marks[lang] in chapter, f"{lang}: the Blue Card limit is not marked"
    strict = _dcg(variant, "release", "--dir", str(srv), "--strict-figures", day=day)
    assert strict.returncode == 1 and "--strict-figures" in strict.stderr
    assert os.readlink(srv / "current").endswith(site.name), "the refused release left the served one in place"
