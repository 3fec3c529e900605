"""Render the theme's default share image, publisher logo and favicon.ico with Debian's Chromium.

Search engines and social sites want raster images at fixed sizes: a 1200x675
(16:9) card for briefings whose source has no usable lead image
(``og:image``, JSON-LD ``image``) and a 512x512 logo (JSON-LD
``publisher.logo``). Both are drawn here in HTML with the theme's colours and
system fonts, so they can be redrawn after a change:

    .venv/bin/python tools/render_images.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser_support import chromium  # noqa: E402

IMAGES = ROOT / "theme" / "static" / "images"
STYLE = """
html, body { margin: 0; width: 100%; height: 100%; }
body { background: #121418; color: #e9e7e2; display: flex; flex-direction: column; justify-content: center;
       font-family: "DejaVu Sans", sans-serif; }
.rule { background: #80b9f5; }
.name { font-family: "DejaVu Serif", serif; font-weight: 700; letter-spacing: -.02em; line-height: 1; }
"""
DRAWINGS = {
    "card.png": ((1200, 675), """
      <div style="padding: 0 96px">
        <div class="rule" style="width: 160px; height: 12px; margin-bottom: 48px"></div>
        <div class="name" style="font-size: 150px">Briefing</div>
        <div style="font-size: 44px; color: #a9afb9; margin-top: 36px">Who is doing what, where:<br>tagged news briefings</div>
      </div>"""),
    "logo.png": ((512, 512), """
      <div style="display: flex; flex-direction: column; align-items: center">
        <div class="name" style="font-size: 300px">B</div>
        <div class="rule" style="width: 240px; height: 24px; margin-top: 24px"></div>
      </div>"""),
}


FAVICON_SVG = ROOT / "theme" / "static" / "favicon.svg"
FAVICON_ICO = ROOT / "theme" / "static" / "favicon.ico"
ICON_SIZES = (16, 32, 48)


def ico(pngs: list[tuple[int, bytes]]) -> bytes:
    """An ICO file holding PNG images (``[(size, png bytes)]``), as every browser since 2007 reads it."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, data = b"", b""
    for size, png in pngs:
        # width and height 0 mean 256; one plane, 32 bits per pixel, then the image's length and offset.
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def render_favicon(browser) -> None:
    """``favicon.ico`` from ``favicon.svg``: browsers ask for /favicon.ico on pages that name no icon (a feed)."""
    svg = FAVICON_SVG.read_text(encoding="utf-8")
    pngs = []
    for size in ICON_SIZES:
        page = browser.new_page(viewport={"width": size, "height": size})
        page.set_content(f"<!doctype html><style>html,body{{margin:0}}svg{{display:block;width:{size}px;"
                         f"height:{size}px}}</style>{svg}")
        pngs.append((size, page.screenshot(omit_background=True)))
        page.close()
    FAVICON_ICO.write_bytes(ico(pngs))
    print(f"wrote {FAVICON_ICO} ({', '.join(f'{s}x{s}' for s in ICON_SIZES)})")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        for name, ((width, height), body) in DRAWINGS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_content(f"<!doctype html><style>{STYLE}</style><body>{body}</body>")
            page.screenshot(path=str(IMAGES / name))
            page.close()
            print(f"wrote {IMAGES / name} ({width}x{height})")
        render_favicon(browser)


if __name__ == "__main__":
    main()
