"""benchmarks/subscription_crash.py: 100 subscriptions, SIGKILLs at random moments, DMs without
nonce help; every one delivered exactly once, and the control run (no history look) doubles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "subscription_crash.py"


def crash_run(tmp_path: Path, *extra: str) -> dict:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--subscriptions", "100", "--span", "3", "--kill-after", "0.1", "0.5",
         "--seed", "11", "--workdir", str(tmp_path), "--json", *extra],
        capture_output=True, text=True, timeout=90, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_every_subscription_is_delivered_exactly_once_across_sigkills(tmp_path):
    figures = crash_run(tmp_path)
    print(figures)
    assert figures["sigkills"] > 0
    assert (figures["lost"], figures["duplicated"], figures["rows_left"]) == (0, 0, 0)
    assert figures["messages"] == figures["subscriptions"] == 100
    assert figures["in_fallback_channel"] == 20  # one member in five has closed DMs
    assert figures["user_ids_left"] == 0  # delivered: no user id kept
    assert figures["exactly_once"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_without_the_history_look_a_kill_after_sending_doubles_the_message(tmp_path):
    figures = crash_run(tmp_path, "--no-history", "--ack-delay", "0.2")
    assert figures["sigkills"] > 0 and figures["lost"] == 0
    assert figures["duplicated"] > 0 and not figures["exactly_once"]
