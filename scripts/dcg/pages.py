"""The pages: Markdown files per language with their front matter (title, description, checklist
wording, the version of the German page a translation follows)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import yamlsrc
from .problems import Problem
from .yamlsrc import LDict

PLACEHOLDER_RE = re.compile(r"\b(TODO|FIXME|TBD|XXX|lorem ipsum|lorem)\b|…|\.\.\.", re.IGNORECASE)
FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)


def git_blob_sha(data: bytes) -> str:
    """The id git gives a file's content (`git hash-object`): a translation records it."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Page:
    lang: str
    rel: str
    path: str  # shown path
    meta: dict
    body: str
    body_line: int  # line number of the first body line
    raw: bytes = b""

    def line_of(self, key: str) -> int:
        if isinstance(self.meta, LDict):
            return self.meta.line_of(key) + 1  # +1: the opening '---' line
        return 1

    @property
    def title(self) -> str:
        t = self.meta.get("title") if isinstance(self.meta, dict) else None
        if t:
            return str(t)
        m = re.search(r"^#\s+(.+?)(\s*\{.*\})?\s*$", self.body, re.M)
        return m.group(1) if m else self.rel

    def headings(self):
        """(level, text, id, line) of each Markdown heading, skipping code blocks."""
        out = []
        fence = None
        for n, line in enumerate(self.body.split("\n")):
            s = line.strip()
            m = re.match(r"^(`{3,}|~{3,})", s)
            if m:
                if fence is None:
                    fence = m.group(1)[0]
                elif s.startswith(fence * 3):
                    fence = None
                continue
            if fence:
                continue
            h = re.match(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*#([A-Za-z0-9_-]+)[^}]*\})?\s*$", line)
            if h:
                out.append((len(h.group(1)), h.group(2), h.group(4), self.body_line + n))
        return out


def split_front_matter(text: str, shown: str):
    """Return (meta, body, body_line, problems)."""
    m = FRONT_RE.match(text)
    if not m:
        if text.startswith("---"):
            return {}, text, 1, [Problem(shown, 1, "the front matter is not closed: add a line with only '---' after it")]
        return {}, text, 1, []
    yaml_text = m.group(1) or ""
    data, problems = yamlsrc.parse(yaml_text, shown, line_offset=1)
    body_line = text[: m.end()].count("\n") + 1
    if data is None and not problems:
        data = LDict()
        data.lines, data.line = {}, 1
    if data is not None and not isinstance(data, dict):
        problems.append(Problem(shown, 2, "the front matter must be key: value lines"))
        data = None
    return data if data is not None else {}, text[m.end():], body_line, problems


def load_page(path: Path, shown: str, lang: str, rel: str, problems: list[Problem]) -> Page | None:
    text, found = yamlsrc.read_text(path, shown)
    problems.extend(found)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(shown, 1, "the page is empty; write its text or delete the file"))
        return None
    meta, body, body_line, found = split_front_matter(text, shown)
    problems.extend(found)
    return Page(lang, rel, shown, meta, body, body_line, path.read_bytes())
