"""Find duplicate articles in a batch: same canonical URL, or near-identical text.

Near-duplicates (the same wire story on two sites, a page saved twice) are
found with a MinHash-style signature built by one-permutation hashing (one
hash per word shingle, the minimum kept per bin) and locality-sensitive
banding: each article is compared only with the few earlier ones that share
a band, so a batch costs O(n), not O(n²).
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
import zlib
from collections import defaultdict

from briefing.article import Article

SHINGLE_WORDS = 5
SIGNATURE_BINS = 128
BAND_ROWS = 8  # 16 bands of 8: texts at Jaccard 0.9 collide with p > 0.9999
NEAR_DUPLICATE_JACCARD = 0.9
MIN_SHINGLES = 8  # below this, only exact text matches count
# Shingles are hashed with CRC-32: deterministic across processes and runs, and
# C-fast, which matters because ingest signs every briefing already on the site.
# 32 bits leave 2**25 values per bin, plenty for estimating a Jaccard of 0.9.
HASH_BITS = 32
EMPTY_BIN = (1 << HASH_BITS) // SIGNATURE_BINS  # larger than any bin value
WORD = re.compile(r"\w+")
TRACKING_PARAMETERS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|src)$", re.IGNORECASE)


class DuplicateIndex:
    """The articles seen so far in a batch, indexed for duplicate checks.

    Use ``check(article)`` before ``add(article, id)``::

        index = DuplicateIndex()
        for id, article in articles:
            earlier = index.check(article)
            if earlier is None:
                index.add(article, id)
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD):
        self.threshold = threshold
        self.by_url: dict[str, str] = {}
        self.by_text: dict[str, str] = {}
        self.bands: dict[tuple, list[str]] = defaultdict(list)
        self.signatures: dict[str, tuple[int, ...]] = {}

    def check(self, article: Article) -> str | None:
        """The id of an earlier article this one duplicates, or None."""
        for url in article_urls(article):
            if url in self.by_url:
                return self.by_url[url]
        words = text_words(article)
        exact = text_digest(words)
        if exact in self.by_text:
            return self.by_text[exact]
        signature = make_signature(words)
        if signature is None:
            return None
        candidates = dict.fromkeys(
            earlier for band in band_keys(signature) for earlier in self.bands.get(band, ())
        )
        for earlier in candidates:
            if estimate_jaccard(signature, self.signatures[earlier]) >= self.threshold:
                return earlier
        return None

    def add(self, article: Article, article_id: str) -> None:
        """Remember an article under ``article_id`` for later checks."""
        for url in article_urls(article):
            self.by_url.setdefault(url, article_id)
        words = text_words(article)
        self.by_text.setdefault(text_digest(words), article_id)
        signature = make_signature(words)
        if signature is None:
            return
        self.signatures[article_id] = signature
        for band in band_keys(signature):
            self.bands[band].append(article_id)


def article_urls(article: Article) -> list[str]:
    """The normalised canonical and plain URLs an article states."""
    found = []
    for key in ("canonical_url", "url"):
        value = article.source.get(key)
        if value:
            normal = normalize_url(value)
            if normal not in found:
                found.append(normal)
    return found


def normalize_url(url: str) -> str:
    """A URL reduced to what identifies the page.

    Scheme and ``www.`` are dropped, the host lower-cased, the fragment,
    tracking parameters (``utm_*``, ``fbclid``...) and a trailing slash removed.
    """
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = urllib.parse.urlencode(
        [
            (key, value)
            for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMETERS.match(key)
        ]
    )
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{query}" if query else "")


def text_words(article: Article) -> list[str]:
    """The lower-cased words of an article's body (the title is left out:
    syndicated copies often retitle a story)."""
    return WORD.findall(article.body.lower())


def text_digest(words: list[str]) -> str:
    """A digest of the exact word sequence."""
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest()


def make_signature(words: list[str]) -> tuple[int, ...] | None:
    """A one-permutation-hashing MinHash signature, or None for short texts."""
    count = len(words) - SHINGLE_WORDS + 1
    if count < MIN_SHINGLES:
        return None
    signature = [EMPTY_BIN] * SIGNATURE_BINS
    for start in range(count):
        shingle = " ".join(words[start : start + SHINGLE_WORDS]).encode("utf-8")
        value = zlib.crc32(shingle)
        slot, rest = divmod(value, EMPTY_BIN)
        slot %= SIGNATURE_BINS
        if rest < signature[slot]:
            signature[slot] = rest
    return tuple(signature)


def band_keys(signature: tuple[int, ...]) -> list[tuple]:
    """The LSH band keys of a signature; bands of only empty bins are skipped."""
    keys = []
    for band in range(0, SIGNATURE_BINS, BAND_ROWS):
        rows = signature[band : band + BAND_ROWS]
        if any(value != EMPTY_BIN for value in rows):
            keys.append((band, rows))
    return keys


def estimate_jaccard(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets.

    Bins empty in both texts say nothing and are left out; this keeps the
    estimate fair for short texts that fill only some bins.
    """
    used = equal = 0
    for left, right in zip(first, second):
        if left == EMPTY_BIN and right == EMPTY_BIN:
            continue
        used += 1
        equal += left == right
    return equal / used if used else 0.0
