"""Tag an article with the countries and organisations it is about.

Every alias in the taxonomy goes into one compiled regex (a character trie, so
the engine does not try 3,000 alternatives at each position).  Each accepted
mention adds evidence to its entry, weighted by where it is (title, dateline,
lede, body) and by what kind of alias it is (a name counts more than a
demonym, which counts more than a cue such as "Wall Street").  City names
found through ``briefing.places`` add a little evidence to their country.  An
entry is tagged when its evidence passes both an absolute floor, so a single
passing mention in the body is not enough, and a share of the strongest
country, so a story about Japan that mentions three trading partners stays a
story about Japan.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from briefing.language import tagging_language
from briefing.local_names import local_matcher
from briefing.places import MIN_DATELINE_POPULATION, choose_city, place_index
from briefing.taxonomy import Taxonomy, area_key, load_taxonomy

# Evidence per mention, by where the mention is.
TITLE_WEIGHT = 3.0
DATELINE_WEIGHT = 3.0
LEDE_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# ...times this, by what kind of alias matched.
KIND_WEIGHTS = {"aliases": 1.0, "demonyms": 0.7, "capitals": 0.8, "cues": 0.5}
# A city (not already a capital alias) is weaker evidence than its country's name.
CITY_WEIGHT = 0.5
# A city named in running text counts (and is listed) only when its country has
# other evidence in the article, or when it is this big: smaller towns share
# names with words and people ("Kita", "Man", "Bush") and with bigger namesakes
# abroad (Santa Fe, Argentina in a New Mexico story).
BIG_CITY_POPULATION = 1_000_000
# An entry needs this much evidence: two mentions in the body, or one in the title;
# a single passing mention in the body (1.0) is not enough.
MIN_SCORE = 2.0
# ...and a country needs this share of the best country's evidence.
RELATIVE_MIN = 0.25
# Share of upper-case letters above which a text is treated as all caps
# (Reuters headlines), where letter case carries no information.
SHOUTING_SHARE = 0.8
# Words that may stand before a name-part alias without making it part of a name
# ("In Jordan", "The Jordan government").
_NOT_FIRST_NAMES = frozenset(
    "a an and as at by for from in into of on or the to with said says while".split())

# "TOKYO, March 3 -", "NEW YORK -", "KYIV, Ukraine (AP) —" at the very start of the body.
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'&-]*(?: [A-Z][A-Z.'&-]*)*)(?P<rest>,[^\n]{0,40}?)?\s+[-–—]{1,2}\s")
# Dates and agency names after the dateline city: ", March 3", "(Reuters)".
_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? +\d{1,2}\b|\([^)]*\)")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
_NEXT_WORD = re.compile(r"\s+([A-Z][a-z]+)\b")


@dataclass(frozen=True)
class TaggedCountry:
    """A country tag: display ``name`` and ISO 3166 ``iso2`` code."""

    name: str
    iso2: str


@dataclass
class TagResult:
    """What an article is about, most salient first."""

    tags: list[str] = field(default_factory=list)
    countries: list[TaggedCountry] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    """Evidence per entry name, including those below the threshold (for debugging)."""
    lang: str | None = None
    """The article's language (ISO 639-1), as given or detected."""


@dataclass(frozen=True)
class _Alias:
    alias: str
    entry: str | None  # None: a decoy, matched only so that it hides what it contains
    kind: str
    exact_case: bool = False
    name_part: bool = False  # often one word of a longer proper name ("United Jersey Banks")
    readings: tuple = ()  # for ambiguous aliases: taxonomy.Reading tuple


@dataclass(frozen=True)
class _Dateline:
    city: str  # title case, for the city index
    area: str | None  # country entry named by a state or province ("Mass." → United States)


@dataclass(frozen=True)
class _Zone:
    text: str
    weight: float
    shouting: bool
    find_places: bool
    dateline: bool = False


