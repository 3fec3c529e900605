"""Load and validate the taxonomy data file (countries, organisations, regions).

The file is editorial data: editors add aliases there, not in code.  Loading
checks the whole file and reports every problem in one ``TaxonomyError``, so an
editor fixes a batch of mistakes in one go rather than one per run.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml

from briefing.errors import TaxonomyError

DEFAULT_PATH = Path(__file__).with_name("data") / "taxonomy.yaml"

# "actor": armed groups and movements that are not states (Taliban, Hamas, Wagner Group).
KINDS = ("country", "organisation", "actor")
# ISO 3166 leaves a few places without an official code; these user-assigned codes are
# the ones the EU, the IMF and most newsrooms use for them.
USER_ASSIGNED_ISO2 = {"XK": "Kosovo"}
# Alias lists an entry may have; the tagger weighs a mention by the list it came from.
ALIAS_LISTS = ("aliases", "demonyms", "capitals", "cues")
ENTRY_KEYS = {"name", "kind", "iso2", "regions", "full_name", "exact_case", "name_parts",
              *ALIAS_LISTS}
TOP_KEYS = {"regions", "entries", "ambiguous", "decoys", "dateline_areas", "not_places",
            "name_heads", "name_descriptors", "subdivision_names"}
# The C loader parses the file several times faster; fall back where libyaml is missing.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGION_KEYS = {"id", "name", "m49", "m49_name"}
M49_CODE = re.compile(r"^\d{3}$")


@dataclass(frozen=True)
class Region:
    """A group of countries shown as its own tag family; ``id`` is the URL slug.

    ``name`` is what readers see, chosen by editors ("North America"); ``m49``
    and ``m49_name`` keep the UN M49 code and name ("021", "Northern America")
    it stands for. A briefing that still names the region by its M49 name is
    read as this region (see :meth:`Taxonomy.region_named`).
    """

    id: str
    name: str
    m49: str | None = None
    m49_name: str | None = None


@dataclass(frozen=True)
class Entry:
    """One taggable thing: a country or an organisation, with every way of naming it."""

    name: str
    kind: str
    iso2: str | None
    regions: tuple[str, ...]
    full_name: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    cues: tuple[str, ...]
    exact_case: frozenset[str]
    name_parts: frozenset[str]

    def alias_lists(self):
        """Yield ``(list name, alias)`` for every alias of the entry."""
        for list_name in ALIAS_LISTS:
            for alias in getattr(self, list_name):
                yield list_name, alias


@dataclass(frozen=True)
class Reading:
    """One meaning of an ambiguous alias: ``tag``, taken if ``needs`` has other evidence.

    Readings are tried in order; the first one the rest of the article supports is taken.
    """

    tag: str
    needs: str | None
    kind: str
    leading: bool = False
    """Taken only while ``tag`` is the country with most evidence (or none has any)."""
    words: tuple[str, ...] = ()
    """Taken only if the article says one of these words or phrases ("Hague", "war crimes")."""
    not_words: tuple[str, ...] = ()
    """Not taken if the article says one of these ("cricket", "wicket"): the alias means something else."""


@dataclass(frozen=True)
class AmbiguousAlias:
    """An alias whose meaning depends on the rest of the article ("Brussels", "Georgia")."""

    alias: str
    exact_case: bool
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class Taxonomy:
    """The validated contents of a taxonomy file."""

    path: Path
    regions: dict[str, Region]
    entries: tuple[Entry, ...]
    ambiguous: tuple[AmbiguousAlias, ...]
    decoys: tuple[str, ...]
    not_places: frozenset[str]
    dateline_areas: dict[str, str]
    """Normalised state or province abbreviation ("mass") → country entry name."""
    name_heads: frozenset[str] = frozenset()
    """Capitalised words that make a preceding alias part of another name ("Daily", "County")."""
    name_descriptors: frozenset[str] = frozenset()
    """Lower-case words before an alias that make it a business's name ("supermarket")."""
    subdivision_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """ISO alpha-2 code → English names of its subdivisions that ISO 3166-2 spells otherwise."""

    @functools.cached_property
    def regions_by_name(self) -> dict[str, Region]:
        """Regions keyed by their display name and, where it differs, their UN M49 name."""
        named = {region.m49_name: region for region in self.regions.values() if region.m49_name}
        named.update({region.name: region for region in self.regions.values()})
        return named

    def region_named(self, name: str) -> Region | None:
        """The region a briefing's ``regions`` item names ("North America" or "Northern America")."""
        return self.regions_by_name.get(name)

    @functools.cached_property
    def by_name(self) -> dict[str, Entry]:
        """Entries keyed by their display name."""
        return {entry.name: entry for entry in self.entries}


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy file; ``None`` means the packaged one.

    Raises ``TaxonomyError`` listing every problem found.  Results are cached
    per path, so repeated calls are free.
    """
    return _load(Path(path) if path is not None else DEFAULT_PATH)


def read_data_file(path: Path):
    """The YAML of an editorial data file (taxonomy, names), or ``TaxonomyError`` saying why not."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except OSError as exc:
        raise TaxonomyError(path, f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise TaxonomyError(path, f"not valid YAML: {exc}") from exc


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> Taxonomy:
    raw = read_data_file(path)
    checker = _Checker()
    taxonomy = checker.build(path, raw)
    if checker.problems:
        raise TaxonomyError(path, "; ".join(checker.problems))
    return taxonomy


class _Checker:
    """Builds a Taxonomy while collecting every problem instead of stopping at one."""

    def __init__(self):
        self.problems: list[str] = []
        self.alias_owner: dict[str, str] = {}

    def build(self, path: Path, raw: object) -> Taxonomy:
        if not isinstance(raw, dict):
            self.problems.append("top level must be a mapping with 'regions' and 'entries'")
            return Taxonomy(path, {}, (), (), (), frozenset(), {})
        for key in sorted(set(raw) - TOP_KEYS):
            self.problems.append(f"unknown top-level key {key!r} (allowed: {', '.join(sorted(TOP_KEYS))})")
        regions = self.regions(raw.get("regions"))
        entries = tuple(e for i, item in enumerate(self.list_of(raw, "entries", required=True))
                        if (e := self.entry(i, item, regions)) is not None)
        self.unique_names(entries)
        names = {entry.name for entry in entries}
        ambiguous = tuple(a for i, item in enumerate(self.list_of(raw, "ambiguous"))
                          if (a := self.ambiguous(i, item, names)) is not None)
        decoys = tuple(self.strings(raw.get("decoys") or [], "decoys"))
        for decoy in decoys:
            self.claim(decoy, "decoys")
        not_places = frozenset(self.strings(raw.get("not_places") or [], "not_places"))
        areas = self.dateline_areas(raw.get("dateline_areas") or {}, names)
        heads = frozenset(self.strings(raw.get("name_heads") or [], "name_heads"))
        descriptors = frozenset(word.lower() for word in
                                self.strings(raw.get("name_descriptors") or [], "name_descriptors"))
        subdivisions = self.subdivision_names(raw.get("subdivision_names") or {})
        return Taxonomy(path, regions, entries, ambiguous, decoys, not_places, areas,
                        heads, descriptors, subdivisions)

    def subdivision_names(self, value: object) -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {}
        if not isinstance(value, dict):
            self.problems.append("'subdivision_names' must map an ISO alpha-2 code to a list of names")
            return found
        for code, names in value.items():
            if not isinstance(code, str) or pycountry.countries.get(alpha_2=code) is None:
                self.problems.append(f"subdivision_names: {code!r} is not an ISO 3166 alpha-2 code")
                continue
            found[code] = tuple(self.strings(names, f"subdivision_names {code!r}"))
        return found

    def dateline_areas(self, value: object, names: set[str]) -> dict[str, str]:
        areas: dict[str, str] = {}
        if not isinstance(value, dict):
            self.problems.append("'dateline_areas' must map an entry name to a list of abbreviations")
            return areas
        for name, abbreviations in value.items():
            if name not in names:
                self.problems.append(f"dateline_areas: unknown entry {name!r}")
            for abbreviation in self.strings(abbreviations, f"dateline_areas {name!r}"):
                key = area_key(abbreviation)
                if areas.setdefault(key, name) != name:
                    self.problems.append(f"dateline_areas: {abbreviation!r} is given to both "
                                         f"{areas[key]!r} and {name!r}")
        return areas

    def list_of(self, raw: dict, key: str, required: bool = False) -> list:
        value = raw.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.problems.append(f"'{key}' must be a list")
            return []
        return value

    def strings(self, value: object, where: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
            self.problems.append(f"{where}: must be a list of non-empty strings")
            return []
        return value

    def regions(self, value: object) -> dict[str, Region]:
        regions: dict[str, Region] = {}
        if not isinstance(value, list):
            self.problems.append("'regions' must be a list of {id, name}")
            return regions
        for i, item in enumerate(value):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) \
                    or not isinstance(item.get("name"), str) or not item["name"].strip():
                self.problems.append(f"region #{i + 1}: needs 'id' and 'name' strings")
                continue
            if not SLUG.match(item["id"]):
                self.problems.append(f"region {item['id']!r}: id must be a slug like 'eastern-europe'")
            if item["id"] in regions:
                self.problems.append(f"region {item['id']!r} is listed twice")
            m49, m49_name = item.get("m49"), item.get("m49_name")
            if m49 is not None and not (isinstance(m49, str) and M49_CODE.match(m49)):
                self.problems.append(f"region {item['id']!r}: m49 must be a quoted three-digit code like '021'")
            if m49_name is not None and not (isinstance(m49_name, str) and m49_name.strip()):
                self.problems.append(f"region {item['id']!r}: m49_name must be text")
            unknown = set(item) - REGION_KEYS
            if unknown:
                self.problems.append(f"region {item['id']!r}: unknown keys {', '.join(sorted(map(str, unknown)))}")
            regions[item["id"]] = Region(item["id"], item["name"], m49, m49_name)
        return regions

    def entry(self, index: int, item: object, regions: dict[str, Region]) -> Entry | None:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            self.problems.append(f"entry #{index + 1}: needs a 'name'")
            return None
        name = item["name"]
        where = f"entry {name!r}"
        for key in sorted(set(item) - ENTRY_KEYS):
            self.problems.append(f"{where}: unknown key {key!r}")
        kind = item.get("kind")
        if kind not in KINDS:
            self.problems.append(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        iso2 = item.get("iso2")
        region_ids = item.get("regions") or []
        if kind == "country":
            if not isinstance(iso2, str) or (pycountry.countries.get(alpha_2=iso2) is None
                                             and iso2 not in USER_ASSIGNED_ISO2):
                self.problems.append(f"{where}: iso2 {iso2!r} is not an ISO 3166 alpha-2 code")
            if not region_ids:
                self.problems.append(f"{where}: a country needs at least one region")
        elif iso2 is not None:
            self.problems.append(f"{where}: only countries have an iso2")
        for region in self.strings(region_ids, f"{where} regions") if region_ids else []:
            if region not in regions:
                self.problems.append(f"{where}: unknown region {region!r}")
        lists = {key: tuple(self.strings(item.get(key) or [], f"{where} {key}")) for key in ALIAS_LISTS}
        every = [alias for key in ALIAS_LISTS for alias in lists[key]]
        for alias in every:
            self.claim(alias, name)
        flags = {}
        for key in ("exact_case", "name_parts"):
            flags[key] = frozenset(self.strings(item.get(key) or [], f"{where} {key}"))
            for alias in sorted(flags[key] - set(every)):
                self.problems.append(f"{where}: {key} lists {alias!r}, which is not one of its aliases")
        return Entry(name, kind, iso2 if kind == "country" else None, tuple(region_ids),
                     item.get("full_name"), lists["aliases"], lists["demonyms"],
                     lists["capitals"], lists["cues"], flags["exact_case"], flags["name_parts"])

    def claim(self, alias: str, owner: str) -> None:
        key = " ".join(alias.split()).casefold()
        other = self.alias_owner.get(key)
        if other is None:
            self.alias_owner[key] = owner
        elif other == owner:
            self.problems.append(f"alias {alias!r} is listed twice in {owner!r}")
        else:
            self.problems.append(f"duplicate alias {alias!r}: in both {other!r} and {owner!r}")

    def unique_names(self, entries: tuple[Entry, ...]) -> None:
        seen: dict[str, str] = {}
        for entry in entries:
            for label, value in (("name", entry.name), ("iso2", entry.iso2)):
                if value is None:
                    continue
                key = f"{label}:{value.casefold()}"
                if key in seen:
                    self.problems.append(f"{label} {value!r} is used by two entries")
                seen[key] = entry.name

    def ambiguous(self, index: int, item: object, names: set[str]) -> AmbiguousAlias | None:
        if not isinstance(item, dict) or not isinstance(item.get("alias"), str):
            self.problems.append(f"ambiguous #{index + 1}: needs an 'alias'")
            return None
        alias = item["alias"]
        where = f"ambiguous alias {alias!r}"
        for key in sorted(set(item) - {"alias", "kind", "exact_case", "readings"}):
            self.problems.append(f"{where}: unknown key {key!r}")
        self.claim(alias, "ambiguous")
        default_kind = item.get("kind", "aliases")
        readings = []
        for reading in item.get("readings") or []:
            if not isinstance(reading, dict) or reading.get("tag") not in names:
                self.problems.append(f"{where}: reading {reading!r} must name a known entry as 'tag'")
                continue
            needs = reading.get("needs")
            if needs is not None and needs not in names:
                self.problems.append(f"{where}: 'needs' names unknown entry {needs!r}")
            kind = _list_name(reading.get("kind", default_kind))
            if kind not in ALIAS_LISTS:
                self.problems.append(f"{where}: kind {kind!r} must be one of {', '.join(ALIAS_LISTS)}")
            for key in sorted(set(reading) - {"tag", "needs", "kind", "leading", "words", "not_words"}):
                self.problems.append(f"{where}: reading has unknown key {key!r}")
            words = {key: reading.get(key) or [] for key in ("words", "not_words")}
            for key, listed in words.items():
                if not isinstance(listed, list) or not all(isinstance(w, str) and w.strip() for w in listed):
                    self.problems.append(f"{where}: reading's {key!r} must be a list of words or phrases")
                    words[key] = []
            readings.append(Reading(reading["tag"], needs, kind, bool(reading.get("leading", False)),
                                    tuple(words["words"]), tuple(words["not_words"])))
        if not readings:
            self.problems.append(f"{where}: needs at least one reading")
        return AmbiguousAlias(alias, bool(item.get("exact_case", False)), tuple(readings))


def area_key(text: str) -> str:
    """Normalise a dateline area for lookup: "N.Y." and "NY" and "ny" are one key."""
    return re.sub(r"[.\s]", "", text).casefold()


def _list_name(kind: str) -> str:
    """Accept the singular ("capital") for an alias list name ("capitals")."""
    return {"alias": "aliases", "demonym": "demonyms", "capital": "capitals", "cue": "cues"}.get(kind, kind)
