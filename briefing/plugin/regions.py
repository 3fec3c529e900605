"""Region pages, written the way Pelican writes tag pages, and tag pages without the quadratic step.

Pelican has no custom taxonomies. A :class:`Region` is a ``URLWrapper``, so it
finds ``REGION_URL`` / ``REGION_SAVE_AS`` / ``REGION_FEED_ATOM`` from its class
name and behaves like a ``Tag``. :class:`TaxonomyPagesGenerator` writes both
families. It takes the tag pages over from Pelican's ``ArticlesGenerator``,
whose ``generate_tags`` filters every dated article against every tag's list
(quadratic in the number of briefings); here each family's lists are built in
one pass over the briefings, newest first.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator
from pelican.urlwrappers import Tag, URLWrapper

from .facets import group_tags_by_kind, load_tag_facts, region_countries
from .intros import load_intros

logger = logging.getLogger(__name__)

DEFAULTS = {
    "REGION_URL": "region/{slug}/",
    "REGION_SAVE_AS": "region/{slug}/index.html",
    "REGIONS_URL": "regions/",
    "REGIONS_SAVE_AS": "regions/index.html",
    "REGION_FEED_ATOM": "feeds/region/{slug}.atom.xml",
    "REGION_FEED_ATOM_URL": None,
}
HOME_REGION_BLOCKS = 6
"""Regions shown on the home page, those with the most briefings first."""
HOME_REGION_ITEMS = 3


class Region(URLWrapper):
    """A region a briefing is about (e.g. "Eastern Europe"), with its own page and feed."""


def add_default_settings(pelican_object) -> None:
    """Fill the region settings a site did not set, leaving the user's values alone."""
    settings = pelican_object.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    templates = settings.setdefault("PAGINATED_TEMPLATES", {})
    templates.setdefault("region", None)
    facts = []  # loaded on first use, once per build

    def tag_kind(tag) -> str:
        if not facts:
            facts.append(load_tag_facts(settings.get("TAXONOMY_PATH")))
        return facts[0].kind_of(tag)

    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "tag_kind": tag_kind}


