"""User-facing errors. Library code raises these; only the CLI prints them."""

from __future__ import annotations


class BriefingError(Exception):
    """A problem with one input, reported as ``<where>: <reason>`` on one line."""

    def __init__(self, where: object, reason: str):
        self.where = str(where)
        self.reason = reason
        super().__init__(f"{self.where}: {reason}")

    def __reduce__(self):
        # Errors cross from convert workers to the parent; rebuild with both arguments.
        return type(self), (self.where, self.reason)


class SourceError(BriefingError):
    """A seed file or URL that cannot be turned into a briefing."""


class TaxonomyError(BriefingError):
    """The taxonomy data file is invalid; ``reason`` lists every problem found."""
