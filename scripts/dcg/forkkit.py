"""Commands for programmes that fork the guide: create a region's profile, add a language.

Both write into a temporary folder first, validate what they wrote with the same loader the build
uses, and only then move it into place: a wrong answer leaves nothing half-written.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import yamlsrc
from .fields import ID_RE
from .profile import ACTIVE_PROFILE_FILE, LANG_RE, known_language
from .project import Project
from .problems import Problem


class Refused(Exception):
    """A wrong answer: the message says what is wrong; nothing was written."""


@dataclass
class RegionAnswers:
    id: str
    programme: str
    operator: str
    regions: list  # of (id, name, state)
    country_code: str
    country_name: str
    languages: list
    pending: list
    audiences: list
    tagline: str = ""


STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}


def parse_region(text: str) -> tuple[str, str, str]:
    """'magdeburg:Magdeburg:ST' -> (id, name, state)."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) != 3:
        raise Refused(f"region '{text}' must be written id:Name:STATE, e.g. magdeburg:Magdeburg:ST")
    rid, name, state = parts
    if not ID_RE.match(rid):
        raise Refused(f"region id '{rid}' may only use small letters, digits and '-'")
    if state not in STATES:
        raise Refused(f"'{state}' is not a German Land code; use one of {', '.join(sorted(STATES))}")
    if not name:
        raise Refused(f"region '{rid}' needs a name")
    return rid, name, state


def validate_answers(a: RegionAnswers, vocab: dict) -> None:
    if not ID_RE.match(a.id):
        raise Refused(f"the profile id '{a.id}' may only use small letters, digits and '-'")
    if not a.programme.strip():
        raise Refused("the programme needs a name")
    if not a.operator.strip():
        raise Refused("the programme needs an operator (who runs it)")
    if not a.regions:
        raise Refused("name at least one region, e.g. --region magdeburg:Magdeburg:ST")
    ids = [r[0] for r in a.regions]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup:
        raise Refused(f"the region id '{dup}' is given twice")
    if not re.match(r"^[A-Z]{2}$", a.country_code):
        raise Refused(f"'{a.country_code}' is not a two-letter country code like VN, LV (ZZ: no single partner country)")
    for code in a.languages + a.pending:
        if not LANG_RE.match(code) or not known_language(code):
            raise Refused(f"'{code}' is not a known language code (like de, vi, en, lv)")
    if not a.languages or a.languages[0] != "de":
        raise Refused("the core languages must start with de, the source language (e.g. --languages de,en)")
    for aud in a.audiences:
        if aud not in vocab.get("audiences", []):
            raise Refused(f"'{aud}' is not an audience; choose from {', '.join(vocab.get('audiences', []))}")


def _strings(root: Path, codes: list[str]) -> dict:
    """The strings files of these languages (data/i18n/<code>.yml), those that exist."""
    out = {}
    for code in dict.fromkeys(codes):
        path = root / "data" / "i18n" / f"{code}.yml"
        if path.exists():
            data, _ = yamlsrc.load_file(path, f"data/i18n/{code}.yml")
            if isinstance(data, dict):
                out[code] = data
    return out


def _words(strings: dict, code: str) -> dict:
    """The `new_region:` words of a language (data/i18n/<code>.yml), falling back to English, then German:
    a language without them gets text a translator replaces."""
    for candidate in (code, "en", "de"):
        words = (strings.get(candidate) or {}).get("new_region")
        if isinstance(words, dict):
            return words
    return {}


