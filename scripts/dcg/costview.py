"""The cost worksheet on the page (employers/kostenrechner.md): a worked example per scenario (fees from
the figures, who pays by law and by the guide's recommendation, the company's hours left for it to
enter, a total as a range) and a worksheet the company fills in with its own numbers (costs.js: totals
and a CSV file, all in the browser)."""
from __future__ import annotations

from html import escape

from .costs import amounts, example
from .project import Project
from .render import fmt_euro


def _range(project: Project, lang: str, lo: float, hi: float) -> str:
    if lo == hi:
        return fmt_euro(project, lang, lo)
    return project.t(lang, "costs_range").format(low=fmt_euro(project, lang, lo), high=fmt_euro(project, lang, hi))


def _amount(project: Project, lang: str, row) -> str:
    t = lambda k: project.t(lang, k)  # noqa: E731
    if row.hours:
        return escape(t("costs_your_hours"))
    a = amounts(row, project.figures, project.today)
    if a is None:
        return escape(t("costs_varies"))
    text = _range(project, lang, *a)
    if row.per > 1:
        text += " " + t("costs_per").format(n=row.per)
    return escape(text)


def cost_example(project: Project, lang: str, scenario: str) -> str:
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    ex = example(project.costs, scenario, project.figures, project.today)
    head = "".join(f'<th scope="col">{t(k)}</th>' for k in ("costs_col_item", "costs_col_law", "costs_col_recommends", "costs_col_amount"))
    rows = "".join(
        f'<tr data-cost="{escape(row.id)}"><th scope="row">{t(f"costs_r_{row.id}")}</th><td>{t(f"costs_law_{row.law}")}</td>'
        f'<td>{t(f"costs_rec_{row.recommends}")}</td><td>{_amount(project, lang, row)}</td></tr>' for row in ex["rows"])
    total = escape(project.t(lang, "costs_total").format(amount=_range(project, lang, *ex["recommended"]), open=ex["open"]))
    by_law = escape(project.t(lang, "costs_total_law").format(amount=_range(project, lang, *ex["by_law"])))
    return (f'<div class="dcg-costs" data-cost-example="{escape(scenario)}"><table><caption>{escape(project.t(lang, f"timeline_t_{scenario}"))}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
            f'<p class="dcg-costs__total" data-cost-total>{total}</p><p>{by_law}</p></div>')


def programme_offer(project: Project, lang: str) -> str:
    """What the programme charges the company and what it covers (profile: employer_offer)."""
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    offer = project.profile.data.get("employer_offer") or {}
    mark = f' <span class="dcg-example">{t("example")}</span>' if offer.get("example") else ""
    price = offer.get("price")
    if price:
        ptext = escape(project.t(lang, f"costs_price_per_{price['per']}").format(amount=fmt_euro(project, lang, price["amount"])))
    else:
        ptext = t("costs_price_unknown")
    covers = "".join(f"<li>{t(f'costs_cover_{c}')}</li>" for c in offer.get("covers") or [])
    hours = offer.get("coaching_hours_per_week")
    hours_html = f"<p>{escape(project.t(lang, 'costs_coaching_hours').format(n=hours))}</p>" if hours else ""
    return (f'<div class="dcg-costs-offer"><p><strong>{t("costs_price")}</strong> {ptext}{mark}</p>'
            + (f'<p><strong>{t("costs_covers")}</strong>{mark}</p><ul>{covers}</ul>' if covers else "")
            + hours_html + "</div>")


def cost_sheet(project: Project, lang: str, root: str) -> str:
    """The worksheet: every row with the guide's amount beside a field for the company's own; hours with
    an hourly cost. Printable blank without JavaScript; costs.js adds the total and the CSV file."""
    t = lambda k: escape(project.t(lang, k))  # noqa: E731
    rows = []
    for row in project.costs:
        label = t(f"costs_r_{row.id}")
        if row.hours:
            field = (f'<label class="dcg-costs__field"><span>{t("costs_hours")}</span>'
                     f'<input type="number" min="0" step="0.5" inputmode="decimal" name="hours-{escape(row.id)}" data-hours="{escape(row.id)}"></label>'
                     f'<label class="dcg-costs__field"><span>{t("costs_rate")}</span>'
                     f'<input type="number" min="0" step="1" inputmode="decimal" name="rate-{escape(row.id)}" data-rate="{escape(row.id)}"></label>')
        else:
            field = (f'<label class="dcg-costs__field"><span>{t("costs_your_amount")}</span>'
                     f'<input type="number" min="0" step="1" inputmode="decimal" name="amount-{escape(row.id)}" data-amount="{escape(row.id)}"></label>')
        rows.append(f'<tr data-row="{escape(row.id)}" data-label="{label}"><th scope="row">{label}</th>'
                    f'<td>{_amount(project, lang, row)}</td><td>{field}</td></tr>')
    head = "".join(f'<th scope="col">{t(k)}</th>' for k in ("costs_col_item", "costs_col_guide", "costs_col_yours"))
    return (f'<form class="dcg-costs-sheet" data-dcg-costs data-script="{escape(root)}assets/dcg/costs.js" '
            f'data-csv-name="{t("costs_csv_name")}" data-col-item="{t("costs_col_item")}" data-col-amount="{t("costs_csv_amount")}" '
            f'data-col-hours="{t("costs_hours")}" data-col-rate="{t("costs_rate")}" data-total-word="{t("costs_sheet_total_word")}" '
            f'data-lang="{escape(str(project.i18n.get(lang, {}).get("locale", lang)).replace("_", "-"))}">'
            f'<table><caption>{t("costs_sheet_caption")}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'<p class="dcg-costs__total" role="status" aria-live="polite" data-sheet-total></p>'
            f'<p class="dcg-costs__actions" data-sheet-actions hidden><button type="button" class="md-button" data-sheet-csv>{t("costs_csv")}</button> '
            f'<button type="button" class="md-button" data-sheet-print>{t("costs_print")}</button></p>'
            f'<p class="dcg-costs__note">{t("costs_sheet_note")}</p></form>')
