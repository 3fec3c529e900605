"""NewsArticle JSON-LD as search engines expect it: image, author, publisher with logo, mainEntityOfPage.

Briefings are real Pelican articles with their front matter processed as Pelican's readers do, and the
settings are the project's own, local (``pelicanconf.py``) and hosted (``publishconf.py``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from pelican.contents import Article
from pelican.readers import METADATA_PROCESSORS
from pelican.settings import read_settings

from briefing.plugin.seo import news_article
from conftest import ROOT

HOSTED = "https://briefings.example.net/desk"
DEFAULT_IMAGE = "theme/images/card.png"


@pytest.fixture(scope="module")
def local_settings() -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"), override={"LOCAL_SITEURL": "http://127.0.0.1:8000"})


@pytest.fixture(scope="module")
def hosted_settings() -> dict:
    return read_settings(str(ROOT / "publishconf.py"), override={"SITEURL": HOSTED})


def briefing(settings: dict, **front_matter) -> Article:
    """A briefing as Pelican reads it: metadata through Pelican's processors (``authors`` become Authors)."""
    metadata = {"title": "Minsk hosts border talks", "slug": "minsk-talks", "date": dt.datetime(2024, 7, 8),
                "summary": "<p>Belarus and Poland met.</p>", **front_matter}
    processed = {name: METADATA_PROCESSORS[name](value, settings) if name in ("authors", "tags") else value
                 for name, value in metadata.items()}
    return Article("<p>Belarus and Poland met in Minsk.</p>", metadata=processed, settings=settings,
                   source_path="content/briefings/minsk-talks.md")


def test_required_fields_in_the_hosted_build(hosted_settings):
    data = news_article(briefing(hosted_settings), hosted_settings)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Minsk hosts border talks"
    assert data["datePublished"].startswith("2024-07-08") and data["dateModified"].startswith("2024-07-08")
    assert data["mainEntityOfPage"] == data["url"] == f"{HOSTED}/briefing/minsk-talks/"
    assert data["image"] == [f"{HOSTED}/{DEFAULT_IMAGE}"]
    assert data["publisher"] == {
        "@type": "Organization", "name": "Briefing", "url": f"{HOSTED}/",
        "logo": {"@type": "ImageObject", "url": f"{HOSTED}/theme/images/logo.png", "width": 512, "height": 512},
    }


def test_local_build_has_main_entity_of_page_and_absolute_images(local_settings):
    data = news_article(briefing(local_settings), local_settings)
    assert data["mainEntityOfPage"] == "http://127.0.0.1:8000/briefing/minsk-talks/"
    assert data["image"] == [f"http://127.0.0.1:8000/{DEFAULT_IMAGE}"]
    assert data["publisher"]["logo"]["url"] == "http://127.0.0.1:8000/theme/images/logo.png"


@pytest.mark.parametrize("front_matter, author", [
    # A byline in front matter (web pages), as a list or one name.
    ({"authors": "Anna Nowak, Jan Kowalski"}, [{"@type": "Person", "name": "Anna Nowak"},
                                                {"@type": "Person", "name": "Jan Kowalski"}]),
    # An older briefing with the byline in its source.
    ({"source": {"url": "https://news.example.com/a", "authors": ["Anna Nowak"]}},
     [{"@type": "Person", "name": "Anna Nowak"}]),
    # No byline: the outlet that published the source.
    ({"source": {"url": "https://news.example.com/a", "site_name": "Example News"}},
     [{"@type": "Organization", "name": "Example News"}]),
    # A text seed: no byline, no outlet: the site itself.
    ({"source": {"path": "seeds/minsk.txt"}}, [{"@type": "Organization", "name": "Briefing", "url": f"{HOSTED}/"}]),
])
def test_author_is_the_byline_else_the_outlet_else_the_site(hosted_settings, front_matter, author):
    assert news_article(briefing(hosted_settings, **front_matter), hosted_settings)["author"] == author


@pytest.mark.parametrize("image, expected", [
    ({"url": "https://upload.example.org/a.jpg", "licence": "CC BY-SA 4.0"}, "https://upload.example.org/a.jpg"),
    ({"url": "https://upload.example.org/a.jpg", "license": "https://creativecommons.org/publicdomain/zero/1.0/"},
     "https://upload.example.org/a.jpg"),
    ({"url": "https://upload.example.org/a.jpg", "licence": "Public domain"}, "https://upload.example.org/a.jpg"),
    # Not open enough to reuse without asking, or no licence stated: the site's default image.
    ({"url": "https://upload.example.org/a.jpg", "licence": "CC BY-NC 4.0"}, None),
    ({"url": "https://upload.example.org/a.jpg", "licence": "© Reuters, all rights reserved"}, None),
    ({"url": "https://upload.example.org/a.jpg"}, None),
    ("https://upload.example.org/a.jpg", None),
    # What ingest found on the page (source.image), under an open licence.
    ({"source": {"image": {"url": "https://upload.example.org/b.jpg", "licence": "CC0"}}},
     "https://upload.example.org/b.jpg"),
    # Never an unsafe address, whatever the licence says.
    ({"url": "javascript:alert(1)", "licence": "CC0"}, None),
    ({"url": "data:image/png;base64,AAAA", "licence": "CC0"}, None),
])
def test_lead_image_only_under_an_open_licence(hosted_settings, image, expected):
    front_matter = image if "source" in image else {"image": image}
    data = news_article(briefing(hosted_settings, **front_matter), hosted_settings)
    assert data["image"] == [expected or f"{HOSTED}/{DEFAULT_IMAGE}"]
