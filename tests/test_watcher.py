"""The watcher reloads on change, keeps the last good knowledge, and tells admins once."""

from __future__ import annotations

import asyncio

from _admin_support import copy_knowledge, service_for
from talkbot.knowledge.watcher import KnowledgeWatcher, is_knowledge_file
from test_broken_edits import MINI, NEW


class FakeChanges:
    """Stands in for watchfiles.awatch: yields the batches put into its queue."""

    def __init__(self):
        self.queue: asyncio.Queue = asyncio.Queue()
        self.kwargs: dict = {}

    def __call__(self, folder, **kwargs):
        self.kwargs = kwargs
        return self._gen(kwargs["stop_event"])

    async def _gen(self, stop):
        while not stop.is_set():
            batch = await self.queue.get()
            if batch is None:
                return
            yield batch


async def _until(predicate, timeout=5.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.01)


def test_only_visible_yaml_files_count():
    assert is_knowledge_file("/k/talks/a.yaml") and is_knowledge_file("/k/b.YML")
    assert not is_knowledge_file("/k/.a.yaml.x.tmp") and not is_knowledge_file("/k/a.yaml~")
    assert not is_knowledge_file("/k/.hidden.yaml") and not is_knowledge_file("/k/schema/talk.schema.json")


async def test_bad_edit_is_reported_once_then_the_fix_reloads(tmp_path):
    folder = copy_knowledge(tmp_path)
    service = service_for(folder)
    good_kb = service.kb
    seen = []

    async def notify(result):
        seen.append(result)

    changes = FakeChanges()
    watcher = KnowledgeWatcher(service, notify, changes=changes)
    task = asyncio.create_task(watcher.run())
    path = str(folder / NEW)

    (folder / NEW).write_text(MINI.replace('title: "A test talk"', 'title: "A test talk'))
    await changes.queue.put({(1, path)})
    await _until(lambda: len(seen) == 1)
    assert not seen[0].ok and seen[0].problems[0].path.endswith(NEW)
    assert service.kb is good_kb

    await changes.queue.put({(2, path)})  # saved again, same mistake: no second message
    await _until(lambda: watcher.reloads == 2)
    assert len(seen) == 1

    (folder / NEW).write_text(MINI)
    await changes.queue.put({(2, path)})
    await _until(lambda: len(seen) == 2)
    assert seen[1].ok and any(t.id == "2030-01-15-test-talk" for t in service.kb.talks)

    await changes.queue.put({(2, str(folder / "notes.txt"))})  # not knowledge: ignored
    await changes.queue.put({(2, path)})  # touched, same content: nothing to do
    await asyncio.sleep(0.05)
    assert len(seen) == 2 and watcher.reloads == 3

    watcher.stop()
    await changes.queue.put(None)
    await asyncio.wait_for(task, 2)
    assert changes.kwargs["watch_filter"](1, path)


async def test_real_filesystem_watch(tmp_path):
    """watchfiles itself, on the real file system (polling, so it works in any container)."""
    folder = copy_knowledge(tmp_path)
    service = service_for(folder)
    seen = []

    async def notify(result):
        seen.append(result)

    watcher = KnowledgeWatcher(service, notify, debounce_ms=100, force_polling=True)
    task = asyncio.create_task(watcher.run())
    await asyncio.sleep(0.5)
    (folder / NEW).write_text(MINI)
    try:
        await _until(lambda: seen, timeout=10)
    finally:
        watcher.stop()
        await asyncio.wait_for(task, 5)
    assert seen[0].ok and any(t.id == "2030-01-15-test-talk" for t in service.kb.talks)
