"""The plan as the reader sees it: the rules and items exported for the browser and `dcg plan`
(`plan_data`, written to plan-data/<lang>.json after the build), the plan page's questions and its
plain list of every step (for readers without JavaScript), and the coach's page."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

from . import plan as planmodel
from .project import Project
from .render import deadline_text, fmt_date, page_link, page_url, relative_url

PLAN_REL = "couples/plan.md"
COACH_REL = "staff/begleitplan.md"


def lanes_of(who: list) -> list[str]:
    """The lanes an item appears in: each partner separately, one of them, both together, or others."""
    w = set(who)
    lanes = [p for p in planmodel.PERSONS if p in w]
    if not lanes and w & {"couple", "family"}:
        lanes = ["both"]
    if not lanes and w & {"employer", "coach", "programme"}:
        lanes = ["others"]
    return lanes or ["both"]


def plan_pages(project: Project) -> list:
    """The couples' procedures the plan draws on, in their order; private pages never."""
    return [pd for pd in project.sequence(("procedure",)) if pd.rel.startswith("couples/") and not pd.private]


def questions(project: Project) -> list[str]:
    """The questions this profile asks: only those that change its plan."""
    prof = project.profile
    aud = set(prof.audiences)
    conds = {c for pd in plan_pages(project) for c in pd.plan_if + [c for it in pd.items for c in it.plan_if]}
    out = []
    if "before-departure" in (prof.phases or project.phases.get("couples", [])):
        out.append("arrival")  # a programme for people already here starts after arrival
    out += ["moving-in", "work-start"]
    if "third-country" in aud:
        out.append("permit-expiry")
    if len(prof.regions) > 1:
        out.append("region")
    if {"third-country", "eu"} <= aud:
        out.append("citizenship")
    if "partner-seeking" in conds:
        out.append("partner-job")
    if "families" in aud:
        out.append("children")
    if "regulated" in conds:
        out.append("regulated")
    return out


def _words(project: Project, lang: str, rel: str) -> tuple[dict, bool]:
    """The checklist wording of a page in `lang`, else in its fallbacks; True where it is borrowed."""
    for code in project.profile.fallbacks(lang):
        page = project.page(code, rel)
        if page is not None and isinstance(page.meta.get("checklist"), dict):
            return page.meta["checklist"], code != lang
    return {}, False


def _holidays(project: Project, lang: str, states: list) -> dict:
    import holidays as hol

    years = range(project.today.year - 1, project.today.year + 6)
    names_lang = "en_US" if lang == "en" else "de"
    own = project.i18n.get(lang, {}).get("holiday_names") or {}
    out = {}
    for code in states:
        days = hol.country_holidays("DE", subdiv=code, years=years, language=names_lang)
        out[code] = {d.isoformat(): (str(own.get(n, n)) if lang not in ("de", "en") else n) for d, n in sorted(days.items())}
    return out


def plan_data(project: Project, lang: str) -> dict:
    """Everything the browser and `dcg plan` need to date a couple's plan in `lang`."""
    prof = project.profile
    audiences = set(prof.audiences)
    items = []
    for pd in plan_pages(project):
        words, borrowed = _words(project, lang, pd.rel)
        for it in pd.items:
            if it.applies_to and not set(it.applies_to) & audiences:
                continue
            text = words.get(it.id)
            if isinstance(text, dict):
                text = text.get("text")
            who = it.who or pd.who
            items.append({
                "id": it.id, "page": pd.rel, "url": relative_url(PLAN_REL, pd.rel, f"item-{it.id}"),
                "path": page_url(pd.rel), "text": " ".join(str(text or it.id).split()), "borrowed": borrowed,
                "phase": it.phase or pd.phase, "who": list(who), "lanes": lanes_of(who), "deadline": it.deadline,
                "rule_text": deadline_text(project, lang, it.deadline),
                "helpers": [w for w in who if w in ("employer", "coach", "programme")],
                "if": list(dict.fromkeys(pd.plan_if + it.plan_if)), "applies": list(it.applies_to or pd.applies_to)})
    regions = [{"id": r.id, "state": r.state, "name": (prof.pick(r.names, lang) or {}).get("name", r.id)} for r in prof.regions]
    rules = project.plan_rules or {"start": [], "windows": {}, "rules": {}}
    return {"v": planmodel.LINK_VERSION, "lang": lang, "made": project.today.isoformat(),
            "questions": questions(project), "regions": regions, "start": rules["start"],
            "windows": rules["windows"], "rules": rules["rules"],
            "holidays": _holidays(project, lang, sorted({r["state"] for r in regions})),
            "phases": {ph: project.t(lang, ph, "phases") for ph in project.phases.get("couples", [])},
            "lanes": {lane: project.t(lang, f"plan_lane_{lane}") for lane in planmodel.LANES},
            "who": {w: project.t(lang, w, "who") for w in project.vocab.get("who", [])},
            "t": {k: str(v) for k, v in (project.i18n.get(lang, {}).get("ui") or {}).items() if k.startswith(("plan_", "coach_"))},
            "locale": str(project.i18n.get(lang, {}).get("locale") or lang).replace("_", "-"),
            "uid": (prof.data["programme"].get("short_name") or "dcg").lower() + ".dual-career-guide",
            "items": items}


