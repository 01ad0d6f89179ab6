"""Sheets for the office: per language, the phrases a couple needs at a counter (data/sheets/<lang>.yml).

Which sheets exist, for which office, and what they ask comes from the page data of a procedure
(`sheet: {office, purpose, questions}`); the documents come from that procedure's checklist. A sheet
shows the reader's language beside German, so the clerk reads the German and the couple their own.
"""
from __future__ import annotations

from pathlib import Path

from . import schemas, yamlsrc
from .fields import Reporter
from .problems import Problem

LABELS = ("title", "intro", "for_office", "who", "names", "born", "address", "phone", "need", "bring",
          "ask", "answer", "thanks", "print", "link")


def load_sheet_phrases(folder: Path, shown_of, langs: list, profile, problems: list[Problem]) -> dict:
    """lang -> {labels: {…}, offices: {id: name}, purposes: {id: text}, questions: {id: text}}; the default language's file
    lists every phrase; a language's missing phrases are reported (core) or borrowed (pending)."""
    out: dict = {}
    if not folder.exists():
        return out
    for lang in langs:
        path = folder / f"{lang}.yml"
        if not path.exists():
            if profile and lang in profile.core_languages:
                problems.append(Problem(shown_of(folder / f"{profile.default_language}.yml"), 1,
                                        f"the office sheets have no phrases for '{lang}': create {shown_of(path)}"))
            continue
        shown = shown_of(path)
        data, found = yamlsrc.load_file(path, shown)
        problems.extend(found)
        if data is None:
            continue
        if not schemas.check("sheet-phrases", data, shown, problems):
            continue
        out[lang] = data
    default = profile.default_language if profile else "de"
    src = out.get(default)
    if src is None:
        return out
    for lang, data in out.items():
        if lang == default or (profile and lang not in profile.core_languages):
            continue
        r = Reporter(shown_of(folder / f"{lang}.yml"), problems)
        for section in ("labels", "offices", "purposes", "questions"):
            for key in src.get(section) or {}:
                if key not in (data.get(section) or {}):
                    r.add(data.line_of(section) if section in data else 1,
                          f"{section}: '{key}' is missing; it exists in {shown_of(folder / f'{default}.yml')}:{src[section].line_of(key)}")
    return out


def phrase(project, lang: str, section: str, key: str) -> str:
    """A phrase in `lang`, else in its fallbacks (a language being added)."""
    for code in project.profile.fallbacks(lang):
        value = ((project.sheet_phrases.get(code) or {}).get(section) or {}).get(key)
        if value:
            return str(value)
    return ""


def check_sheets(project) -> list[Problem]:
    """A procedure's sheet names an office from the glossary and phrases that exist."""
    out: list[Problem] = []
    default = project.profile.default_language
    src = project.sheet_phrases.get(default) or {}
    for rel, pd in sorted(project.page_data.items()):
        sheet = pd.sheet
        if not sheet:
            continue
        line = sheet.get("line") or 1
        known = (project.i18n.get(default) or {}).get("documents") or {}
        for doc in sheet.get("bring") or []:
            if doc not in known:
                out.append(Problem(pd.path, line, f"sheet: document '{doc}' has no name in data/i18n/{default}.yml under documents:"))
        if sheet.get("office") not in (src.get("offices") or {}):
            out.append(Problem(pd.path, line, f"sheet: office '{sheet.get('office')}' is not in data/sheets/{default}.yml under offices:"))
        if sheet.get("purpose") not in (src.get("purposes") or {}):
            out.append(Problem(pd.path, line, f"sheet: purpose '{sheet.get('purpose')}' is not in data/sheets/{default}.yml under purposes:"))
        for q in sheet.get("questions") or []:
            if q not in (src.get("questions") or {}):
                out.append(Problem(pd.path, line, f"sheet: question '{q}' is not in data/sheets/{default}.yml under questions:"))
    return out
