"""A page's lead image and the licence it states, as ingest records them under ``source.image``."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from briefing.leadimage import find_lead_image

BASE = "https://news.example.com/2024/07/02/story"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def page(head: str) -> str:
    return f"<html><head>{head}</head><body><p>Text.</p></body></html>"


@pytest.mark.parametrize("head, expected", [
    # Open Graph image, page licensed with <link rel=license>.
    (f'<meta property="og:image" content="https://img.example.com/a.jpg"><link rel="license" href="{CC_BY}">',
     {"url": "https://img.example.com/a.jpg", "licence": CC_BY}),
    # A relative image is resolved against the page's address.
    ('<meta property="og:image" content="/media/a.jpg"><meta name="license" content="CC BY-SA 4.0">',
     {"url": "https://news.example.com/media/a.jpg", "licence": "CC BY-SA 4.0"}),
    # JSON-LD ImageObject with its own licence, inside @graph.
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "image": {"@type": "ImageObject",'
     ' "url": "https://img.example.com/b.jpg", "license": "https://creativecommons.org/publicdomain/zero/1.0/"}}]}'
     '</script>', {"url": "https://img.example.com/b.jpg", "licence": "https://creativecommons.org/publicdomain/zero/1.0/"}),
    # An image with no licence stated: recorded, so an editor who checks can add one.
    ('<meta name="twitter:image" content="https://img.example.com/c.jpg">', {"url": "https://img.example.com/c.jpg"}),
    # Never an unsafe address; nothing when the page names no image.
    ('<meta property="og:image" content="javascript:alert(1)">', None),
    ('<meta property="og:image" content="data:image/png;base64,AAAA">', None),
    ('<script type="application/ld+json">{not json</script>', None),
    ("", None),
])
def test_lead_image_and_licence(head, expected):
    assert find_lead_image(load_html(page(head)), BASE) == expected
