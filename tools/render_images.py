"""Render the theme's default share image and publisher logo to PNG with Debian's Chromium.

Search engines and social sites want raster images at fixed sizes: a 1200x675
(16:9) card for briefings whose source has no usable lead image
(``og:image``, JSON-LD ``image``) and a 512x512 logo (JSON-LD
``publisher.logo``). Both are drawn here in HTML with the theme's colours and
system fonts, so they can be redrawn after a change:

    .venv/bin/python tools/render_images.py
"""

from __future__ import annotations

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


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        for name, ((width, height), body) in DRAWINGS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_content(f"<!doctype html><style>{STYLE}</style><body>{body}</body>")
            page.screenshot(path=str(IMAGES / name))
            page.close()
            print(f"wrote {IMAGES / name} ({width}x{height})")


if __name__ == "__main__":
    main()
