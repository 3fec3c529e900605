"""Pelican settings for the hosted site: absolute URLs under SITEURL, feeds, no drafts.

SITEURL may include a sub-path (GitHub Pages project sites live under /<repo>/);
set it with the SITEURL environment variable, e.g.
``SITEURL=https://example.org/briefings make publish``.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://example.org/briefings").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