def entries(data: dict, answers: dict, today) -> list[dict]:
    """The dated plan for `answers` as `dcg plan` prints it: plan.compute's entries with their item."""
    items = {it["id"]: it for it in data["items"]}
    return [{**e, "it": items[e["item"]]} for e in planmodel.compute(data, answers, today)]


def entry_title(data: dict, e: dict) -> str:
    """An entry's title in the calendar and the command's output (the partner's name of the lane added)."""
    lane = f' ({data["lanes"][e["lane"]]})' if e["lane"] in planmodel.PERSONS else ""
    return e["it"]["text"] + lane


def entry_note(data: dict, e: dict) -> str:
    kind = data["t"].get("plan_deadline" if e["kind"] == "deadline" else "plan_recommended", e["kind"])
    return kind + (": " + e["it"]["rule_text"] if e["it"]["rule_text"] else "")


def calendar(data: dict, found: list[dict], base_url: str, stamp) -> str:
    """The same calendar file as the plan page's "add to calendar", for `dcg plan --ics`."""
    keys = {(e["item"], e["lane"]): e for e in found}
    return planmodel.ics(found, {k: entry_title(data, e) for k, e in keys.items()},
                         {k: entry_note(data, e) for k, e in keys.items()},
                         {e["item"]: base_url + e["it"]["path"] for e in found} if base_url else {}, data["uid"], stamp, data["lang"])


def write_plan_data(site: Path, project: Project) -> None:
    folder = site / "plan-data"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in project.profile.languages:
        data = plan_data(project, lang)
        (folder / f"{lang}.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str),
                                             encoding="utf-8")


# ---- the pages


