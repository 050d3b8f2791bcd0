"""Discord cogs: each turns core results (replies, cards) into embeds, buttons and messages."""
