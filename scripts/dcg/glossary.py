"""The glossary: German terms a couple meets on forms and letters (`data/glossary/terms.yml`) and their
explanations in each language (`data/glossary/<lang>.yml`)."""
from __future__ import annotations

from pathlib import Path

from . import schemas, yamlsrc
from .fields import ID_RE, Reporter
from .problems import Problem


def load_glossary(folder: Path, shown_of, langs: list, profile, problems: list[Problem]) -> tuple[dict, dict]:
    """The German terms (terms.yml: id -> {term, line}) and their explanations per language
    (<lang>.yml: id -> {name, text}); problems with file and line."""
    terms: dict = {}
    glossary: dict = {}
    terms_path = folder / "terms.yml"
    if not terms_path.exists():
        return terms, glossary
    shown = shown_of(terms_path)
    data, found = yamlsrc.load_file(terms_path, shown)
    problems.extend(found)
    if not isinstance(data, dict):
        return terms, glossary
    r = Reporter(shown, problems)
    # ids, keys and types: schemas/glossary-terms.schema.json and schemas/glossary.schema.json
    schemas.check("glossary-terms", data, shown, problems, _where)
    seen_terms: dict[str, str] = {}
    for tid, t in data.items():
        if not isinstance(t, dict) or not isinstance(t.get("term"), str) or not t["term"].strip():
            continue
        if t["term"] in seen_terms:
            r.add(data.line_of(tid), f"the term '{t['term']}' is already defined as '{seen_terms[t['term']]}'")
            continue
        seen_terms[t["term"]] = tid
        src = t.get("source") if isinstance(t.get("source"), dict) else {}
        terms[tid] = {"term": t["term"].strip(), "line": data.line_of(tid),
                      "from": [f for f in t.get("from") or [] if isinstance(f, str)],
                      "letter": t.get("letter") if isinstance(t.get("letter"), str) else "",
                      "source": {k: str(v) for k, v in src.items()}}
    for tid, t in terms.items():
        for sender in t["from"]:
            if sender not in terms:
                r.add(data[tid].line_of("from"), f"glossary term '{tid}': from: '{sender}' is not a glossary term; "
                      "name the office by its glossary id (for example auslaenderbehoerde)")
    for lang in langs:
        path = folder / f"{lang}.yml"
        shown_l = shown_of(path)
        if not path.exists():
            if profile and lang in profile.core_languages:
                problems.append(Problem(shown, 1, f"the glossary has no file for '{lang}': create {shown_l}"))
            continue
        words, found = yamlsrc.load_file(path, shown_l)
        problems.extend(found)
        if not isinstance(words, dict):
            continue
        schemas.check("glossary", words, shown_l, problems, _where)
        glossary[lang] = words
        rl = Reporter(shown_l, problems)
        for tid in terms:
            if tid not in words and profile and lang in profile.core_languages:
                rl.add(words.line, f"glossary term '{tid}' is missing ({lang}); it exists in {shown}:{terms[tid]['line']}")
        for tid, w in words.items():
            if tid not in terms and ID_RE.match(str(tid)):
                rl.add(words.line_of(tid), f"glossary term '{tid}' does not exist in {shown}")
    return terms, glossary


def _where(path: tuple) -> str:
    return f"glossary term '{path[0]}'" if path else "the glossary"
