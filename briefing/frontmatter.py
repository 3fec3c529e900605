"""Briefing files: YAML front matter plus a Markdown body, written safely.

Ingest stamps each file it writes with ``ingest.checksum``: the sha256 of the
file's text without that line. An editor who changes anything in the file
changes the hash, so :func:`is_edited` can tell an untouched machine file
(safe to regenerate) from one a person has worked on (never overwritten).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import yaml

from .errors import BriefingError
from .files import temporary_beside

FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?\n)(?:---|\.\.\.)\n(?P<body>.*)\Z", re.DOTALL)
# libyaml where PyYAML has it: ingest and check read every briefing on each run.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The stamp is the last line of the front matter: a "  checksum:" line inside
# a multi-line value (a summary, say) must not be taken for it.
DOCUMENT_END = "...\n"
CHECKSUM_LINE = re.compile(r"^  checksum: ([0-9a-f]{64})\n(?=---\n)", re.MULTILINE)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml where PyYAML has it
    """Safe dumper that writes multi-line strings as blocks, for readable diffs."""

    def ignore_aliases(self, data):
        # `ingest.tags` often equals `tags`; editors should see both lists, not &id001 anchors.
        return True


def name_list(value) -> list:
    """The names of a ``tags`` or ``regions`` field: a YAML list as it is, a line of text split at commas.

    Editors write ``tags: Belarus`` or ``tags: Belarus, Poland`` (Pelican's own convention for
    Markdown metadata) as often as a YAML list; the build, ``briefing check`` and ``briefing
    retag`` all read them through this one function, so they agree on what a briefing is about.
    Numbers are names too (``tags: 1984``, as the build takes them); other items that are not
    text (yes/no, mappings) are returned as they are, for the caller to report.
    """

    def as_name(item):
        return str(item) if isinstance(item, (int, float)) and not isinstance(item, bool) else item

    value = as_name(value)
    if value is None:
        return []
    if isinstance(value, str):
        return [name.strip() for name in value.split(",") if name.strip()]
    return [as_name(item) for item in (value if isinstance(value, list) else [value])]


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: dict) -> str:
    """Serialise front matter with a YAML library (never by hand), keys in the given order."""
    text = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    # After a block scalar that keeps trailing newlines ("|+", e.g. a summary that is only
    # "\n") PyYAML ends the document with "...": in front matter that line would end it
    # early (found by the round-trip property). The mapping needs no end marker.
    return text[: -len(DOCUMENT_END)] if text.endswith(DOCUMENT_END) else text


def render(meta: dict, body: str) -> str:
    """The text of a briefing file, stamped with the ingest checksum.

    ``meta`` may contain an ``ingest`` mapping; its ``checksum`` is computed here.
    ``ingest`` is written last, so the stamp is its last line and the unstamped
    text is exactly the stamped text without that line (see :func:`is_edited`).
    """
    meta = dict(meta)
    ingest = {k: v for k, v in meta.pop("ingest", {}).items() if k != "checksum"}
    try:
        head = dump_yaml(dict(meta, ingest=ingest))
        if not ingest:  # `ingest: {}` is one flow-style line; the stamp needs a block
            head = dump_yaml(meta) + "ingest:\n"
        checksum = hashlib.sha256(_join_text(head, body).encode("utf-8")).hexdigest()
    except UnicodeEncodeError as error:  # a lone surrogate (a broken decode): no UTF-8 file can hold it
        raise BriefingError(meta.get("slug") or "briefing",
                            f"text holds {error.object[error.start]!r}, which UTF-8 cannot write") from None
    return _join_text(f"{head}  checksum: {checksum}\n", body)


def _join_text(head: str, body: str) -> str:
    return f"---\n{head}---\n\n{body.strip()}\n"


def parse(text: str, where: object = "<briefing>") -> tuple[dict, str]:
    """Split a briefing file into (front matter dict, Markdown body)."""
    match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise BriefingError(where, "no YAML front matter (the file must start with a '---' line)")
    try:
        meta = yaml.load(match["meta"], Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise BriefingError(where, f"front matter is not valid YAML ({error})") from error
    except ValueError as error:  # well-formed but impossible, e.g. date: 2024-13-45
        raise BriefingError(where, f"front matter has an impossible date: {error}") from error
    if not isinstance(meta, dict):
        raise BriefingError(where, "front matter is not a mapping of fields")
    return meta, match["body"].lstrip("\n")


def is_edited(text: str) -> bool:
    """Whether a person changed the file since ingest wrote it.

    A file without a checksum was not written by ingest, so it counts as edited.
    """
    match = CHECKSUM_LINE.search(text)
    if not match:
        return True
    unstamped = CHECKSUM_LINE.sub("", text, count=1)
    return hashlib.sha256(unstamped.encode("utf-8")).hexdigest() != match[1]


class ChangedMeanwhile(BriefingError):
    """The file changed on disk after it was read, so the new text was not written over it."""


ANY_TEXT = object()
"""``write_atomic``'s default ``expected``: replace whatever the file holds."""


def write_atomic(path: Path, text: str, expected: str | None | object = ANY_TEXT) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A crash or a full disk leaves either the old file or the new one, never
    half of one (a killed run's temporary file is removed by the next run, see
    :mod:`briefing.lock`). With ``expected`` (the text read earlier, or None
    for a file that did not exist), the file is checked again just before the
    rename and ``ChangedMeanwhile`` is raised if an editor saved it in the
    meantime; a new file is linked into place, which fails rather than
    replace one that appeared meanwhile.
    """
    fd, tmp = temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            write_durably(handle, text)
        if expected is None:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise ChangedMeanwhile(path, "created by someone else while this run worked; left as it is") from None
            os.unlink(tmp)
            return
        if expected is not ANY_TEXT and read_current(path) != expected:
            raise ChangedMeanwhile(path, "changed on disk since this run read it (an editor's save?); left as it is")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_durably(handle, text: str) -> None:
    """Write ``text`` and push it to the disk before the rename makes it the file."""
    handle.write(text)
    handle.flush()
    os.fsync(handle.fileno())


def read_current(path: Path) -> str | None:
    """The file's text now, read as ingest reads it; None if it is gone."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
