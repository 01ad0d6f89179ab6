"""Build the site safely: strict build into a new folder, checked, then swapped in.

A build that fails never replaces a good site: the new folder is removed and the
served folder is left as it was.
"""
from __future__ import annotations

import os
import re
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


def strict_build(root: Path, target: Path, profile: str | None = None, env_extra: dict | None = None) -> tuple[bool, str]:
    """Run `mkdocs build --strict` into target. Returns (ok, output). Never uses -q:
    it hides the warnings that --strict counts. env_extra sets, for example, SOURCE_DATE_EPOCH."""
    result = _mkdocs(root, "build", "--strict", "--site-dir", str(target), profile=profile, env_extra=env_extra)
    output = (result.stdout or "") + (result.stderr or "")
    return result.returncode == 0, output


LINK_WARNING = re.compile(r"Doc file '([^']+)' contains a link '([^']+)'")


def _line_of_link(root: Path, doc: str, target: str) -> int:
    """MkDocs names the file and the link but not the line: find the line."""
    path = root / "docs" / doc
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if f"({target}" in line or f"<{target}>" in line or f'"{target}"' in line:
                return n
    except OSError:
        pass
    return 1


def problems_from_output(output: str, root: Path | None = None) -> list[str]:
    """The lines of MkDocs' output that an editor must read, as path:line: message where MkDocs
    gives no line (its link and anchor warnings)."""
    keep = []
    for line in output.splitlines():
        s = line.strip()
        m = LINK_WARNING.search(s)
        if m and root is not None:
            doc, target = m.group(1), m.group(2)
            message = s.split(" -  ", 1)[-1]
            keep.append(f"docs/{doc}:{_line_of_link(root, doc, target)}: {message}")
        elif s.startswith(("WARNING", "ERROR", "Error:", "Aborted")) or ":" in s and s.split(":", 1)[0].endswith((".md", ".yml")):
            keep.append(s)
    return list(dict.fromkeys(keep))  # MkDocs repeats some warnings


def timed_build(root: Path, target: Path, profile: str | None = None, env_extra: dict | None = None,
                strict: bool = True) -> tuple[bool, str, dict]:
    """strict_build, and the times of its parts: `wall` (the whole command), `generation` (everything
    before the post-build steps, MkDocs' start included), `postbuild_total`, and per language, hook and
    post-build step (see mkdocs_hooks._write_timings)."""
    import json
    import tempfile
    import time

    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "timings.json"
        start = time.perf_counter()
        result = _mkdocs(root, "build", "--strict" if strict else "--no-strict", "--site-dir", str(target), profile=profile,
                         env_extra={**(env_extra or {}), "DCG_TIMINGS": str(record)})
        ok, output = result.returncode == 0, (result.stdout or "") + (result.stderr or "")
        wall = time.perf_counter() - start
        data = json.loads(record.read_text(encoding="utf-8")) if ok and record.exists() else {}
    if data:
        data["wall"] = round(wall, 3)
        data["generation"] = round(wall - data["postbuild_total"], 3)
    return ok, output, data


def timings_table(data: dict) -> str:
    """The times of one build as a table for the terminal."""
    rows = [("build, in all", data["wall"]), ("generation (MkDocs with the hooks)", data["generation"])]
    rows += [(f"  MkDocs, language {lang}", t) for lang, t in data["languages"].items()]
    rows += [(f"  hook {name}", t) for name, t in sorted(data["hooks"].items(), key=lambda x: -x[1])]
    rows += [("post-build steps", data["postbuild_total"])]
    rows += [(f"  {name}", t) for name, t in data["postbuild"].items()]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{name.ljust(width)}  {t:7.2f} s" for name, t in rows)


def build(root: Path, site_dir: Path | None = None, profile: str | None = None, timings: bool = False) -> int:
    site = (site_dir or root / "site").resolve()
    new = site.with_name(site.name + ".new")
    old = site.with_name(site.name + ".old")
    shutil.rmtree(new, ignore_errors=True)
    if timings:
        ok, output, data = timed_build(root, new, profile)
    else:
        ok, output = strict_build(root, new, profile)
    if not ok:
        shutil.rmtree(new, ignore_errors=True)
        lines = problems_from_output(output, root) or output.strip().splitlines()[-20:]
        print("\n".join(lines), file=sys.stderr)
        print(f"dcg build: the build failed; {site} was left as it was.", file=sys.stderr)
        return 1
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    if timings and data:
        print(timings_table(data), flush=True)
    print(f"dcg build: site written to {site}", file=sys.stderr)
    return 0


