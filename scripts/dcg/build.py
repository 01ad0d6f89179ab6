"""Build the site safely: strict build into a new folder, checked, then swapped in.

A build that fails never replaces a good site: the new folder is removed and the
served folder is left as it was.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def _mkdocs(root: Path, *args: str, profile: str | None = None, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    if profile:
        env["DCG_PROFILE"] = str(Path(profile).resolve())
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env, capture_output=True, text=True)


def strict_build(root: Path, target: Path, profile: str | None = None) -> tuple[bool, str]:
    """Run `mkdocs build --strict` into target. Returns (ok, output). Never uses -q:
    it hides the warnings that --strict counts."""
    result = _mkdocs(root, "build", "--strict", "--site-dir", str(target), profile=profile)
    output = (result.stdout or "") + (result.stderr or "")
    return result.returncode == 0, output


def problems_from_output(output: str) -> list[str]:
    """The lines of MkDocs' output that an editor must read: warnings and errors."""
    keep = []
    for line in output.splitlines():
        s = line.strip()
        if s.startswith(("WARNING", "ERROR", "Error:", "Aborted")) or ":" in s and s.split(":", 1)[0].endswith((".md", ".yml")):
            keep.append(s)
    return keep


def build(root: Path, site_dir: Path | None = None, profile: str | None = None) -> int:
    site = (site_dir or root / "site").resolve()
    new = site.with_name(site.name + ".new")
    old = site.with_name(site.name + ".old")
    shutil.rmtree(new, ignore_errors=True)
    ok, output = strict_build(root, new, profile)
    if not ok:
        shutil.rmtree(new, ignore_errors=True)
        lines = problems_from_output(output) or output.strip().splitlines()[-20:]
        print("\n".join(lines), file=sys.stderr)
        print(f"dcg build: the build failed; {site} was left as it was.", file=sys.stderr)
        return 1
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"dcg build: site written to {site}", file=sys.stderr)
    return 0


def serve(root: Path, port: int = 8000, profile: str | None = None) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if profile:
        env["DCG_PROFILE"] = str(Path(profile).resolve())
    return subprocess.call([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=env)
