"""What the taxonomy says about tags and regions: a tag's kind, and the countries of a region.

The tags index groups tags by kind (countries and territories, organisations,
non-state actors) and a region page
lists its countries with counts. Both come from ``briefing.taxonomy``; a tag
the taxonomy does not know (an editor's own) is of kind ``other``, and a site
built without the taxonomy still builds, with every tag ``other``.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

# Territories whose status is disputed or special (Hong Kong, Taiwan, Kosovo, Western Sahara)
# are entries of kind "country" too, hence the heading.
KIND_HEADINGS = (("country", "Countries and territories"), ("organisation", "Organisations"),
                 ("actor", "Non-state actors"), ("other", "Other tags"))
OTHER = "other"


@dataclass
class TagFacts:
    """Tag name → kind, and country name → its region slugs, as the taxonomy gives them."""

    kinds: dict[str, str] = field(default_factory=dict)
    country_regions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    """ISO 3166 alpha-2 code → the country's tag name ("BY" → "Belarus")."""
    regions: dict[str, tuple[str, str]] = field(default_factory=dict)
    """A region's display name or UN M49 name → (display name, id): "Northern America" →
    ("North America", "northern-america")."""

    def kind_of(self, tag) -> str:
        return self.kinds.get(str(tag), OTHER)

    def country_name(self, code_or_name: str) -> str:
        """A country's name from its ISO code; anything else is returned as it is."""
        return self.country_names.get(code_or_name.upper(), code_or_name) if len(code_or_name) == 2 else code_or_name

    def countries_in(self, region_slug: str, tag) -> bool:
        return region_slug in self.country_regions.get(str(tag), ())


def load_tag_facts(path=None) -> TagFacts:
    """Read the taxonomy (the packaged one unless ``path``); an unusable one gives empty facts."""
    try:
        from briefing.taxonomy import load_taxonomy

        taxonomy = load_taxonomy(path)
    except Exception as error:  # noqa: BLE001 - the site must build even while the taxonomy is broken
        logger.warning("tag kinds and region countries are unavailable: %s", error)
        return TagFacts()
    facts = TagFacts()
    facts.regions = {name: (region.name, region.id) for name, region in taxonomy.regions_by_name.items()}
    for entry in taxonomy.entries:
        facts.kinds[entry.name] = entry.kind
        if entry.kind == "country":
            facts.country_regions[entry.name] = tuple(entry.regions)
            if entry.iso2:
                facts.country_names[entry.iso2.upper()] = entry.name
    return facts


def group_tags_by_kind(tag_groups, facts: TagFacts) -> list[tuple[str, str, list]]:
    """``[(kind, heading, [(tag, briefings), ...]), ...]`` for the tags index, empty kinds left out."""
    by_kind: dict[str, list] = {kind: [] for kind, _ in KIND_HEADINGS}
    for tag, briefings in tag_groups:
        by_kind[facts.kind_of(tag)].append((tag, briefings))
    return [(kind, heading, by_kind[kind]) for kind, heading in KIND_HEADINGS if by_kind[kind]]


def region_countries(region, briefings, facts: TagFacts, tag_urls: dict) -> list[tuple[object, int]]:
    """The region's countries named in its briefings, with how many briefings name each, most first.

    ``tag_urls`` maps a tag name to the tag object whose page the count links to.
    """
    counts: Counter = Counter()
    for briefing in briefings:
        for tag in getattr(briefing, "tags", None) or []:
            if facts.countries_in(region.slug, tag):
                counts[str(tag)] += 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(tag_urls.get(name, name), count) for name, count in ordered]
