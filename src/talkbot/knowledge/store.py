"""Changing the knowledge folder safely: uploads, versions, rollback and download.

Every change is validated together with the rest of the knowledge in a staging copy before a
single byte of the real folder is touched; files are written with ``os.replace`` (atomic on
one file system), and every version that was in use is kept as a zip in the data folder so an
admin can go back to it. No Discord here: the admin cog and tests call these methods.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from talkbot.errors import ChecksFailed, KnowledgeError, UploadError
from talkbot.knowledge import schema as S
from talkbot.knowledge.checks import newly_failing
from talkbot.knowledge.editor_schema import SCHEMA_DIR
from talkbot.knowledge.loader import YAML_SUFFIXES, is_inside, load_dir
from talkbot.knowledge.models import KnowledgeBase
from talkbot.knowledge.service import KnowledgeService, ReloadResult, fingerprint

log = logging.getLogger(__name__)

#: a plain file name: no folders, no leading dot, YAML suffix, nothing a shell or OS treats specially
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}\.(?:yaml|yml)$")
TALKS_DIR = "talks"
#: the history's folder inside the data folder (TALKBOT_DATA)
HISTORY_DIR = "knowledge-history"
KEEP_VERSIONS = 30


@dataclass(frozen=True)
class Version:
    """One archived state of the knowledge folder."""

    id: str  # the archive's file stem, unique
    version: str  # the fingerprint of the folder in that state
    at: datetime
    note: str
    by: str
    files: int
    path: Path


@dataclass(frozen=True)
class Change:
    """The outcome of a successful upload or rollback."""

    path: str  # relative to the knowledge folder ('' for a rollback)
    replaced: bool
    result: ReloadResult
    summary: str


def knowledge_files(folder: Path) -> list[Path]:
    """The YAML files of the folder, as the loader sees them (hidden files are not knowledge)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in YAML_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and is_inside(p, folder)
    )


def safe_name(filename: str) -> str:
    """Return ``filename`` if it is a plain YAML file name; raise :class:`UploadError` otherwise."""
    name = filename or ""
    if name != name.strip():
        # Trimmed, " people.yaml" would silently replace people.yaml.
        raise UploadError(f"'{name[:60]}' starts or ends with a space: rename the file without it")
    if "/" in name or "\\" in name or ".." in name or "\x00" in name:
        raise UploadError(f"'{name[:60]}' is not a plain file name (no folders or '..')")
    if not name.lower().endswith(YAML_SUFFIXES):
        raise UploadError(f"'{name[:60]}' is not a YAML file: only .yaml or .yml files are accepted")
    if not SAFE_NAME.match(name):
        raise UploadError(
            f"'{name[:60]}' is not a safe file name: use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit, e.g. 2024-06-05-new-talk.yaml"
        )
    if name.split(".")[0].upper() in WINDOWS_RESERVED:
        # Admins edit on Windows, where these names are devices: the file could never be opened.
        raise UploadError(f"'{name[:60]}' is a name Windows reserves for a device: choose another name")
    return name


