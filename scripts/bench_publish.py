"""First-load weight and Lighthouse scores of the site as served by nginx with compression.

Part of `make bench` (not a test): per language, the home page and a deep page (the first
procedure). Weight is what Chromium transfers on a first visit (compressed). Lighthouse runs with
npm `lighthouse@12.2.3` (fetched by npx on first use) against Debian's Chromium, mobile settings.
"""
from __future__ import annotations

import json
import os
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
            deep = project.sequence(("procedure",))[0].rel[:-3] + "/"
            print("\n| language | page | first load (compressed) | Lighthouse mobile (perf / a11y / best practices / SEO) |")
            print("| --- | --- | --- | --- |")
            for code in project.profile.languages:
                prefix = "" if code == project.profile.default_language else f"{code}/"
                for label, path in (("home", ""), ("deep", deep)):
                    url = f"{server.url}/{prefix}{path}"
                    kb = first_load_bytes(url) / 1024
                    scores = lighthouse(url) if os.environ.get("DCG_NO_LIGHTHOUSE") != "1" else None
                    s = " / ".join(str(scores.get(k, "–")) for k in ("performance", "accessibility", "best-practices", "seo")) if scores else "–"
                    print(f"| {code} | {label} (/{prefix}{path}) | {kb:.1f} KB | {s} |")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
