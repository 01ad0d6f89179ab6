"""The built pages made valid HTML, whatever generator wrote them: a step on the finished HTML.

- `tabindex=""` (the theme writes it on its navigation labels): an empty value is not a number and means
  nothing to a browser, so it goes.
- `autocomplete` on a checkbox or radio (the theme writes it on its drawer and search toggles so that
  Firefox does not reopen the drawer after going back): not allowed there; site.js closes both toggles
  when a page is shown again instead.
- a label whose `for` names a control the page does not have (the theme's table-of-contents title on a
  section's index page): the `for` goes; clicking it did nothing before either.
- the programme's name in the header gets its short name beside it (profile: programme.short_name),
  shown instead of the long one on a phone, so the header is not cut to "Du…".
- `<link rel="alternate" hreflang>` with a relative address: search engines ignore them, so only absolute
  ones (the profile's site.url set) stay.

Links the renderers write into raw HTML as `dcg:couples/x.md#anchor` (render.page_link) become relative
to the page that holds them (resolve_page_links, called by postbuild.language_pass), so they lead to the
same place whatever generator built the pages.
"""
from __future__ import annotations

import posixpath
import re

_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')
_INPUT = re.compile(r"<input\b[^>]*>")
_TOGGLE = re.compile(r'\btype="(?:checkbox|radio)"')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')
_LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="[^"]*">\s*')


def _input(m: re.Match) -> str:
    tag = m.group(0)
    return _AUTOCOMPLETE.sub("", tag) if _TOGGLE.search(tag) else tag


def _alternate(m: re.Match) -> str:
    return m.group(0) if re.match(r"https?://", m.group(1)) else ""


_TOPIC = re.compile(r'(<div class="md-header__topic">\s*<span class="md-ellipsis">)\s*([^<]*?)\s*(</span>)')


def _names(html: str, name: str, short: str) -> str:
    from html import escape

    def repl(m: re.Match) -> str:
        if m.group(2) != escape(name, quote=False):
            return m.group(0)
        return (f'{m.group(1)}<span class="dcg-name-long">{m.group(2)}</span>'
                f'<span class="dcg-name-short" aria-hidden="true">{escape(short, quote=False)}</span>{m.group(3)}')
    return _TOPIC.sub(repl, html, count=1)


def tidy(html: str, name: str = "", short: str = "") -> str:
    if name and short:
        html = _names(html, name, short)
    html = _EMPTY_TABINDEX.sub("", html)
    html = _INPUT.sub(_input, html)
    ids = set(_ID.findall(html))
    html = _LABEL_FOR.sub(lambda m: m.group(0) if m.group(2) in ids else m.group(1), html)
    return _ALTERNATE.sub(_alternate, html)


_PAGE_LINK = re.compile(r'href="dcg:([^"#]*)(#[^"]*)?"')


def resolve_page_links(html: str, page_dir: str, lang_dir: str) -> str:
    """`href="dcg:couples/x.md#a"` in a page built at `page_dir` (e.g. vi/couples/y) of the language
    folder `lang_dir` ("" for the default language, "vi" for Vietnamese) -> `href="../x/#a"`."""
    from .render import page_url

    def repl(m: re.Match) -> str:
        target = posixpath.join(lang_dir, page_url(m.group(1))).rstrip("/") or "."
        url = posixpath.relpath(target, page_dir or ".")
        return f'href="{"./" if url == "." else url + "/"}{m.group(2) or ""}"'
    return _PAGE_LINK.sub(repl, html)
