"""`dcg`: the project's one command for editors, tests and CI.

    dcg check [NAMES…] [--json]   run the offline checks (exit 0 clean, 1 findings, 2 usage/config error)
    dcg build [--site-dir DIR] [--timings]   strict build into a new folder, then swap it in
    dcg serve                     build and serve the site on http://127.0.0.1:8000/
    dcg prerender --out DIR       each language as plain Markdown and a configuration without hooks
    dcg plan [--moving-in DATE …] a couple's dated plan (the plan page's rules), as text, JSON or .ics
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import checks
from .clock import ClockError
from .project import Project


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with one plain line, never a traceback
        raise UsageError(message)


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def project_root() -> Path:
    env = os.environ.get("DCG_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        if (d / "mkdocs.yml").exists() and (d / "data").is_dir():
            return d
    return Path(__file__).resolve().parents[2]


def cmd_check(args) -> int:
    root = project_root()
    project = Project.load(root, args.profile, today=args.date)
    unknown = [n for n in args.names if n not in checks.ALL]
    if unknown:
        raise UsageError(f"unknown check '{unknown[0]}'; choose from {', '.join(checks.ALL)}")
    problems = checks.run_all(project, args.names or None, max_age_months=args.max_age)
    if args.site:
        from .links import check_built

        site = Path(args.site)
        if not (site / "index.html").exists():
            raise UsageError(f"'{args.site}' is not a built site (no index.html); run dcg build first")
        problems += check_built(site, project)
    if args.external:
        from .links import check_external

        found, results = check_external(project, cache_file=root / ".cache" / "external-links.json",
                                        max_age_hours=args.cache_hours, timeout=args.timeout, retries=args.retries)
        problems += found
        broken = sum(1 for r in results if r.broken)
        redirected = sum(1 for r in results if r.redirected)
        print(f"external links: {len(results)} checked, {broken} broken, {redirected} redirected", file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        print(json.dumps([p.__dict__ for p in problems], ensure_ascii=False, indent=1))
    else:
        for p in problems:
            print(p)
        print(f"{len(errors)} problem(s), {len(problems) - len(errors)} warning(s)" if problems else "all checks passed", file=sys.stderr)
    return 1 if errors else 0


def cmd_status(args) -> int:
    from . import status as st

    project = Project.load(project_root(), args.profile)
    errors = [p for p in project.problems if p.severity == "error"]
    if errors:
        for p in errors:
            print(p)
        return 1
    entries = st.status(project)
    if args.diff:
        wanted = Path(args.diff).as_posix()
        match = [e for e in entries if e.path == wanted]
        if not match:
            raise UsageError(f"'{args.diff}' is not a translated page (write it as docs/<lang>/<path>.md)")
        e = match[0]
        if e.state != "outdated":
            print(f"{e.path}: {e.state}; nothing to show")
            return 0
        print(st.source_diff(project, e))
        return 0
    if args.json:
        print(json.dumps(st.as_json(entries, project), ensure_ascii=False, indent=1))
    else:
        print(st.render_table(entries, project))
    summ = st.summary(entries, project)
    failed = False
    for code, s in summ.items():
        if s["missing"] and not s["pending"]:
            print(f"dcg status: {s['missing']} page(s) missing in '{code}', a core language", file=sys.stderr)
            failed = True
        outdated = 100 - s["current_percent"] - (100 - s["translated_percent"])
        if args.fail_outdated_above is not None and not s["pending"] and outdated > args.fail_outdated_above:
            print(f"dcg status: {outdated:.1f}% of '{code}' pages are outdated or untracked (limit {args.fail_outdated_above}%)", file=sys.stderr)
            failed = True
    return 1 if failed else 0


def cmd_nginx(args) -> int:
    from .publish import nginx_config

    project = Project.load(project_root(), args.profile)
    try:
        print(nginx_config(project, Path(args.site).absolute(), args.port, args.prefix, args.server_name, args.brotli))
    except ValueError as exc:
        raise UsageError(str(exc))
    return 0


def cmd_mark(args) -> int:
    """Record that translations now follow the current German page (after checking them)."""
    import re as _re

    from .pages import git_blob_sha

    root = project_root()
    project = Project.load(root, args.profile)
    default = project.profile.default_language
    for name in args.pages:
        path = (root / name) if not Path(name).is_absolute() else Path(name)
        try:
            rel_path = path.resolve().relative_to((root / "docs").resolve())
        except ValueError:
            raise UsageError(f"'{name}' is not a page under docs/")
        lang, rel = rel_path.parts[0], "/".join(rel_path.parts[1:])
        if lang == default:
            raise UsageError(f"'{name}' is the German source; name its translations (docs/vi/…, docs/en/…)")
        src = root / "docs" / default / rel
        if not path.exists() or not src.exists():
            raise UsageError(f"'{name}' or its German source docs/{default}/{rel} does not exist")
        version = git_blob_sha(src.read_bytes())
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            raise UsageError(f"'{name}' has no front matter")
        end = text.index("\n---", 3)
        head, body = text[:end], text[end:]
        head = _re.sub(r"(?m)^translation:.*\n(  .*\n)*", "", head + "\n").rstrip("\n")
        head += f"\ntranslation:\n  source: {version}"
        path.write_text(head + body, encoding="utf-8")
        print(f"{name}: follows docs/{default}/{rel} at {version[:12]}")
    return 0


def cmd_pdf(args) -> int:
    """The employer guide as a PDF, printed by Chromium from the built print page (no external service)."""
    import shutil as _sh
    import subprocess as _sp

    project = Project.load(project_root(), args.profile)
    site = Path(args.site).resolve()
    prefix = "" if args.lang == project.profile.default_language else f"{args.lang}/"
    page = site / prefix / "employers" / "print" / "index.html"
    if not page.exists():
        raise UsageError(f"{page} does not exist; run 'dcg build' first (and check the language '{args.lang}')")
    browser = _sh.which("chromium") or _sh.which("chromium-browser") or _sh.which("google-chrome")
    if not browser:
        raise UsageError("Chromium is needed: apt-get install chromium")
    out = Path(args.out or f"leitfaden-{args.lang}.pdf").resolve()
    result = _sp.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync",
                      "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()], capture_output=True, text=True)
    if result.returncode != 0 or not out.exists():
        print(result.stderr[-2000:], file=sys.stderr)
        return 1
    print(f"dcg pdf: {out}", file=sys.stderr)
    return 0


def cmd_new_region(args) -> int:
    from . import build, forkkit

    root = project_root()
    try:
        a = forkkit.RegionAnswers(
            id=args.id or forkkit.ask("Short id for your profile (small letters, e.g. magdeburg)"),
            programme=args.programme or forkkit.ask("Name of the programme"),
            operator=args.operator or forkkit.ask("Who runs it (operator)"),
            regions=[forkkit.parse_region(r) for r in (args.region or forkkit.ask_regions())],
            country_code=(args.country or forkkit.ask("Partner country code (ZZ: none)", "ZZ")).upper(),
            country_name=args.country_name or forkkit.ask("Partner country name in German (e.g. Lettland)", "dem Ausland"),
            languages=[c.strip() for c in (args.languages or forkkit.ask("Core languages, German first", "de,en")).split(",") if c.strip()],
            pending=[c.strip() for c in (args.pending if args.pending is not None else (forkkit.ask("Languages still being added, e.g. hi (empty: none)", "") if sys.stdin.isatty() else "")).split(",") if c.strip()],
            audiences=[c.strip() for c in (args.audiences or forkkit.ask("Audiences", "third-country,families")).split(",") if c.strip()],
            tagline=args.tagline or "",
        )
        written = forkkit.new_region(root, a)
    except forkkit.Refused as exc:
        print(f"dcg new-region: {exc}", file=sys.stderr)
        print("dcg new-region: nothing was written.", file=sys.stderr)
        return 1
    for w in written:
        print(f"wrote {w.relative_to(root)}")
    if args.no_preview:
        return 0
    rc = build.build(root, root / "site-preview")
    if rc == 0:
        print("preview: site-preview/ (serve it with: python3 -m http.server --directory site-preview 8001, then open http://127.0.0.1:8001/)")
    return rc


def cmd_add_language(args) -> int:
    from . import forkkit

    try:
        written = forkkit.add_language(project_root(), args.code, args.name, args.profile)
    except forkkit.Refused as exc:
        print(f"dcg add-language: {exc}", file=sys.stderr)
        print("dcg add-language: nothing was changed.", file=sys.stderr)
        return 1
    for w in written:
        print(f"wrote {w}")
    print(f"'{args.code}' is now a pending language: every page shows the German text with a notice until it is translated. "
          f"Translate data/i18n/{args.code}.yml first, then the pages (docs/{args.code}/…); dcg status shows the progress.")
    return 0


def cmd_plan(args) -> int:
    """A couple's dated plan from the same rules and items the plan page reads (plan-data/<lang>.json)."""
    import datetime as dt

    from . import plan as planmodel
    from . import planview

    project = Project.load(project_root(), args.profile, today=args.today)
    errors = [p for p in project.problems if p.severity == "error"]
    if errors:
        for p in errors:
            print(p)
        return 1
    if args.lang not in project.profile.languages:
        raise UsageError(f"'{args.lang}' is not a language of this profile ({', '.join(project.profile.languages)})")
    data = planview.plan_data(project, args.lang)
    answers, ticks = {}, {}
    if args.link:
        try:
            state, dropped = planmodel.decode_link(args.link, {it["id"] for it in data["items"]}, [r["id"] for r in data["regions"]])
        except planmodel.LinkError as exc:
            raise UsageError(f"the link is not a plan link: {exc}")
        if dropped:
            print(f"dcg plan: the link names steps this guide no longer has (left out): {', '.join(dropped)}", file=sys.stderr)
        answers, ticks = dict(state["a"]), state["t"]
    asked = set(data["questions"])
    for q in planmodel.DATE_ANSWERS:
        value = getattr(args, q.replace("-", "_"))
        if value is not None:
            answers[q] = value.isoformat()
    if args.region is not None:
        if args.region not in [r["id"] for r in data["regions"]]:
            raise UsageError(f"'{args.region}' is not a region of this profile ({', '.join(r['id'] for r in data['regions'])})")
        answers["region"] = args.region
    for person in planmodel.PERSONS:
        value = getattr(args, f"citizenship_{person}")
        if value is not None:
            answers[f"citizenship-{person}"] = value
    for q in ("partner_job", "regulated"):
        value = getattr(args, q)
        if value is not None:
            answers[q.replace("_", "-")] = value == "yes"
    if args.children is not None:
        if not 0 <= args.children <= 20:
            raise UsageError("--children must be a whole number from 0 to 20")
        answers["children"] = args.children
    if args.ages is not None:
        try:
            ages = [int(x) for x in args.ages.split(",") if x.strip()]
        except ValueError:
            raise UsageError(f"--ages '{args.ages}' must be whole numbers separated by commas, e.g. 3,7") from None
        if len(ages) > 20 or not all(0 <= a <= 30 for a in ages):
            raise UsageError("--ages takes at most 20 ages from 0 to 30")
        answers["ages"] = ages
    unasked = sorted(k for k in answers if k.split("-")[0] not in {q.split("-")[0] for q in asked} and k != "ages")
    if unasked:
        print(f"dcg plan: this profile does not ask about {', '.join(unasked)}; the answer is used anyway", file=sys.stderr)
    found = planview.entries(data, answers, project.today)
    if args.ics:
        prefix = "" if args.lang == project.profile.default_language else f"{args.lang}/"
        # a calendar's URL must be absolute: without the profile's site address the entries carry none
        base = project.profile.site_url.rstrip("/") + "/" + prefix if project.profile.site_url else ""
        stamp = dt.datetime.combine(project.today, dt.time(12), tzinfo=dt.timezone.utc)
        Path(args.ics).write_text(planview.calendar(data, found, base, stamp), encoding="utf-8", newline="")
        print(f"dcg plan: {sum(1 for e in found if e['date'])} dated entries written to {args.ics}", file=sys.stderr)
    if args.json:
        print(json.dumps([{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in e.items() if k != "it"}
                          | {"text": e["it"]["text"], "page": e["it"]["page"], "done": ticks.get(e["item"], "")}
                          for e in found], ensure_ascii=False, indent=1))
    elif not args.ics:
        for e in found:
            day = e["date"].isoformat() if e["date"] else "----------"
            tick = "x" if ticks.get(e["item"]) in ("b", "wp") or ticks.get(e["item"]) == e["lane"][:1] else " "
            off = f" [{e['off']}]" if e["off"] else ""
            print(f"{day} [{tick}] {planview.entry_title(data, e)} – {planview.entry_note(data, e)}{off}")
    return 0


