"""What the engine returns: plain values that the CLI prints and the cogs turn into embeds."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

MAX_REPLY_CHARS = 1500


@dataclass(frozen=True)
class Citation:
    """One cited snippet: which talk (or event, glossary entry), its date, the section."""

    talk_id: str
    title: str
    date: str
    section: str
    snippet: str


@dataclass(frozen=True)
class Reply:
    question: str
    answered: bool
    text: str
    answer: str = ""
    citations: tuple[Citation, ...] = ()
    confidence: float = 0.0
    suggestions: tuple[str, ...] = field(default=())
    #: how the engine decided (route, intent, evidence): for logs and fitting, not for users
    decision: dict = field(default_factory=dict, compare=False, repr=False)

    def to_json(self) -> dict:
        """The ``talkbot ask --json`` object."""
        return {
            "question": self.question,
            "answered": self.answered,
            "text": self.text,
            "citations": [asdict(c) for c in self.citations],
            "confidence": round(self.confidence, 3),
            "suggestions": list(self.suggestions),
        }
