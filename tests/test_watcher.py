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


async def test_a_watcher_that_fails_is_reported_and_started_again(tmp_path):
    folder = copy_knowledge(tmp_path)
    service = service_for(folder)
    seen, crashes = [], []

    async def notify(result):
        seen.append(result)

    async def on_crash(exc):
        crashes.append(exc)

    calls = []
    changes = FakeChanges()

    def source(folder, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("inotify watch limit reached")
        return changes(folder, **kwargs)

    watcher = KnowledgeWatcher(service, notify, changes=source, on_crash=on_crash, restart_delays=(0.01,))
    task = asyncio.create_task(watcher.run())
    await _until(lambda: len(calls) == 2)
    assert [str(c) for c in crashes] == ["inotify watch limit reached"] and not task.done()
    (folder / NEW).write_text(MINI)
    await changes.queue.put({(1, str(folder / NEW))})
    await _until(lambda: seen)
    assert seen[-1].ok
    watcher.stop()
    await changes.queue.put(None)
    await asyncio.wait_for(task, 2)


async def test_a_self_referencing_file_is_a_problem_not_a_dead_watcher(tmp_path):
    folder = copy_knowledge(tmp_path)
    service = service_for(folder)
    seen = []

    async def notify(result):
        seen.append(result)

    changes = FakeChanges()
    watcher = KnowledgeWatcher(service, notify, changes=changes)
    task = asyncio.create_task(watcher.run())
    for count, text in enumerate(("a: &x [*x]\n", "x: " + "[" * 999 + "]" * 999 + "\n"), start=1):
        (folder / NEW).write_text(text)
        await changes.queue.put({(1, str(folder / NEW))})
        await _until(lambda count=count: len(seen) == count)
        assert not seen[-1].ok and str(seen[-1].problems[0]).startswith(f"knowledge/{NEW}:1: ")
    assert not task.done()
    watcher.stop()
    await changes.queue.put(None)
    await asyncio.wait_for(task, 2)


def test_folders_count_as_changes():
    """A folder moved in or out arrives as one event for the folder, none for its files."""
    from talkbot.knowledge.watcher import is_relevant

    assert is_relevant("/k/talks-2031") and is_relevant("/k/talks")
    assert not is_relevant("/k/.git") and not is_relevant("/k/notes.txt")


async def test_moving_a_folder_in_and_out_reloads(tmp_path):
    """watchfiles on the real file system: 12 of 12 folder moves went unseen before."""
    folder = copy_knowledge(tmp_path)
    service = service_for(folder)
    outside = tmp_path / "more"
    outside.mkdir()
    (outside / "2030-01-15-test-talk.yaml").write_text(MINI)
    seen = []

    async def notify(result):
        seen.append(result)

    watcher = KnowledgeWatcher(service, notify, debounce_ms=50, force_polling=True)
    task = asyncio.create_task(watcher.run())
    await asyncio.sleep(0.5)
    try:
        outside.rename(folder / "talks" / "more")
        await _until(lambda: seen, timeout=10)
        assert any(t.id == "2030-01-15-test-talk" for t in service.kb.talks)
        (folder / "talks" / "more").rename(outside)
        await _until(lambda: len(seen) == 2, timeout=10)
        assert not any(t.id == "2030-01-15-test-talk" for t in service.kb.talks)
    finally:
        watcher.stop()
        await asyncio.wait_for(task, 5)


async def test_a_file_completed_without_a_further_event_is_still_served(tmp_path):
    """Half a file seen, the rest written within the same timestamp tick: a polling watcher
    sees no second change. The refused state is looked at once more a moment later."""
    folder = copy_knowledge(tmp_path)
    service = service_for(folder)
    seen = []

    async def notify(result):
        seen.append(result)

    changes = FakeChanges()
    watcher = KnowledgeWatcher(service, notify, changes=changes, recheck_seconds=0.05)
    task = asyncio.create_task(watcher.run())
    (folder / NEW).write_text(MINI[: len(MINI) // 2])
    await changes.queue.put({(1, str(folder / NEW))})
    await _until(lambda: seen)
    assert not seen[0].ok
    (folder / NEW).write_text(MINI)  # no event for this write
    await _until(lambda: len(seen) == 2, timeout=2)
    assert seen[1].ok and any(t.id == "2030-01-15-test-talk" for t in service.kb.talks)
    reloads = watcher.reloads
    await asyncio.sleep(0.2)
    assert watcher.reloads == reloads  # a valid state is not looked at again and again
    watcher.stop()
    await changes.queue.put(None)
    await asyncio.wait_for(task, 2)
