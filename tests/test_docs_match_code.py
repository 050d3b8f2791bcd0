"""The parts of the README and docs/ that drift when the code changes: the example output, the
command table, commands and files named, the number of cited snippets, the settings' defaults,
and the deploying guide against the systemd unit."""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

import pytest

from conftest import REPO
from talkbot import cli
from talkbot.answer.engine import Engine
from talkbot.config import Settings

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in sorted((REPO / "docs").glob("*.md"))}
ALL = {"README.md": README, **DOCS}
UNIT = (REPO / "bot" / "talkbot.service").read_text(encoding="utf-8")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def commands() -> set[str]:
    parser = cli.build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_readme_example_output_is_the_real_output(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    block = re.search(r'```\n\$ talkbot ask "([^"]+)"\n(.*?)```', README, re.S)
    assert block, "the README's `$ talkbot ask` example is gone"
    question, shown = block.groups()
    monkeypatch.setattr(cli, "_load_engine", lambda knowledge: engine)
    out = io.StringIO()
    assert cli.main(["ask", question], out=out) == 0
    assert shown == out.getvalue(), "update the README's example with the output above"


def test_readme_command_table_lists_every_command() -> None:
    section = README.split("## The command line", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `talkbot ([a-z-]+)", section, re.M))
    assert listed == commands()


def test_every_command_named_in_the_docs_exists() -> None:
    for name, text in ALL.items():
        code = "\n".join(re.findall(r"```.*?\n(.*?)```", text, re.S))
        named = set(re.findall(r"(?:`|bin/)talkbot ([a-z][a-z-]+)", text))
        named |= set(re.findall(r"^\s*talkbot ([a-z][a-z-]+)", code, re.M))
        # options before the command: `talkbot --env-file FILE validate` names validate
        named |= set(re.findall(r"(?:`|bin/)talkbot --[a-z-]+ \S+ ([a-z][a-z-]+)", text))
        assert named <= commands(), f"{name} names {sorted(named - commands())}"


def test_every_repository_path_named_in_the_docs_exists() -> None:
    for name, text in ALL.items():
        for path in re.findall(r"`((?:bot|src/talkbot|benchmarks|tests)/[\w./-]+)`", text):
            assert (REPO / path).exists(), f"{name} names {path}, which does not exist"


def test_the_number_of_cited_snippets_matches_the_engine() -> None:
    from talkbot.answer import engine
    from talkbot.present import MAX_CITATIONS as SHOWN

    most = min(engine.MAX_CITATIONS, SHOWN)
    [(low, high)] = re.findall(r"then (\w+) to (\w+) cited snippets", DOCS["discord.md"])
    assert (NUMBERS[low], NUMBERS[high]) == (1, most)
    assert f"then 1 to {most} cited snippets" in README


def _documented_defaults(text: str) -> dict[str, str]:
    rows = re.findall(r"^\| `(TALKBOT_[A-Z_]+|DISCORD_TOKEN)`(?: / `_SECONDS`)? \| ([^|]+) \|", text, re.M)
    return {name: value.strip().strip("`") for name, value in rows}


@pytest.mark.parametrize("doc", ["admin.md", "discord.md"])
def test_documented_defaults_match_the_code(doc: str) -> None:
    defaults = Settings()
    expected = {
        "TALKBOT_KNOWLEDGE": f"{defaults.knowledge_dir}/",
        "TALKBOT_DATA": f"{defaults.data_dir}/",
        "TALKBOT_LOG_LEVEL": defaults.log_level,
        "TALKBOT_MAX_QUESTION_CHARS": str(defaults.max_question_chars),
        "TALKBOT_RATE_LIMIT_COUNT": f"{defaults.rate_limit_count} / {defaults.rate_limit_seconds}",
        "TALKBOT_HASH_SALT": defaults.hash_salt,
        "TALKBOT_GAPS_RETENTION_DAYS": str(defaults.gaps_retention_days),
        "TALKBOT_WATCH_KNOWLEDGE": str(defaults.watch_knowledge).lower(),
        "TALKBOT_UPLOAD_MAX_BYTES": str(defaults.upload_max_bytes),
    }
    documented = _documented_defaults(DOCS[doc])
    assert documented, f"no settings table in {doc}"
    for name, value in documented.items():
        if name in expected:
            assert value == expected[name], f"{doc}: {name} defaults to {expected[name]!r}, not {value!r}"
    assert "working directory" in DOCS[doc]  # where the default folders are


def test_deploying_guide_matches_the_unit_and_ends_with_doctor() -> None:
    guide = DOCS["deploying.md"]
    exec_start = re.search(r"^ExecStart=(.+)$", UNIT, re.M).group(1)
    workdir = re.search(r"^WorkingDirectory=(.+)$", UNIT, re.M).group(1)
    assert f"`{exec_start}`" in guide and f"`{workdir}`" in guide
    assert "pip install ." in guide and "pip install -e" not in guide  # the non-editable install
    sections = re.split(r"^## ", guide, flags=re.M)
    assert "talkbot doctor" in sections[-1].split("\n", 1)[0], "the guide ends with talkbot doctor"
    update = next(s for s in sections if s.lower().startswith("5. update"))
    for step in ("git pull", "pip install .", "systemctl restart talkbot"):
        assert step in update
    assert "Developer Mode" in guide and "Copy Channel ID" in guide
    assert "relative path" in guide.lower() and "working directory" in guide


def test_the_unit_writes_only_folders_the_guide_creates() -> None:
    guide = DOCS["deploying.md"]
    writable = re.search(r"^ReadWritePaths=(.+)$", UNIT, re.M).group(1).split()
    for path in writable:
        folder = Path(path).name
        assert f"mkdir -p {folder}" in guide or (REPO / folder).is_dir(), f"{path} is neither shipped nor created"
