"""Facts per Land and per partner country: shared data the pages read, a visible "not yet filled in"
and a warning where a Land or country lacks a fact, and a country with a social security agreement
said to have one."""
from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from conftest import ROOT
from dcg import checks, render
from dcg.facts import COUNTRY_FACTS, STATE_FACTS, Place
from dcg.project import Project


@pytest.fixture
def fresh():
    """The original profile, loaded anew (so a test may change its Länder and country)."""
    return Project.load(ROOT, ROOT / "profile.yml", today=dt.date(2026, 12, 4))


def _with(project, states=None, country=None):
    data = copy.deepcopy(project.profile.data)
    if states:
        for reg, st in zip(project.profile.regions, states):
            reg.state = st
    if country:
        data["partner_country"]["code"] = country
    project.profile.data = data
    project._cache.clear()
    return project


def test_the_schemas_and_the_code_know_the_same_facts():
    for name, known in (("state", STATE_FACTS), ("country", COUNTRY_FACTS)):
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert set(schema["properties"]["facts"]["properties"]) == set(known)


def test_a_land_without_a_fact_shows_so_in_the_readers_language_and_is_reported(fresh):
    project = _with(fresh, states=["NW", "TH"])
    project.states.pop("TH", None)
    html = {lang: render.state_facts(project, lang, "couples/schule.md", "school-start") for lang in ("de", "en", "vi")}
    assert "noch nicht erfasst für Thüringen" in html["de"]
    assert "not yet filled in for Thüringen" in html["en"]
    assert "chưa có thông tin cho Thüringen" in html["vi"]
    found = [p for p in checks.check_facts(project) if "Thüringen" in p.message]
    assert found and all(p.severity == "warning" for p in found)
    assert found[0].path == "data/states/TH.yml" and "docs/" in found[0].message


def test_only_the_profiles_laender_are_shown(fresh):
    project = _with(fresh, states=["SN", "SN"])
    project.states["SN"] = Place("SN", "data/states/SN.yml", {"de": "Sachsen"}, {"school-start": {
        "cutoff": "06-30", "law": "§ 27 SchulG Sachsen", "source": {"title": "T", "url": "https://example.org/"},
        "checked": dt.date(2026, 12, 4)}})
    text = render.state_facts(project, "de", "couples/schule.md", "school-start")
    assert text.count("- **") == 1, "one line per Land, not per region"
    assert "Sachsen" in text and "30. Juni" in text and "§ 27 SchulG Sachsen" in text
    assert "Nordrhein-Westfalen" not in text and "Baden-Württemberg" not in text


def test_a_country_with_an_agreement_is_said_to_have_one(fresh):
    project = _with(fresh, country="XA")
    agreement = {"agreement": True, "name": "Abkommen über Soziale Sicherheit", "since": dt.date(2017, 10, 1),
                 "source": {"title": "DRV", "url": "https://www.deutsche-rentenversicherung.de/"}, "checked": dt.date(2026, 12, 4)}
    project.countries["XA"] = Place("XA", "data/countries/XA.yml", {"de": "Xanadu"}, {"social-security": agreement})
    de = render.country_fact(project, "de", "couples/rente.md", "social-security")
    assert "haben ein solches Abkommen" in de and "Abkommen über Soziale Sicherheit" in de and "1. Oktober 2017" in de
    assert "nicht auf der Liste" not in de
    no = dict(agreement, agreement=False)
    project.countries["XA"].facts["social-security"] = no
    assert "nicht auf der Liste" in render.country_fact(project, "de", "couples/rente.md", "social-security")
    project.countries["XA"].eu = True
    assert "Recht der EU" in render.country_fact(project, "de", "couples/rente.md", "social-security")


def test_no_single_partner_country_gives_neutral_text(fresh):
    project = _with(fresh, country="ZZ")
    text = render.country_fact(project, "de", "couples/rente.md", "social-security")
    assert "Liste der Abkommensstaaten" in text and "dcg-missing" not in text


def test_a_fact_shown_on_a_page_lists_its_source(fresh):
    project = _with(fresh, states=["SN", "SN"])
    project.states["SN"] = Place("SN", "data/states/SN.yml", {"de": "Sachsen"}, {"data-protection": {
        "name": "Sächsischer Datenschutz- und Transparenzbeauftragter", "url": "https://www.datenschutz.sachsen.de/",
        "source": {"title": "SDTB – Startseite", "url": "https://www.datenschutz.sachsen.de/"}, "checked": dt.date(2026, 12, 4)}})
    render.state_facts(project, "de", "legal/datenschutz.md", "data-protection")
    assert "https://www.datenschutz.sachsen.de/" in render.sources(project, "de", "legal/datenschutz.md")


def test_a_page_asking_for_an_unknown_fact_is_an_error(fresh):
    page = next(p for (lang, rel), p in fresh.pages.items() if rel == "couples/schule.md" and lang == "de")
    page.body = page.body.replace('state_facts("school-start")', 'state_facts("school-begin")')
    found = [p for p in checks.check_facts(fresh) if "school-begin" in p.message]
    assert found and found[0].severity == "error" and "choose from" in found[0].message
