"""Plain-text reports for admins (reloads, uploads, status), shared by the cog and the logs."""

from __future__ import annotations

from collections.abc import Sequence

from talkbot.errors import Problem
from talkbot.knowledge.checks import failure_lines, fit_lines
from talkbot.knowledge.service import KnowledgeService, ReloadResult

#: Discord messages hold 2000 characters; leave room for the surrounding words
MAX_REPORT_CHARS = 1800


def problem_lines(problems: Sequence[Problem], limit: int = MAX_REPORT_CHARS) -> str:
    """``file:line: message`` lines, cut to ``limit`` characters with a count of the rest."""
    lines = [line if len(line) <= 300 else line[:297] + "..." for line in map(str, problems)]
    return fit_lines(lines, limit, "problem(s)")


def reload_report(result: ReloadResult, what: str = "Knowledge reload") -> str:
    if result.ok:
        text = f"✅ {what}: now serving version `{result.version}` ({result.summary})."
        if result.failed_checks:
            warn = f"\n⚠️ {len(result.failed_checks)} check(s) of checks.yaml fail with this knowledge:\n"
            text += warn + "```\n" + failure_lines(result.failed_checks, MAX_REPORT_CHARS - len(text) - len(warn) - 10)
            text += "\n```"
        return text
    head = (
        f"❌ {what} refused: {len(result.problems)} problem(s). "
        f"Users still get the previous knowledge (version `{result.version or 'none'}`).\n"
    )
    return head + "```\n" + problem_lines(result.problems, MAX_REPORT_CHARS - len(head) - 10) + "\n```"


def status_report(service: KnowledgeService, watching: bool | None = None) -> str:
    kb = service.kb
    lines = [
        f"**Version in use:** `{service.version or 'none'}`",
        f"**Knowledge:** {kb.summary() if kb else 'not loaded'}",
        f"**Last reload:** <t:{int(service.loaded_at.timestamp())}:F> (<t:{int(service.loaded_at.timestamp())}:R>)"
        if service.loaded_at
        else "**Last reload:** never",
    ]
    if watching is not None:
        lines.append(f"**Watching the folder:** {'yes' if watching else 'no'}")
    if service.failed_checks:
        failing = failure_lines(service.failed_checks, 800)
        lines.append(f"**Failing checks ({len(service.failed_checks)}):**\n```\n{failing}\n```")
    if service.pending:
        text = problem_lines(service.pending, 1200)
        lines.append(f"**Pending problems ({len(service.pending)}), not in use yet:**\n```\n{text}\n```")
    else:
        lines.append("**Pending problems:** none")
    return "\n".join(lines)
