"""The search index of each language, made from the built pages (a post-build step).

For every language folder the index lists its pages: the address, the title, the description and the
headings as the reader sees them (with diacritics), and the words to search in folded form (lower case,
accents removed, "đ" as "d", "ß" as "ss"), so that "dang ky" finds "đăng ký" while results keep the
page's own spelling. The words a reader would use for a page (`keywords:` in the page data, per
language) are indexed with the title. Adjacent word pairs are indexed too ("bảo hiểm y tế" ranks the
page that says it above pages that have the four syllables apart; "Blaue Karte" meets "Blaue-Karte").

The browser reads one small file per language (`search-index/<lang>.json`) into MiniSearch
(docs/assets/vendor/minisearch.js). Nothing is sent anywhere: the query stays in the page.
"""
from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from .project import Project
from .render import glossary_senders, page_url

INDEX_DIR = "search-index"
FORMAT = 1
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# pages that are not content: the search page itself, the page-not-found page, the print edition
SKIP = {"search.md", "404.md"}


def fold(text: str) -> str:
    """Lower case without accents: "Đăng ký" -> "dang ky", "Straße" -> "strasse". Must match site.js."""
    text = text.lower().replace("đ", "d").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def pairs(tokens: list[str]) -> list[str]:
    return [a + b for a, b in zip(tokens, tokens[1:])]


class _Page(HTMLParser):
    """Title, headings and text of the part of a page that is searched (data-search-body)."""

    SKIP_TAGS = {"script", "style", "template", "button", "nav"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, fallback: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.fallback = fallback
        self.description = ""
        self.searched = False  # the page marks a part to search (translated pages do)
        self.depth = 0  # inside the searched part
        self.skip = 0  # inside a part that is not text
        self.stack: list[tuple[str, bool, bool]] = []
        self.heading: list | None = None
        self.title = ""
        self.headings: list[list[str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content") or ""
        if tag in self.VOID:
            return
        enters = "data-search-body" in a or (self.fallback and tag == "article")
        self.searched = self.searched or "data-search-body" in a
        classes = (a.get("class") or "").split()
        skips = (tag in self.SKIP_TAGS or a.get("data-search-ignore") is not None or "headerlink" in classes
                 or "dcg-sr-only" in classes or a.get("hidden") is not None)
        self.stack.append((tag, enters, skips))
        self.depth += enters
        self.skip += skips
        if self.depth and not self.skip and tag in ("h1", "h2", "h3"):
            self.heading = [tag, a.get("id") or "", []]

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            t, enters, skips = self.stack.pop()
            self.depth -= enters
            self.skip -= skips
            if self.heading is not None and t == self.heading[0]:
                text = " ".join("".join(self.heading[2]).split())
                if t == "h1":
                    self.title = self.title or text
                elif text:
                    self.headings.append([self.heading[1], text])
                self.heading = None
            if t == tag:
                break

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.text.append(data)
            if self.heading is not None:
                self.heading[2].append(data)


def read_page(html: str, fallback: bool = False) -> _Page:
    """`fallback`: also read a page shown in German (no translated part to search) from its article."""
    parser = _Page(fallback)
    parser.feed(html)
    parser.close()
    return parser


def searched_rels(project: Project) -> list[str]:
    """The pages a language's index lists, where its folder has them (not the search page or 404)."""
    return sorted(rel for (code, rel) in project.pages if code == project.profile.default_language and rel not in SKIP)


def index_of(project: Project, lang: str, pages: list[tuple[str, _Page]]) -> dict:
    """The index of one language's folder from its pages as read (read_page): its translated pages.
    Pages shown in German in a translated language stay out (DECISIONS); a language being added searches
    its pages as they are shown, German included, so its readers find them in their own folder."""
    prof = project.profile
    pending = lang in prof.pending_languages
    docs = []
    read = []
    for rel, page in sorted(pages, key=lambda x: x[0]):
        url = page_url(rel)
        if not page.title or not (page.searched or pending):
            continue
        pd = project.page_data.get(rel)
        kws = pd.keywords_for(lang, prof) if pd else []
        keywords = " ".join(kws)
        own = [p for kw in kws for p in pairs(words(kw))]  # pairs within each of the readers' words
        read.append((url, page, keywords, own, words(" ".join(page.text))))
    # word pairs of titles, headings and readers' words: the phrases worth finding in the text too
    phrases: set[str] = set()
    for _, page, _, own, _ in read:
        phrases.update(pairs(words(page.title)), own, *(pairs(words(h)) for _, h in page.headings))
    for url, page, keywords, own, body in read:
        docs.append({
            "u": url,
            "t": page.title,
            "d": page.description,
            "h": page.headings,
            "k": keywords,
            "b": " ".join(dict.fromkeys(body)),
            "p": " ".join(dict.fromkeys(own + [p for p in pairs(body) if p in phrases])),
        })
    return {"format": FORMAT, "lang": lang, "docs": docs, **glossary_entries(project, lang)}


def glossary_entries(project: Project, lang: str) -> dict:
    """The glossary's German words with their explanation in `lang` (else its fallbacks): a search for a
    word from a letter shows what it means first, then the pages. `gl` is the glossary page's address."""

    prof = project.profile
    default = prof.default_language
    where = next((rel for (code, rel), pg in sorted(project.pages.items())
                  if code == default and "glossary()" in pg.body and rel not in project.hidden_rels()), None)
    entries = []
    for tid, term in project.glossary_terms.items():
        name, text = project.glossary_word(tid, lang)
        if text:
            entries.append([tid, term["term"], name, text, ", ".join(glossary_senders(project, term))])
    return {"g": entries, "gl": page_url(where) if where else ""}


def write_search_index(site: Path, indexes: dict[str, dict]) -> None:
    """search-index/<lang>.json for every language, from its index (index_of, over the pages as
    postbuild.language_pass read them)."""
    out = site / INDEX_DIR
    out.mkdir(parents=True, exist_ok=True)
    for lang, data in indexes.items():
        (out / f"{lang}.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