def _field(project: Project, lang: str, qid: str) -> str:
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    key = qid.replace("-", "_")
    help_id = f"plan-help-{qid}"
    helptext = f'<p class="dcg-plan__help" id="{help_id}">{t("plan_h_" + key)}</p>'
    if qid in planmodel.DATE_ANSWERS:
        return (f'<div class="dcg-plan__q"><label for="plan-{qid}">{t("plan_q_" + key)}</label>'
                f'<input type="date" id="plan-{qid}" name="{qid}" aria-describedby="{help_id}">{helptext}</div>')
    if qid == "region":
        opts = "".join(f'<option value="{escape(r.id)}">{escape((project.profile.pick(r.names, lang) or {}).get("name", r.id))}</option>'
                       for r in project.profile.regions)
        return (f'<div class="dcg-plan__q"><label for="plan-region">{t("plan_q_region")}</label>'
                f'<select id="plan-region" name="region" aria-describedby="{help_id}"><option value="">{t("plan_o_unknown")}</option>{opts}</select>{helptext}</div>')
    if qid == "citizenship":
        out = []
        for person in planmodel.PERSONS:
            out.append(f'<div class="dcg-plan__q"><label for="plan-citizenship-{person}">{t("plan_q_citizenship_" + person)}</label>'
                       f'<select id="plan-citizenship-{person}" name="citizenship-{person}" aria-describedby="{help_id}">'
                       f'<option value="">{t("plan_o_unknown")}</option><option value="eu">{t("plan_o_eu")}</option>'
                       f'<option value="third-country">{t("plan_o_third")}</option></select></div>')
        return "".join(out) + helptext
    if qid in ("partner-job", "regulated"):
        return (f'<div class="dcg-plan__q"><label for="plan-{qid}">{t("plan_q_" + key)}</label>'
                f'<select id="plan-{qid}" name="{qid}" aria-describedby="{help_id}"><option value="">{t("plan_o_unknown")}</option>'
                f'<option value="yes">{t("plan_o_yes")}</option><option value="no">{t("plan_o_no")}</option></select>{helptext}</div>')
    if qid == "children":
        return (f'<div class="dcg-plan__q"><label for="plan-children">{t("plan_q_children")}</label>'
                f'<input type="number" id="plan-children" name="children" min="0" max="20" inputmode="numeric" aria-describedby="{help_id}">'
                f'{helptext}</div><div class="dcg-plan__q"><label for="plan-ages">{t("plan_q_ages")}</label>'
                f'<input type="text" id="plan-ages" name="ages" inputmode="numeric" aria-describedby="plan-help-ages">'
                f'<p class="dcg-plan__help" id="plan-help-ages">{t("plan_h_ages")}</p></div>')
    raise KeyError(f"the plan has no question '{qid}'")


def _steps_list(project: Project, lang: str, rel: str) -> str:
    """Every step with its rule, in order: the plan for readers without JavaScript (and the print)."""
    data = plan_data(project, lang)
    rows = []
    for it in data["items"]:
        who = ", ".join(data["who"].get(w, w) for w in it["who"])
        when = data["phases"].get(it["phase"], it["phase"])
        rule = it["rule_text"]
        rows.append(f'<li data-item="{escape(it["id"])}"><a href="{escape(page_link(it["page"], "item-" + it["id"]))}">'
                    f'{escape(it["text"])}</a> <span class="dcg-plan__rule">({escape(who)} · {escape(when)}'
                    f'{" · " + escape(rule) if rule else ""})</span></li>')
    return f'<ol class="dcg-plan__all">{"".join(rows)}</ol>'


def _rules(project: Project, lang: str) -> str:
    """How the plan counts: the period rules of data/plan.yml with their law, its address and the day it was checked."""
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    rules = (project.plan_rules or {}).get("rules") or {}
    rows = "".join(f'<li><a href="{escape(r["url"])}">{escape(r["title"])}</a>: {t("plan_rules_moves" if r["moves"] else "plan_rules_stays")} '
                   f'({t("checked_on")} {escape(fmt_date(project, lang, planmodel.parse_date(r["checked"])))})</li>' for r in rules.values())
    return (f'<h2 id="rules">{t("plan_rules_heading")}</h2><p>{t("plan_rules_intro")}</p><ul class="dcg-plan__rules">{rows}</ul>'
            if rows else "")


def _controls(project: Project, lang: str, coach: bool) -> str:
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    buttons = [("share", "plan_share"), ("ics", "plan_ics"), ("print", "plan_print"), ("delete", "plan_delete")]
    btn = "".join(f'<button type="button" class="md-button" data-plan-action="{a}">{t(k)}</button>' for a, k in buttons)
    return (f'<div class="dcg-plan__actions" hidden>{btn}<p class="dcg-plan__help">{t("plan_ics_help")}</p></div>'
            f'<label class="dcg-plan__printanswers" hidden><input type="checkbox" data-plan-print-answers> {t("plan_print_answers")}</label>'
            f'<div class="dcg-plan__share" hidden><p>{t("plan_share_warning")}</p>'
            + (f'<label><input type="checkbox" data-plan-share-notes> {t("coach_share_notes")}</label>'
               f'<p class="dcg-plan__warn">{t("coach_notes_warning")}</p>' if coach else "")
            + f'<label for="plan-link-{"coach" if coach else "plan"}">{t("plan_link")}</label>'
            f'<input type="text" readonly id="plan-link-{"coach" if coach else "plan"}" data-plan-link>'
            f'<button type="button" class="md-button" data-plan-action="copy">{t("plan_copy")}</button>'
            f'<div class="dcg-plan__qr" data-plan-qr role="img" aria-label="{t("plan_qr")}"></div></div>'
            '<div class="dcg-plan__import" data-plan-import hidden></div>'
            '<p class="dcg-plan__message" data-plan-message role="status" aria-live="polite"></p>')