def serve(root: Path, port: int = 8000, profile: str | None = None) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if profile:
        env["DCG_PROFILE"] = str(Path(profile).resolve())
    return subprocess.call([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=env)


def _checks_on(root: Path, site: Path, profile: str | None) -> tuple[list[str], list[str]]:
    """The offline checks on the sources and the link check on the built folder: the errors, and the
    warnings about figures (past their end or their review date, or close to it)."""
    from . import checks
    from .links import check_built
    from .project import Project

    project = Project.load(root, profile)
    found = checks.run_all(project)
    problems = [p for p in found if p.severity == "error"] + check_built(site, project)
    figures = [p for p in checks.check_figures(project) if p.severity == "warning"]
    return [str(p) for p in problems], [str(p) for p in figures]


def release(root: Path, target: Path, profile: str | None = None, keep: int = 3, reload_cmd: str | None = None,
            strict_figures: bool = False) -> int:
    """Build into a new release folder, check it, then switch `current` to it in one step.

    target/releases/<name>/  one folder per release
    target/current           a symbolic link to the served release (renamed into place: atomic)
    A failed build or check removes the new folder and leaves `current` untouched. Figures past their
    end are published with their mark and reported; with strict_figures such a release is refused.
    """
    import datetime as dt

    releases = target / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    name = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    new = releases / name
    ok, output = strict_build(root, new, profile)
    if not ok:
        shutil.rmtree(new, ignore_errors=True)
        print("\n".join(problems_from_output(output, root) or output.strip().splitlines()[-20:]), file=sys.stderr)
        print(f"dcg release: the build failed; the served site ({target / 'current'}) was not changed.", file=sys.stderr)
        return 1
    problems, figures = _checks_on(root, new, profile)
    if figures:
        print("\n".join(figures), file=sys.stderr)
        if strict_figures:
            problems.append(f"dcg release: {len(figures)} figure(s) to check first (--strict-figures)")
    if problems:
        shutil.rmtree(new, ignore_errors=True)
        print("\n".join(problems), file=sys.stderr)
        print(f"dcg release: {len(problems)} problem(s); the served site ({target / 'current'}) was not changed.", file=sys.stderr)
        return 1
    switch(target, new)
    print(f"dcg release: now serving {new.name}", file=sys.stderr)
    _prune(releases, keep, target)
    return _reload(reload_cmd)


def switch(target: Path, release_dir: Path) -> None:
    link = target / "current"
    tmp = target / f".current-{os.getpid()}"
    if tmp.exists() or tmp.is_symlink():
        tmp.unlink()
    tmp.symlink_to(Path("releases") / release_dir.name)
    os.replace(tmp, link)  # rename(2): readers see the old or the new release, never a mix


def _served(target: Path) -> str | None:
    link = target / "current"
    return os.readlink(link).split("/")[-1] if link.is_symlink() else None


def _prune(releases: Path, keep: int, target: Path) -> None:
    served = _served(target)
    names = sorted(p.name for p in releases.iterdir() if p.is_dir())
    for old in names[:-max(keep, 2)]:
        if old != served:
            shutil.rmtree(releases / old, ignore_errors=True)


def _reload(cmd: str | None) -> int:
    if not cmd:
        return 0
    result = subprocess.run(cmd, shell=True)
    if result.returncode != 0:
        print(f"dcg release: the reload command failed: {cmd}", file=sys.stderr)
        return 1
    return 0


def rollback(target: Path, reload_cmd: str | None = None) -> int:
    releases = target / "releases"
    served = _served(target)
    names = sorted(p.name for p in releases.iterdir() if p.is_dir()) if releases.exists() else []
    if served not in names or names.index(served) == 0:
        print("dcg release: there is no earlier release to go back to", file=sys.stderr)
        return 1
    previous = names[names.index(served) - 1]
    switch(target, releases / previous)
    print(f"dcg release: rolled back to {previous}", file=sys.stderr)
    return _reload(reload_cmd)
