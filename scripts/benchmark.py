"""Speed figures, printed on demand (`make bench`); not a test.

1. all offline checks over the whole site (target: at most 2 s on a 2-core machine)
2. the full strict build of all languages, split as `dcg build --timings` splits it: generation (MkDocs
   with the hooks, from the command's start) and the post-build steps (search index, print pages,
   compression, headers, …), which are reported apart
3. the same Markdown built with a stock Material configuration (no hooks, Material's own search);
   generation ratio (2 without its post-build steps against 3), median of DCG_BENCH_RUNS runs (5 by
   default, interleaved); target: at most 1.2
4. the whole build and 3 again, and 1, on a generated corpus ten times the real size, to show linear
   growth (skipped with --quick)
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
from dcg.build import timed_build, timings_table  # noqa: E402
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


def generation_ratio(root: Path, stock: str, runs: int, strict: bool = True) -> tuple[dict, float, list[float], list[float]]:
    """Our build (timed) and the stock build, interleaved `runs` times. Returns the timings of our
    median run, the stock median, and all generation and stock times."""
    ours, stock_times = [], []
    for _ in range(runs):
        ok, output, data = timed_build(root, root / "site-bench", strict=strict)
        if not ok or not data:
            raise SystemExit(f"build failed in {root}:\n{output[-2000:]}")
        ours.append(data)
        t = time.perf_counter()
        mkdocs_build(root, stock)
        stock_times.append(time.perf_counter() - t)
    ours.sort(key=lambda d: d["generation"])
    return ours[len(ours) // 2], statistics.median(stock_times), [d["generation"] for d in ours], stock_times


def main() -> int:
    project = Project.load(ROOT)
    languages = project.profile.languages
    pages = len(project.pages)
    runs = int(os.environ.get("DCG_BENCH_RUNS", "5"))
    print(f"Dual Career Guide benchmark – {pages} pages in {len(languages)} languages, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        real = Path(tmp) / "real"
        shutil.copytree(ROOT, real, ignore=IGNORE)
        stock = stock_config(real, languages)
        c = timed(lambda: run_checks(real))
        median_run, s_med, gens, stocks = generation_ratio(real, stock, runs)
        ratio = median_run["generation"] / s_med
        print(f"\nOur build, the run with the median generation time of {runs} (dcg build --timings):\n")
        print(timings_table(median_run))
        print(f"\ngeneration, {runs} runs: {', '.join(f'{g:.2f}' for g in sorted(gens))} s; "
              f"stock Material: {', '.join(f'{t:.2f}' for t in sorted(stocks))} s")
        print("\n| corpus | pages | offline checks | generation (ours, median) | post-build steps (ours) | stock Material build (median) | generation ratio ours/stock |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        print(f"| real | {pages} | {c[0]:.2f} s | {median_run['generation']:.2f} s | {median_run['postbuild_total']:.2f} s | {s_med:.2f} s | {ratio:.2f} |")
        if "--quick" not in sys.argv:
            big = Path(tmp) / "x10"
            multiply(ROOT, big, 10)
            big_pages = len(list((big / "docs").rglob("*.md")))
            stock_big = stock_config(big, languages)
            c10 = timed(lambda: run_checks(big), repeat=2)
            _, s10, g10, _ = generation_ratio(big, stock_big, 1, strict=False)
            print(f"| x10 | {big_pages} | {c10[0]:.2f} s | {g10[0]:.2f} s | – | {s10:.2f} s | {g10[0] / s10:.2f} |")
            print(f"\ngrowth for {big_pages / pages:.1f}x the pages: checks {c10[0] / c[0]:.1f}x, our generation "
                  f"{g10[0] / median_run['generation']:.1f}x, stock build {s10 / s_med:.1f}x")
    print(f"\ntargets: checks <= 2 s on the real site: {'met' if c[0] <= 2 else 'NOT met'}; "
          f"generation ratio <= 1.2: {'met' if ratio <= 1.2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
