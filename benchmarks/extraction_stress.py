"""Site-independent perturbations of the dev pages, for ``extraction.py --stress``.

Extraction rules tuned on the dev pages lost on pages never seen. Held-out
data stays unseen, so robustness is measured here instead: each dev page is
changed the way unseen pages differ (the failure classes issue 10 lists from
reading outputs on other suites), and all three extractors are scored against
the page's *unchanged* ground truth. A perturbation that costs briefing more
than it costs the libraries points at a rule that will not generalise.

The article container is located with the ground truth (the deepest element
holding 80% of the truth's 4-word shingles): this is the harness's
knowledge, never the extractor's. Filler text (comments, captions) is
sentences from *other* pages of the same set, so it reads as real prose.
Everything is seeded by the perturbation's name and the page id, so a run is
repeatable.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from lxml import etree, html as lxml_html

WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
SHINGLE = 4
CONTAINER_SHARE = 0.8  # share of the truth's shingles the article container holds
MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS = 8, 35
# Class words blog and CMS themes put on post containers (issue 10's examples and their kind).
CMS_CLASS_WORDS = (
    "entry-category-social_media", "category-social-media", "tag-share", "share_wrapper",
    "post-promo-block", "category-related-news", "tag-newsletter", "has-sidebar",
)
SECTION_NAMES = (
    "News", "World", "Politics", "Business", "Tech", "Science", "Health", "Training",
    "Competitions", "Sport", "Culture", "Opinion", "Video", "Podcasts", "Subscribe",
)
COMMENT_CLASSES = ("responses", "user-posts", "talkback")
TRUNCATE_SHARE = (0.5, 0.8)


class Page:
    """One dev page being perturbed: its tree, its article container, and a seeded random source."""

    def __init__(self, html: str, truth: str, filler: list[str], seed: str):
        self.tree = lxml_html.document_fromstring(html)
        self.random = random.Random(seed)
        self.filler = filler
        self.container = find_container(self.tree, truth)

    def sentences(self, count: int) -> str:
        """``count`` filler sentences as one text."""
        return " ".join(self.random.choice(self.filler) for _ in range(count)) if self.filler else "Lorem ipsum."

    def html(self) -> str:
        """The perturbed page as HTML text."""
        return "<!DOCTYPE html>\n" + lxml_html.tostring(self.tree, encoding="unicode")


def shingles(text: str) -> Counter:
    """4-word shingles of a text, as the scorer counts them."""
    tokens = WORD.findall(text)
    if len(tokens) <= SHINGLE:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(zip(*(tokens[offset:] for offset in range(SHINGLE))))


def containment(part: Counter, whole: Counter) -> float:
    """Share of ``part``'s shingles in ``whole``."""
    total = sum(part.values())
    return sum(min(count, whole[key]) for key, count in part.items()) / total if total else 0.0


def find_container(tree, truth: str):
    """The deepest element holding most of the truth's shingles; a new wrapper of the body's children if that is the body."""
    wanted = shingles(truth)
    body = tree.find("body") if tree.tag != "body" else tree
    if body is None:
        body = tree
    node = body
    while True:
        inner = [child for child in node if isinstance(child.tag, str)
                 and containment(wanted, shingles(child.text_content())) >= CONTAINER_SHARE]
        if not inner:
            break
        node = inner[0]
    if node is body or node.tag in ("html", "body"):
        wrapper = etree.Element("div")
        wrapper.text, node.text = node.text, None
        for child in list(node):
            wrapper.append(child)
        node.append(wrapper)
        node = wrapper
    return node


def add_class(element, word: str) -> None:
    """Append a class word to an element's class attribute."""
    element.set("class", f"{element.get('class', '')} {word}".strip())


def cms_classes(page: Page) -> None:
    """Category, tag, share and promo words on the post container, its ancestors and the wrappers of its paragraphs."""
    targets = [page.container, *[a for a in page.container.iterancestors() if a.tag not in ("html", "body")]]
    wrappers = dict.fromkeys(p.getparent() for p in page.container.iter("p"))  # document order, once each
    targets += [wrapper for wrapper in wrappers if wrapper is not None and wrapper is not page.container]
    for element in targets:
        add_class(element, page.random.choice(CMS_CLASS_WORDS))


