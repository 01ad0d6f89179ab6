""""Something wrong on this page?": every content page links to the programme's own address with a
message naming the page, its language, the guide's version and the oldest checked-on date of its
sources; nothing goes to anyone else, and the privacy page says so."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlparse

from dcg.render import NO_FEEDBACK, page_url, visible_sources


def _built(site, project, lang, rel):
    prefix = "" if lang == project.profile.default_language else lang
    return site / prefix / page_url(rel) / "index.html"


def test_every_content_page_has_the_feedback_link(project, site):
    seen = 0
    for (lang, rel), page in project.pages.items():
        if lang not in project.profile.core_languages or rel in project.hidden_rels():
            continue
        path = _built(site, project, lang, rel)
        if not path.exists():
            continue
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]+)" rel="nofollow" data-feedback>', html)
        pd = project.page_data.get(rel)
        if rel in NO_FEEDBACK or (pd is not None and pd.private):
            assert not links, f"{lang} {rel}: no feedback link here"
            continue
        assert len(links) == 1, f"{lang} {rel}: one feedback link"
        href = links[0].replace("&amp;", "&")
        url = urlparse(href)
        assert url.scheme == "mailto", href
        fields = {k: unquote(v[0]) for k, v in parse_qs(url.query).items()}
        prefix = "" if lang == project.profile.default_language else f"{lang}/"
        body = fields["body"]
        assert f"/{prefix}{page_url(rel)}" in body and f": {lang}\n" in body, body
        checked = min((s.checked for s in visible_sources(project, pd) if s.checked), default=None) if pd else None
        assert (checked.isoformat() if checked else ": -") in body, (rel, body)
        assert re.search(r": ([0-9a-f]{12}|-)\n", body), "the guide's version (the commit) or '-' outside git"
        assert page.title in fields["subject"] or project.page("de", rel).title in fields["subject"]
        assert 'class="dcg-example"' in html[html.index("data-feedback"):html.index("</aside>", html.index("data-feedback"))], \
            "the shipped profile has no address yet: the link is an example"
        seen += 1
    assert seen > 150


def test_a_programme_form_gets_the_details_in_its_address(project):
    from dcg.render import feedback
    data = project.profile.data
    saved = data.get("feedback")
    try:
        data["feedback"] = {"form": "https://example.org/hinweis?quelle=leitfaden", "email": ""}
        fb = feedback(project, "vi", "couples/anmeldung.md", "0123456789ab")
        href = fb["href"].replace("&amp;", "&")
        assert href.startswith("https://example.org/hinweis?quelle=leitfaden&")
        q = parse_qs(urlparse(href).query)
        assert q["page"] == ["/vi/couples/anmeldung/"] and q["lang"] == ["vi"] and q["version"] == ["0123456789ab"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", q["checked"][0]) and not fb["example"]
        data["feedback"] = {"email": "hinweise@example.org", "example": False}
        fb = feedback(project, "de", "couples/anmeldung.md", "")
        assert fb["href"].startswith("mailto:hinweise@example.org?subject=") and not fb["example"]
        assert feedback(project, "de", "events/trennung-gewalt.md", "") is None, "no link on private pages"
    finally:
        data["feedback"] = saved


def test_the_privacy_page_says_what_is_sent_and_to_whom(project, site):
    for lang in project.profile.core_languages:
        html = _built(site, project, lang, "legal/datenschutz.md").read_text(encoding="utf-8")
        assert 'id="feedback"' in html and 'href="#feedback"' in html, lang
