"""Every `briefing` command documents itself, with an example."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefing.cli import main


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert main.commands[name].help and main.commands[name].help.strip()
    example = result.output.split("Example:", 1)[1] if "Example:" in result.output else ""
    assert f"briefing {name}" in example


def test_group_lists_the_editorial_commands():
    output = CliRunner().invoke(main, ["--help"]).output
    for name in ("check", "new", "retag", "ingest"):
        assert name in output
