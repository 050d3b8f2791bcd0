"""Domain errors, in one place. Each carries a message fit to show a user or an admin."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a knowledge file, located for an admin's editor."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class TalkbotError(Exception):
    """Base class: the message is safe and useful to show as it is."""


class KnowledgeError(TalkbotError):
    """The knowledge folder does not load; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(TalkbotError):
    """A setting is missing or wrong."""


class ReminderError(TalkbotError):
    """A reminder cannot be scheduled as asked (bad time, past time, unknown event...)."""


class UploadError(TalkbotError):
    """A knowledge upload or rollback was refused; nothing changed.

    ``problems`` lists every validation problem when the cause is invalid knowledge.
    """

    def __init__(self, message: str, problems: list[Problem] | tuple[Problem, ...] = ()):
        self.problems = tuple(sorted(problems))
        super().__init__(message)


class ChecksFailed(UploadError):
    """The change is valid but makes checks of checks.yaml fail that passed before; nothing
    changed. ``failures`` lists them (``knowledge.checks.CheckFailure``); the admin may confirm."""

    def __init__(self, message: str, failures: tuple = ()):
        super().__init__(message)
        self.failures = tuple(failures)
