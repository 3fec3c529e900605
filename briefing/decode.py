"""Turn the raw bytes of a web page or a text file into text.

HTML follows the browser's order of precedence: a byte-order mark, then the
charset the HTTP server declared, then the page's own ``<meta>`` declaration,
and only then a guess. Plain text has no declaration, so after the BOM and
UTF-8 it is guessed among the encodings news text is usually found in.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import filetype

from briefing.errors import SourceError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Browsers read a page's <meta charset> only near its top; a little more
# slack than the spec's 1024 bytes copes with long <head> comments.
META_SCAN_BYTES = 4096
META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)

# WHATWG encoding labels that mean something wider than Python's codec of the
# same name: pages labelled latin-1 are really windows-1252, and so on.
WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "tis-620": "cp874",
    # A page that says UTF-16 in an ASCII-compatible <meta> cannot be UTF-16.
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}

# Plain text carries no declaration: guess only among encodings that news
# text is commonly found in, so that short Latin-1 text is not read as, say,
# a Baltic code page.
TEXT_ENCODINGS = [
    "cp1252",
    "cp1251",
    "koi8_r",
    "cp1250",
    "iso8859_15",
    "iso8859_2",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "gb18030",
    "big5",
    "cp932",
    "euc_jp",
    "cp949",
]

# Control characters (C0 but tab and newlines, DEL, C1) mean nothing in an
# article and are invalid in the XML of the site's feeds: they are removed,
# form feeds and vertical tabs becoming line breaks.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
LINE_BREAK_CONTROLS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")  # the union of the two
# UTF-16 without a BOM: ASCII-range text puts a NUL in every other byte.
MIN_UTF16_NUL_SHARE = 0.1

# Text with more control characters than this is taken to be binary.
MAX_CONTROL_RATIO = 0.01
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Above this share of accented letters a Latin reading is implausible.
MAX_ACCENTED_RATIO = 0.25

# How much of a seed the file-type detector looks at: an Office file names its
# parts (word/, xl/...) within its first few kilobytes.
SNIFF_BYTES = 8192
# Formats whose signature is itself text ("%PDF-", "{\\rtf"), long enough to
# be believed alone. Any other format the detector names is believed only if
# the head holds bytes no text has: an article starting "BMW" is no bitmap,
# one starting "MZ" no Windows program.
TEXTUAL_SIGNATURES = frozenset({"pdf", "rtf"})
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
KIND_NAMES = {
    "pdf": "a PDF",
    "rtf": "an RTF document",
    "doc": "a Word document (.doc)",
    "docx": "a Word document (.docx)",
    "odt": "an OpenDocument text (.odt)",
    "xls": "a spreadsheet (.xls)",
    "xlsx": "a spreadsheet (.xlsx)",
    "ods": "a spreadsheet (.ods)",
    "ppt": "a presentation (.ppt)",
    "pptx": "a presentation (.pptx)",
    "odp": "a presentation (.odp)",
    "epub": "an e-book (.epub)",
    "zip": "a ZIP archive",
    "gz": "a gzip archive",
}
KIND_FAMILIES = {"image": "an image", "audio": "an audio file", "video": "a video", "font": "a font"}


def decode_html(data: bytes, http_charset: str | None = None, where: object = "<html>") -> str:
    """Decode an HTML page as a browser would.

    Precedence: BOM, then ``http_charset`` (from the Content-Type header),
    then ``<meta charset>`` or ``<meta http-equiv="Content-Type">``, then
    UTF-8 if the bytes are valid UTF-8, else a charset-normalizer guess.
    A declared charset that is unknown or does not fit the bytes is skipped.
    One deliberate departure from browsers: bytes that are valid UTF-8 and
    not plain ASCII are read as UTF-8 even if a single-byte charset is
    declared, because servers often send a default ``iso-8859-1`` for UTF-8
    pages, while single-byte text with accents is almost never valid UTF-8.
    As a last resort undecodable bytes become U+FFFD; the only failure is
    ``SourceError(where, ...)`` for a file of a binary format (``refuse_binary``).
    """
    refuse_binary(data, where)
    return strip_control_chars(_decode_html(data, http_charset))


def _decode_html(data: bytes, http_charset: str | None) -> str:
    """``decode_html`` before control characters are removed."""
    text = decode_bom(data)
    if text is not None:
        return text
    text = decode_utf8(data)
    if text is not None and not text.isascii():
        return text
    for declared in (http_charset, find_meta_charset(data)):
        text = decode_declared(data, declared)
        if text is not None:
            return text
    text = decode_utf8(data)
    if text is not None:
        return text
    text = guess_text_encoding(data)
    if text is not None:
        return text
    return data.decode("cp1252", errors="replace")


def decode_text(data: bytes, where: object) -> str:
    """Decode a plain-text file (an article saved as .txt or .md).

    Honours a BOM, then takes UTF-8 if the bytes are valid UTF-8, else guesses
    among common news encodings (Windows-1252/Latin-1, Windows-1251, KOI8-R,
    Central European, Greek, Turkish, CJK...). Raises ``SourceError(where,
    reason)`` for a file of a binary format (a PDF, an image...), other binary
    data (NUL bytes, many control characters) or bytes no encoding fits.
    """
    refuse_binary(data, where)
    text = decode_bom(data)
    if text is None and b"\x00" in data:
        text = decode_utf16_without_bom(data)
        if text is None:
            raise SourceError(where, "binary data (NUL bytes), not a text file")
    if text is None:
        text = decode_utf8(data)
    if text is None:
        text = guess_text_encoding(data)
    if text is None:
        raise SourceError(where, "cannot decode: not UTF-8 and no known text encoding fits")
    if looks_binary(text):
        raise SourceError(where, "binary data (control characters), not a text file")
    return strip_control_chars(text)


def refuse_binary(data: bytes, where: object) -> None:
    """Raise ``SourceError(where, "is a PDF; ...")`` if ``data`` is a file of a binary format.

    An editor who drops a PDF, a Word file or a photo into seeds/ (or saves one
    under an .html or .txt name) is told what it is and what to do instead,
    rather than getting a briefing made of its bytes.
    """
    kind = binary_kind(data)
    if kind is not None:
        raise SourceError(where, f"is {kind}, not a web page or text; save the article as HTML or text")


def binary_kind(data: bytes) -> str | None:
    """The binary format ``data`` is in, in words ("a PDF"), or None for text or HTML."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None  # a byte-order mark says text
    head = data[:SNIFF_BYTES]
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.extension not in TEXTUAL_SIGNATURES and not BINARY_BYTES.search(head):
        return None
    if kind.extension in KIND_NAMES:
        return KIND_NAMES[kind.extension]
    family = KIND_FAMILIES.get(kind.mime.partition("/")[0], "a binary file")
    return f"{family} (.{kind.extension})"


