"""The offline console (``talkbot chat``, ``talkbot run`` without a token) at a terminal:
readline editing and history, and Ctrl-C / Ctrl-D leave cleanly. In-process with a fake
``input``, then once for real on a pseudo-terminal."""

from __future__ import annotations

import builtins
import io
import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import KNOWLEDGE
from talkbot import cli


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def fake_input(monkeypatch: pytest.MonkeyPatch, lines: list[str], end: type[BaseException]) -> list[str]:
    prompts: list[str] = []
    feed: Iterator[str] = iter(lines)

    def read(prompt: str = "") -> str:
        prompts.append(prompt)
        try:
            return next(feed)
        except StopIteration:
            raise end from None

    monkeypatch.setattr(builtins, "input", read)
    return prompts


@pytest.mark.parametrize("end", [EOFError, KeyboardInterrupt], ids=["ctrl-d", "ctrl-c"])
@pytest.mark.parametrize("command", [["chat"], ["run"]])
def test_ctrl_d_and_ctrl_c_end_the_console_cleanly(monkeypatch, capsys, engine, end, command) -> None:
    monkeypatch.setattr(cli, "_load_engine", lambda knowledge: engine)
    prompts = fake_input(monkeypatch, ["who is przeor", ""], end)
    out = io.StringIO()
    assert cli.main(command, stdin=Terminal(), out=out) == 0
    text = out.getvalue()
    assert "talkbot> " in text and "Przeor" in text
    assert text.endswith("\nBye!\n")
    assert prompts == ["\nyou> "] * 3  # the readline prompt, through input()
    err = capsys.readouterr().err
    assert err == ""


def test_ctrl_c_while_answering_ends_cleanly_too(monkeypatch, capsys, engine) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "answer", interrupted)
    monkeypatch.setattr(cli, "_load_engine", lambda knowledge: engine)
    fake_input(monkeypatch, ["who is przeor"], EOFError)
    out = io.StringIO()
    assert cli.main(["chat"], stdin=Terminal(), out=out) == 0
    assert out.getvalue().endswith("Bye!\n") and capsys.readouterr().err == ""


# -- for real, on a pseudo-terminal ---------------------------------------------------------


class Screen:
    """What the terminal showed, read up to each expected text in turn."""

    def __init__(self, fd: int) -> None:
        self.fd, self.seen, self.cursor = fd, bytearray(), 0

    def wait_for(self, marker: bytes, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while (found := self.seen.find(marker, self.cursor)) < 0:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{marker!r} not seen in {timeout} s; the terminal shows:\n{self.text}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{marker!r} not seen before the end:\n{self.text}")
                self.seen.extend(chunk)
        self.cursor = found + len(marker)

    @property
    def text(self) -> str:
        return self.seen.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminals")
@pytest.mark.parametrize(("key", "name"), [(b"\x03", "ctrl-c"), (b"\x04", "ctrl-d")])
def test_console_on_a_terminal_has_history_and_ends_cleanly(tmp_path: Path, key: bytes, name: str) -> None:
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the console, with the terminal as its controlling tty
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm", "HOME": str(tmp_path),
               "TALKBOT_KNOWLEDGE": str(KNOWLEDGE), "LANG": "C.UTF-8"}
        os.chdir(tmp_path)
        # as at a real terminal: a test runner started in the background may ignore SIGINT,
        # and an ignored signal stays ignored across exec
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execve(sys.executable, [sys.executable, "-c", "from talkbot.cli import main; raise SystemExit(main(['chat']))"], env)
    screen = Screen(fd)
    try:
        screen.wait_for(b"you> ")
        os.write(fd, b"who is przoer\r")  # misspelt on purpose
        screen.wait_for(b"Przeor")
        screen.wait_for(b"you> ")
        os.write(fd, b"\x1b[A")  # up arrow: readline recalls the last question
        screen.wait_for(b"who is przoer")
        os.write(fd, b"\x15")  # Ctrl-U: readline clears the line
        # let readline finish with that key: a signal that lands between two select() calls of
        # CPython's readline loop waits for the next key press (a user would press Ctrl-C again)
        time.sleep(0.5)
        os.write(fd, key)
        screen.wait_for(b"Bye!")
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, screen.text
    assert "Traceback" not in screen.text and "KeyboardInterrupt" not in screen.text
