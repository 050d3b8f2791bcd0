"""A shorter run of benchmarks/reminder_crash.py: SIGKILL at random moments, exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "reminder_crash.py"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_every_reminder_is_delivered_exactly_once_across_sigkills(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--reminders",
            "80",
            "--span",
            "3",
            "--kill-after",
            "0.1",
            "0.5",
            "--seed",
            "7",
            "--workdir",
            str(tmp_path),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    figures = json.loads(run.stdout)
    print(figures)
    assert figures["sigkills"] > 0
    assert (figures["lost"], figures["duplicated"], figures["not_marked_sent"]) == (0, 0, 0)
    assert figures["messages"] == figures["reminders"] == 80
    assert figures["exactly_once"]
