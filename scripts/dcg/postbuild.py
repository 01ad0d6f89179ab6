"""Work done on the built site, after every language is built.

Plain functions over the site folder, so they run the same after MkDocs or any
other generator: the profile's colours as CSS, and the Pagefind search index
(one index per `<html lang>`, accent-insensitive).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .model import Project
from .problems import ContentError, Problem


def profile_css(project: Project) -> str:
    colors = project.profile.data["site"]["colors"]
    return (
        ":root{"
        f"--md-primary-fg-color:{colors['primary']};"
        f"--md-primary-fg-color--light:{colors['primary']};"
        f"--md-primary-fg-color--dark:{colors['primary']};"
        f"--md-accent-fg-color:{colors['accent']};"
        f"--md-typeset-a-color:{colors['primary']};"
        f"--dcg-primary:{colors['primary']};--dcg-accent:{colors['accent']};"
        "}\n"
    )


def write_profile_css(site: Path, project: Project) -> None:
    target = site / "assets" / "dcg" / "profile.css"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(profile_css(project), encoding="utf-8")


def search_index(site: Path) -> None:
    """Build the Pagefind index; each language gets its own index from <html lang>."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise ContentError([Problem(str(site), 1, f"the search index could not be built: {result.stderr.strip() or result.stdout.strip()}")])


def run(site: Path, project: Project) -> None:
    write_profile_css(site, project)
    search_index(site)
