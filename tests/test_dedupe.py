"""Duplicate detection: same canonical URL, or near-identical text from two sites."""

import datetime as dt
import random

import pytest

from briefing.article import Article
from briefing.dedupe import DuplicateIndex, estimate_jaccard, make_signature, normalize_url

WORDS = (
    "council budget harbour storm ferry minister election river school hospital road bridge tax "
    "police court vote farmers energy price trade port rail strike union mayor city region border "
    "army talks deal report water health housing wages market bank loan fund plan law reform"
).split()


def story(seed: int, length: int = 300) -> str:
    rng = random.Random(seed)
    sentences = []
    for _ in range(length // 10):
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(10)).capitalize() + ".")
    return " ".join(sentences)


def article(body: str, **source) -> Article:
    return Article(
        title="t", body=body, summary="", date=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
        date_source="metadata", source=source,
    )


def test_same_canonical_url_is_a_duplicate():
    index = DuplicateIndex()
    index.add(article(story(1), canonical_url="https://www.site.example/news/1/?utm_source=rss"), "first")
    assert index.check(article(story(2), url="http://site.example/news/1#comments")) == "first"


def test_different_urls_and_texts_are_not_duplicates():
    index = DuplicateIndex()
    index.add(article(story(1), url="https://a.example/1"), "first")
    assert index.check(article(story(2), url="https://a.example/2")) is None


def test_same_wire_story_on_two_sites_is_a_duplicate():
    text = story(7)
    # The second site adds a byline and a closing line and changes one word.
    copy = "By Staff Reporter. " + text.replace("council", "councillors", 1) + " Follow us for more."
    index = DuplicateIndex()
    index.add(article(text, url="https://wire.example/a"), "wire")
    assert index.check(article(copy, url="https://paper.example/b")) == "wire"


def test_rewritten_story_is_not_a_duplicate():
    text = story(7)
    words = text.split()
    rng = random.Random(3)
    # One word in six changed: related, but a different article.
    rewritten = " ".join(word if rng.random() > 1 / 6 else "changed" for word in words)
    index = DuplicateIndex()
    index.add(article(text), "original")
    assert index.check(article(rewritten)) is None


def test_short_texts_match_only_exactly():
    index = DuplicateIndex()
    index.add(article("Storm closes the port."), "short")
    assert index.check(article("Storm closes the port!")) == "short"
    assert index.check(article("Storm closes the old port.")) is None


def test_check_does_not_add():
    index = DuplicateIndex()
    assert index.check(article(story(1))) is None
    assert index.check(article(story(1))) is None


def test_estimate_tracks_true_jaccard():
    words = story(11, 2000).lower().split()
    half = words[: len(words) // 2] + story(12, 1000).lower().split()
    estimate = estimate_jaccard(make_signature(words), make_signature(half))
    assert 0.2 < estimate < 0.5


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.Site.example/a/b/", "site.example/a/b"),
        ("http://site.example/a/b?utm_medium=x&id=3#top", "site.example/a/b?id=3"),
        ("https://site.example", "site.example/"),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


def test_every_near_copy_is_found_among_ten_thousand_articles():
    # 10,000 distinct short stories plus 100 near copies: every copy is found, no false match.
    # How fast this runs is measured by benchmarks/dedupe.py, not asserted here.
    index = DuplicateIndex()
    for number in range(10_000):
        body = story(number, 60)
        assert index.check(article(body)) is None
        index.add(article(body), str(number))
    for number in range(0, 10_000, 100):
        assert index.check(article(story(number, 60) + " Extra.")) == str(number)
