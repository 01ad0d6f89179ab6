"""The route finder on the page (employers/wegweiser.md): a short form that routes.js reads with the rules
of data/routes.yml, and the same rules as a decision table that needs no JavaScript and prints."""
from __future__ import annotations

import datetime as dt
import json
from html import escape

from .project import Project
from .render import figure, fmt_date, fmt_figure_value, page_link, relative_url
from .routes import QUESTIONS, figure_values

PLACEHOLDER = "{value}"


def _limit_text(project: Project, lang: str, fid: str, value) -> str:
    if value is None:
        return project.t(lang, "routes_limit_unknown")
    return fmt_figure_value(project, lang, value, project.figures[fid].unit)


def rules_json(project: Project, lang: str, day: dt.date | None = None, rel: str | None = None) -> dict:
    """The rules as routes.js reads them: limits resolved for the build day, words in `lang`, and, for
    the page at `rel`, the address of each route's chapter."""
    rules = project.routes
    limits = figure_values(rules, project.figures, day or project.today)
    t = lambda k: project.t(lang, k)  # noqa: E731
    routes = []
    for route in rules.routes:
        conds = []
        for c in route.conditions:
            text = t(f"routes_c_{c.id}")
            limit = limits.get(c.at_least_figure) if c.at_least_figure else None
            if c.at_least_figure:
                text = text.replace(PLACEHOLDER, _limit_text(project, lang, c.at_least_figure, limit))
            conds.append({"id": c.id, "answer": c.answer, "in": list(c.one_of), "at_least": c.at_least,
                          "at_least_level": c.at_least_level, "limit": limit, "figure": bool(c.at_least_figure),
                          "unless": c.unless, "only_if": list(c.only_if) if c.only_if else None,
                          "open": c.open, "text": text})
        page, _, anchor = route.chapter.partition("#")
        routes.append({"id": route.id, "law": route.law, "name": t(f"routes_r_{route.id}"),
                       "href": relative_url(rel, page, anchor) if rel else "",
                       "submits": [project.t(lang, d, "documents") for d in route.submits],
                       "conditions": conds})
    words = {k[len("routes_"):]: str(v) for k, v in ((project.i18n.get(lang) or {}).get("ui") or {}).items() if k.startswith("routes_")}
    return {"levels": rules.levels, "routes": routes, "words": words}


def _question(project: Project, lang: str, name: str, levels: list) -> str:
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    kind, options = QUESTIONS[name]
    label = t(f"routes_q_{name}")
    hint_key = f"routes_h_{name}"
    hint = project.t(lang, hint_key)
    hint_html = f'<p class="dcg-routes__hint" id="routes-hint-{name}">{escape(hint)}</p>' if hint != hint_key else ""
    described = f' aria-describedby="routes-hint-{name}"' if hint_html else ""
    if kind == "choice":
        opts = "".join(
            f'<label class="dcg-routes__option"><input type="radio" name="{name}" value="{escape(o)}">'
            f' {t(f"routes_o_{name}_{o}")}</label>' for o in options)
        return f'<fieldset class="dcg-routes__q"{described}><legend>{label}</legend>{hint_html}{opts}</fieldset>'
    if kind == "level":
        opts = f'<option value="">{t("routes_unanswered")}</option>' + "".join(
            f'<option value="{escape(lv)}">{t("routes_o_german_none") if lv == "none" else escape(lv)}</option>' for lv in levels)
        return (f'<div class="dcg-routes__q"><label for="routes-{name}">{label}</label>{hint_html}'
                f'<select id="routes-{name}" name="{name}"{described}>{opts}</select></div>')
    return (f'<div class="dcg-routes__q"><label for="routes-{name}">{label}</label>{hint_html}'
            f'<input type="number" inputmode="numeric" min="0" step="1" id="routes-{name}" name="{name}"{described}></div>')


def route_finder(project: Project, lang: str, rel: str, root: str) -> str:
    """The form (shown by routes.js; without JavaScript the decision table below it does the work)."""
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    data = json.dumps(rules_json(project, lang, rel=rel), ensure_ascii=False, separators=(",", ":"))
    qs = "".join(_question(project, lang, name, project.routes.levels) for name in QUESTIONS)
    return (f'<div class="dcg-routes" data-dcg-routes data-script="{escape(root)}assets/dcg/routes.js" data-rules="{escape(data)}">'
            f'<form class="dcg-routes__form" data-routes-form hidden><p>{t("routes_intro")}</p>{qs}'
            f'<button type="submit" class="md-button md-button--primary">{t("routes_check")}</button></form>'
            f'<div class="dcg-routes__result" data-routes-result role="status" aria-live="polite"></div></div>')


def route_table(project: Project, lang: str, rel: str) -> str:
    """Every route with its conditions, what the company submits and its chapter: the finder as a table."""
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    rows = []
    for route in project.routes.routes:
        conds = []
        for c in route.conditions:
            parts = escape(project.t(lang, f"routes_c_{c.id}")).split(escape(PLACEHOLDER))
            text = figure(project, lang, c.at_least_figure, change=False).join(parts) if c.at_least_figure else parts[0]
            if c.open:
                text += f' <span class="dcg-routes__open">({t("routes_open_note")})</span>'
            conds.append(f"<li>{text}</li>")
        page, _, anchor = route.chapter.partition("#")
        href = page_link(page, anchor)
        submits = escape(", ".join(project.t(lang, d, "documents") for d in route.submits))
        src = route.source
        rows.append(
            f'<tr><th scope="row">{escape(route.law)}<br>{t(f"routes_r_{route.id}")}</th>'
            f'<td><ul>{"".join(conds)}</ul></td><td>{submits}</td>'
            f'<td><a href="{escape(href)}">{t("routes_more")}</a><br><a href="{escape(src["url"])}">{escape(src["title"])}</a>'
            f' ({t("checked_on")} {escape(_date(project, lang, src["checked"]))})</td></tr>')
    head = "".join(f'<th scope="col">{t(k)}</th>' for k in ("routes_col_route", "routes_col_conditions", "routes_col_submits", "routes_col_more"))
    return (f'<div class="dcg-routes-table"><table><caption>{t("routes_table_caption")}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _date(project: Project, lang: str, value) -> str:
    return fmt_date(project, lang, value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
