"""Front matter read with libyaml: the same YAML reader, several times faster on a big site.

pelican-yaml-metadata parses with ``yaml.safe_load``, the pure-Python parser,
which was a third of a 1,000-briefing build. This reader is that plugin's
reader with the C ``CSafeLoader`` where PyYAML was built with libyaml; the
result is the same data.
"""

from __future__ import annotations

import logging

import yaml
from pelican import signals
from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader

from ..frontmatter import SAFE_LOADER

logger = logging.getLogger(__name__)


class BriefingReader(YAMLMetadataReader):
    """Markdown with YAML front matter, parsed by libyaml."""

    def _load_yaml_metadata(self, text, source_path):
        try:
            metadata = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError as error:
            # One line naming the file; `briefing check` gives the line to fix.
            logger.error("%s: front matter is not valid YAML (%s)", source_path, str(error).splitlines()[0])
            return {}
        if not isinstance(metadata, dict):
            logger.error("%s: front matter is not a mapping of fields", source_path)
            return {}
        return self._parse_yaml_metadata(metadata, source_path)


def use_briefing_reader(readers) -> None:
    """``readers_init`` receiver: read Markdown files with :class:`BriefingReader`."""
    for extension in BriefingReader.file_extensions:
        readers.reader_classes[extension] = BriefingReader


def register():
    signals.readers_init.connect(use_briefing_reader)
