"""YAML to plain values that remember their line, so every problem can be located.

``yaml.safe_load`` forgets where things were; we compose the node graph with the safe loader
and convert it ourselves into :class:`LMap` / :class:`LList` (dict and list subclasses that
carry line numbers). Scalars are resolved exactly as ``safe_load`` would.
"""

from __future__ import annotations

from typing import Any

import yaml

from talkbot.errors import Problem


class LMap(dict):
    """A mapping with the line of the mapping itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    """A sequence with the line of the sequence and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Invalid:
    """Stands for a scalar that could not be read (its problem is already reported)."""

    def __repr__(self) -> str:
        return "<invalid>"


#: Knowledge is a few levels deep (a talk, its sections, their points); a file deeper than this
#: is an accident or an attack, and would exhaust the stack of a recursive reader.
MAX_DEPTH = 32
#: The tags ``safe_load`` resolves by itself; anything else (``!!python/object``, ``!custom``)
#: is refused rather than silently read as text.
_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset({"!", *(_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))})


def _screen(loader: yaml.SafeLoader, path: str) -> Problem | None:
    """Read the events (a flat stream, no recursion, nothing expanded) and refuse at its line
    what would make composing cost unbounded time, memory or stack: aliases (a few hundred
    bytes of "billion laughs" expand to gigabytes; ``&x [*x]`` refers to itself), nesting
    deeper than :data:`MAX_DEPTH`, and tags that are not plain YAML."""
    depth = 0
    while (event := loader.get_event()) is not None:
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent):
            return Problem(
                path, line, f"aliases (*{event.anchor}) are not allowed in knowledge files: write the value out in full"
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ALLOWED_TAGS:
            shown = tag.replace(_CORE, "!!")
            return Problem(path, line, f"the tag {shown} is not allowed: use plain YAML values")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(path, line, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.StreamEndEvent):
            break
    return None


#: put in place of a value whose problem was already reported, so that checks do not report
#: it a second time as missing
INVALID = _Invalid()


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, path: str):
        self.loader = loader
        self.path = path
        self.problems: list[Problem] = []

    def convert(self, node: yaml.Node) -> Any:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result = LMap()
            result.line = line
            result.key_lines = {}
            self.loader.flatten_mapping(node)
            for key_node, value_node in node.value:
                key = self.convert(key_node)
                key_line = key_node.start_mark.line + 1
                if not isinstance(key, str | int):
                    self.problems.append(Problem(self.path, key_line, "a key must be a plain word"))
                    continue
                key = str(key)
                if key in result:
                    self.problems.append(Problem(self.path, key_line, f"duplicate key '{key}'"))
                result[key] = self.convert(value_node)
                result.key_lines[key] = key_line
            return result
        if isinstance(node, yaml.SequenceNode):
            items = LList()
            items.line = line
            items.item_lines = []
            for child in node.value:
                items.append(self.convert(child))
                items.item_lines.append(child.start_mark.line + 1)
            return items
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            # e.g. 2024-02-30 matches the date pattern but is no real day
            self.problems.append(Problem(self.path, line, f"impossible value {node.value!r}: {exc}"))
            return INVALID


def parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; return (value with lines, problems). Never raises."""
    if "\x00" in text:
        return None, [Problem(path, 1, "this is not a text file (it contains NUL bytes)")]
    try:
        # the reader checks the characters as soon as it is built, before any parsing
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        return None, [Problem(path, line, f"character {exc.character:#06x} is not allowed in a YAML file")]
    # libyaml composes the node graph many times faster when it is installed; the pure
    # Python reader above has already refused characters YAML does not allow
    fast = getattr(yaml, "CSafeLoader", None)
    make = fast or yaml.SafeLoader
    loader.dispose()
    try:
        screen = make(text)
        try:
            refused = _screen(screen, path)
        finally:
            screen.dispose()
        if refused is not None:
            return None, [refused]
        loader = make(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "YAML syntax error"
        context = f" ({exc.context})" if exc.context else ""
        return None, [Problem(path, line, f"YAML syntax error: {what}{context}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, f"YAML error: {exc}")]
    except RecursionError:  # screened above; kept so that no file can ever escape as a traceback
        return None, [Problem(path, 1, f"nested too deeply (more than {MAX_DEPTH} levels)")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(path, 1, "the file is empty")]
    converter = _Converter(yaml.SafeLoader(""), path)
    try:
        value = converter.convert(node)
    except RecursionError:
        return None, [Problem(path, node.start_mark.line + 1, f"nested too deeply (more than {MAX_DEPTH} levels)")]
    return value, converter.problems