def aside_post(page: Page) -> None:
    """The post is an ``<aside class="blogPost">``."""
    page.container.tag = "aside"
    page.container.set("class", "blogPost")


def nav_menu(page: Page) -> None:
    """A menu of section names (links in a list, no ``<nav>``) just before the article."""
    menu = etree.Element("div", {"class": "menu-bar"})
    items = etree.SubElement(menu, "ul")
    for name in SECTION_NAMES:
        link = etree.SubElement(etree.SubElement(items, "li"), "a", href=f"/{name.lower()}/")
        link.text = name
    page.container.addprevious(menu)


def comments(page: Page, count: int = 8) -> None:
    """Reader comments after the article: who and when, prose, and reply/report links."""
    name = page.random.choice(COMMENT_CLASSES)
    block = etree.Element("div", {"class": name})
    etree.SubElement(block, "h3").text = f"{count} responses"
    for number in range(count):
        entry = etree.SubElement(block, "div", {"class": f"{name}-item"})
        etree.SubElement(entry, "p").text = f"Posted by reader{number * 7 + 3} on 3 March 2012 at 14:{number:02d}"
        etree.SubElement(entry, "p").text = page.sentences(page.random.randint(1, 3))
        actions = etree.SubElement(entry, "p")
        etree.SubElement(actions, "a", href="#reply").text = "Reply"
        etree.SubElement(actions, "a", href="#report").text = "Report this comment"
    page.container.addnext(block)


def gallery(page: Page, count: int = 30) -> None:
    """A gallery of captioned slides after the article."""
    block = etree.Element("div", {"class": "slides"})
    for number in range(count):
        slide = etree.SubElement(block, "div", {"class": "slide"})
        etree.SubElement(slide, "img", src=f"/images/{number}.jpg", alt="")
        etree.SubElement(slide, "p").text = page.sentences(1)
    page.container.addnext(block)


def table_layout(page: Page) -> None:
    """A 2008 layout: the page in nested tables, a menu column, and a footer with the address."""
    body = page.tree.find("body")
    outer = etree.Element("table", width="100%")
    header = etree.SubElement(etree.SubElement(outer, "tr"), "td", colspan="2")
    header.text = "Example Daily Courier"
    row = etree.SubElement(outer, "tr")
    menu = etree.SubElement(row, "td", width="150", valign="top")
    for name in SECTION_NAMES:
        etree.SubElement(menu, "a", href=f"/{name.lower()}.html").text = name
        etree.SubElement(menu, "br")
    inner = etree.SubElement(etree.SubElement(etree.SubElement(etree.SubElement(row, "td", valign="top"), "table"), "tr"), "td")
    inner.text, body.text = body.text, None
    for child in list(body):
        inner.append(child)
    footer = etree.SubElement(etree.SubElement(outer, "tr"), "td", colspan="2")
    footer.text = ("Copyright 2008 Example Daily Courier, 1200 Harbour Street, Springfield. "
                   "All rights reserved. Contact us | Advertise | Privacy policy | Terms of use")
    body.append(outer)


def br_paragraphs(page: Page) -> None:
    """Old markup: the article's paragraphs are text separated by ``<br><br>``, not ``<p>``."""
    for paragraph in list(page.container.iter("p")):
        if paragraph.getparent() is None:
            continue
        breaks = etree.Element("br")
        breaks.tail = "\n"
        second = etree.Element("br")
        paragraph.addnext(breaks)
        breaks.addnext(second)
        second.tail, paragraph.tail = paragraph.tail, None
        paragraph.drop_tag()


def updated_line(page: Page) -> None:
    """An "Updated" time line just before the article's first paragraph."""
    first = next(page.container.iter("p"), None)
    line = etree.Element("p", {"class": "timestamp"})
    line.text = "Updated 14:32 GMT, Saturday 3 March 2012"
    if first is not None:
        first.addprevious(line)
    else:
        page.container.insert(0, line)


