"""The bad-input corpus: each folder under tests/corpus/ breaks a small copy of the project in one
way. The `dcg` command must name the file and line and the problem, exit with the right code, and
never print a traceback."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yml").exists())
MINI_INDEX = "---\ntitle: Start\ndescription: Start page.\n---\n\n# Start { #start }\n"


def mini_project(dest: Path) -> Path:
    """A small, valid project made from the real one: profile, vocabulary, strings, one procedure."""
    for rel in ("profile.yml", "data/phases.yml", "data/plan.yml", "data/vocabulary.yml", "data/pages/couples/anmeldung.yml"):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, dest / rel)
    shutil.copytree(ROOT / "data/i18n", dest / "data/i18n")
    shutil.copytree(ROOT / "data/sheets", dest / "data/sheets")
    (dest / "data/figures").mkdir(parents=True)
    for lang in ("de", "vi", "en"):
        (dest / f"docs/{lang}/couples").mkdir(parents=True)
        shutil.copy(ROOT / f"docs/{lang}/couples/anmeldung.md", dest / f"docs/{lang}/couples/anmeldung.md")
        (dest / f"docs/{lang}/index.md").write_text(MINI_INDEX, encoding="utf-8")
    return dest


def run_dcg(project: Path, args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, DCG_ROOT=str(project), PYTHONPATH=str(ROOT / "scripts"))
    env.pop("DCG_PROFILE", None)  # the copy builds the profile it names itself
    return subprocess.run([sys.executable, "-m", "dcg", *args], cwd=project, env=env, capture_output=True, text=True)


def test_the_mini_project_is_clean(tmp_path):
    result = run_dcg(mini_project(tmp_path), ["check", "model", "front-matter", "checklists", "structure", "links", "figures", "typography"])
    assert result.returncode == 0, result.stdout + result.stderr


def apply(project: Path, case: dict, case_dir: Path) -> None:
    files = case_dir / "files"
    if files.exists():
        shutil.copytree(files, project, dirs_exist_ok=True)
    for p in case.get("patch", []):
        target = project / p["file"]
        text = target.read_text(encoding="utf-8")
        if "append" in p:
            new = text + p["append"]
        elif "regex" in p:
            new, n = re.subn(p["regex"], p["replace"], text, count=1)
            assert n, f"patch regex {p['regex']!r} did not match {p['file']}"
        else:
            assert p["find"] in text, f"patch text {p['find']!r} not in {p['file']}"
            new = text.replace(p["find"], p["replace"], 1)
        target.write_text(new, encoding="utf-8")


def _pattern(expect: str) -> re.Pattern:
    # "path:: message" means "path, any line: message"
    if "::" in expect:
        path, message = expect.split("::", 1)
        return re.compile(re.escape(path) + r":\d+: .*" + re.escape(message.strip()))
    return re.compile(re.escape(expect))


@pytest.mark.parametrize("name", CASES)
def test_bad_input(tmp_path, name):
    case_dir = CORPUS / name
    case = yaml.safe_load((case_dir / "case.yml").read_text(encoding="utf-8"))
    project = mini_project(tmp_path / "p")
    apply(project, case, case_dir)
    result = run_dcg(project, case.get("args", ["check"]))
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == case["expect_exit"], f"{case['what']}: exit {result.returncode}\n{output}"
    for expect in case["expect"]:
        assert _pattern(expect).search(output), f"{case['what']}: expected {expect!r} in:\n{output}"


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 25
