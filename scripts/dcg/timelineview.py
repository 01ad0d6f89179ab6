"""The employer's timelines on the page (employers/zeitplan.md): one accessible SVG per scenario, drawn at
build time, with a table beside it for screen readers and print; a date field (timeline.js) turns the
week labels into calendar dates in the reader's browser."""
from __future__ import annotations

from html import escape

from .project import Project
from .render import fmt_date
from .timeline import LANES, LAW, NONE, PROFILE, place

LANE_COLOURS = {"company": "#8a3b00", "programme": "#1b6e20", "couple": "#1f4e9c", "authorities": "#4d4d4d"}
LABEL_W, CHART_W, ROW_H, TOP = 310, 400, 22, 30


def _week(project: Project, lang: str, n: int) -> str:
    return project.t(lang, "timeline_week").format(n=f"−{-n}" if n < 0 else str(n))


def _amount(project: Project, lang: str, n: int, unit: str) -> str:
    return project.t(lang, f"timeline_{unit}_one" if n == 1 else f"timeline_{unit}").format(n=n)


def _basis(project: Project, lang: str, step, sources: dict) -> str:
    t = lambda k: project.t(lang, k)  # noqa: E731
    if step.basis == LAW:
        n, unit = step.amount
        src = sources.get(step.source) or {}
        link = f'<a href="{escape(src.get("url", ""))}">{escape(src.get("title", ""))}</a>' if src else ""
        return (escape(_amount(project, lang, n, unit)) + " – " + escape(t("timeline_basis_law")) + " " + link
                + f' ({escape(t("checked_on"))} {escape(fmt_date(project, lang, src.get("checked")))})')
    if step.basis == PROFILE:
        text = escape(t("timeline_basis_profile").format(amount=_amount(project, lang, step.amount[0], "weeks")))
        return text + (f' <span class="dcg-example">{escape(t("example"))}</span>' if step.example else "")
    if step.basis == NONE:
        return escape(t("timeline_basis_none"))
    return escape(t("timeline_basis_point"))


def timeline_form(project: Project, lang: str, root: str) -> str:
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    return (f'<form class="dcg-timeline-form" data-dcg-timeline data-script="{escape(root)}assets/dcg/timeline.js" '
            f'data-lang="{escape(project.i18n.get(lang, {}).get("locale", lang)).replace("_", "-")}" hidden>'
            f'<label for="timeline-start">{t("timeline_start")}</label>'
            f'<input type="date" id="timeline-start" data-timeline-start aria-describedby="timeline-start-hint">'
            f'<p id="timeline-start-hint" class="dcg-timeline-form__hint">{t("timeline_start_hint")}</p></form>')


def timeline(project: Project, lang: str, scid: str) -> str:
    tl = project.timelines
    if tl is None or scid not in tl.scenarios:
        raise KeyError(f"timeline '{scid}' is not a scenario of data/timelines.yml")
    t = lambda k: project.t(lang, k)  # noqa: E731
    placed = place(tl, scid)
    lo = min(min(p.begin for p in placed), 0)
    hi = max(max(p.end for p in placed), 0)
    lo, hi = 4 * ((lo - 3) // 4), 4 * -(-hi // 4)
    span = max(hi - lo, 1)
    x = lambda w: LABEL_W + (w - lo) * CHART_W / span  # noqa: E731
    height = TOP + ROW_H * len(placed) + 10
    width = LABEL_W + CHART_W + 10
    parts = []
    for w in range(lo, hi + 1, 4):
        parts.append(f'<line x1="{x(w):.1f}" y1="{TOP - 6}" x2="{x(w):.1f}" y2="{height - 8}" class="dcg-timeline__grid{" dcg-timeline__zero" if w == 0 else ""}"/>'
                     f'<text x="{x(w):.1f}" y="{TOP - 12}" text-anchor="middle" class="dcg-timeline__tick">{"−" + str(-w) if w < 0 else w}</text>')
    parts.append(f'<text x="{LABEL_W - 24}" y="{TOP - 12}" text-anchor="end" class="dcg-timeline__tick">{escape(t("timeline_axis"))}</text>')
    unknown = 0
    for i, p in enumerate(placed):
        y = TOP + i * ROW_H
        name = t(f"timeline_s_{p.step.id}")
        colour = LANE_COLOURS[p.step.lane]
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" class="dcg-timeline__label">{escape(name)}</text>')
        if p.end > p.begin:
            parts.append(f'<rect x="{x(p.begin):.1f}" y="{y + 4}" width="{x(p.end) - x(p.begin):.1f}" height="{ROW_H - 8}" rx="2" fill="{colour}"/>')
        else:
            cx, cy = x(p.begin), y + ROW_H / 2
            unknown += p.step.basis == NONE
            fill = "#fff" if p.step.basis == NONE else colour
            parts.append(f'<path d="M{cx:.1f} {cy - 7:.1f} L{cx + 7:.1f} {cy:.1f} L{cx:.1f} {cy + 7:.1f} L{cx - 7:.1f} {cy:.1f} Z" fill="{fill}" stroke="{colour}" stroke-width="2"/>')
            if p.step.basis == NONE:
                parts.append(f'<text x="{cx + 11:.1f}" y="{cy + 4:.1f}" class="dcg-timeline__unknown">?</text>')
    title = t(f"timeline_t_{scid}")
    first = placed[0].begin
    desc = t("timeline_desc").format(weeks=_amount(project, lang, -first, "weeks"),
                                     probation=_amount(project, lang, max(p.end for p in placed), "weeks"), unknown=unknown)
    svg = (f'<svg class="dcg-timeline__svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="tl-{scid}-title tl-{scid}-desc" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="tl-{scid}-title">{escape(title)}</title>'
           f'<desc id="tl-{scid}-desc">{escape(desc)}</desc>{"".join(parts)}</svg>')
    legend = "".join(f'<li><span class="dcg-timeline__swatch" style="background:{LANE_COLOURS[lane]}"></span>{escape(t(f"timeline_l_{lane}"))}</li>' for lane in LANES)
    rows = []
    for p in placed:
        weeks = escape(_week(project, lang, p.begin)) + ("" if p.end == p.begin else " – " + escape(_week(project, lang, p.end)))
        dates = (f'<span data-week="{p.begin}"></span>' + ("" if p.end == p.begin else f' – <span data-week="{p.end}"></span>'))
        rows.append(f'<tr><th scope="row">{escape(t(f"timeline_s_{p.step.id}"))}</th><td>{escape(t(f"timeline_l_{p.step.lane}"))}</td>'
                    f'<td>{weeks}</td><td class="dcg-timeline__dates">{dates}</td><td>{_basis(project, lang, p.step, tl.sources)}</td></tr>')
    head = "".join(f'<th scope="col">{escape(t(k))}</th>' for k in ("timeline_col_step", "timeline_col_lane", "timeline_col_weeks", "timeline_col_dates", "timeline_col_basis"))
    return (f'<figure class="dcg-timeline" data-timeline="{escape(scid)}">{svg}'
            f'<figcaption><p>{escape(desc)}</p><ul class="dcg-timeline__legend">{legend}</ul></figcaption></figure>'
            f'<div class="dcg-timeline__table"><table><caption>{escape(title)}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')
