"""The glossary's German words explained where they stand: a step on the built HTML (after the build).

In the article of every page, the first use of each glossary term (whole word, as written in German)
becomes `<abbr tabindex="0" title="name: explanation">Term</abbr>`, with the explanation in the page's
language; a page shown in German in another language's folder gets the German explanation. Never inside
links, buttons, headings, code, form labels, the glossary list itself or an existing `<abbr>` (a
focusable element inside a link is invalid HTML), so the step runs the same after any generator.
"""
from __future__ import annotations

import re
from html import escape

from .project import Project

# elements whose text is never marked
NO_MARK = {"a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "code", "pre", "kbd", "script", "style",
           "label", "summary", "textarea", "select", "option", "svg", "title", "nav", "dt", "figcaption", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>", re.S)
SKIP_CLASSES = ("dcg-glossary", "dcg-sheet", "dcg-no-glossary", "dcg-untranslated", "dcg-sources", "dcg-stepnav", "md-source-file")


def explanations(project: Project, lang: str) -> dict[str, str]:
    """term (German word) -> the title text in `lang` ("name: explanation"), for the terms explained there."""
    out = {}
    for tid, term in project.glossary_terms.items():
        name, text = project.glossary_word(tid, lang)
        if text:
            out[term["term"]] = text if not name or name.lower() == term["term"].lower() else f"{name}: {text}"
    return out


def term_pattern(terms) -> re.Pattern | None:
    """Whole words only: not inside a longer word or a hyphenated compound."""
    if not terms:
        return None
    alts = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alts})(?![\w-])")


def mark(html: str, titles: dict[str, str], pattern: re.Pattern | None) -> tuple[str, int]:
    """Mark the first use of each term inside <article>; returns the page and the number marked."""
    if pattern is None or "<article" not in html:
        return html, 0
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, closes a region where nothing is marked)
    inside = 0  # depth of <article>
    blocked = 0
    seen: set[str] = set()
    for m in _TOKEN.finditer(html):
        tok = m.group(0)
        if tok.startswith("<!--"):
            out.append(tok)
            continue
        if tok.startswith("<"):
            t = _TAG.match(tok)
            if t:
                closing, name, attrs = t.group(1), t.group(2).lower(), t.group(3)
                if closing:
                    while stack:
                        tag, blocks = stack.pop()
                        blocked -= blocks
                        inside -= tag == "article"
                        if tag == name:
                            break
                elif name not in VOID and not attrs.rstrip().endswith("/"):
                    cls = re.search(r'class="([^"]*)"', attrs)
                    blocks = name in NO_MARK or (cls is not None and any(c in cls.group(1).split() for c in SKIP_CLASSES))
                    stack.append((name, blocks))
                    blocked += blocks
                    inside += name == "article"
            out.append(tok)
            continue
        if not inside or blocked or len(seen) == len(titles):
            out.append(tok)
            continue

        def one(mm):
            term = mm.group(1)
            if term in seen or term not in titles:
                return term
            seen.add(term)
            return f'<abbr tabindex="0" title="{escape(titles[term], quote=True)}">{term}</abbr>'

        out.append(pattern.sub(one, tok))
    return "".join(out), len(seen)


def marked_rels(project: Project) -> set[str]:
    """The pages whose terms are marked: every content page (not the search page, the page-not-found
    page or the print editions, which gather marked chapters)."""
    default = project.profile.default_language
    return {rel for (code, rel) in project.pages if code == default
            and rel not in ("404.md", "search.md", "employers/print.md", "employers/print-kurz.md")}


def page_marker(project: Project, lang: str):
    """mark_page(rel, html) -> (html, number marked) for the pages of `lang`'s folder: the language's own
    explanations, the German ones on a page shown in German."""
    default = project.profile.default_language
    german = explanations(project, default)
    german_pattern = term_pattern(german)
    own = explanations(project, lang)
    own_pattern = term_pattern(own)

    def mark_page(rel: str, html: str) -> tuple[str, int]:
        fallback = lang != default and project.page(lang, rel) is None
        titles, pattern = (german, german_pattern) if fallback else (own, own_pattern)
        return mark(html, titles, pattern)
    return mark_page
