"""Hostile questions for the fuzz tests and benchmarks/fuzz_questions.py: every Unicode plane,
control characters, lone surrogates, bidi marks, very long lines, markdown and mention syntax.

``generate(n, seed)`` is deterministic, so a failure can be replayed from its index.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

EVIL = "evil.example"
QUESTIONS = [
    "who presented the I3 instrument?",
    "when is the next talk?",
    "what does ECCP stand for?",
    "what were the takeaways of the meta-cluster talk?",
]
MARKUP = [
    f"[the official page](https://{EVIL}/login)",
    f"[x](<https://{EVIL}>)",
    f"<https://{EVIL}>",
    "**bold** __under__ *it* ~~strike~~ ||spoiler|| `code` ```block```",
    "# Heading\n> quote\n- list",
    "-# small",
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#123456789012345678>",
    "</ask:123456789012345678>",
    "<t:1700000000:R>",
    "<:emoji:123456789012345678>",
    "\\",
    "\\[escaped\\](https://x)",
]
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
SEPARATORS = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e\r\n\t"


def _codepoint(rng: random.Random) -> str:
    plane = rng.choice((0, 0, 0, 1, 2, 3, 14, 15, 16))
    value = plane * 0x10000 + rng.randrange(0x10000)
    return chr(value)  # lone surrogates (D800-DFFF) included on plane 0


def _noise(rng: random.Random, length: int) -> str:
    pools = (
        lambda: _codepoint(rng),
        lambda: chr(rng.randrange(0x20)),  # C0 controls, NUL included
        lambda: chr(rng.randrange(0x7F, 0xA0)),  # DEL and C1 controls
        lambda: rng.choice(BIDI),
        lambda: rng.choice(INVISIBLE),
        lambda: rng.choice(SEPARATORS),
        lambda: chr(rng.randrange(0xD800, 0xE000)),  # a lone surrogate
        lambda: rng.choice("[]()<>@#*_~`|\\!&:"),
    )
    return "".join(rng.choice(pools)() for _ in range(length))


def one(rng: random.Random, index: int) -> str:
    kind = index % 8
    if kind == 0:
        return _noise(rng, rng.randrange(1, 300))
    if kind == 1:
        return f"{rng.choice(QUESTIONS)} {rng.choice(MARKUP)}"
    if kind == 2:
        return f"{rng.choice(MARKUP)} {rng.choice(QUESTIONS)} {rng.choice(MARKUP)}"
    if kind == 3:
        q = list(rng.choice(QUESTIONS))
        for _ in range(rng.randrange(1, 6)):
            q.insert(rng.randrange(len(q) + 1), rng.choice(BIDI + INVISIBLE + SEPARATORS))
        return "".join(q)
    if kind == 4:
        return " ".join(rng.choice(MARKUP) for _ in range(rng.randrange(1, 12)))
    if kind == 5:
        return rng.choice(QUESTIONS) + _noise(rng, rng.randrange(1, 40)) + rng.choice(MARKUP)
    if kind == 6:
        return f"{rng.choice(QUESTIONS)}, and {rng.choice(MARKUP)} {rng.choice(QUESTIONS)}"
    return rng.choice(QUESTIONS)[: rng.randrange(1, 30)] + _noise(rng, 5)


def generate(n: int, seed: int = 11, *, huge: int = 2) -> Iterator[str]:
    """``n`` hostile questions, ``huge`` of them 1 MB lines."""
    rng = random.Random(seed)
    for index in range(n):
        if index < huge:
            yield (rng.choice(QUESTIONS) + " " + rng.choice(MARKUP) + " ") * (1_000_000 // 60)
        else:
            yield one(rng, index)


# --- what a rendered reply must never contain -----------------------------------------------

#: a masked link whose brackets are not escaped and that points where the fuzz put it
_USER_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(\s*<?https?://" + re.escape(EVIL))
_PING = re.compile(r"(?<!\\)<@[!&]?\d+>|@everyone|@here")

#: Discord's limits for an embed (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
LIMITS = {"title": 256, "description": 4096, "fields": 25, "name": 256, "value": 1024, "footer": 2048,
          "author": 256, "total": 6000, "label": 80, "content": 2000}  # fmt: skip


def embed_problems(embed: dict, content: str = "", labels: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with one posted message (an embed as Discord receives it)."""
    problems = []
    texts = {
        "title": embed.get("title") or "",
        "description": embed.get("description") or "",
        "footer": (embed.get("footer") or {}).get("text") or "",
        "author": (embed.get("author") or {}).get("name") or "",
    }
    for key, text in texts.items():
        if len(text) > LIMITS[key]:
            problems.append(f"{key} has {len(text)} characters")
    fields = embed.get("fields") or []
    if len(fields) > LIMITS["fields"]:
        problems.append(f"{len(fields)} fields")
    total = sum(len(t) for t in texts.values())
    for field in fields:
        if not field.get("name") or not field.get("value"):
            problems.append("an empty field")
        if len(field.get("name", "")) > LIMITS["name"] or len(field.get("value", "")) > LIMITS["value"]:
            problems.append("a field is too long")
        total += len(field.get("name", "")) + len(field.get("value", ""))
    if total > LIMITS["total"]:
        problems.append(f"the embed has {total} characters")
    if len(content) > LIMITS["content"]:
        problems.append(f"the content has {len(content)} characters")
    for label in labels:
        if not label or len(label) > LIMITS["label"]:
            problems.append(f"a button label of {len(label)} characters")
    rendered = [texts["title"], texts["description"], content] + [f.get("value", "") for f in fields]
    rendered += [f.get("name", "") for f in fields]
    for text in rendered:
        if _USER_LINK.search(text):
            problems.append(f"a link the user typed would render: {text[:120]!r}")
        if _PING.search(text):
            problems.append(f"a mention would render: {text[:120]!r}")
    for text in [*texts.values(), content, *labels] + [f.get("value", "") + f.get("name", "") for f in fields]:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append("text Discord cannot take (a lone surrogate)")
    return problems
