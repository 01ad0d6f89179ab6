"""Speed figures, printed on demand (`make bench`); not a test.

1. all offline checks over the whole site (target: at most 2 s on a 2-core machine)
2. the full strict build of all languages (with hooks, search index and sitemap)
3. the same Markdown built with a stock Material configuration (no hooks, Material's own search);
   ratio target: at most 1.2
4. 2 and 3 again, and 1, on a generated corpus ten times the real size, to show linear growth
   (skipped with --quick)
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from dcg import checks  # noqa: E402
from dcg.project import Project  # noqa: E402

IGNORE = shutil.ignore_patterns(".venv", "site", "site.*", "node_modules", ".git", "__pycache__", ".pytest_cache", "*.egg-info", ".cache")

STOCK = """site_name: Stock
docs_dir: docs
theme:
  name: material
  language: de
  font: false
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      languages:
{languages}
markdown_extensions: [abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc, pymdownx.details, pymdownx.superfences, pymdownx.tasklist]
"""


def timed(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def run_checks(root: Path):
    project = Project.load(root)
    checks.run_all(project)


def mkdocs_build(root: Path, config: str | None = None):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    args = [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--site-dir", str(root / "site-bench")]
    if config:
        args += ["--config-file", config]
    result = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def stock_config(root: Path, languages: list[str]) -> str:
    entries = []
    for i, code in enumerate(languages):
        entries.append(f"        - locale: {code}\n          name: {code}\n          build: true" + ("\n          default: true" if i == 0 else ""))
    path = root / "mkdocs-stock.yml"
    path.write_text(STOCK.format(languages="\n".join(entries)), encoding="utf-8")
    return str(path)


def multiply(src: Path, dest: Path, factor: int) -> None:
    """A corpus `factor` times the real size: every language tree and its page data copied into
    copyN/ folders, checklist ids made unique."""
    shutil.copytree(src, dest, ignore=IGNORE)
    langs = [d.name for d in (dest / "docs").iterdir() if d.is_dir() and d.name != "assets"]
    for n in range(1, factor):
        for lang in langs:
            tree = dest / "docs" / lang
            for page in list((src / "docs" / lang).rglob("*.md")):
                rel = page.relative_to(src / "docs" / lang)
                if rel.parts[0] in ("search.md",):
                    continue
                target = tree / f"copy{n}" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                text = page.read_text(encoding="utf-8")
                text = re.sub(r"(?m)^(  )([a-z0-9-]+)(:)", lambda m: f"{m.group(1)}{m.group(2)}-c{n}{m.group(3)}", text) if "\nchecklist:" in text else text
                text = text.replace("(../../", "(../../../") if False else text
                target.write_text(text, encoding="utf-8")
        for data in (src / "data" / "pages").rglob("*.yml"):
            rel = data.relative_to(src / "data" / "pages")
            target = dest / "data" / "pages" / f"copy{n}" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            text = data.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^(  - id: )([a-z0-9-]+)$", lambda m: f"{m.group(1)}{m.group(2)}-c{n}", text)
            target.write_text(text, encoding="utf-8")


def main() -> int:
    project = Project.load(ROOT)
    languages = project.profile.languages
    pages = len(project.pages)
    print(f"Dual Career Guide benchmark – {pages} pages in {len(languages)} languages, {os.cpu_count()} cores")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        real = Path(tmp) / "real"
        shutil.copytree(ROOT, real, ignore=IGNORE)
        stock = stock_config(real, languages)
        c = timed(lambda: run_checks(real))
        b = timed(lambda: mkdocs_build(real), repeat=2)
        s = timed(lambda: mkdocs_build(real, stock), repeat=2)
        rows.append(("real", pages, c, b, s))
        if "--quick" in sys.argv:
            print("\n| corpus | pages | offline checks | strict build (ours) | stock Material build | ratio ours/stock |")
            print("| --- | --- | --- | --- | --- | --- |")
            print(f"| real | {pages} | {c[0]:.2f} s | {b[0]:.2f} s | {s[0]:.2f} s | {b[0] / s[0]:.2f} |")
            return 0
        big = Path(tmp) / "x10"
        multiply(ROOT, big, 10)
        big_pages = len(list((big / "docs").rglob("*.md")))
        stock_big = stock_config(big, languages)
        c10 = timed(lambda: run_checks(big), repeat=2)
        b10 = timed(lambda: mkdocs_build(big), repeat=1)
        s10 = timed(lambda: mkdocs_build(big, stock_big), repeat=1)
        rows.append(("x10", big_pages, c10, b10, s10))
    print()
    print("| corpus | pages | offline checks | strict build (ours) | stock Material build | ratio ours/stock |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, n, c, b, s in rows:
        print(f"| {name} | {n} | {c[0]:.2f} s | {b[0]:.2f} s | {s[0]:.2f} s | {b[0] / s[0]:.2f} |")
    (_, n1, c1, b1, s1), (_, n10, c10, b10, s10) = rows
    print()
    print(f"growth for {n10 / n1:.1f}x the pages: checks {c10[0] / c1[0]:.1f}x, our build {b10[0] / b1[0]:.1f}x, stock build {s10[0] / s1[0]:.1f}x")
    print(f"targets: checks <= 2 s on the real site: {'met' if c1[0] <= 2 else 'NOT met'}; "
          f"build ratio <= 1.2: {'met' if b1[0] / s1[0] <= 1.2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