def profile_yaml(a: RegionAnswers, strings: dict) -> str:
    langs = a.languages + [p for p in a.pending if p not in a.languages]
    words = {code: _words(strings, code) for code in langs}
    phases = ["first-days", "first-weeks", "first-months", "first-year", "later"]
    if set(a.audiences) & {"third-country", "eu"}:
        phases = ["before-departure"] + phases
    data = {
        "programme": {
            "name": a.programme,
            "short_name": "".join(w[0] for w in a.programme.split() if w[:1].isalpha()).upper()[:6] or a.id.upper(),
            "tagline": {code: a.tagline or a.programme for code in a.languages},
            "operator": {"name": a.operator, "website": "", "address": "", "representative": "", "email": "", "phone": "",
                         "host": "", "privacy_officer": "", "public_body": False, "example": True},
            "audiences": a.audiences,
            "phases": phases,
        },
        "site": {"url": "", "logo": "assets/logo.svg", "colors": {"primary": "#1f5a7a", "accent": "#8a3b00"}},
        "languages": {"default": "de", "core": a.languages, "pending": a.pending},
        "partner_country": {
            "code": a.country_code,
            "language": a.pending[0] if a.pending else a.languages[-1],
            "names": {code: {"name": a.country_name, "from": words[code].get("country_from", "{name}").format(name=a.country_name),
                             "adjective": a.country_name} for code in langs},
        },
        "regions": [{
            "id": rid, "state": state,
            "names": {code: {"name": name, "in": words[code].get("region_in", "{name}").format(name=name)} for code in langs},
            "places": [{"name": name, "x": 50, "y": 50}],
            "offices": [
                {"type": "auslaenderbehoerde", "name": "Ausländerbehörde", "example": True},
                {"type": "buergeramt", "name": "Bürgerbüro der Stadt oder Gemeinde", "example": True},
                {"type": "arbeitsagentur", "name": "Agentur für Arbeit", "website": "https://www.arbeitsagentur.de/vor-ort", "example": True},
                {"type": "familienkasse", "name": "Familienkasse der Bundesagentur für Arbeit",
                 "website": "https://www.arbeitsagentur.de/familie-und-kinder", "example": True},
                {"type": "fachkraefteeinwanderung", "name": "Zentrale Stelle des Landes für Fachkräfteeinwanderung", "example": True},
                {"type": "anerkennung-pflege", "name": "Landesbehörde für die Anerkennung von Pflegeberufen", "example": True},
            ],
        } for rid, name, state in a.regions],
        "contacts": [{"id": "coach", "role": {code: words[code].get("contact_role", "") for code in a.languages},
                      "name": "Name der Ansprechperson", "email": "", "phone": "", "example": True}],
        "feedback": {"email": "", "form": "", "example": True},
        "employer_offer": {"covers": [], "example": True},
        "timeline": {},
    }
    if len(data["regions"]) > 1:  # several regions: their map points side by side, not on top of each other
        for i, reg in enumerate(data["regions"]):
            reg["places"][0]["x"] = 20 + round(60 * i / (len(data["regions"]) - 1))
    header = ("# yaml-language-server: $schema=../../schemas/profile.schema.json\n"
              f"# Profile of {a.programme}, written by `dcg new-region`.\n"
              "# Replace the example values (example: true) with real ones, then set example: false.\n"
              "# Names in languages other than German are copies of the German name: translate them.\n")
    return header + _commented(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110))


# What the fields of a profile mean, written above them in a profile `dcg new-region` makes (as in the
# original profile.yml): (key as it starts its line, comment lines).
PROFILE_COMMENTS = {
    "tagline:": ["What the programme is, in one sentence per language (home pages, meta description)."],
    "operator:": ["Who runs the programme: for the Impressum (§ 5 DDG) and the privacy notice."],
    "host:": ["The web host and how long it keeps server logs (for the privacy notice)."],
    "privacy_officer:": ["The data protection officer, where the operator has one."],
    "public_body:": ["true for cities, counties, state networks and other public bodies: they publish an",
                     "accessibility statement under BITV 2.0 with a feedback contact and the enforcement body."],
    "audiences:": ["Readers this programme serves; content for other audiences is left out. third-country: from",
                   "non-EU countries; eu: EU/EEA citizens; resident: already in Germany; families: with children."],
    "phases:": ["Phases of the couples' journey that apply (before-departure only where people arrive from abroad)."],
    "url:": ["The address where the site will be published, e.g. https://example.org/willkommen/"],
    "colors:": ["Header and links; keep a contrast of at least 4.5:1 against white."],
    "core:": ["A missing page in these languages fails the checks."],
    "pending:": ["Languages still being added: reported with a percentage, never a failure; words they lack",
                 "come from languages.fallback (default: English where the profile has it)."],
    "language:": ["The partner country's language (a code)."],
    "places:": ["Places for the schematic map: x/y on a 0-100 grid, west to east and north to south."],
    "offices:": ["Offices readers go to: fill in address, phone, e-mail and website, then set example: false."],
    "contacts:": ["People readers can contact. Replace the examples with real names and numbers."],
    "feedback:": ["Where readers report a mistake on a page: the programme's own e-mail address or the https://",
                  "address of its own form."],
    "employer_offer:": ["What the programme offers employers (cost worksheet): price: {amount: …, per: couple|month|year}",
                        "once decided; covers: administration, coaching, housing, partner-career, language,",
                        "translations, leisure; coaching_hours_per_week."],
    "timeline:": ["The programme's own durations in weeks for the employers' timelines (documents, partner-a1,",
                  "support-plan, embassy-wait, travel: {weeks: …}); until entered: 'no reliable figure'."],
}
COUNTRY_NAMES_COMMENT = ["The country's name per language, with 'from' and 'adjective' as sentences need them",
                         "(German: aus Indien, indisch). The other languages hold copies of the German: translate them."]


