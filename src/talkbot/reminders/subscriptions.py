"""Members' own reminders ("Remind me"): records, their queries, and keeping them in step with
the knowledge. No Discord here.

A subscription is one row per member, talk (or event) and lead time. It lives in the same
database and is delivered by the same scheduler as the moderators' reminders:

``pending`` → ``sending`` (committed with a nonce *before* the direct message is attempted) →
deleted (committed once Discord accepted the message). A row found in ``sending`` after a
crash may already have reached the member: the cog looks for the subscription's marker
(:func:`marker`, carried in the message's footer) in the DM channel's recent history before
sending again. Deleting on delivery means a user id is kept only while its subscription lives.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from talkbot.agenda import Item, anchor, find_item
from talkbot.knowledge.models import KnowledgeBase

if TYPE_CHECKING:  # pragma: no cover - typing only
    import sqlite3

log = logging.getLogger(__name__)

#: Lead times a member can choose: the press of "Remind me" defaults to 1 day and 1 hour.
LEADS: dict[str, tuple[timedelta, ...]] = {
    "1d+1h": (timedelta(days=1), timedelta(hours=1)),
    "1d": (timedelta(days=1),),
    "1h": (timedelta(hours=1),),
    "15m": (timedelta(minutes=15),),
}
DEFAULT_LEADS = "1d+1h"
LEAD_LABELS = {
    "1d+1h": "1 day and 1 hour before",
    "1d": "1 day before",
    "1h": "1 hour before",
    "15m": "15 minutes before",
}
#: At most this many talks and events with a reminder per member.
MAX_ACTIVE = 25


class Kind(StrEnum):
    REMIND = "remind"  # the reminder before the talk
    GONE = "gone"  # the talk was cancelled or removed: tell the member once instead


class Source(StrEnum):
    BUTTON = "button"
    COMMAND = "command"
    INTERESTED = "interested"  # "Interested" on the Discord scheduled event


@dataclass(frozen=True)
class Subscription:
    id: int | None
    guild_id: int
    user_id: int
    item_id: str
    lead: timedelta
    due: datetime  # aware UTC: the item's start minus the lead
    start: datetime  # the item's start when last synced: a moved talk is noticed by it
    title: str = ""  # kept to say which talk was cancelled when the knowledge no longer has it
    kind: Kind = Kind.REMIND
    source: Source = Source.BUTTON
    status: str = "pending"  # or "sending": an attempt may have reached Discord
    nonce: str | None = None
    retry_at: datetime | None = None
    attempts: int = 0
    last_error: str = ""
    created_at: datetime | None = None
    # Not stored: set when the row was already "sending" (the cog looks before resending).
    resend: bool = False

    @property
    def next_attempt(self) -> datetime:
        return self.retry_at or self.due

    def with_(self, **changes: Any) -> Subscription:
        return replace(self, **changes)


def marker(sub: Subscription) -> str:
    """What the delivered message carries (in its footer) to be recognised after a crash."""
    return f"ref S{sub.id}.{sub.nonce}"


def find_marker(
    messages: Iterable[tuple[int, int, Sequence[str]]], sub: Subscription, bot_id: int
) -> int | None:
    """The id of a message (id, author id, footer texts) the bot already sent for ``sub``."""
    wanted = marker(sub)
    for message_id, author_id, footers in messages:
        if author_id == bot_id and any(wanted in (text or "") for text in footers):
            return message_id
    return None


def user_hash(user_id: int, salt: str) -> str:
    """Opt-outs are kept as a keyed hash: no user id outlives a subscription."""
    return hmac.new(salt.encode(), f"optout:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def is_cancelled(item: Item) -> bool:
    """Called off in the knowledge (``status: cancelled`` or ``postponed``): it will not take
    place at the time the member was reminded of."""
    return bool(getattr(item, "called_off", False))


def lead_text(lead: timedelta) -> str:
    minutes = int(lead.total_seconds()) // 60
    if minutes % 1440 == 0:
        days = minutes // 1440
        return "1 day" if days == 1 else f"{days} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} minutes"


# Same fixed-width UTC text as the reminders' store (imports go the other way).
def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _sub(row: sqlite3.Row) -> Subscription:
    return Subscription(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        item_id=row["item_id"],
        lead=timedelta(seconds=row["lead_seconds"]),
        due=_time(row["due"]),  # type: ignore[arg-type]
        start=_time(row["start"]),  # type: ignore[arg-type]
        title=row["title"],
        kind=Kind(row["kind"]),
        source=Source(row["source"]),
        status=row["status"],
        nonce=row["nonce"],
        retry_at=_time(row["retry_at"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        created_at=_time(row["created_at"]),
    )


_ORDER = "ORDER BY COALESCE(retry_at, due), id"


class SubscriptionQueries:
    """The subscription half of :class:`talkbot.reminders.store.ReminderStore` (same
    connection, same one-transaction-per-method rule)."""

    conn: sqlite3.Connection

    def _write(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:  # pragma: no cover - the store's
        raise NotImplementedError

    def _tx(self):  # pragma: no cover - the store's
        raise NotImplementedError

    # -- reading -----------------------------------------------------------------------------

    def subscription(self, sub_id: int) -> Subscription | None:
        row = self.conn.execute("SELECT * FROM subscriptions WHERE id = ?", (sub_id,)).fetchone()
        return _sub(row) if row else None

    def next_subscription(self) -> Subscription | None:
        """The subscription to attempt first (the scheduler's sleeper waits for it too)."""
        row = self.conn.execute(f"SELECT * FROM subscriptions {_ORDER} LIMIT 1").fetchone()
        return _sub(row) if row else None

    def subscriptions(self, user_id: int | None = None, item_id: str | None = None) -> list[Subscription]:
        sql, params = "SELECT * FROM subscriptions WHERE 1 = 1", []
        if user_id is not None:
            sql += " AND user_id = ?"
            params.append(user_id)
        if item_id is not None:
            sql += " AND item_id = ?"
            params.append(item_id)
        return [_sub(r) for r in self.conn.execute(f"{sql} {_ORDER}", params)]

    def active_items(self, user_id: int) -> list[str]:
        """The talks and events a member has a reminder for (not counting "cancelled" notices)."""
        rows = self.conn.execute(
            "SELECT DISTINCT item_id FROM subscriptions WHERE user_id = ? AND kind = 'remind' ORDER BY item_id",
            (user_id,),
        )
        return [r[0] for r in rows]

    def subscriber_counts(self, guild_id: int) -> dict[str, int]:
        """How many members wait for each item in a guild: the number only, never who."""
        rows = self.conn.execute(
            "SELECT item_id, COUNT(DISTINCT user_id) FROM subscriptions WHERE guild_id = ? AND kind = 'remind' "
            "GROUP BY item_id",
            (guild_id,),
        )
        return {item: count for item, count in rows}

    def linked_events(self, guild_id: int) -> list[tuple[str, int]]:
        """(knowledge id, Discord event id) of the scheduled events /sync-events made."""
        rows = self.conn.execute(
            "SELECT knowledge_id, discord_event_id FROM scheduled_events WHERE guild_id = ? ORDER BY knowledge_id",
            (guild_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def opted_out(self, hashed: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM subscription_optouts WHERE user_hash = ?", (hashed,)).fetchone()
            is not None
        )

    # -- writing -----------------------------------------------------------------------------

    def subscribe(
        self,
        guild_id: int,
        user_id: int,
        item: Item,
        leads: Sequence[timedelta],
        now: datetime,
        *,
        source: Source = Source.BUTTON,
        replace_leads: bool = True,
    ) -> list[Subscription]:
        """Reminders for ``item`` at ``leads`` (those still ahead; all of them when none is, the
        last chance being "now"). ``replace_leads`` drops the member's other lead times for it.

        Returns the member's rows for the item. A button press never downgrades a row to
        "interested", so taking the interest back does not cancel a reminder asked for.
        """
        start = anchor(item).astimezone(UTC)
        dues = [(lead, (start - lead).astimezone(UTC)) for lead in leads]
        ahead = [(lead, due) for lead, due in dues if due > now]
        if not ahead and start > now:
            # Too late for every lead time chosen: one reminder at once rather than none.
            ahead = [(min(leads), now)]
        created = _iso(now)
        with self._tx():
            if replace_leads:
                keep = [int(lead.total_seconds()) for lead, _ in ahead]
                marks = ",".join("?" * len(keep)) or "NULL"
                self.conn.execute(
                    f"DELETE FROM subscriptions WHERE guild_id = ? AND user_id = ? AND item_id = ? "
                    f"AND status = 'pending' AND lead_seconds NOT IN ({marks})",
                    (guild_id, user_id, item.id, *keep),
                )
            for lead, due in ahead:
                self.conn.execute(
                    "INSERT INTO subscriptions (guild_id, user_id, item_id, lead_seconds, due, start, title, source, "
                    "created_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (guild_id, user_id, item_id, lead_seconds) "
                    "DO UPDATE SET source = CASE WHEN source = 'interested' THEN excluded.source ELSE source END",
                    (guild_id, user_id, item.id, int(lead.total_seconds()), _iso(due), _iso(start), item.title[:200],
                     source.value, created),
                )  # fmt: skip
        return [s for s in self.subscriptions(user_id, item.id) if s.guild_id == guild_id]

    def unsubscribe(self, user_id: int, item_id: str | None = None, *, source: Source | None = None,
                    guild_id: int | None = None) -> int:  # fmt: skip
        """Cancel a member's reminders (one item, or all); a row being sent is left to finish."""
        sql, params = "DELETE FROM subscriptions WHERE user_id = ? AND status = 'pending'", [user_id]
        if item_id is not None:
            sql += " AND item_id = ?"
            params.append(item_id)
        if source is not None:
            sql += " AND source = ?"
            params.append(source.value)
        if guild_id is not None:
            sql += " AND guild_id = ?"
            params.append(guild_id)
        return self._write(sql, params).rowcount

    def set_optout(self, hashed: str, out: bool) -> None:
        if out:
            self._write("INSERT OR IGNORE INTO subscription_optouts (user_hash) VALUES (?)", (hashed,))
        else:
            self._write("DELETE FROM subscription_optouts WHERE user_hash = ?", (hashed,))

    def claim_subscription(self, sub_id: int) -> Subscription | None:
        """Mark it "sending" with its nonce, committed before the message is attempted.
        ``resend`` tells whether an earlier attempt may already have reached Discord."""
        with self._tx():
            row = self.conn.execute("SELECT * FROM subscriptions WHERE id = ?", (sub_id,)).fetchone()
            if row is None:
                return None
            sub = _sub(row)
            resend = sub.status == "sending"
            nonce = sub.nonce or secrets.token_hex(12)
            self.conn.execute(
                "UPDATE subscriptions SET status = 'sending', nonce = ? WHERE id = ?", (nonce, sub_id)
            )
        return sub.with_(status="sending", nonce=nonce, resend=resend)

    def subscription_sent(self, sub: Subscription) -> bool:
        """Discord accepted it: the row (and with it the user id) goes."""
        return (
            self._write("DELETE FROM subscriptions WHERE id = ? AND nonce = ?", (sub.id, sub.nonce)).rowcount
            == 1
        )

    def subscription_failed(self, sub_id: int, error: str, retry_at: datetime) -> None:
        self._write(
            "UPDATE subscriptions SET attempts = attempts + 1, last_error = ?, retry_at = ? WHERE id = ?",
            (error[:300], _iso(retry_at), sub_id),
        )

    def drop_subscription(self, sub_id: int) -> None:
        """Too late to help (past the grace period): forget it."""
        self._write("DELETE FROM subscriptions WHERE id = ?", (sub_id,))

    def _move(self, sub_id: int, due: datetime, start: datetime) -> None:
        self._write(
            "UPDATE subscriptions SET due = ?, start = ?, retry_at = NULL, attempts = 0, last_error = '' "
            "WHERE id = ? AND status = 'pending'",
            (_iso(due), _iso(start), sub_id),
        )

    def _to_notice(self, sub: Subscription, now: datetime) -> None:
        with self._tx():
            self.conn.execute(
                "DELETE FROM subscriptions WHERE guild_id = ? AND user_id = ? AND item_id = ? AND status = 'pending' "
                "AND id != ?",
                (sub.guild_id, sub.user_id, sub.item_id, sub.id),
            )
            self.conn.execute(
                "UPDATE subscriptions SET kind = 'gone', due = ?, retry_at = NULL WHERE id = ? AND status = 'pending'",
                (_iso(now), sub.id),
            )


@dataclass(frozen=True)
class SubscriptionSync:
    moved: int = 0
    gone: int = 0
    dropped: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.moved or self.gone or self.dropped)


def sync_subscriptions(store: SubscriptionQueries, kb: KnowledgeBase, now: datetime) -> SubscriptionSync:
    """A moved talk moves its reminders; a cancelled or removed one turns the member's
    reminders for it into one notice, delivered at once. Rows being sent are left alone."""
    moved = gone = dropped = 0
    told: set[tuple[int, int, str]] = set()
    for sub in store.subscriptions():
        if sub.status != "pending" or sub.kind != Kind.REMIND:
            continue
        item = find_item(kb, sub.item_id)
        key = (sub.guild_id, sub.user_id, sub.item_id)
        if item is None or is_cancelled(item):
            if key not in told:
                store._to_notice(sub, now)
                told.add(key)
                gone += 1
            continue
        start = anchor(item).astimezone(UTC)
        if start == sub.start:
            continue
        due = start - sub.lead
        if due <= now:
            if start <= now:
                store.drop_subscription(sub.id)  # type: ignore[arg-type]
                dropped += 1
                continue
            due = now  # moved earlier than the lead time: remind at once
        store._move(sub.id, due, start)  # type: ignore[arg-type]
        moved += 1
    report = SubscriptionSync(moved, gone, dropped)
    if report.changed:
        log.info("subscriptions: %s moved, %s cancelled talks told, %s dropped", moved, gone, dropped)
    return report


def sync_interested(
    store: SubscriptionQueries,
    guild_id: int,
    item: Item,
    user_ids: Iterable[int],
    now: datetime,
    *,
    leads: Sequence[timedelta],
    salt: str,
) -> tuple[int, int]:
    """Members who pressed "Interested" on the item's Discord event get reminders; those who
    took it back lose the ones it gave them. Opted-out members and members at the limit are
    skipped. Returns (members added, members removed)."""
    interested = set(user_ids)
    have = {s.user_id for s in store.subscriptions(item_id=item.id) if s.guild_id == guild_id}
    interested_rows = {
        s.user_id
        for s in store.subscriptions(item_id=item.id)
        if s.guild_id == guild_id and s.source == Source.INTERESTED
    }
    added = removed = 0
    if anchor(item) > now:
        for user_id in sorted(interested - have):
            if store.opted_out(user_hash(user_id, salt)) or len(store.active_items(user_id)) >= MAX_ACTIVE:
                continue
            if store.subscribe(
                guild_id, user_id, item, leads, now, source=Source.INTERESTED, replace_leads=False
            ):
                added += 1
    for user_id in sorted(interested_rows - interested):
        if store.unsubscribe(user_id, item.id, source=Source.INTERESTED, guild_id=guild_id):
            removed += 1
    return added, removed
