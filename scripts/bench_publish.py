"""First-load weight and Lighthouse scores of the site as served by nginx with compression.

Part of `make bench` (not a test): per language, one page of each type readers meet first: the home
page, a procedure, an employer chapter, the plan page and the search page. Weight is what Chromium
transfers on a first visit (compressed). Lighthouse runs with npm `lighthouse@12.2.3` (fetched by npx
on first use) against Debian's Chromium, mobile settings: accessibility, best practices and SEO from one
run, performance as the median of DCG_LIGHTHOUSE_RUNS runs (5 by default), since it varies with the
machine's load.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

FLAGS = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"


def first_load_bytes(url: str) -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS.split())
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        total = {"bytes": 0}
        cdp.on("Network.loadingFinished", lambda e: total.__setitem__("bytes", total["bytes"] + e.get("encodedDataLength", 0)))
        page.goto(url, wait_until="networkidle")
        browser.close()
    return total["bytes"]


def lighthouse(url: str) -> dict | None:
    cmd = ["npx", "--yes", "lighthouse@12.2.3", url, "--quiet", "--output=json", "--output-path=stdout",
           "--chrome-path=/usr/bin/chromium", f"--chrome-flags={FLAGS}", "--form-factor=mobile"]
    for _ in range(2):  # Lighthouse now and then fails to record a trace: try once more
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if result.returncode == 0:
            break
    if result.returncode != 0:
        print(f"  lighthouse failed for {url}: {result.stderr.strip()[-300:]}")
        return None
    report = json.loads(result.stdout)
    return {k: round(v["score"] * 100) for k, v in report["categories"].items() if v.get("score") is not None}


def main(site: Path | None = None) -> int:
    from dcg.build import strict_build
    from dcg.project import Project
    from nginxserver import Nginx, available

    if not available() or not os.path.exists("/usr/bin/chromium"):
        print("needs nginx and chromium (apt-get install nginx chromium)")
        return 2
    project = Project.load(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            site = Path(tmp) / "site"
            ok, out = strict_build(ROOT, site)
            if not ok:
                print(out[-2000:])
                return 1
        server = Nginx(site, Path(tmp) / "ngx").start()
        try:
            procedure = project.sequence(("procedure",))[0].rel[:-3] + "/"
            chapter = project.sequence(("employer",))[0].rel[:-3] + "/"
            pages = (("home", ""), ("procedure", procedure), ("employer chapter", chapter), ("plan", "couples/plan/"), ("search", "search/"))
            runs = int(os.environ.get("DCG_LIGHTHOUSE_RUNS", "5"))
            print(f"\n| language | page | first load (compressed) | Lighthouse mobile: performance (median of {runs}) / accessibility / best practices / SEO |")
            print("| --- | --- | --- | --- |")
            for code in project.profile.languages:
                prefix = "" if code == project.profile.default_language else f"{code}/"
                for label, path in pages:
                    url = f"{server.url}/{prefix}{path}"
                    kb = first_load_bytes(url) / 1024
                    s = "–"
                    if os.environ.get("DCG_NO_LIGHTHOUSE") != "1":
                        results = [r for r in (lighthouse(url) for _ in range(runs)) if r]
                        if results:
                            perf = statistics.median(r.get("performance", 0) for r in results)
                            first = results[0]
                            s = f"{perf:g} / " + " / ".join(str(first.get(k, "–")) for k in ("accessibility", "best-practices", "seo"))
                    print(f"| {code} | {label} (/{prefix}{path}) | {kb:.1f} KB | {s} |", flush=True)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