def cmd_build(args) -> int:
    from . import build

    return build.build(project_root(), Path(args.site_dir) if args.site_dir else None, profile=args.profile, timings=args.timings)


def cmd_prerender(args) -> int:
    from . import prerender

    project = Project.load(project_root(), args.profile)
    errors = [p for p in project.problems if p.severity == "error"]
    if errors:
        print("\n".join(str(p) for p in errors), file=sys.stderr)
        return 1
    langs = args.lang or list(project.profile.languages)
    unknown = [code for code in langs if code not in project.profile.languages]
    if unknown:
        raise UsageError(f"the profile has no language {', '.join(unknown)} (it has {', '.join(project.profile.languages)})")
    out = Path(args.out).resolve()
    for code in langs:
        try:
            n = prerender.prerender(project, code, out / code)
        except prerender.RenderError as exc:
            print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
            return 1
        print(f"dcg prerender: {code}: {n} pages and mkdocs.yml in {out / code}", file=sys.stderr)
    return 0


def cmd_release(args) -> int:
    from . import build

    target = Path(args.dir).resolve()
    if args.rollback:
        return build.rollback(target, args.reload)
    return build.release(project_root(), target, profile=args.profile, keep=args.keep, reload_cmd=args.reload,
                         strict_figures=args.strict_figures)