def embedded_tweet(page: Page) -> None:
    """An embedded tweet (text, hashtag, short link, handle, date) in the middle of the article."""
    paragraphs = list(page.container.iter("p"))
    tweet = etree.Element("blockquote", {"class": "twitter-tweet"})
    text = etree.SubElement(tweet, "p", lang="en")
    text.text = page.sentences(1) + " #breaking "
    etree.SubElement(text, "a", href="https://t.co/AbC123xyz").text = "pic.twitter.com/AbC123xyz"
    etree.SubElement(tweet, "span").text = "— Jane Reporter (@janereporter) "
    etree.SubElement(tweet, "a", href="https://twitter.com/janereporter/status/1").text = "March 3, 2012"
    if paragraphs:
        paragraphs[len(paragraphs) // 2].addnext(tweet)
    else:
        page.container.append(tweet)


LINK_BOX_TITLES = ("Top stories", "More on this story", "Most read", "Latest headlines", "From our partners", "Elsewhere")


def headline(page: Page) -> str:
    """A headline-like line: the start of a filler sentence, 6 to 12 words."""
    words = page.sentences(1).split()
    return " ".join(words[: page.random.randint(6, 12)]).rstrip(",.;:")


def link_box(page: Page, title: str, count: int):
    """A box of headline links under a heading, in neutral classes (no furniture words)."""
    box = etree.Element("div", {"class": "box module"})
    etree.SubElement(box, "h4").text = title
    items = etree.SubElement(box, "ul")
    for number in range(count):
        item = etree.SubElement(items, "li")
        etree.SubElement(item, "a", href=f"/story/{page.random.randint(1000, 9999)}.html").text = headline(page)
    return box


def link_lists(page: Page) -> None:
    """A portal page: boxes of headline links before the story, inside it after its second paragraph, and after it."""
    page.container.addprevious(link_box(page, LINK_BOX_TITLES[0], page.random.randint(6, 10)))
    paragraphs = list(page.container.iter("p"))
    inside = link_box(page, LINK_BOX_TITLES[1], page.random.randint(3, 5))
    if len(paragraphs) > 2:
        paragraphs[1].addnext(inside)
    else:
        page.container.append(inside)
    for title in LINK_BOX_TITLES[2:]:
        page.container.addnext(link_box(page, title, page.random.randint(6, 10)))


def old_page(page: Page) -> None:
    """A 2008 page: ``<br>`` paragraphs in a table layout, with a menu column and boxes of headline links."""
    br_paragraphs(page)
    for title in LINK_BOX_TITLES[2:4]:
        page.container.addnext(link_box(page, title, page.random.randint(6, 10)))
    table_layout(page)


def blog(page: Page) -> None:
    """A blog page: CMS class words on the post, a menu before it and many comments after (the post is under a third of the text)."""
    cms_classes(page)
    nav_menu(page)
    comments(page, count=25)


TREE_PERTURBATIONS = {
    "as-is": lambda page: None,  # parsed and written back only: the baseline for the others
    "cms-classes": cms_classes,
    "aside-post": aside_post,
    "nav-menu": nav_menu,
    "comments": comments,
    "gallery": gallery,
    "table-layout": table_layout,
    "br-paragraphs": br_paragraphs,
    "updated-line": updated_line,
    "tweet": embedded_tweet,
    "blog": blog,
    "link-lists": link_lists,
    "old-page": old_page,
}
PERTURBATIONS = (*TREE_PERTURBATIONS, "truncated")


def sentence_pool(truths: dict[str, str]) -> dict[str, list[str]]:
    """Each page's prose sentences (from its ground truth), for filling *other* pages."""
    return {
        page: [sentence for sentence in SENTENCE_END.split(" ".join(text.split()))
               if MIN_SENTENCE_WORDS <= len(WORD.findall(sentence)) <= MAX_SENTENCE_WORDS]
        for page, text in sorted(truths.items())
    }


def filler_for(pool: dict[str, list[str]], page: str) -> list[str]:
    """Sentences of every page but ``page``."""
    return [sentence for other, sentences in pool.items() if other != page for sentence in sentences]


def perturb(name: str, html: str, page_id: str, truths: dict[str, str], filler: list[str]) -> str:
    """The page ``html`` changed by perturbation ``name`` (seeded by ``name`` and ``page_id``)."""
    if name == "truncated":
        share = random.Random(f"{name}/{page_id}").uniform(*TRUNCATE_SHARE)
        data = html.encode("utf-8")
        return data[: int(len(data) * share)].decode("utf-8", errors="ignore")
    page = Page(html, truths[page_id], filler, f"{name}/{page_id}")
    TREE_PERTURBATIONS[name](page)
    return page.html()