#: names Windows gives to devices, whatever the extension (CON.yaml is the console)
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A hidden temporary name in the same folder: same file system for os.replace, and
    # neither the loader nor the watcher looks at hidden files.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class KnowledgeStore:
    """Uploads, history and rollback for the folder of ``service``; thread-safe."""

    def __init__(self, service: KnowledgeService, history_dir: str | Path, max_bytes: int = 256 * 1024,
                 keep: int = KEEP_VERSIONS):
        self.service = service
        self.folder = service.folder
        self.history_dir = Path(history_dir)
        self.max_bytes = max_bytes
        self.keep = keep
        self._lock = threading.Lock()

    # -- validation ---------------------------------------------------------------------

    def validate_with(self, changes: dict[str, bytes | None]) -> KnowledgeBase:
        """Load the folder as it would be with ``changes`` applied (relpath -> bytes, None = delete).

        Raises :class:`KnowledgeError` with every problem; the real folder is not touched.
        """
        with tempfile.TemporaryDirectory(prefix="talkbot-stage-") as tmp:
            # Same folder name as the real one, so problems read 'knowledge/talks/x.yaml:3: ...'.
            stage = Path(tmp) / self.folder.name
            stage.mkdir()
            for path in knowledge_files(self.folder):
                rel = path.relative_to(self.folder)
                (stage / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, stage / rel)
            for rel, data in changes.items():
                target = stage / rel
                if data is None:
                    target.unlink(missing_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            return load_dir(stage)

    def target_for(self, name: str, data: bytes) -> str:
        """Where an uploaded file goes: over the file of that name, else talks/ or the top."""
        existing = [p for p in knowledge_files(self.folder) if p.name == name]
        if len(existing) == 1:
            return existing[0].relative_to(self.folder).as_posix()
        if len(existing) > 1:
            raise UploadError(f"several knowledge files are named '{name}'; rename one on the server first")
        try:
            top = yaml.safe_load(data.decode("utf-8-sig"))
        except Exception:  # any parse failure: the validation below names the problem and its line
            top = None
        if isinstance(top, dict) and any(key in S.COLLECTIONS for key in top):
            return name
        return f"{TALKS_DIR}/{name}"

    # -- changes ------------------------------------------------------------------------

    def upload(self, filename: str, data: bytes, by: str = "", confirm: bool = False) -> Change:
        """Validate ``data`` as ``filename`` with the rest; only then write it and reload.

        Raises :class:`UploadError` (with ``problems`` when the knowledge would be invalid), or
        :class:`ChecksFailed` when it would break checks of checks.yaml and ``confirm`` is not
        set; in both cases nothing was written.
        """
        name = safe_name(filename)
        if len(data) > self.max_bytes:
            raise UploadError(f"'{name}' is {len(data)} bytes; the limit is {self.max_bytes} bytes")
        if not data.strip():
            raise UploadError(f"'{name}' is empty")
        with self._lock:
            rel = self.target_for(name, data)
            replaced = (self.folder / rel).exists()
            change = self._write_locked(rel, data, f"'{name}' was refused", "before upload",
                                        f"{'replaced' if replaced else 'added'} {rel}", by, confirm)
            log.info("knowledge upload by %s: %s (%s)", by or "?", rel, "replaced" if replaced else "new")
            return change

    def edit(self, rel: str, transform: Callable[[str], str], note: str, by: str = "", confirm: bool = False) -> Change:
        """Change one existing knowledge file as text (``transform`` gets its content and returns
        the new one), validated, written, reloaded and kept in the history like an upload.

        ``note`` names the change in the history. Raises :class:`UploadError` when the file does
        not exist or the result would be invalid, :class:`ChecksFailed` as for an upload; then
        nothing was written.
        """
        with self._lock:
            path = self.folder / rel
            if not path.is_file() or not is_inside(path, self.folder):
                raise UploadError(f"{rel} is not a knowledge file here")
            try:
                old = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise UploadError(f"cannot read {rel}: {exc}") from None
            new = transform(old)
            if new == old:
                return Change(rel, True, ReloadResult(True, "nothing to change", (), self.service.version),
                              self.service.kb.summary() if self.service.kb else "")
            return self._write_locked(rel, new.encode("utf-8"), f"the change to {rel} was refused",
                                      f"before {note}", note, by, confirm)

    def _write_locked(self, rel: str, data: bytes, refused: str, before: str, after: str, by: str,
                      confirm: bool) -> Change:
        """Validate ``data`` as ``rel`` with the rest and run the checks on the result (the
        quality gate); only then archive, write, reload (with the engine built here), archive."""
        try:
            kb = self.validate_with({rel: data})
        except KnowledgeError as exc:
            raise UploadError(f"{refused}: {len(exc.problems)} problem(s); nothing was changed", exc.problems) from exc
        prepared = self.service.prepare(kb)
        broken = newly_failing(prepared.failed_checks, self.service.failed_checks)
        if broken and not confirm:
            raise ChecksFailed(f"{refused}: it breaks {len(broken)} check(s) of checks.yaml that pass now; "
                               "nothing was changed", tuple(broken))
        target = self.folder / rel
        replaced = target.exists()
        self._archive_locked(before, by)
        _atomic_write(target, data)
        result = self.service.reload(prepared)
        if result.ok:
            self._archive_locked(after, by)
        return Change(rel, replaced, result, kb.summary())

    def rollback(self, version: str, by: str = "") -> Change:
        """Make the folder what it was in archived ``version`` (a fingerprint or id prefix)."""
        with self._lock:
            target = self._find(version)
            with zipfile.ZipFile(target.path) as zf:
                files = {
                    name: zf.read(name)
                    for name in zf.namelist()
                    if not name.endswith("/") and name.lower().endswith(YAML_SUFFIXES)
                }
            for name in files:
                if name.startswith("/") or ".." in Path(name).parts:
                    raise UploadError(f"archive {target.id} holds an unsafe path '{name}'")
            current = {p.relative_to(self.folder).as_posix() for p in knowledge_files(self.folder)}
            changes: dict[str, bytes | None] = dict(files)
            changes.update({rel: None for rel in current - set(files)})
            try:
                self.validate_with(changes)
            except KnowledgeError as exc:
                # e.g. the loader became stricter since that version was archived
                raise UploadError(f"version {target.version} no longer validates; nothing was changed",
                                  exc.problems) from exc
            self._archive_locked("before rollback", by)
            for rel, data in changes.items():
                if data is None:
                    (self.folder / rel).unlink(missing_ok=True)
                else:
                    _atomic_write(self.folder / rel, data)
            result = self.service.reload()
            if result.ok:
                self._archive_locked(f"rollback to {target.version} ({target.at:%Y-%m-%d %H:%M} UTC)", by)
            log.info("knowledge rollback by %s to %s", by or "?", target.version)
            kb = self.service.kb
            return Change("", True, result, kb.summary() if kb else "")

    # -- history ------------------------------------------------------------------------

    def archive(self, note: str, by: str = "") -> Version | None:
        """Keep the folder's current state, unless the newest archive already holds it."""
        with self._lock:
            return self._archive_locked(note, by)

    def _archive_locked(self, note: str, by: str) -> Version | None:
        files = knowledge_files(self.folder)
        if not files:
            return None
        version = fingerprint(self.folder)
        newest = self.history(1)
        if newest and newest[0].version == version:
            return None
        at = datetime.now(UTC)
        ident = f"{at:%Y%m%dT%H%M%S%f}Z-{version}"
        self.history_dir.mkdir(parents=True, exist_ok=True)
        meta = {"version": version, "at": at.isoformat(), "note": note, "by": by, "files": len(files)}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.comment = json.dumps(meta).encode()
            for path in files:
                zf.write(path, path.relative_to(self.folder).as_posix())
        _atomic_write(self.history_dir / f"{ident}.zip", buffer.getvalue())
        self._prune()
        return Version(ident, version, at, note, by, len(files), self.history_dir / f"{ident}.zip")

    def _prune(self) -> None:
        archives = sorted(self.history_dir.glob("*.zip"))
        for old in archives[: max(0, len(archives) - self.keep)]:
            old.unlink(missing_ok=True)

    def history(self, limit: int = 10) -> list[Version]:
        """The archived versions, newest first."""
        if not self.history_dir.is_dir():
            return []
        out = []
        for path in sorted(self.history_dir.glob("*.zip"), reverse=True)[:limit]:
            try:
                with zipfile.ZipFile(path) as zf:
                    meta = json.loads(zf.comment.decode() or "{}")
                out.append(
                    Version(path.stem, meta.get("version", ""), datetime.fromisoformat(meta["at"]),
                            meta.get("note", ""), meta.get("by", ""), int(meta.get("files", 0)), path)
                )
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                log.warning("skipping unreadable knowledge archive %s", path.name)
        return out

    def _find(self, version: str) -> Version:
        wanted = version.strip().lower()
        if len(wanted) < 4:
            raise UploadError("give at least 4 characters of the version (see /kb history)")
        matches = [v for v in self.history(self.keep) if v.version.startswith(wanted) or v.id.lower().startswith(wanted)]
        if not matches:
            raise UploadError(f"no archived version '{version}' (see /kb history)")
        return matches[0]  # the newest archive of that content

    def download(self) -> bytes:
        """The current knowledge as a zip (YAML files and the editor schemas) for offline editing."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            paths = knowledge_files(self.folder)
            schema_dir = self.folder / SCHEMA_DIR
            if schema_dir.is_dir():
                paths += sorted(p for p in schema_dir.glob("*.json") if p.is_file())
            for path in paths:
                zf.write(path, f"{self.folder.name}/{path.relative_to(self.folder).as_posix()}")
        return buffer.getvalue()