def cmd_serve(args) -> int:
    from . import build

    return build.serve(project_root(), args.port, profile=args.profile)


def main(argv=None) -> int:
    parser = Parser(prog="dcg", description="Dual Career Guide: checks, build and tools for editors.")
    parser.add_argument("--profile", help="profile file (default: profile.yml, or $DCG_PROFILE)")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    p = sub.add_parser("check", help="run the offline checks")
    p.add_argument("names", nargs="*", help=f"which checks ({', '.join(checks.ALL)}); all when none")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="check as of this day (default: SOURCE_DATE_EPOCH, else today)")
    p.add_argument("--max-age", type=int, default=12, metavar="MONTHS", help="report sources checked longer ago than this (default 12)")
    p.add_argument("--site", metavar="DIR", help="also check the links in a built site (templates, overrides, generated parts)")
    p.add_argument("--external", action="store_true", help="also check external links (needs the internet; off by default)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per external request (default 10)")
    p.add_argument("--retries", type=int, default=1, help="retries per external link (default 1)")
    p.add_argument("--cache-hours", type=float, default=24.0, help="reuse external results younger than this (default 24)")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("status", help="translation status of every page and language")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--diff", metavar="PAGE", help="show what changed in the German source since the translation PAGE was updated")
    p.add_argument("--fail-outdated-above", type=float, metavar="PERCENT", help="exit 1 when more than PERCENT of a core language's pages are outdated")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("mark-translated", help="record that translations follow the current German page")
    p.add_argument("pages", nargs="+", help="translated pages, e.g. docs/vi/couples/anmeldung.md")
    p.set_defaults(func=cmd_mark)
    p = sub.add_parser("pdf", help="print the employer guide of one language to a PDF (with Chromium)")
    p.add_argument("--lang", default="de", help="language (default de)")
    p.add_argument("--site", default="site", help="the built site (default: site)")
    p.add_argument("--out", help="the PDF file (default: leitfaden-<lang>.pdf)")
    p.set_defaults(func=cmd_pdf)
    p = sub.add_parser("new-region", help="create a profile for a new programme or region (asks what it needs)")
    p.add_argument("--id", help="short id of the profile, e.g. magdeburg")
    p.add_argument("--programme", help="name of the programme")
    p.add_argument("--operator", help="who runs the programme")
    p.add_argument("--region", action="append", help="a region as id:Name:STATE (repeat for several)")
    p.add_argument("--country", help="partner country code, e.g. LV (ZZ: no single partner country)")
    p.add_argument("--country-name", help="the partner country's name in German")
    p.add_argument("--languages", help="core languages, German first, e.g. de,en")
    p.add_argument("--pending", help="languages still being added, e.g. lv")
    p.add_argument("--audiences", help="e.g. eu,families (see data/vocabulary.yml)")
    p.add_argument("--tagline", help="one sentence about the programme")
    p.add_argument("--no-preview", action="store_true", help="do not build a preview")
    p.set_defaults(func=cmd_new_region)
    p = sub.add_parser("add-language", help="add a language as pending (strings, folder, profile entry)")
    p.add_argument("code", help="language code, e.g. lv")
    p.add_argument("--name", help="the language's own name, e.g. Latviešu")
    p.set_defaults(func=cmd_add_language)
    p = sub.add_parser("nginx", help="print an nginx server block for a built site")
    p.add_argument("--site", required=True, help="the folder nginx serves (a release or the 'current' link)")
    p.add_argument("--port", default="80", help="the port (or address:port) to listen on")
    p.add_argument("--prefix", default="/", help="the path the site lives under, e.g. /willkommen/")
    p.add_argument("--server-name", default="_", help="server_name (default: _ = any)")
    p.add_argument("--brotli", action="store_true", help="serve .br files (needs the ngx_brotli module)")
    p.set_defaults(func=cmd_nginx)
    p = sub.add_parser("plan", help="a couple's dated plan from their dates and answers (text, --json or --ics)")
    p.add_argument("--lang", default="de", help="language of the texts (default de)")
    for q in ("arrival", "moving-in", "work-start", "permit-expiry"):
        p.add_argument(f"--{q}", type=_iso_date, metavar="YYYY-MM-DD", help=f"the {q.replace('-', ' ')} date")
    p.add_argument("--region", help="the region they live in (a region id of the profile)")
    p.add_argument("--citizenship-worker", choices=("eu", "third-country"))
    p.add_argument("--citizenship-partner", choices=("eu", "third-country"))
    p.add_argument("--partner-job", choices=("yes", "no"), help="the partner already has a job or training place")
    p.add_argument("--regulated", choices=("yes", "no"), help="the worker's profession is regulated")
    p.add_argument("--children", type=int, metavar="N", help="how many children")
    p.add_argument("--ages", metavar="A,B", help="the children's ages, e.g. 3,7")
    p.add_argument("--link", metavar="URL", help="read answers and ticks from a plan share link")
    p.add_argument("--today", type=_iso_date, metavar="YYYY-MM-DD", help="date the plan as of this day (default: SOURCE_DATE_EPOCH, else today)")
    p.add_argument("--ics", metavar="FILE", help="write the calendar file (.ics) instead of the list")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_plan)
    p = sub.add_parser("build", help="strict build into a new folder, then swap it in")
    p.add_argument("--site-dir", help="target folder (default: site)")
    p.add_argument("--timings", action="store_true", help="print the time of every step: MkDocs per language, each hook, each post-build step")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("prerender", help="write each language as plain Markdown with a configuration of its own (no hooks)")
    p.add_argument("--out", required=True, help="folder for one project per language (<out>/<lang>/)")
    p.add_argument("--lang", action="append", help="only this language (repeat for several)")
    p.set_defaults(func=cmd_prerender)
    p = sub.add_parser("release", help="build, check and switch the served site in one step (with rollback)")
    p.add_argument("--dir", required=True, help="the folder with releases/ and the current link, e.g. /srv/guide")
    p.add_argument("--keep", type=int, default=3, help="how many releases to keep (default 3)")
    p.add_argument("--reload", metavar="COMMAND", help="run after switching, e.g. 'systemctl reload nginx'")
    p.add_argument("--rollback", action="store_true", help="serve the previous release again")
    p.add_argument("--strict-figures", action="store_true", help="refuse to publish while a figure is past its end or its review date")
    p.set_defaults(func=cmd_release)
    p = sub.add_parser("serve", help="build and serve the site locally")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        if args.profile and not Path(args.profile).exists():
            raise UsageError(f"the profile file '{args.profile}' does not exist")
        return args.func(args)
    except (UsageError, ClockError) as exc:
        print(f"dcg: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the output went into a pipe that closed early (dcg status | head)
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


if __name__ == "__main__":
    sys.exit(main())
