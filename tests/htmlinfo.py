"""A small reader for the built pages' head: lang, description, alternates, links, ids."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class PageInfo(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.description = None
        self.alternates: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.title = ""
        self._in_title = False
        self.text_parts: list[str] = []
        self.search_body = False
        self.lang_blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates.append((a["hreflang"], a.get("href", "")))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "title":
            self._in_title = True
        if "id" in a:
            self.ids.add(a["id"])
        if "data-search-body" in a:
            self.search_body = True
        if tag == "div" and "lang" in a:
            self.lang_blocks.append(a["lang"])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.text_parts)


def read(path: Path) -> PageInfo:
    info = PageInfo()
    info.feed(path.read_text(encoding="utf-8"))
    return info