def _open(lang: str, mode: str, root: str, at: str, extra: str = "") -> str:
    """The element plan.js starts from: its mode, the plan data of the page's language and its scripts."""
    return (f'<div class="dcg-plan{" dcg-plan--coach" if mode == "coach" else ""}" data-dcg-plan="{mode}" '
            f'data-src="{escape(root)}plan-data/{escape(at)}.json" data-lang="{escape(lang)}"{extra} '
            f'data-script="{escape(root)}assets/dcg/plan.js" data-qr="{escape(root)}assets/vendor/qrcode.js">')


def plan_page(project: Project, lang: str, rel: str, root: str, at: str) -> str:
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    qs = "".join(_field(project, lang, q) for q in questions(project))
    return (_open(lang, "plan", root, at) +
            f'<form class="dcg-plan__form" data-plan-form hidden><fieldset><legend>{t("plan_questions")}</legend>'
            f'<p>{t("plan_optional")}</p>{qs}</fieldset></form>'
            f'{_controls(project, lang, False)}'
            f'<p class="dcg-plan__made" data-plan-made hidden></p>'
            f'<div class="dcg-plan__lanes" data-plan-lanes hidden></div>'
            f'<div class="dcg-plan__static" data-plan-static><h2 id="all-steps">{t("plan_all_steps")}</h2>'
            f'{_steps_list(project, lang, rel)}</div>{_rules(project, lang)}</div>')


def coach_page(project: Project, lang: str, rel: str, root: str, at: str) -> str:
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    qs = "".join(_field(project, lang, q) for q in questions(project))
    return (_open(lang, "coach", root, at, f' data-plan-href="{escape(relative_url(rel, PLAN_REL))}"') +
            f'<p class="dcg-plan__nojs" data-plan-static>{t("coach_needs_js")}</p>'
            f'<div class="dcg-coach" data-coach hidden>'
            f'<h2 id="couples">{t("coach_couples")}</h2>'
            f'<div class="dcg-coach__pick"><label for="coach-couple">{t("coach_couple")}</label>'
            f'<select id="coach-couple" data-coach-select></select></div>'
            f'<div class="dcg-coach__add"><label for="coach-name">{t("coach_name")}</label>'
            f'<input type="text" id="coach-name" maxlength="60" data-coach-name>'
            f'<label for="coach-link">{t("coach_from_link")}</label><input type="text" id="coach-link" data-coach-link>'
            f'<button type="button" class="md-button" data-plan-action="coach-add">{t("coach_add")}</button>'
            f'<button type="button" class="md-button" data-plan-action="coach-remove">{t("coach_delete")}</button></div>'
            f'<form class="dcg-plan__form" data-plan-form><fieldset><legend>{t("plan_questions")}</legend>{qs}</fieldset>'
            f'<div class="dcg-plan__q"><label for="coach-goals">{t("coach_goals")}</label><textarea id="coach-goals" rows="4" data-coach-goals></textarea></div>'
            f'<div class="dcg-plan__q"><label for="coach-notes">{t("coach_notes")}</label><textarea id="coach-notes" rows="4" aria-describedby="coach-notes-help" data-coach-notes></textarea>'
            f'<p class="dcg-plan__help" id="coach-notes-help">{t("coach_notes_warning")}</p></div></form>'
            f'{_controls(project, lang, True)}'
            f'<p class="dcg-plan__made" data-plan-made hidden></p>'
            f'<h2 id="open-steps">{t("coach_open")}</h2><div class="dcg-plan__lanes" data-plan-lanes></div></div></div>')
