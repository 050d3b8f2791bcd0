"""The ``talkbot`` command, in-process through ``cli.main(argv, stdin=..., out=...)`` and once
through the installed script: output formats, stdin mode, --now, --knowledge, validate, chat,
and never a traceback."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import KNOWLEDGE, TALK_YAML
from talkbot import cli
from talkbot.answer.engine import Engine
from talkbot.config import default_knowledge_dir

REPLY_KEYS = {"question", "answered", "text", "citations", "confidence", "suggestions"}
CITATION_KEYS = {"talk_id", "title", "date", "section", "snippet"}
PROBLEM_LINE = re.compile(r"^[^:\n]+:\d+: .+$")
META = "2024-04-24-meta-cluster"


def run(argv: list[str], stdin: str = "", capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str, str]:
    out = io.StringIO()
    code = cli.main(argv, stdin=io.StringIO(stdin), out=out)
    err = capsys.readouterr().err if capsys else ""
    assert "Traceback" not in err, err
    return code, out.getvalue(), err


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def check_reply_json(obj: dict) -> None:
    assert set(obj) == REPLY_KEYS
    assert isinstance(obj["question"], str)
    assert isinstance(obj["answered"], bool)
    assert isinstance(obj["text"], str) and obj["text"]
    assert isinstance(obj["confidence"], int | float) and 0 <= obj["confidence"] <= 1
    assert isinstance(obj["suggestions"], list) and all(isinstance(s, str) for s in obj["suggestions"])
    assert isinstance(obj["citations"], list)
    for citation in obj["citations"]:
        assert set(citation) == CITATION_KEYS
        assert all(isinstance(v, str) for v in citation.values())
        assert citation["date"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", citation["date"])
    assert len(obj["text"]) <= 1500
    if obj["answered"]:
        assert 1 <= len(obj["citations"]) <= 3
    else:
        assert not obj["citations"] and 1 <= len(obj["suggestions"]) <= 3


@pytest.fixture(autouse=True)
def _shipped_knowledge(monkeypatch: pytest.MonkeyPatch) -> None:
    # the default knowledge folder, whatever the developer's environment says
    monkeypatch.setenv("TALKBOT_KNOWLEDGE", str(KNOWLEDGE))


@pytest.fixture(autouse=True)
def _one_engine(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    # reuse the session's engine for the shipped folder: the suite stays fast
    real = cli._load_engine

    def load(knowledge: Path | None) -> Engine:
        if Path(knowledge or default_knowledge_dir()).resolve() == KNOWLEDGE.resolve():
            return engine
        return real(knowledge)

    monkeypatch.setattr(cli, "_load_engine", load)


# -- ask ------------------------------------------------------------------------------------


def test_ask_plain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ask", "who presented the I3 instrument?"], capsys=capsys)
    assert code == 0
    assert "Koch" in out
    assert "Sources:" in out and "[1]" in out
    assert not out.lstrip().startswith("{")


def test_ask_words_are_joined(capsys: pytest.CaptureFixture[str]) -> None:
    _, joined, _ = run(["ask", "who", "presented", "the", "I3", "instrument?"], capsys=capsys)
    _, quoted, _ = run(["ask", "who presented the I3 instrument?"], capsys=capsys)
    assert joined == quoted


def test_ask_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ask", "--json", "When was the meta-cluster talk?"], capsys=capsys)
    assert code == 0
    [obj] = json_lines(out)
    check_reply_json(obj)
    assert obj["question"] == "When was the meta-cluster talk?"
    assert obj["answered"] is True
    assert obj["citations"][0]["talk_id"] == META
    assert obj["citations"][0]["date"] == "2024-04-24"


def test_ask_json_declined(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["ask", "--json", "what is the capital of Peru?"], capsys=capsys)
    [obj] = json_lines(out)
    check_reply_json(obj)
    assert obj["answered"] is False and obj["citations"] == [] and obj["suggestions"]


def test_ask_json_keeps_accents_readable(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["ask", "--json", "who is Thomas Röhr?"], capsys=capsys)
    assert "Röhr" in out  # ensure_ascii=False: no \\u escapes for people's names


def test_stdin_mode_one_json_line_per_input_line_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    questions = [
        "who presented the I3 instrument?",
        "",
        "   ",
        "hello",
        "\x00\x01\x02",
        "🙂🙂🙂",
        "what is the capital of Peru?",
        "x" * 20_000,
        "When was the meta-cluster talk?\r",
        "\t\u200b\u202e",
        '{"question": "not json input"}',
        "wat does cebr stand for",
    ]
    code, out, _ = run(["ask", "--json"], "\n".join(questions) + "\n", capsys=capsys)
    assert code == 0
    replies = json_lines(out)
    assert len(replies) == len(questions)
    for question, reply in zip(questions, replies, strict=True):
        check_reply_json(reply)
        assert reply["question"] == question.rstrip("\r")
    assert "Koch" in replies[0]["text"]
    assert replies[1]["answered"] is False
    assert "Council of European BioRegions" in replies[-1]["text"]


def test_stdin_mode_without_final_newline_and_crlf(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["ask", "--json"], "who is przeor\r\nhello", capsys=capsys)
    assert [r["question"] for r in json_lines(out)] == ["who is przeor", "hello"]


def test_stdin_mode_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ask"], "who is przeor\n", capsys=capsys)
    assert code == 0 and "Przeor" in out


def test_stdin_mode_empty_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ask", "--json"], "", capsys=capsys)[:2] == (0, "")


# -- --now and --knowledge ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "talk"),
    [
        ("2024-04-20T10:00+02:00", META),
        ("2024-05-01T10:00:00Z", "2024-05-15-cluster-conference-takeaways"),
        ("2023-01-01", "2023-03-08-meet-the-euroclusters"),  # a date alone: midnight UTC
    ],
)
def test_now(capsys: pytest.CaptureFixture[str], now: str, talk: str) -> None:
    _, out, _ = run(["ask", "--json", "--now", now, "When is the next talk?"], capsys=capsys)
    [obj] = json_lines(out)
    assert obj["answered"] and obj["citations"][0]["talk_id"] == talk


def test_bad_now_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["ask", "--now", "next tuesday", "hi"], stdin=io.StringIO(), out=io.StringIO())
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "not an ISO date-time" in err and "Traceback" not in err


def test_knowledge_option(capsys: pytest.CaptureFixture[str], write_knowledge) -> None:
    root = write_knowledge()
    code, out, _ = run(["ask", "--json", "--knowledge", str(root), "what did Ada Lovelace say about the engine?"],
                       capsys=capsys)
    assert code == 0
    [obj] = json_lines(out)
    check_reply_json(obj)
    assert obj["answered"] and "algebraic patterns" in obj["text"]
    assert obj["citations"][0]["talk_id"] == "2030-01-15-engines"


def test_knowledge_option_on_a_broken_folder(capsys: pytest.CaptureFixture[str], write_knowledge) -> None:
    root = write_knowledge({"talks/2030-01-15-engines.yaml": TALK_YAML.replace("Europe/Brussels", "CET")})
    code, out, err = run(["ask", "--knowledge", str(root), "hi"], capsys=capsys)
    assert code == 1 and out == ""
    assert "2030-01-15-engines.yaml:7: " in err


def test_knowledge_from_the_environment(capsys: pytest.CaptureFixture[str], write_knowledge,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALKBOT_KNOWLEDGE", str(write_knowledge()))
    _, out, _ = run(["ask", "who is Alan Turing?"], capsys=capsys)
    assert "Bletchley Park" in out


# -- validate -------------------------------------------------------------------------------


def test_validate_shipped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", str(KNOWLEDGE)], capsys=capsys)
    assert code == 0 and err == ""
    assert len(out.splitlines()) == 1
    assert "OK" in out and "talks" in out and "people" in out


def test_validate_default_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate"], capsys=capsys)
    assert code == 0 and "OK" in out


def test_validate_broken_folder(capsys: pytest.CaptureFixture[str], write_knowledge,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    talk = TALK_YAML.replace("date: 2030-01-15", "date: 2030-02-30").replace("tags: [engines]", "tagz: [engines]")
    root = write_knowledge({"talks/2030-01-15-engines.yaml": talk, "talks/empty.yaml": ""})
    monkeypatch.chdir(root.parent.parent)  # validate runs from elsewhere than the folder's parent
    code, out, err = run(["validate", str(root)], capsys=capsys)
    assert code == 1 and out == ""
    lines = err.splitlines()
    *problems, summary = lines
    assert summary == f"{len(problems)} problem(s) found in the knowledge."
    assert len(problems) == 3
    for line in problems:
        assert PROBLEM_LINE.match(line), line
        assert Path(line.split(":")[0]).is_file(), f"{line} does not open from {Path.cwd()}"
    shown = root.relative_to(root.parent.parent).as_posix()
    assert any(line.startswith(f"{shown}/talks/2030-01-15-engines.yaml:4: ") for line in problems)
    assert any(line.startswith(f"{shown}/talks/empty.yaml:1: ") for line in problems)


@pytest.mark.parametrize("where", ["inside", "outside"])
def test_validate_paths_open_from_the_working_directory(capsys: pytest.CaptureFixture[str], write_knowledge,
                                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        where: str) -> None:
    root = write_knowledge({"talks/empty.yaml": ""})
    cwd = root if where == "inside" else tmp_path / "elsewhere"
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    argv = ["validate", "."] if where == "inside" else ["--log-level", "WARNING", "validate", str(root)]
    _, _, err = run(argv, capsys=capsys)
    first = err.splitlines()[0]
    assert first == ("talks/empty.yaml:1: " if where == "inside" else f"{root}/talks/empty.yaml:1: ") + first.split(": ", 1)[1]
    assert Path(first.split(":")[0]).is_file()


def test_validate_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(["validate", str(tmp_path / "nowhere")], capsys=capsys)
    assert code == 1 and "does not exist" in err


# -- chat -----------------------------------------------------------------------------------


def test_chat_with_piped_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    stdin = "who presented the I3 instrument?\n\n   \nwhat is the capital of Peru?\nquit\nwho is przeor\n"
    code, out, _ = run(["chat"], stdin, capsys=capsys)
    assert code == 0
    assert out.startswith("talkbot offline console")
    assert "Koch" in out
    assert "outside what I know" in out  # the capital of Peru
    assert "Przeor" not in out.split("outside what I know", 1)[1]  # nothing is answered after 'quit'
    assert out.rstrip().endswith("Bye!")
    assert "you>" not in out  # no prompts when stdin is not a terminal


def test_chat_ends_at_end_of_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["chat", "--now", "2024-04-20T10:00+02:00"], "when is the next talk?", capsys=capsys)
    assert code == 0 and "24 April 2024" in out and out.rstrip().endswith("Bye!")


# -- errors never show a traceback ----------------------------------------------------------


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([], capsys=capsys)
    assert code == 2 and out == ""
    assert err.startswith("usage: talkbot") and "validate" in err and "doctor" in err


def test_a_mistyped_option_shows_the_usage_of_its_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["ask", "--jsn", "hi"], stdin=io.StringIO(), out=io.StringIO())
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: talkbot ask ") and "--json" in err
    assert err.rstrip().endswith("talkbot ask: error: unrecognized arguments: --jsn")


def test_bad_log_level(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--log-level", "chatty", "ask", "hi"], capsys=capsys)
    assert code == 2 and err == "talkbot: --log-level: unknown log level 'chatty' (use DEBUG, INFO, WARNING or ERROR)\n"


def test_unexpected_error_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                      engine: Engine) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "answer", boom)
    code, _, err = run(["ask", "hi"], capsys=capsys)
    assert code == 2
    assert err.strip().startswith("talkbot: unexpected error") and len(err.strip().splitlines()) == 1


# -- the installed script, once for real ----------------------------------------------------


def _script() -> str:
    found = Path(sys.executable).with_name("talkbot")
    if found.is_file():
        return str(found)
    which = shutil.which("talkbot")
    if which is None:
        pytest.skip("the talkbot script is not installed (pip install -e .)")
    return which


def test_installed_script_stdin_mode(tmp_path: Path) -> None:
    questions = b"who is przeor\n\n\xff\xfe not utf-8\nwhen was the meta-cluster talk?\n\x00\n"
    proc = subprocess.run(
        [_script(), "ask", "--json", "--now", "2024-04-20T10:00+02:00", "--knowledge", str(KNOWLEDGE)],
        input=questions, capture_output=True, timeout=60, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()  # valid UTF-8 even for a non-UTF-8 question
    assert len(lines) == 5
    replies = [json.loads(line) for line in lines]
    for reply in replies:
        check_reply_json(reply)
    assert "Przeor" in replies[0]["text"]
    assert replies[3]["citations"][0]["talk_id"] == META


def test_installed_script_validate_broken(tmp_path: Path, write_knowledge) -> None:
    root = write_knowledge({"talks/broken.yaml": "id: [unclosed\n"})
    proc = subprocess.run([_script(), "validate", str(root)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith("knowledge/talks/broken.yaml:")


@pytest.mark.parametrize("command", [["validate"], ["ask", "hi"], ["ics"], ["schema", "--check"],
                                     ["new-talk", "--date", "2031-01-01", "--title", "x", "-o", "-"], ["doctor"],
                                     ["run", "--require-token"]])
def test_log_level_before_any_command_configures_logging(tmp_path: Path, command: list[str]) -> None:
    proc = subprocess.run([_script(), "--log-level", "DEBUG", *command], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, stdin=subprocess.DEVNULL,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TALKBOT_KNOWLEDGE": str(KNOWLEDGE)})
    assert "Traceback" not in proc.stderr
    debug = [line for line in proc.stderr.splitlines() if " DEBUG talkbot." in line]
    assert debug, proc.stderr
    if command != ["doctor"]:
        assert f"DEBUG talkbot.cli: settings: no .env read; knowledge {KNOWLEDGE}; database {tmp_path}/data/" in proc.stderr
    quiet = subprocess.run([_script(), *command], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                           stdin=subprocess.DEVNULL,
                           env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TALKBOT_KNOWLEDGE": str(KNOWLEDGE)})
    assert " DEBUG " not in quiet.stderr


def test_ask_json_lines_survive_unicode_line_separators(capsys: pytest.CaptureFixture[str]) -> None:
    """U+2028, U+2029 and U+0085 are valid raw in JSON, but str.splitlines() breaks on them."""
    questions = ["who\u2028presented the I3 instrument?", "a\u2029b", "c\u0085d"]
    _, out, _ = run(["ask", "--json"], "\n".join(questions) + "\n", capsys=capsys)
    lines = out.splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["question"] for line in lines] == questions


def test_validate_refuses_hostile_yaml_at_its_line_at_once(capsys: pytest.CaptureFixture[str], write_knowledge) -> None:
    """A 400-byte alias bomb took 15 s and 1.5 GB; '&x [*x]' and deep nesting printed RecursionError."""
    import time

    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    root = write_knowledge(
        {"talks/bomb.yaml": bomb.encode(), "talks/self.yaml": b"a: &x [*x]\n", "talks/deep.yaml": b"x: " + b"[" * 999 + b"]" * 999}
    )
    started = time.perf_counter()
    code, _, err = run(["validate", str(root)], capsys=capsys)
    assert time.perf_counter() - started < 2
    assert code == 1 and "RecursionError" not in err and "unexpected" not in err
    assert "knowledge/talks/bomb.yaml:2: aliases" in err
    assert "knowledge/talks/self.yaml:1: aliases" in err
    assert "knowledge/talks/deep.yaml:1: nested more than 32 levels" in err
