"""Bytes to text: BOM, declared charsets, and guessing for Cyrillic and Latin-1."""

import codecs
from pathlib import Path

import pytest

from briefing.decode import decode_html, decode_text, find_meta_charset
from briefing.errors import SourceError

FIXTURES = Path(__file__).parent / "fixtures" / "html"

RUSSIAN = (
    "Министерство обороны России сообщило во вторник, что учения на севере страны "
    "продолжатся до конца недели. Представитель ведомства заявил журналистам, что в "
    "маневрах участвуют более двух тысяч военнослужащих."
)
FRENCH = (
    "Le président de la République a déclaré mercredi que la réforme des retraites "
    "était nécessaire. Les syndicats ont répondu qu'ils poursuivraient la grève "
    "jusqu'à la fin du mois, malgré les appels au dialogue."
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für Elektroautos "
    "zu verlängern. Der Wirtschaftsminister sagte, die Maßnahme sei für die Industrie "
    "und für die Käufer gleichermaßen wichtig. Straße, Größe, Übung."
)


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    "text, encoding",
    [
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "koi8_r"),
        (RUSSIAN, "utf-8"),
        (FRENCH, "latin-1"),
        (FRENCH, "cp1252"),
        (GERMAN, "latin-1"),
        ("Café crème, s'il vous plaît.", "latin-1"),
        ("Привет, мир", "koi8_r"),
    ],
)
def test_decode_text_guesses_undeclared_encodings(text, encoding):
    assert decode_text(text.encode(encoding), "seed.txt") == text


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_decode_text_honours_bom(bom):
    encoding = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}[bom]
    assert decode_text(bom + FRENCH.encode(encoding), "seed.txt") == FRENCH


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02binary\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(1, 32)) * 20,
    ],
)
def test_decode_text_refuses_binary_data(data):
    with pytest.raises(SourceError) as raised:
        decode_text(data, "photo.txt")
    assert str(raised.value).startswith("photo.txt: ")
    assert "\n" not in str(raised.value)


def test_decode_text_of_empty_file_is_empty():
    assert decode_text(b"", "empty.txt") == ""


@pytest.mark.parametrize(
    "head, expected",
    [
        ('<meta charset="windows-1251">', "windows-1251"),
        ("<meta charset=koi8-r>", "koi8-r"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "ISO-8859-1"),
        ("<meta name=viewport content=width=device-width>", None),
    ],
)
def test_find_meta_charset(head, expected):
    assert find_meta_charset(page("x", head).encode("ascii")) == expected


@pytest.mark.parametrize("encoding, label", [("cp1251", "windows-1251"), ("koi8_r", "koi8-r")])
def test_decode_html_follows_meta_charset(encoding, label):
    data = page(RUSSIAN, f'<meta charset="{label}">').encode(encoding)
    assert RUSSIAN in decode_html(data)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_decode_html_guesses_undeclared_cyrillic(encoding):
    assert RUSSIAN in decode_html(page(RUSSIAN).encode(encoding))


def test_decode_html_reads_utf8_despite_a_default_latin1_header():
    # Servers often label UTF-8 pages with a default "iso-8859-1".
    data = page(FRENCH, '<meta charset="utf-8">').encode("utf-8")
    assert FRENCH in decode_html(data, http_charset="iso-8859-1")


def test_decode_html_prefers_http_charset_over_meta():
    data = page(RUSSIAN, '<meta charset="utf-8">').encode("cp1251")
    assert RUSSIAN in decode_html(data, http_charset="windows-1251")


def test_decode_html_bom_beats_everything():
    data = codecs.BOM_UTF8 + page(FRENCH, '<meta charset="koi8-r">').encode("utf-8")
    assert FRENCH in decode_html(data, http_charset="windows-1251")


def test_decode_html_skips_a_false_declaration():
    # Regression: a page that says windows-1251 but is UTF-8 must not become mojibake.
    data = page(FRENCH, '<meta charset="utf-16">').encode("utf-8")
    assert FRENCH in decode_html(data)


def test_decode_html_treats_latin1_label_as_windows_1252():
    data = page("“Quoted” – dash", '<meta charset="iso-8859-1">').encode("cp1252")
    assert "“Quoted” – dash" in decode_html(data)


def test_decode_html_ignores_unknown_labels():
    data = page(GERMAN, '<meta charset="no-such-charset">').encode("utf-8")
    assert GERMAN in decode_html(data, http_charset="x-bogus")


def test_cp1251_fixture_decodes():
    text = decode_html((FIXTURES / "cp1251_meta.html").read_bytes())
    assert "Министерство обороны" in text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain text, no controls", "plain text, no controls"),
        ("bell\x07 and escape\x1b gone", "bell and escape gone"),
        ("C1\x85 next line and \x9f", "C1\n next line and "),
        ("form\x0cfeed, tab\vvertical", "form\nfeed, tab\nvertical"),
        ("line\u2028separator only", "line\nseparator only"),  # the only control: the quick check must see it
    ],
)
def test_control_characters_are_removed_or_become_line_breaks(text, expected):
    from briefing.decode import strip_control_chars

    assert strip_control_chars(text) == expected