def _commented(text: str) -> str:
    out, section = [], ""
    for line in text.splitlines():
        key = line.strip()
        if not line.startswith(" ") and key.endswith(":"):
            section = key
        indent = line[: len(line) - len(line.lstrip())]
        comments = PROFILE_COMMENTS.get(key.split(" ", 1)[0] if key.split(" ", 1)[0].endswith(":") else "")
        if section == "partner_country:" and key == "names:":
            comments = COUNTRY_NAMES_COMMENT
        if comments and not key.startswith("- "):
            out.extend(f"{indent}# {c}" for c in comments)
        out.append(line)
    return "\n".join(out) + "\n"


def region_page(words: dict, rid: str, name: str, source_sha: str | None) -> str:
    """A region's page in one language, from that language's `new_region:` words."""
    title = words.get("region_title", "{name}").format(name=name)
    desc = words.get("region_description", "{name}").format(name=name)
    body = words.get("region_body", "").format(name=name)
    tr = f"translation:\n  source: {source_sha}\n" if source_sha else ""
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"description: {json.dumps(desc, ensure_ascii=False)}\n{tr}---\n\n"
            f"# {title} {{ #region }}\n\n{{{{ region_map(\"{rid}\") }}}}\n\n{body}\n")


def new_region(root: Path, a: RegionAnswers, activate: bool = True) -> list[Path]:
    """Write profiles/<id>/profile.yml and a page per region; validate; then move them into place."""
    from .pages import git_blob_sha
    from .profile import load_profile

    base = Project.load(root)
    validate_answers(a, base.vocab)
    target_dir = root / "profiles" / a.id
    if target_dir.exists():
        raise Refused(f"profiles/{a.id}/ exists already; choose another id or edit that profile")
    for rid, _, _ in a.regions:
        if (root / "docs" / "de" / "regions" / f"{rid}.md").exists():
            raise Refused(f"a page docs/de/regions/{rid}.md exists already; choose another region id")
    for code in a.languages:
        if not (root / "data" / "i18n" / f"{code}.yml").exists():
            raise Refused(f"the language '{code}' has no strings file data/i18n/{code}.yml; a core language needs its strings "
                          f"translated: name it under --pending first, translate data/i18n/{code}.yml, then make it core")
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        strings = _strings(root, ["de", "en"] + a.languages + a.pending)
        files: dict[str, str] = {f"profiles/{a.id}/profile.yml": profile_yaml(a, strings)}
        for rid, name, _ in a.regions:
            de_text = region_page(_words(strings, "de"), rid, name, None)
            sha = git_blob_sha(de_text.encode("utf-8"))
            files[f"docs/de/regions/{rid}.md"] = de_text
            for code in a.languages[1:]:
                words = (strings.get(code) or {}).get("new_region")
                if isinstance(words, dict):  # a language without these words: reported as missing until translated
                    files[f"docs/{code}/regions/{rid}.md"] = region_page(words, rid, name, sha)
            files[f"data/pages/regions/{rid}.yml"] = ("# yaml-language-server: $schema=../../../schemas/page-data.schema.json\n"
                                                      f"# The page about the region {name}: shown where the profile has this region.\nkind: info\nregion: {rid}\n")
        for rel, text in files.items():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            (stage / rel).write_text(text, encoding="utf-8")
        # validate what was written with the loaders the build uses
        problems: list[Problem] = []
        from .pages import split_front_matter

        for rel, text in files.items():
            if rel.endswith(".md"):
                meta, _, _, found = split_front_matter(text, rel)
                problems.extend(found)
        vocab, phases = base.vocab, base.phases
        prof = load_profile(stage / f"profiles/{a.id}/profile.yml", f"profiles/{a.id}/profile.yml", vocab, phases, problems)
        if problems or prof is None:
            raise Refused("the new profile is not valid:\n" + "\n".join(str(p) for p in problems))
        written = []
        for code in a.pending:  # a language being added gets its strings file and folder
            if known_language(code):
                written += language_files(root, code, None, "de")
        for rel in files:
            dest = root / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stage / rel, dest)
            written.append(dest)
    if activate:
        pointer = root / ACTIVE_PROFILE_FILE
        pointer.write_text(f"# The profile this copy of the guide builds (written by dcg new-region).\nprofiles/{a.id}/profile.yml\n", encoding="utf-8")
        written.append(pointer)
    return written


