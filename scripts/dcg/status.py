"""Translation status: for every page and language, missing, outdated or current.

A translation records which version of the German source it follows (`translation: {source: <git
blob id>}` in its front matter). It is *current* when that id equals the source's id now, *outdated*
when the source has changed since, *missing* when there is no translation. Comparing versions, not
dates, means a typo fix in a translation never hides that it is behind its source.
"""
from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass

from .pages import git_blob_sha
from .project import Project


@dataclass
class Entry:
    rel: str
    lang: str
    state: str  # current | outdated | missing | untracked | source
    source_version: str
    recorded_version: str
    path: str
    checklist_total: int = 0
    checklist_done: int = 0


def status(project: Project) -> list[Entry]:
    prof = project.profile
    default = prof.default_language
    out: list[Entry] = []
    hidden = project.hidden_rels()  # pages this profile does not show are not counted
    for (lang, rel), src in sorted(project.pages.items()):
        if lang != default or rel in hidden:
            continue
        version = git_blob_sha(src.raw)
        pd = project.page_data.get(rel)
        ids = [it.id for it in pd.items] if pd else []
        out.append(Entry(rel, default, "source", version, version, src.path, len(ids), len(ids)))
        for code in prof.languages:
            if code == default:
                continue
            page = project.page(code, rel)
            if page is None:
                out.append(Entry(rel, code, "missing", version, "", f"docs/{code}/{rel}", len(ids), 0))
                continue
            tr = page.meta.get("translation") if isinstance(page.meta, dict) else None
            recorded = str(tr.get("source", "")) if isinstance(tr, dict) else ""
            if not recorded:
                state = "untracked"
            elif version.startswith(recorded) or recorded.startswith(version):
                state = "current"
            else:
                state = "outdated"
            words = page.meta.get("checklist") if isinstance(page.meta.get("checklist"), dict) else {}
            out.append(Entry(rel, code, state, version, recorded, page.path, len(ids), sum(1 for i in ids if i in words)))
    return out


def summary(entries: list[Entry], project: Project) -> dict:
    langs = {}
    for code in project.profile.languages:
        if code == project.profile.default_language:
            continue
        es = [e for e in entries if e.lang == code]
        n = len(es) or 1
        counts = {s: sum(1 for e in es if e.state == s) for s in ("current", "outdated", "untracked", "missing")}
        total_items = sum(e.checklist_total for e in es)
        done_items = sum(e.checklist_done for e in es)
        langs[code] = {
            **counts,
            "pages": len(es),
            "translated_percent": round(100 * (len(es) - counts["missing"]) / n, 1),
            "current_percent": round(100 * counts["current"] / n, 1),
            "checklist_items": total_items,
            "checklist_translated": done_items,
            "pending": code in project.profile.pending_languages,
        }
    return langs


def source_diff(project: Project, entry: Entry) -> str:
    """What changed in the German source since the version the translation follows (git diff of blobs)."""
    if entry.state not in ("outdated",):
        return ""
    root = project.root
    exists = subprocess.run(["git", "cat-file", "-e", entry.recorded_version], cwd=root, capture_output=True)
    if exists.returncode != 0:
        return f"(the recorded version {entry.recorded_version[:12]} is not in this repository's history; compare by hand)"
    current = subprocess.run(["git", "hash-object", "-w", str(root / "docs" / project.profile.default_language / entry.rel)],
                             cwd=root, capture_output=True, text=True).stdout.strip()
    diff = subprocess.run(["git", "diff", "--no-color", entry.recorded_version, current], cwd=root, capture_output=True, text=True)
    return diff.stdout


def render_table(entries: list[Entry], project: Project) -> str:
    lines = []
    for code, s in summary(entries, project).items():
        label = " (being added: pending, not a failure)" if s["pending"] else ""
        lines.append(f"{code}{label}: {s['translated_percent']}% translated, {s['current_percent']}% current "
                     f"({s['current']} current, {s['outdated']} outdated, {s['untracked']} without source version, "
                     f"{s['missing']} missing; checklist items {s['checklist_translated']}/{s['checklist_items']})")
    for e in entries:
        if e.state in ("outdated", "missing", "untracked"):
            hint = {"outdated": f"the German page changed since {e.recorded_version[:12]}; run: dcg status --diff {e.path}",
                    "missing": "not translated yet (readers see the German text with a notice)",
                    "untracked": f"add translation: {{source: {e.source_version[:12]}}} after checking it against the German page"}[e.state]
            lines.append(f"{e.path}:1: {e.state}: {hint}")
    return "\n".join(lines)


def as_json(entries: list[Entry], project: Project) -> dict:
    return {"languages": summary(entries, project), "pages": [asdict(e) for e in entries if e.state != "source"]}
