"""Pelican plugin for briefing sites: regions as a second taxonomy beside tags.

Enable it with ``PLUGINS = ["pelican.plugins.yaml_metadata", "briefing.plugin"]``.
"""

from .regions import register

__all__ = ["register"]