def language_files(root: Path, code: str, name: str | None, default_language: str) -> list[Path]:
    """The strings file (only the language's name and locale: it borrows every other word from the
    fallback language until translated) and the page folder of a language; what exists already is
    kept. Returns the files written."""
    written: list[Path] = []
    strings = root / "data" / "i18n" / f"{code}.yml"
    if not strings.exists():
        from babel import Locale

        label = name or Locale.parse(code).get_display_name(code) or code
        text = ("# yaml-language-server: $schema=../../schemas/strings.schema.json\n"
                f"# The site's own words in {label}. Translate key by key: copy a key with its section from\n"
                "# data/i18n/en.yml (or de.yml), keep the key and every {placeholder}, write the translation.\n"
                "# Until a key is here, the site shows the word of the fallback language (languages.fallback\n"
                "# in the profile; else English where the profile has it, else German).\n"
                f"language_name: {json.dumps(label, ensure_ascii=False)}\nlocale: {code}\n")
        strings.write_text(text, encoding="utf-8")
        written.append(strings)
    folder = root / "docs" / code
    folder.mkdir(parents=True, exist_ok=True)
    keep = folder / ".gitkeep"
    if not keep.exists():
        keep.write_text("", encoding="utf-8")
        written.append(keep)
    return written


def add_language(root: Path, code: str, name: str | None = None, profile: str | None = None) -> list[Path]:
    """Add a language as 'pending': strings to translate, a folder for its pages, and the profile entry.
    Until a page is translated, readers see the German text with a notice; the status shows 0 %."""
    if not LANG_RE.match(code) or not known_language(code):
        raise Refused(f"'{code}' is not a known language code (like lv, pl, uk, ar)")
    project = Project.load(root, profile)
    if project.profile is None:
        raise Refused("the profile cannot be read; run dcg check first")
    if code in project.profile.languages:
        raise Refused(f"'{code}' is already a language of {project.profile.path}")
    written = language_files(root, code, name, project.profile.default_language)
    folder = root / "docs" / code
    prof_path = project.profile_path
    text = prof_path.read_text(encoding="utf-8")
    m = re.search(r"(?m)^(\s*pending:\s*)\[(.*?)\]", text)
    if m:
        items = [x.strip() for x in m.group(2).split(",") if x.strip()]
        items.append(code)
        text = text[: m.start()] + f"{m.group(1)}[{', '.join(items)}]" + text[m.end():]
    else:
        m = re.search(r"(?m)^(\s*)core:\s*\[.*?\]\s*$", text)
        if not m:
            raise Refused(f"{project.profile.path}: cannot find languages.core; add '{code}' under languages.pending by hand")
        text = text[: m.end()] + f"\n{m.group(1)}pending: [{code}]" + text[m.end():]
    # names, taglines and roles the new language lacks come from the fallback language until translated
    backup = prof_path.read_text(encoding="utf-8")
    prof_path.write_text(text, encoding="utf-8")
    check = Project.load(root, str(prof_path))
    errors = [p for p in check.problems if p.severity == "error" and p.path == check.profile.path] if check.profile else check.problems
    if errors:
        prof_path.write_text(backup, encoding="utf-8")
        for w in written:
            if w.exists() and w.is_file():
                w.unlink()
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
        raise Refused("the profile would not be valid:\n" + "\n".join(str(p) for p in errors))
    written.append(prof_path)
    return written


def ask_regions() -> list[str]:
    """One region after the other, until an empty answer."""
    regions = [ask("Region as id:Name:STATE, e.g. goerlitz:Görlitz:SN (Land codes: see FORKING.md)")]
    while regions[-1]:
        regions.append(ask("Another region (id:Name:STATE), or press Enter to finish"))
    return [r for r in regions if r]


def ask(prompt: str, default: str = "") -> str:
    if not sys.stdin.isatty():
        raise Refused(f"missing answer: {prompt} (give it as an option)")
    try:
        value = input(f"{prompt}{f' [{default}]' if default else ''}: ").strip()
    except EOFError:  # Ctrl-D: the questions end, nothing is written
        print(file=sys.stderr)
        raise Refused("no answer given; nothing was written") from None
    return value or default
