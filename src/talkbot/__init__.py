"""talkbot: answers questions about the EU Clusters Talks, with cited snippets."""

__version__ = "0.1.0"
