"""A short reload torture (benchmarks/reload_torture.py runs 200 edits): real watchfiles on a
copy of the knowledge, a question every 20 ms, valid and invalid edits of every kind."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

from _admin_support import copy_knowledge

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "reload_torture.py"


def _module():
    spec = importlib.util.spec_from_file_location("reload_torture", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


async def test_reload_torture(tmp_path, caplog):
    torture = _module()
    folder = copy_knowledge(tmp_path)
    with caplog.at_level(logging.ERROR):
        report = await torture.torture(folder, edits=36, seed=5)
    assert report.ok, report
    assert report.valid >= 15 and report.invalid >= 8
    assert {"folder-in", "atomic-rename"} <= set(report.kinds)
    assert report.questions > 50 and report.outages == 0
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
