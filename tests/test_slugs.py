"""The address a new briefing gets for a headline in each script, and an old briefing keeps.

QA trial: an Arabic headline ("الصين وبيلاروسيا تجريان تدريبات عسكرية مشتركة")
got /briefing/lsyn-wbylrwsy-tjryn-tdrybt-skry-mshtrk/, a Japanese one
/briefing/ri-ben-tohuiripingaxie-ding-nishu-ming/, and a Ukrainian "Зеленський"
was cut in two (zelens-kii).
"""

from __future__ import annotations

import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from briefing import frontmatter
from briefing.cli import main
from briefing.slugs import slugify
from conftest import build_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.parametrize("title, slug", [
    ("Лукашенко встретился с Путиным в Минске", "lukashenko-vstretilsia-s-putinym-v-minske"),
    ("Зеленський провів переговори з Дудою", "zelenskii-proviv-peregovori-z-dudoiu"),
    ("Лукашэнка сустрэўся з Пуціным", "lukashenka-sustreusia-z-putsinym"),
    ("Łukašenka sustreŭsia z Pucinym", "lukasenka-sustreusia-z-pucinym"),  # Belarusian in Latin script
    ("Prezydent Duda spotkał się z Zełenskim", "prezydent-duda-spotkal-sie-z-zelenskim"),
    ("中国与白俄罗斯举行联合军事训练", "zhong-guo-yu-bai-e-luo-si-ju-xing-lian-he-jun-shi-xun-lian"),  # pinyin
    ("الصين وبيلاروسيا تجريان تدريبات عسكرية مشتركة", "الصين-وبيلاروسيا-تجريان-تدريبات-عسكرية-مشتركة"),
    ("اَلصِّينُ", "الصين"),  # vowel marks are left out, as in URLs written by hand
    ("ایران و روسیه قرارداد امضا کردند", "ایران-و-روسیه-قرارداد-امضا-کردند"),
    ("ישראל ואיראן", "ישראל-ואיראן"),
    ("日本とフィリピンが協定に署名", "日本とフィリピンが協定に署名"),
    ("NATO’s doorstep", "natos-doorstep"),
    ("Минск и NATO: الصين", "minsk-i-nato-lsyn"),  # mostly Cyrillic: all transliterated
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("!!! ???", "briefing"),
])
def test_a_new_briefing_gets_a_slug_its_readers_can_read(title, slug):
    assert slugify(title) == slug


def test_a_long_headline_in_a_script_of_several_bytes_a_letter_fits_a_file_name():
    slug = slugify("مباحثات " * 60)
    assert slug.startswith("مباحثات-") and not slug.endswith("-")
    assert len(slug) <= 80 and len(slug.encode("utf-8")) <= 200
    chinese = slugify("北约" * 100)
    assert len(chinese) <= 80 and len(chinese.encode("utf-8")) <= 200


def ingest(seeds, content):
    result = CliRunner().invoke(main, ["ingest", "--no-progress", "--jobs", "1", str(seeds), "--content", str(content)])
    assert "Traceback" not in result.output
    return result


def test_an_arabic_briefing_is_built_checked_and_fed_at_its_own_address(tmp_path, monkeypatch):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "cairo.txt").write_text(
        "محادثات في القاهرة حول الحدود\n\nاستمرت المحادثات في القاهرة حتى مساء الثلاثاء بين وزراء مصر والأردن. "
        "وقال المسؤولون إن المعابر ستفتح خلال أسابيع.\n", encoding="utf-8")
    assert ingest(seeds, content).exit_code == 0
    slug = "محادثات-في-القاهرة-حول-الحدود"
    assert (content / "briefings" / f"{slug}.md").exists()
    monkeypatch.chdir(tmp_path)
    checked = CliRunner().invoke(main, ["check", "--content", "content"])
    assert checked.exit_code == 0 and "0 errors, 0 warnings" in checked.output, checked.output

    output = build_site(content, tmp_path / "output")
    page = output / "briefing" / slug / "index.html"
    assert "محادثات في القاهرة حول الحدود" in page.read_text(encoding="utf-8")
    assert f'href="./briefing/{slug}/"' in (output / "index.html").read_text(encoding="utf-8")
    entry = ET.parse(output / "feeds/all.atom.xml").getroot().find(f"{ATOM}entry")
    link = entry.find(f"{ATOM}link").get("href")
    # A URI in the feed: percent-encoded, and naming the page that was written.
    assert link.isascii() and urllib.parse.unquote(urllib.parse.urlsplit(link).path) == f"/briefing/{slug}/"

    hosted = build_site(content, tmp_path / "hosted", "publishconf.py", SITEURL="https://news.example.com",
                        FEED_DOMAIN="https://news.example.com")
    locations = [element.text for element in ET.parse(hosted / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert all(location.isascii() for location in locations), locations
    assert f"https://news.example.com/briefing/{urllib.parse.quote(slug)}/" in locations


def test_an_existing_briefing_keeps_its_address_when_its_seed_is_ingested_again(tmp_path):
    """Never change a published URL: a briefing ingested with the old transliterated slug stays at it."""
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "cairo.txt").write_text("محادثات في القاهرة حول الحدود\n\nاستمرت المحادثات في القاهرة حتى مساء "
                                     "الثلاثاء بين وزراء مصر والأردن.\n", encoding="utf-8")
    assert ingest(seeds, content).exit_code == 0
    [written] = (content / "briefings").glob("*.md")
    old = content / "briefings" / "mhdthat-fy-lqhr-hwl-lhdwd.md"
    meta, body = frontmatter.parse(written.read_text(encoding="utf-8"), written)
    meta["slug"] = old.stem
    old.write_text(frontmatter.render(meta, body), encoding="utf-8")
    written.unlink()
    (seeds / "cairo.txt").write_text((seeds / "cairo.txt").read_text(encoding="utf-8") + "\nوأضافوا تفاصيل.\n",
                                     encoding="utf-8")
    result = ingest(seeds, content)
    assert result.exit_code == 0 and "updated" in result.output, result.output
    assert [path.name for path in (content / "briefings").glob("*.md")] == [old.name]
    assert frontmatter.parse(old.read_text(encoding="utf-8"), old)[0]["slug"] == old.stem
