"""Facts per German Land and per partner country, kept once as shared data and read by the pages.

`data/states/<CODE>.yml` (NW, SN, …) and `data/countries/<CODE>.yml` (VN, IN, LV, …): the names of the
place in each language and its facts, each with its official source and the day it was checked. A
profile only selects: its regions' Länder and its partner country. A fact a place lacks shows as "not
yet filled in for …" on the page and is reported by `dcg check` with the file to fill in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import schemas, yamlsrc
from .problems import Problem

STATE_NAMES = {"BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg", "HB": "Bremen",
               "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern", "NI": "Niedersachsen",
               "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz", "SL": "Saarland", "SN": "Sachsen",
               "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein", "TH": "Thüringen"}

# The facts a page may ask for (their shapes are in schemas/state.schema.json and country.schema.json).
STATE_FACTS = ("data-protection", "accessibility-law", "accessibility-enforcement", "elterngeld-office", "school-start", "kita-fees")
COUNTRY_FACTS = ("social-security", "driving-licence", "documents", "mission")


@dataclass
class Place:
    """A Land or a partner country: its names per language and its facts (fact id -> mapping)."""
    code: str
    path: str
    names: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    eu: bool = False

    def name(self, lang: str, default: str = "de") -> str:
        return str(self.names.get(lang) or self.names.get(default) or self.code)

    def fact(self, fid: str) -> dict | None:
        f = self.facts.get(fid)
        return f if isinstance(f, dict) else None


def _load(folder: Path, root: Path, schema: str, problems: list[Problem]) -> dict[str, Place]:
    out: dict[str, Place] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yml")):
        shown = path.relative_to(root).as_posix()
        code = path.stem
        data, found = yamlsrc.load_file(path, shown)
        problems.extend(found)
        if data is None:
            continue
        if not schemas.check(schema, data, shown, problems):
            continue
        out[code] = Place(code, shown, dict(data.get("names") or {}), data.get("facts") or {}, bool(data.get("eu")))
    return out


def load_states(root: Path, problems: list[Problem]) -> dict[str, Place]:
    """data/states/<CODE>.yml; a file's name must be a Land code."""
    out = _load(root / "data" / "states", root, "state", problems)
    for code, place in list(out.items()):
        if code not in STATE_NAMES:
            problems.append(Problem(place.path, 1, f"'{code}' is not a German Land code; name the file after one of {', '.join(sorted(STATE_NAMES))}"))
            del out[code]
    return out


def load_countries(root: Path, problems: list[Problem]) -> dict[str, Place]:
    """data/countries/<CODE>.yml; a file's name is the country's two-letter code (ISO 3166-1)."""
    out = _load(root / "data" / "countries", root, "country", problems)
    for code, place in list(out.items()):
        if len(code) != 2 or not code.isupper() or code == "ZZ":
            problems.append(Problem(place.path, 1, f"'{code}' is not a country code; name the file after the country's two capital letters (IN.yml for India)"))
            del out[code]
    return out
