"""Shared fixtures: one strict build of the real site, small variant projects, a local
HTTP server and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from dcg.build import strict_build  # noqa: E402
from dcg.profile import active_profile  # noqa: E402
from dcg.project import Project  # noqa: E402



def _commit_epoch() -> str:
    """The time of the commit under test: the day every test computes figures and checks for, so that
    no test depends on the day it runs (a checkout without git uses a fixed day)."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, timeout=20)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return out.stdout.strip()
    except OSError:
        pass
    return "1796342400"  # 2026-12-04


# Pinned for this process and every build and command it starts.
os.environ.setdefault("SOURCE_DATE_EPOCH", _commit_epoch())

# The profile this copy builds: $DCG_PROFILE, else active-profile.txt (a fork's), else profile.yml.
ACTIVE_PROFILE = Path(os.environ.get("DCG_PROFILE") or active_profile(ROOT))
ACTIVE_PROFILE = (ACTIVE_PROFILE if ACTIVE_PROFILE.is_absolute() else ROOT / ACTIVE_PROFILE).resolve()
DEFAULT_PROFILE = ACTIVE_PROFILE == (ROOT / "profile.yml").resolve()


def pytest_configure(config):
    config.addinivalue_line("markers", "default_profile: holds only for the original programme (profile.yml): "
                                       "its names, its pages, its languages; skipped in a fork")


def pytest_collection_modifyitems(config, items):
    """Every test holds for every profile, except those marked default_profile: in a fork they are skipped."""
    if DEFAULT_PROFILE:
        return
    rel = ACTIVE_PROFILE.relative_to(ROOT).as_posix() if ACTIVE_PROFILE.is_relative_to(ROOT) else str(ACTIVE_PROFILE)
    skip = pytest.mark.skip(reason=f"holds only for the default profile (profile.yml); this copy builds {rel}")
    for item in items:
        if "default_profile" in item.keywords:
            item.add_marker(skip)


def profile_file(root: Path) -> Path:
    """The active profile's file inside a copy of the project (a variant)."""
    return root / ACTIVE_PROFILE.relative_to(ROOT) if ACTIVE_PROFILE.is_relative_to(ROOT) else ACTIVE_PROFILE


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IGNORE = shutil.ignore_patterns(".venv", "site", "site.new", "site.old", "node_modules", ".git", "__pycache__", ".pytest_cache", "*.egg-info")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.load(ROOT)


@pytest.fixture(scope="session")
def shared() -> Project:
    """The project with the original programme's profile (de, vi, en): for tests of the shared data
    every copy carries (the site's words per language, figures, glossary), whatever profile it builds."""
    return Project.load(ROOT, ROOT / "profile.yml")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with `mkdocs build --strict` (never with -q)."""
    target = tmp_path_factory.mktemp("built") / "site"
    ok, output = strict_build(ROOT, target)
    assert ok, "the strict build failed:\n" + output[-5000:]
    return target


def copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    return dest


@pytest.fixture
def variant(tmp_path, monkeypatch) -> Path:
    """A writable copy of the project for tests that break or change something; it builds the same
    profile as this copy (named in its active-profile.txt, never through a path into this copy)."""
    dest = copy_project(tmp_path / "project")
    if os.environ.get("DCG_PROFILE") and ACTIVE_PROFILE.is_relative_to(ROOT):
        (dest / "active-profile.txt").write_text(ACTIVE_PROFILE.relative_to(ROOT).as_posix() + "\n", encoding="utf-8")
        monkeypatch.delenv("DCG_PROFILE")
    return dest


@pytest.fixture(scope="session")
def langs(project) -> list[str]:
    """The profile's core languages, its default first."""
    return project.profile.core_languages


@pytest.fixture(scope="session")
def other_lang(project) -> str:
    """A core language other than the default (the default itself in a one-language profile)."""
    rest = [code for code in project.profile.core_languages if code != project.profile.default_language]
    return rest[0] if rest else project.profile.default_language


def prefix(project, lang: str) -> str:
    """The URL path of a language's home: "/" for the default, "/vi/" for the others."""
    return "/" if lang == project.profile.default_language else f"/{lang}/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def nginx_site(site, tmp_path_factory):
    """The real site served by nginx with the repository's configuration and its strict CSP."""
    from nginxserver import Nginx, available

    if not available():
        message = "nginx is not installed: run 'apt-get update && apt-get install -y nginx' (or 'make test', which does it as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = Nginx(site, tmp_path_factory.mktemp("nginx")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(nginx_site):
    return nginx_site.url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "Chromium is not installed: run 'apt-get update && apt-get install -y chromium' (or 'make test', which does it as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def opened(browser, url: str, **options):
    """A page of its own (390 × 844 unless `options` say otherwise) opened at `url`, and the list that
    collects what the page reports as errors (exceptions, console errors); closed afterwards."""
    context = browser.new_context(**{"viewport": {"width": 390, "height": 844}, **options})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(url)
        yield page, errors
    finally:
        context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def lang_of(site: Path, path: Path, languages: list[str], default: str) -> str:
    first = path.relative_to(site).parts[0]
    return first if first in languages and first != default else default