def _as_names(value) -> list[str]:
    """Front-matter regions as a list of names, whether YAML gave a list or one string."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    return [str(name).strip() for name in value if str(name).strip()]


def has_page(wrapper: URLWrapper) -> bool:
    """Whether a tag or region's slug names a page of its own.

    A name of punctuation only ("!!!", "<>") slugifies to "" or "-"; its page
    would be ``tag/index.html`` or collide with others, so such a name is left out.
    """
    return any(char.isalnum() for char in wrapper.slug)


def attach_regions(article_generator: ArticlesGenerator) -> None:
    """Turn each briefing's ``regions`` names into :class:`Region` objects (drafts too).

    Names that cannot have a page (see :func:`has_page`) are dropped from
    tags and regions alike, with a warning naming the file.
    """
    settings = article_generator.settings
    known = load_tag_facts(settings.get("TAXONOMY_PATH")).regions
    cache: dict[str, Region] = {}
    # One Tag object per name, so each name is slugified once, not once per briefing that has it.
    shared_tags: dict[str, object] = {}
    for article in article_generator.articles + article_generator.drafts + article_generator.hidden_articles:
        names = _as_names(getattr(article, "regions", None))
        for name in names:
            if name not in cache:
                cache[name] = make_region(name, known, settings)
        # dict.fromkeys: "Northern America" and "North America" in one briefing are one region.
        regions = list(dict.fromkeys(cache[name] for name in names))
        tags = [shared_tags.setdefault(tag.name, tag) for tag in getattr(article, "tags", None) or []]
        unusable = [str(wrapper) for wrapper in regions + tags if not has_page(wrapper)]
        if unusable:
            logger.warning("%s: tags or regions with no letters or digits are left out: %s",
                           article.source_path, ", ".join(map(repr, unusable)))
        article.regions = [region for region in regions if has_page(region)]
        if hasattr(article, "tags"):
            article.tags = [tag for tag in tags if has_page(tag)]


def make_region(name: str, known: dict, settings) -> Region:
    """The region a briefing names: the taxonomy's display name, at the taxonomy's id.

    "Northern America" (its UN M49 name) and "North America" (the name editors
    chose) are one region, shown by the display name at ``/region/northern-america/``.
    A region the taxonomy does not know keeps its name and a slug made from it.
    """
    if name not in known:
        return Region(name, settings)
    display, region_id = known[name]
    region = Region(display, settings)
    region.slug = region_id
    return region


def take_over_tags(article_generator: ArticlesGenerator) -> None:
    """Empty Pelican's own tag map once its context is built.

    ``context["tags"]`` is already a copy; with the map empty, Pelican's
    quadratic ``generate_tags`` and its tag feeds write nothing, and
    :class:`TaxonomyPagesGenerator` writes them instead.
    """
    article_generator.tags = {}


def group_newest_first(dates, attribute: str) -> dict:
    """``{wrapper: [articles newest first]}`` for a taxonomy, in one pass over ``dates``."""
    groups: dict = defaultdict(list)
    for article in dates:
        for wrapper in getattr(article, attribute, None) or []:
            groups[wrapper].append(article)
    return dict(sorted(groups.items(), key=lambda item: item[0].name.lower()))


class TaxonomyPagesGenerator(Generator):
    """Writes a page (paginated) and an Atom feed per tag and per region, plus the regions index."""

    FAMILIES = (("tag", Tag, "tags"), ("region", Region, "regions"))

    def generate_context(self):
        dates = self.context.get("dates", [])
        self.groups = {
            "tag": group_newest_first(dates, "tags"),
            "region": group_newest_first(dates, "regions"),
        }
        self.context["tags"] = list(self.groups["tag"].items())
        self.context["regions"] = list(self.groups["region"].items())
        self.describe_pages()

    def describe_pages(self):
        """Intros, tag kinds, region countries and home-page region blocks, for the templates."""
        facts = load_tag_facts(self.settings.get("TAXONOMY_PATH"))
        intros = {family: load_intros(self.settings, family) for family, _, _ in self.FAMILIES}
        tag_by_name = {str(tag): tag for tag in self.groups["tag"]}
        for family, _, _ in self.FAMILIES:
            for wrapper, articles in self.groups[family].items():
                wrapper.intro = intros[family].get(wrapper.slug)
                wrapper.kind = facts.kind_of(wrapper) if family == "tag" else "region"
                wrapper.feed_url = self.feed_url(family, wrapper)
                wrapper.countries = (
                    region_countries(wrapper, articles, facts, tag_by_name) if family == "region" else []
                )
        self.context["tags_by_kind"] = group_tags_by_kind(self.context["tags"], facts)
        busiest = sorted(self.context["regions"], key=lambda item: (-len(item[1]), item[0].name.lower()))
        self.context["region_blocks"] = [
            (region, articles[:HOME_REGION_ITEMS]) for region, articles in busiest[:HOME_REGION_BLOCKS]
        ]

    def feed_url(self, family: str, wrapper) -> str | None:
        path = self.settings.get(f"{family.upper()}_FEED_ATOM")
        if not path:
            return None
        url = self.settings.get(f"{family.upper()}_FEED_ATOM_URL") or path
        return str(url).format(slug=wrapper.slug)

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        for family, _, _ in self.FAMILIES:
            template = self.get_template(family)
            for wrapper, articles in self.groups[family].items():
                writer.write_file(
                    wrapper.save_as,
                    template,
                    self.context,
                    relative_urls=relative,
                    paginated={"articles": articles, "dates": articles},
                    template_name=family,
                    url=wrapper.url,
                    page_name=wrapper.page_name,
                    articles=articles,
                    dates=articles,
                    all_articles=self.context.get("articles", []),
                    **{family: wrapper},
                )
                self.write_feed(writer, family, wrapper, articles)
        writer.write_file(
            self.settings["REGIONS_SAVE_AS"],
            self.get_template("regions"),
            self.context,
            relative_urls=relative,
            url=self.settings["REGIONS_URL"],
            page_name="regions",
            template_name="regions",
        )

    def write_feed(self, writer, family: str, wrapper, articles) -> None:
        path = self.settings.get(f"{family.upper()}_FEED_ATOM")
        if path:
            writer.write_feed(
                articles, self.context, str(path).format(slug=wrapper.slug), wrapper.feed_url,
                feed_title=wrapper.name,
            )


def get_generators(pelican_object):
    return TaxonomyPagesGenerator


def register():
    """Connect the plugin's receivers (Pelican calls this when it loads the plugin)."""
    signals.initialized.connect(add_default_settings)
    signals.article_generator_pretaxonomy.connect(attach_regions)
    signals.article_generator_finalized.connect(take_over_tags)
    signals.get_generators.connect(get_generators)
