"""The fork kit: the example profiles build and show their own programme, the profile selects what
readers see, the editor commands refuse wrong answers, and a fork takes upstream changes with git merge."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, html_pages, serve
from dcg.build import strict_build
from dcg.project import Project

PROFILES = sorted(p.parent.name for p in (ROOT / "profiles").glob("*/profile.yml"))
DEFAULT_NAMES = ("Dual Career Vietnam", "Ostwestfalen", "Nordschwarzwald")


def _dcg(root: Path, *args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, DCG_ROOT=str(root), PYTHONPATH=str(ROOT / "scripts"))
    env.pop("DCG_PROFILE", None)  # the copy builds the profile it names itself
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "dcg", *args], cwd=root, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def profile_sites(tmp_path_factory):
    """Each example profile built once with --strict."""
    built = {}
    for name in PROFILES:
        target = tmp_path_factory.mktemp(f"profile-{name}") / "site"
        ok, output = strict_build(ROOT, target, profile=str(ROOT / "profiles" / name / "profile.yml"))
        built[name] = (ok, output, target)
    return built


def test_there_are_four_example_profiles():
    assert set(PROFILES) >= {"magdeburg", "sachsen-anhalt", "rhein-neckar", "hannover"}


@pytest.mark.parametrize("name", PROFILES)
def test_example_profile_builds_and_shows_its_own_programme(profile_sites, name):
    ok, output, site = profile_sites[name]
    assert ok, f"{name}: strict build failed:\n{output[-3000:]}"
    project = Project.load(ROOT, ROOT / "profiles" / name / "profile.yml")
    prof = project.profile
    assert not [p for p in project.problems if p.severity == "error"], project.problems[:5]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert prof.name in home
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        for word in DEFAULT_NAMES:
            assert word not in text, f"{name}: {page.relative_to(site)} shows the default programme's '{word}'"
    # its languages, and only those
    for code in prof.languages:
        if code != prof.default_language:
            assert (site / code / "index.html").exists(), f"{name}: no /{code}/"
    for code in ("vi", "en", "lv"):
        if code not in prof.languages:
            assert not (site / code).exists(), f"{name}: builds /{code}/ though the profile does not list it"
    regions = (site / "regions" / "index.html").read_text(encoding="utf-8")
    for reg in prof.regions:
        assert reg.names["de"]["name"] in regions
    for other in ("owl", "nsw"):  # the default profile's region pages belong to those regions only
        if other not in {r.id for r in prof.regions}:
            assert not (site / "regions" / other / "index.html").exists(), f"{name}: shows the region page {other}"


def test_latvia_profile_shows_no_visa_or_residence_permit(profile_sites):
    ok, output, site = profile_sites["magdeburg"]
    assert ok
    for rel in ("couples/visum", "couples/aufenthaltstitel", "couples/verlaengerung", "couples/fuehrerschein"):
        assert not (site / rel / "index.html").exists(), f"the EU profile shows {rel}"
    overview = (site / "couples" / "index.html").read_text(encoding="utf-8")
    assert "visum/" not in overview and "aufenthaltstitel/" not in overview
    assert (site / "couples" / "freizuegigkeit" / "index.html").exists(), "EU citizens get the free-movement page"


def test_hannover_profile_has_no_before_departure_phase(profile_sites):
    ok, output, site = profile_sites["hannover"]
    assert ok
    overview = (site / "couples" / "index.html").read_text(encoding="utf-8")
    assert 'id="phase-before-departure"' not in overview
    assert not (site / "couples" / "visum" / "index.html").exists()


@pytest.mark.default_profile
def test_default_profile_has_both(site):
    overview = (site / "couples" / "index.html").read_text(encoding="utf-8")
    assert 'id="phase-before-departure"' in overview
    assert (site / "couples" / "visum" / "index.html").exists()
    assert (site / "couples" / "aufenthaltstitel" / "index.html").exists()


def test_a_language_being_added_is_pending_not_failing(profile_sites):
    ok, output, site = profile_sites["magdeburg"]
    assert ok
    page = (site / "lv" / "couples" / "anmeldung" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="lv"' in page and 'class="admonition warning dcg-untranslated"' in page
    lv = yaml.safe_load((ROOT / "data/i18n/lv.yml").read_text(encoding="utf-8"))
    assert lv["ui"]["not_translated"] in page, "the notice is in Latvian"
    status = _dcg(ROOT, "--profile", "profiles/magdeburg/profile.yml", "status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert re.search(r"^lv \(being added: pending, not a failure\): \d+(\.\d)?% translated", status.stdout, re.M)
    check = _dcg(ROOT, "--profile", "profiles/magdeburg/profile.yml", "check", "translations")
    assert check.returncode == 0, check.stdout


@pytest.mark.browser
def test_example_profile_in_the_browser(profile_sites, browser):
    """A sample of a fork's pages in Chromium: its name, its languages in the switcher, its regions."""
    ok, output, site = profile_sites["rhein-neckar"]
    assert ok
    prof = Project.load(ROOT, ROOT / "profiles" / "rhein-neckar" / "profile.yml").profile
    server, url = serve(site)
    try:
        page = browser.new_page()
        page.goto(url + "/")
        assert prof.name in page.title()
        langs = page.eval_on_selector_all(".md-select__link", "els => els.map(e => e.getAttribute('hreflang'))")
        assert langs == prof.languages
        page.goto(url + "/couples/anmeldung/")
        text = page.inner_text("body")
        for word in DEFAULT_NAMES:
            assert word not in text
        page.goto(url + "/regions/")
        body = page.inner_text("body")
        for reg in prof.regions:
            assert reg.names["de"]["name"] in body
        page.close()
    finally:
        server.shutdown()


