"""Pelican plugin for briefing sites.

Enable it with ``PLUGINS = ["pelican.plugins.yaml_metadata", "briefing.plugin"]``.
It adds regions as a second taxonomy beside tags (``regions``) and cleans
every briefing's HTML (``sanitize``).
"""

from . import regions, sanitize


def register():
    """Connect every part of the plugin (Pelican calls this when it loads the plugin)."""
    regions.register()
    sanitize.register()
