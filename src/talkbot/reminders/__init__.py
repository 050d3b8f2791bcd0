"""Durable reminders: records, their SQLite store, "when" parsing and the scheduler.

No Discord here: the cog gives the scheduler a ``deliver`` callback that posts the message
and returns Discord's message id once Discord accepted it.
"""

from talkbot.reminders.models import Recurrence, Reminder, Status
from talkbot.reminders.scheduler import Clock, DeliveryFailed, ReminderScheduler, SystemClock
from talkbot.reminders.store import ReminderStore
from talkbot.reminders.when import parse_recurrence, parse_when

__all__ = [
    "Clock",
    "DeliveryFailed",
    "Recurrence",
    "Reminder",
    "ReminderScheduler",
    "ReminderStore",
    "Status",
    "SystemClock",
    "parse_recurrence",
    "parse_when",
]