def strip_control_chars(text: str) -> str:
    """Text without control characters; form feeds and line separators become newlines."""
    # Most pages have none: one search spares two substitutions over the whole page.
    if ANY_CONTROL.search(text) is None:
        return text
    return CONTROL_CHARS.sub("", LINE_BREAK_CONTROLS.sub("\n", text))


def decode_utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 that has no BOM, told apart by where its NUL bytes fall; else None."""
    if len(data) % 2:
        return None
    pairs = len(data) // 2
    for encoding, nul_index in (("utf-16-le", 1), ("utf-16-be", 0)):
        nuls = data[nul_index::2].count(0)
        if nuls >= MIN_UTF16_NUL_SHARE * pairs and not data[1 - nul_index::2].count(0):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_bom(data: bytes) -> str | None:
    """Decode by byte-order mark, or return None if there is none."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    return None


def decode_utf8(data: bytes) -> str | None:
    """Decode strict UTF-8, or return None if the bytes are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def find_meta_charset(data: bytes) -> str | None:
    """Return the charset a page declares in a ``<meta>`` near its top."""
    match = META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def normalize_charset(label: str | None) -> str | None:
    """Map an encoding label to a Python codec name, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_declared(data: bytes, label: str | None) -> str | None:
    """Decode with a declared charset, or None if it is unknown or wrong.

    A declaration is wrong when the bytes do not decode under it at all;
    a few stray bad bytes in a long page are tolerated as U+FFFD.
    """
    encoding = normalize_charset(label)
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    text = data.decode(encoding, errors="replace")
    # Tolerate a handful of broken bytes (truncated pages, pasted snippets)
    # but not a declaration that is plainly false.
    if text.count("\ufffd") <= max(3, len(text) // 1000):
        return text
    return None


def guess_text_encoding(data: bytes) -> str | None:
    """Guess the encoding of undeclared text, or None if nothing fits.

    charset-normalizer often finds several encodings equally clean for short
    text; ties go to the more plausible reading, then to the more common
    encoding (the order of ``TEXT_ENCODINGS``).
    """
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=TEXT_ENCODINGS))
    if not matches:
        matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    decoded = [(match, str(match)) for match in matches]
    match, text = min(decoded, key=lambda pair: rank_reading(pair[0], pair[1]))
    return text


def rank_reading(match, text: str) -> tuple:
    """Sort key for a candidate decoding: lower is more plausible."""
    try:
        preference = TEXT_ENCODINGS.index(match.encoding)
    except ValueError:
        preference = len(TEXT_ENCODINGS)
    return (round(match.chaos, 2), is_implausible_latin(text), -match.coherence, preference)


def is_implausible_latin(text: str) -> bool:
    """Tell whether text is mostly accented Latin letters.

    No Latin-script language writes more than about a fifth of its letters
    with diacritics; Cyrillic or Greek bytes read as Windows-1252 do.
    """
    latin = [char for char in text if char.isalpha() and char < "\u0250"]
    if not latin:
        return False
    accented = sum(1 for char in latin if char > "\x7f")
    return accented / len(latin) > MAX_ACCENTED_RATIO


def looks_binary(text: str) -> bool:
    """Tell whether decoded text is really binary data read as characters."""
    if not text:
        return False
    controls = sum(1 for char in text if char < " " and char not in ALLOWED_CONTROLS)
    return controls / len(text) > MAX_CONTROL_RATIO
