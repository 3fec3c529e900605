"""briefing: turn raw news articles into a tagged, static briefing site built with Pelican."""

__version__ = "0.1.0"
