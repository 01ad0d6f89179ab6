"""The model's formatting and rules, independent of the content."""
from __future__ import annotations

import datetime as dt

import pytest

from dcg import render
from dcg.pages import git_blob_sha


@pytest.mark.parametrize("lang,value,expected", [
    ("de", 1234.56, "1.234,56\xa0€"),
    ("en", 1234.56, "€1,234.56"),
    ("vi", 1234.56, "1.234,56\xa0€"),
    ("de", 259, "259\xa0€"),
    ("en", 259, "€259"),
])
def test_euro_amounts_follow_each_language(shared, lang, value, expected):
    assert render.fmt_euro(shared, lang, value) == expected


@pytest.mark.parametrize("lang,deadline,expected", [
    ("de", {"n": 2, "unit": "weeks", "rel": "after", "event": "moving-in"}, "innerhalb von 2 Wochen nach dem Einzug"),
    ("de", {"n": 3, "unit": "months", "rel": "before", "event": "permit-expiry"}, "spätestens 3 Monate vor dem Ablauf des Aufenthaltstitels"),
    ("vi", {"n": 2, "unit": "weeks", "rel": "after", "event": "moving-in"}, "trong vòng 2 tuần kể từ khi dọn vào nhà"),
    ("en", {"n": 1, "unit": "days", "rel": "after", "event": "arrival"}, "within 1 day of arriving in Germany"),
])
def test_deadlines_read_naturally(shared, lang, deadline, expected):
    assert render.deadline_text(shared, lang, deadline) == expected


def test_dates_are_written_per_language(shared):
    d = dt.date(2026, 11, 26)
    assert render.fmt_date(shared, "de", d) == "26. November 2026"
    assert render.fmt_date(shared, "en", d) == "26 November 2026"
    assert render.fmt_date(shared, "vi", d) == "26 tháng 11 năm 2026"  # date_format in data/i18n/vi.yml


def test_vietnamese_dates_read_like_the_hand_written_ones(shared):
    """Pages write "ngày 1 tháng 4 năm 2025"; a generated date after "ngày" must read the same."""
    d = dt.date(2027, 1, 1)
    assert f"{shared.t('vi', 'checked_on')} {render.fmt_date(shared, 'vi', d)}" == "kiểm tra ngày 1 tháng 1 năm 2027"
    assert "," not in render.fmt_date(shared, "vi", d)


@pytest.mark.parametrize("lang,expected", [("de", "Schritt {i} von {n}"), ("en", "Step {i} of {n}"), ("vi", "Bước {i}/{n}")])
def test_step_counter_per_language(shared, lang, expected):
    seq = [pd.rel for pd in shared.sequence(("procedure",))]
    rel = seq[1]
    html = render.step_nav(shared, lang, rel)
    assert f"<strong>{expected.format(i=2, n=len(seq))}</strong>" in html


def test_relative_urls_between_pages():
    assert render.relative_url("couples/anmeldung.md", "couples/bankkonto.md") == "../bankkonto/"
    assert render.relative_url("couples/anmeldung.md", "couples/index.md") == "../"
    assert render.relative_url("index.md", "couples/index.md", "overview") == "couples/#overview"


def test_blob_sha_matches_git():
    assert git_blob_sha(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_profile_loads_clean(project):
    assert [p for p in project.problems if p.path.endswith("profile.yml")] == []


@pytest.mark.default_profile
def test_the_default_profile_is_the_pilot_programme(project):
    assert project.profile.core_languages == ["de", "vi", "en"]
    assert {r.id for r in project.profile.regions} == {"owl", "nsw"}
