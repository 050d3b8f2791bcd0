"""Helpers shared by the admin tests: a private copy of the shipped knowledge."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import KNOWLEDGE
from talkbot.knowledge.service import KnowledgeService


def copy_knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    return folder


def service_for(folder: Path) -> KnowledgeService:
    """A service whose 'engine' is the knowledge base itself: the admin paths need no ranking."""
    service = KnowledgeService(folder, engine_factory=lambda kb: kb)
    service.load()
    return service
