"""``briefing retag``: recompute the machine's tags after the taxonomy changed, keeping the editors'.

Ingest records the tags it chose under ``ingest.tags`` / ``ingest.regions``.
Comparing that record with the visible ``tags`` / ``regions`` tells the
editor's changes apart from the machine's:

* editor-added   = tags − ingest.tags   (kept whatever the tagger now says)
* editor-removed = ingest.tags − tags   (stay removed)
* new tags       = (new machine tags − editor-removed) ∪ editor-added

Tags that stay keep their place; new machine tags are appended in the
tagger's order. An untouched file is re-rendered, so its checksum stays valid
and ingest can still refresh it; in an edited file only the ``tags``,
``regions`` and ``ingest`` lines are replaced, the editor's text stays as it is.
Files without an ``ingest`` record were written by hand and are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import frontmatter
from .errors import BriefingError
from .ingest import BRIEFINGS_DIR
from .text import unescape_markdown

FAMILIES = ("tags", "regions")


@dataclass
class RetagChange:
    """One file's new text, and what changed in the tags a reader sees."""

    path: Path
    text: str
    original: str | None = None
    """The file as read, to find an editor's save between the plan and the write."""
    added: dict = field(default_factory=dict)  # family -> [names]
    removed: dict = field(default_factory=dict)

    @property
    def visible(self) -> bool:
        return any(self.added.values()) or any(self.removed.values())

    def describe(self) -> str:
        """``path: tags +Poland -Kosovo; regions +Central Asia`` (or the record-only note)."""
        parts = []
        for family in FAMILIES:
            names = [f"+{name}" for name in self.added.get(family, [])]
            names += [f"-{name}" for name in self.removed.get(family, [])]
            if names:
                parts.append(f"{family} {' '.join(names)}")
        what = "; ".join(parts) or "machine record only (the tags shown do not change)"
        return f"{self.path.as_posix()}: {what}"


@dataclass
class RetagPlan:
    """What a retag would write; nothing is written until :func:`apply_retag`."""

    changes: list[RetagChange] = field(default_factory=list)
    unchanged: int = 0
    hand_written: list[Path] = field(default_factory=list)
    failures: list[BriefingError] = field(default_factory=list)

    def summary(self) -> str:
        visible = sum(change.visible for change in self.changes)
        return (f"retag: {visible} files with tag changes, {len(self.changes) - visible} with machine-record "
                f"changes only, {self.unchanged} unchanged, {len(self.hand_written)} hand-written (left alone), "
                f"{len(self.failures)} failed")


def merge(current: list[str], machine_before: list[str], machine_now: list[str]) -> list[str]:
    """The tags to show: the editor's additions and removals applied over the new machine tags."""
    editor_removed = set(machine_before) - set(current)
    editor_added = set(current) - set(machine_before)
    wanted = (set(machine_now) - editor_removed) | editor_added
    kept = [name for name in current if name in wanted]
    return kept + [name for name in dict.fromkeys(machine_now) if name in wanted and name not in kept]


def plan_retag(content_dir: str | Path = "content", tagger=None) -> RetagPlan:
    """Retag every briefing in ``content_dir/briefings`` in memory and return the plan."""
    if tagger is None:
        from .tag import default_tagger

        tagger = default_tagger()
    plan = RetagPlan()
    for path in sorted((Path(content_dir) / BRIEFINGS_DIR).glob("*.md")):
        try:
            change = retag_file(path, tagger)
        except (BriefingError, OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            plan.failures.append(error if isinstance(error, BriefingError) else BriefingError(path, str(error)))
            continue
        if change is None:
            plan.hand_written.append(path)
        elif change.text is None:
            plan.unchanged += 1
        else:
            plan.changes.append(change)
    return plan


def apply_retag(plan: RetagPlan) -> list[BriefingError]:
    """Write every planned change, each file atomically; returns the files not written, with why.

    A file an editor saved after the plan read it is left as the editor has
    it; a file that cannot be written (full disk, read-only) fails alone.
    """
    problems = []
    for change in plan.changes:
        try:
            frontmatter.write_atomic(change.path, change.text, expected=change.original)
        except BriefingError as problem:
            problems.append(problem)
        except OSError as error:
            problems.append(BriefingError(change.path, f"cannot write: {error.strerror or error}"))
    return problems


def retag_file(path: Path, tagger) -> RetagChange | None:
    """The change retagging ``path`` makes (``text`` None if none); None for a hand-written file."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    meta, body = frontmatter.parse(text, path)
    record = meta.get("ingest")
    if not isinstance(record, dict):
        return None
    lang = meta.get("lang") if isinstance(meta.get("lang"), str) else None  # the editor's word, if any
    result = tagger.tag(str(meta.get("title", "")), body, lede=unescape_markdown(str(meta.get("summary") or "")),
                        lang=lang)
    machine_now = {"tags": list(result.tags), "regions": list(result.regions)}
    new_values, change = {}, RetagChange(path, None, original=text)
    for family in FAMILIES:
        current = as_list(meta.get(family))
        shown = merge(current, as_list(record.get(family)), machine_now[family])
        change.added[family] = [name for name in shown if name not in current]
        change.removed[family] = [name for name in current if name not in shown]
        if shown != current:
            new_values[family] = shown
    new_record = dict(record, **machine_now)
    if not new_values and all(as_list(record.get(f)) == machine_now[f] for f in FAMILIES):
        return change
    if frontmatter.is_edited(text):
        new_values["ingest"] = new_record
        change.text = replace_keys(text, new_values, path)
    else:
        change.text = frontmatter.render(dict(meta, **new_values, ingest=new_record), body)
    return change


def as_list(value) -> list[str]:
    """A tags or regions field as names, read as the build reads it (``frontmatter.name_list``)."""
    return [str(name) for name in frontmatter.name_list(value)]


def replace_keys(text: str, values: dict, where: Path) -> str:
    """``text`` with the top-level front-matter keys in ``values`` rewritten, every other line untouched.

    A key's block runs from its line to the next top-level key, less any
    trailing blank or comment lines (those belong to what follows). A missing
    ``regions`` goes after ``tags``; any other missing key at the end.
    """
    match = frontmatter.FRONT_MATTER.match(text)
    meta_text = match["meta"]
    lines = meta_text.splitlines(keepends=True)
    node = yaml.compose(meta_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise BriefingError(where, "cannot retag: the front matter is not a block of 'key: value' lines")
    starts = [(str(key.value), key.start_mark.line) for key, _ in node.value]
    blocks = {}
    for i, (key, start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        blocks[key] = (start, end)
    replaced = {}  # first line -> (line after the block, new text)
    inserted = {}  # line -> new text to put before it
    appended = []
    for key, value in values.items():
        rendered = frontmatter.dump_yaml({key: value})
        if key in blocks:
            replaced[blocks[key][0]] = (blocks[key][1], rendered)
        elif key == "regions" and "tags" in blocks:
            inserted[blocks["tags"][1]] = rendered
        else:
            appended.append(rendered)
    out, i = [], 0
    while i <= len(lines):
        out.append(inserted.get(i, ""))
        if i in replaced:
            end, rendered = replaced[i]
            out.append(rendered)
            i = end
            continue
        if i < len(lines):
            out.append(lines[i])
        i += 1
    new_meta = "".join(out) + "".join(appended)
    return text[: match.start("meta")] + new_meta + text[match.end("meta"):]
