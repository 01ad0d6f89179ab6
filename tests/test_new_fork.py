"""A fork that none of the example profiles resembles, made only with the documented commands, passes
its own tests: a welcome service in Görlitz and Bautzen (Saxony) for nurses from India, in German and
English with Hindi being added. The tests that hold for every profile run inside the fork, the browser
pass on an even sample of its pages."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project
from dcg import render
from dcg.project import Project

# The test files whose tests hold for any profile (those marked default_profile are skipped there);
# the others test the tools on their own small projects, whatever profile a copy builds.
GENERIC = ["tests/test_build.py", "tests/test_content.py", "tests/test_features.py", "tests/test_publish.py",
           "tests/test_browser.py"]


def test_a_new_fork_passes_its_own_tests(tmp_path):
    if os.environ.get("DCG_FORK_RUN"):
        pytest.skip("this is the fork's own run")
    fork = copy_project(tmp_path / "fork")
    if (ROOT / "node_modules").exists():
        (fork / "node_modules").symlink_to(ROOT / "node_modules")
    env = dict(os.environ, DCG_ROOT=str(fork), PYTHONPATH=str(fork / "scripts"))
    env.pop("DCG_PROFILE", None)
    (fork / "active-profile.txt").unlink(missing_ok=True)
    made = subprocess.run([sys.executable, "-m", "dcg", "new-region", "--id", "oberlausitz",
                           "--programme", "Willkommen in der Oberlausitz", "--operator", "Landkreis Görlitz",
                           "--region", "goerlitz:Görlitz:SN", "--region", "bautzen:Bautzen:SN",
                           "--country", "IN", "--country-name", "Indien", "--languages", "de,en", "--pending", "hi",
                           "--audiences", "third-country,families",
                           "--tagline", "Pflegekräfte aus Indien und ihre Familien in Görlitz und Bautzen", "--no-preview"],
                          cwd=fork, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert made.returncode == 0, made.stderr
    assert (fork / "data/i18n/hi.yml").exists(), "the language being added got its strings file"
    # its facts are India's and Saxony's: India has a social security agreement with Germany, Vietnam has none
    project = Project.load(fork)
    pension = render.country_fact(project, "de", "couples/rente.md", "social-security")
    assert "Indien" in pension and "haben ein solches Abkommen" in pension and "nicht auf der Liste" not in pension
    school = render.state_facts(project, "de", "couples/schule.md", "school-start")
    assert "Sachsen" in school and "Nordrhein-Westfalen" not in school and "Baden-Württemberg" not in school
    # built, its pages name no other Land and not the original's partner country
    built = subprocess.run([sys.executable, "-m", "dcg", "build"], cwd=fork, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    foreign = ("Nordrhein-Westfalen", "Baden-Württemberg", "NRW", "Vietnam", "Việt Nam", "Hanoi", "Zalo", "Tết")
    found = {}
    for html in (fork / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for word in foreign:
            if word in text:
                found.setdefault(word, []).append(html.relative_to(fork / "site").as_posix())
    assert not found, f"pages of the Saxony/India fork name another Land or country: { {w: p[:5] for w, p in found.items()} }"
    env.update(DCG_FORK_RUN="1", DCG_BROWSER_SAMPLE="25", PYTHONPATH=str(fork / "scripts"))
    env.pop("DCG_ROOT")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *GENERIC],
                         cwd=fork, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    tail = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, "the fork's own tests failed:\n" + tail
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) >= 40, tail