class Tagger:
    """Tags articles against one taxonomy; build once, call ``tag`` many times."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self._aliases: dict[str, _Alias] = {}
        for entry in taxonomy.entries:
            for kind, alias in entry.alias_lists():
                self._add(_Alias(alias, entry.name, kind, alias in entry.exact_case,
                                 alias in entry.name_parts))
        for ambiguous in taxonomy.ambiguous:
            self._add(_Alias(ambiguous.alias, None, "aliases", ambiguous.exact_case,
                             readings=ambiguous.readings))
        for decoy in taxonomy.decoys:
            self._add(_Alias(decoy, None, "aliases"))
        self._country_by_iso2 = {e.iso2: e.name for e in taxonomy.entries if e.iso2}
        self._regex = re.compile(r"(?<![\w.])" + _trie_pattern(self._aliases) + r"(?!\w)", re.IGNORECASE)
        self._local: dict[str, object] = {}  # language → its names matcher (briefing.local_names)

    def _add(self, alias: _Alias) -> None:
        self._aliases[_key(alias.alias)] = alias

    def tag(self, title: str, text: str, lede: str | None = None, lang: str | None = None) -> TagResult:
        """Tag one article: ``text`` is the body, ``lede`` its first paragraph or summary.

        ``lang`` (ISO 639-1) is detected when not given (plain ASCII text:
        English rules only, see ``tagging_language``); a language with a
        names file adds its names (``briefing.local_names``), weighed like
        English aliases.
        """
        lang = lang or tagging_language(title, text)
        local = self._local_matcher(lang)
        zones, dateline = self._zones(title or "", text or "", lede)
        scores: dict[str, float] = {}
        pending: list[tuple[_Alias, float]] = []
        taken: list[list[tuple[int, int]]] = []
        capitals: list[tuple[str, str]] = []  # (text, entry name): listed as places too
        for zone in zones:
            taken.append(spans := [])
            if local is not None:
                for mention in local.find(zone.text, zone.shouting):
                    spans.append((mention.start, mention.end))
                    if mention.entry is not None:
                        weight = DATELINE_WEIGHT if zone.dateline else zone.weight * KIND_WEIGHTS[mention.kind]
                        scores[mention.entry] = scores.get(mention.entry, 0.0) + weight
            local_spans = list(spans)
            for match in self._regex.finditer(zone.text):
                if local_spans and _overlaps(match.span(), local_spans):
                    continue  # the language's own reading of these words already counted
                alias = self._aliases.get(_key(match.group()))
                if alias is None or not _accept(alias, match, zone):
                    continue
                spans.append(match.span())
                if alias.kind == "capitals":
                    capitals.append((match.group(), alias.entry))
                weight = DATELINE_WEIGHT if zone.dateline else zone.weight * KIND_WEIGHTS[alias.kind]
                if alias.readings and zone.dateline:
                    # A dateline names the place of filing: "BRUSSELS" there is the city.
                    place = alias.readings[-1].tag
                    scores[place] = scores.get(place, 0.0) + weight
                elif alias.readings:
                    pending.append((alias, weight))
                elif alias.entry is not None:
                    scores[alias.entry] = scores.get(alias.entry, 0.0) + weight
        if dateline and dateline.area:
            scores[dateline.area] = scores.get(dateline.area, 0.0) + DATELINE_WEIGHT
        for alias, weight in pending:
            for reading in alias.readings:
                if reading.needs is None or scores.get(reading.needs, 0.0) > 0:
                    scores[reading.tag] = scores.get(reading.tag, 0.0) + weight * KIND_WEIGHTS[reading.kind]
                    break
        places = self._places(zones, taken, dateline, capitals, scores)
        result = self._result(scores, places)
        result.lang = lang
        return result

    def _local_matcher(self, lang: str | None):
        """The names matcher for ``lang`` (None for English or a language without names)."""
        if not lang or lang == "en":
            return None
        if lang not in self._local:
            self._local[lang] = local_matcher(self.taxonomy, lang)
        return self._local[lang]

    def _zones(self, title: str, text: str, lede: str | None) -> tuple[list[_Zone], _Dateline | None]:
        """Split an article into weighted parts: title, dateline, lede, body."""
        title = title.replace("\u2019", "'")
        text = text.replace("\u2019", "'")
        zones = [_Zone(title, TITLE_WEIGHT, _shouting(title), False)]
        dateline = None
        found = _DATELINE.match(text)
        if found:
            area = self._dateline_area(found.group("rest") or "")
            dateline = _Dateline(found.group("city").title(), area)
            if area is None:
                # The state or province outranks the city's name: "WARSAW, Ind." is not Poland.
                zones.append(_Zone(text[:found.end()].rstrip(" -–—"), DATELINE_WEIGHT, True, False, True))
            text = text[found.end():]
        if lede is None:
            lede, _, body = text.strip().partition("\n\n")
        else:
            lede = lede.replace("\u2019", "'").strip()
            body = text.strip()
            if body.startswith(lede):
                body = body[len(lede):]
        body_shouting = _shouting(body)
        zones.append(_Zone(lede, LEDE_WEIGHT, _shouting(lede), True))
        zones.append(_Zone(body, BODY_WEIGHT, body_shouting, not body_shouting))
        return zones, dateline

    def _dateline_area(self, rest: str) -> str | None:
        """The country of a state or province named after the dateline city, if any."""
        for part in _DATE.sub("", rest).split(","):
            name = self.taxonomy.dateline_areas.get(area_key(part))
            if name:
                return name
        return None

    def _places(self, zones: list[_Zone], taken: list, dateline: _Dateline | None,
                capitals: list[tuple[str, str]], scores: dict[str, float]) -> list[dict]:
        """Resolve city names, adding their evidence to their countries.

        Capitals matched as aliases already counted for their country; they are
        only looked up here so that they are listed among the places.
        """
        entries = self.taxonomy.by_name
        by_iso2 = self._country_by_iso2
        country_scores = {entries[n].iso2: v for n, v in scores.items() if entries[n].iso2}
        index = place_index(self.taxonomy.not_places)
        found: list[dict] = []
        gains: dict[str, float] = {}
        mentions = []
        if dateline:
            candidates = index.lookup(dateline.city, MIN_DATELINE_POPULATION)
            if dateline.area:
                iso2 = entries[dateline.area].iso2
                mentions.append((tuple(c for c in candidates if c.country == iso2), 0.0, False))
            elif not any(zone.dateline and spans for zone, spans in zip(zones, taken)):
                mentions.append((candidates, DATELINE_WEIGHT, False))
        for name, entry in capitals:
            iso2 = entries[entry].iso2
            candidates = index.lookup(name.title() if name.isupper() else name, MIN_DATELINE_POPULATION)
            mentions.append((tuple(c for c in candidates if c.country == iso2), 0.0, False))
        for zone, spans in zip(zones, taken):
            if zone.find_places:
                mentions.extend((m.candidates, zone.weight * CITY_WEIGHT, True) for m in index.find(zone.text, spans))
        for candidates, weight, in_text in mentions:
            if not candidates:
                continue
            city = choose_city(candidates, country_scores)
            if in_text and city.population < BIG_CITY_POPULATION and not country_scores.get(city.country):
                continue
            gains[by_iso2[city.country]] = gains.get(by_iso2[city.country], 0.0) + weight
            place = {"name": city.name, "country": city.country, "lat": city.lat, "lon": city.lon}
            if place not in found:
                found.append(place)
        for name, gain in gains.items():
            if gain:
                scores[name] = scores.get(name, 0.0) + gain
        return found

    def _result(self, scores: dict[str, float], places: list[dict]) -> TagResult:
        entries = self.taxonomy.by_name
        ranked = sorted(scores, key=lambda name: (-scores[name], name))
        country_names = [n for n in ranked if entries[n].kind == "country"]
        top = scores[country_names[0]] if country_names else 0.0
        countries = [TaggedCountry(n, entries[n].iso2) for n in country_names
                     if scores[n] >= MIN_SCORE and scores[n] >= RELATIVE_MIN * top]
        organisations = [n for n in ranked if entries[n].kind == "organisation" and scores[n] >= MIN_SCORE]
        regions: list[str] = []
        for country in countries:
            for region_id in entries[country.name].regions:
                region = self.taxonomy.regions[region_id].name
                if region not in regions:
                    regions.append(region)
        return TagResult(tags=[c.name for c in countries] + organisations, countries=countries,
                         organisations=organisations, regions=regions, places=places,
                         scores={n: round(scores[n], 3) for n in ranked})


@functools.lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """A Tagger for the packaged taxonomy, built once per process."""
    return Tagger(load_taxonomy())


def _key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).lower()


def _accept(alias: _Alias, match: re.Match, zone: _Zone) -> bool:
    """Letter case and context rules that a regex cannot express."""
    found = match.group()
    if zone.shouting:
        return True
    if alias.exact_case and " ".join(found.split()) != alias.alias:
        return False
    if alias.alias[0].isupper() and not found[0].isupper():
        return False  # "china" (porcelain), "turkey dinner", "polish the floor"
    if alias.name_part:
        previous = _PREVIOUS_WORD.search(zone.text, max(0, match.start() - 40), match.start())
        if previous and previous.group(1)[0].isupper() and previous.group(1).lower() not in _NOT_FIRST_NAMES \
                and not previous.group(1).endswith((".", ",", ":", ";")):
            return False  # "Michael Jordan", but not "In Jordan" or "Israel. Jordan"
        if _NEXT_WORD.match(zone.text, match.end()):
            return False  # "Chad Hurley"
    return True


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_left(spans, (span[1], -1)) - 1
    return index >= 0 and spans[index][1] > span[0]


def _shouting(text: str) -> bool:
    upper = len(_UPPER.findall(text))
    letters = upper + len(_LOWER.findall(text))
    return letters > 0 and upper >= SHOUTING_SHARE * letters


def _trie_pattern(words) -> str:
    """One regex matching any of ``words`` (lower-case keys), longest first at each position."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return emit(trie)
