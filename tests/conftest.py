"""Shared fixtures: one strict build of the real site, small variant projects, a local
HTTP server and Debian's Chromium driven by Playwright."""
from __future__ import annotations

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

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IGNORE = shutil.ignore_patterns(".venv", "site", "site.new", "site.old", "node_modules", ".git", "__pycache__", ".pytest_cache", "*.egg-info")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.load(ROOT)


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
def variant(tmp_path) -> Path:
    """A writable copy of the project for tests that break or change something."""
    return copy_project(tmp_path / "project")


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


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def lang_of(site: Path, path: Path, languages: list[str], default: str) -> str:
    first = path.relative_to(site).parts[0]
    return first if first in languages and first != default else default
