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

# Drafts (`status: draft`) are for the local build only: the hosted site writes no draft pages.
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_URL = ""
DRAFT_LANG_SAVE_AS = ""

# "Edit this briefing" links, e.g. https://github.com/org/repo/edit/main/{path} ({path}: from the
# repository root). Unset or empty: no link. The GitHub workflow sets it for the repository it runs in.
BRIEFING_EDIT_URL = os.environ.get("BRIEFING_EDIT_URL", "")

# The hosted site never shows a tag or region outside the taxonomy: the build fails instead.
BRIEFING_STRICT = True
