"""Search quality and weight, measured as a reader meets them (part of `make bench`; not a test).

For each language: the share of the queries in tests/search/queries-<lang>.yml whose expected page is
among the first three results (all queries, and the quarter held out from tuning), and the bytes a
first search moves over the wire: served by nginx with the project's configuration (brotli where the
module is installed), cold cache, from leaving an already loaded page for the search until the first
result list appears.

    python scripts/bench_search.py [--site DIR] [--misses]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RESULT = ".dcg-search__link"


def queries(lang: str) -> list[dict]:
    path = ROOT / "tests" / "search" / f"queries-{lang}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []


def top_pages(page, query: str, n: int = 3) -> list[str]:
    """The first n pages the search page lists for a query typed into its box."""
    page.fill("#dcg-search-input", query)
    page.wait_for_function("q => document.querySelector('.dcg-search__results').getAttribute('data-query') === q",
                           arg=query.strip(), timeout=6000)
    links = page.eval_on_selector_all(RESULT, "els => els.map(e => new URL(e.href).pathname)")
    return list(dict.fromkeys(links))[:n]


def first_search_bytes(browser, base: str, home: str, query: str) -> int:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + home, wait_until="networkidle")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    total = {"bytes": 0}
    cdp.on("Network.loadingFinished", lambda e: total.__setitem__("bytes", total["bytes"] + e.get("encodedDataLength", 0)))
    page.goto(f"{base}{home}search/?q={quote(query)}")
    try:
        page.wait_for_selector(RESULT, timeout=8000)
    except Exception:
        pass
    page.wait_for_timeout(300)
    context.close()
    return total["bytes"]


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    from dcg.build import strict_build
    from dcg.project import Project
    from dcg.render import page_url
    from nginxserver import Nginx, available

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", help="a built site (default: build one)")
    ap.add_argument("--misses", action="store_true", help="list the queries that miss")
    args = ap.parse_args(argv)
    if not available() or not os.path.exists("/usr/bin/chromium"):
        print("needs nginx and chromium (apt-get install nginx chromium)")
        return 2
    project = Project.load(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(args.site) if args.site else Path(tmp) / "site"
        if not args.site:
            ok, out = strict_build(ROOT, site)
            if not ok:
                print(out[-2000:])
                return 1
        server = Nginx(site, Path(tmp) / "ngx").start()
        rows, misses = [], []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                for lang in project.profile.languages:
                    qs = queries(lang)
                    if not qs:
                        continue
                    home = "/" if lang == project.profile.default_language else f"/{lang}/"
                    weight = first_search_bytes(browser, server.url, home, qs[0]["q"])
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(f"{server.url}{home}search/")
                    page.wait_for_selector("[data-dcg-search][data-ready]", timeout=10000)
                    hits = {"all": [0, 0], "held": [0, 0]}
                    for q in qs:
                        want = home + page_url(q["page"])
                        found = [urlparse(u).path for u in top_pages(page, q["q"])]
                        ok = want in found
                        for key in ("all", "held") if q.get("held_out") else ("all",):
                            hits[key][0] += ok
                            hits[key][1] += 1
                        if not ok:
                            misses.append(f"  {lang}: {q['q']!r} -> want {want}, got {found}")
                    context.close()
                    pct = {k: (100 * a / b if b else 0) for k, (a, b) in hits.items()}
                    rows.append(f"| {lang} | {hits['all'][0]}/{hits['all'][1]} ({pct['all']:.0f} %) | "
                                f"{hits['held'][0]}/{hits['held'][1]} ({pct['held']:.0f} %) | {weight / 1024:.0f} KB |")
                browser.close()
        finally:
            server.stop()
    print(f"\nSearch (MiniSearch; nginx{' with brotli' if server.brotli else ''}): expected page in the first three results")
    print("| language | all queries | held out | first search |")
    print("| --- | --- | --- | --- |")
    print("\n".join(rows))
    if args.misses and misses:
        print("misses:\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