def test_new_region_and_add_language_refuse_wrong_answers(variant, project):
    lang = project.profile.core_languages[-1]
    before = sorted(p.relative_to(variant).as_posix() for p in variant.rglob("*") if p.is_file())
    common = ["--programme", "P", "--operator", "O", "--country", "ZZ", "--country-name", "x",
              "--languages", "de,en", "--audiences", "eu", "--no-preview"]
    cases = [
        (["new-region", "--id", "a", "--region", "x:X:ST", "--region", "x:Y:ST", *common], "the region id 'x' is given twice"),
        (["new-region", "--id", "a", "--region", "x:X:ZZ", *common], "'ZZ' is not a German Land code"),
        (["new-region", "--id", "a", "--region", "x:X:ST", *common[:-3], "--audiences", "students", "--no-preview"], "'students' is not an audience"),
        (["new-region", "--id", "a", "--region", "x:X:ST", *[c if c != "de,en" else "de,qq" for c in common]], "'qq' is not a known language code"),
        (["add-language", "qq"], "'qq' is not a known language code"),
        (["add-language", lang], f"'{lang}' is already a language"),
    ]
    for args, message in cases:
        result = _dcg(variant, *args)
        assert result.returncode != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    after = sorted(p.relative_to(variant).as_posix() for p in variant.rglob("*") if p.is_file())
    assert after == before, "a refused command wrote nothing"


def _git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def test_fork_takes_upstream_changes_with_a_plain_merge(tmp_path):
    upstream = copy_project(tmp_path / "upstream")
    _git(upstream, "init", "-q", "-b", "main")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-q", "-m", "original")
    fork = tmp_path / "fork"
    _git(tmp_path, "clone", "-q", str(upstream), str(fork))
    # the fork creates its region and adds a regional page
    made = _dcg(fork, "new-region", "--id", "musterstadt", "--programme", "Willkommen in Musterstadt",
                "--operator", "Stadt Musterstadt", "--region", "musterstadt:Musterstadt:ST", "--country", "ZZ",
                "--country-name", "dem Ausland", "--languages", "de,en", "--audiences", "third-country,eu,families", "--no-preview")
    assert made.returncode == 0, made.stderr
    page = fork / "docs/de/regions/musterstadt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDer Wochenmarkt ist am Samstag.\n", encoding="utf-8")
    _git(fork, "add", "-A")
    _git(fork, "commit", "-q", "-m", "our region")
    # upstream changes shared content: a procedure page, a theme template and a shared MkDocs setting
    proc = upstream / "docs/de/couples/anmeldung.md"
    proc.write_text(proc.read_text(encoding="utf-8").replace("## Kosten { #cost }", "## Kosten { #cost }\n\nNeu vom Original: die Anmeldung ist überall kostenlos.", 1), encoding="utf-8")
    tpl = upstream / "overrides/main.html"
    text = tpl.read_text(encoding="utf-8")
    head = "{% block extrahead %}\n  {{ super() }}"
    assert head in text, "the theme override has its head block"
    tpl.write_text(text.replace(head, head + '\n  <meta name="dcg-upstream" content="1">', 1), encoding="utf-8")
    cfg = upstream / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("    - toc.follow\n", "    - toc.follow\n    - navigation.top\n" if "navigation.top" not in cfg.read_text() else "    - toc.follow\n    - content.code.copy\n", 1), encoding="utf-8")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-q", "-m", "shared improvements")
    # the fork merges: no conflicts
    _git(fork, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert "<<<<<<<" not in (fork / "docs/de/couples/anmeldung.md").read_text(encoding="utf-8")
    ok, output = strict_build(fork, fork / "site", profile=str(fork / "profiles/musterstadt/profile.yml"))
    assert ok, output[-3000:]
    site = fork / "site"
    assert "Neu vom Original" in (site / "couples/anmeldung/index.html").read_text(encoding="utf-8")
    assert 'name="dcg-upstream"' in (site / "index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Willkommen in Musterstadt" in home and "Dual Career Vietnam" not in home
    assert "Der Wochenmarkt ist am Samstag" in (site / "regions/musterstadt/index.html").read_text(encoding="utf-8")
