"""The load benchmark runs (its timing figures are printed by the script, not asserted here)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_discord.py"


def load_benchmark():
    spec = importlib.util.spec_from_file_location("load_discord", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


async def test_every_question_of_a_burst_is_acknowledged_and_answered() -> None:
    result = await load_benchmark().run_load(questions=40, users=10)
    assert len(result.acks) == 40 and result.all_answered
    assert "acknowledged: 40/40" in result.report()
