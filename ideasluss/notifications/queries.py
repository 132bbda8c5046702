"""Reading notifications."""

import functools
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..ideas.models import Idea
from .models import Notification

PER_PAGE = 20


def unread_count(user):
    """How many unread notifications the nav badge shows (one indexed count)."""
    if not user or not user.is_authenticated:
        return 0
    return db.session.scalar(_unread(), {"user_id": user.id})


@functools.cache
def _unread():
    # Built once: every signed-in page asks.
    return select(func.count(Notification.id)).where(
        Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)
    )


@dataclass
class Page:
    """One page of notifications, newest first, with the id the next (older) page starts below."""

    items: list = field(default_factory=list)  # (notification, idea) pairs
    before: int | None = None
    next_before: int | None = None

    @property
    def newest_id(self):
        return self.items[0][0].id if self.items else None

    @property
    def has_unread(self):
        return any(note.read_at is None for note, _idea in self.items)


def visible_notifications(user, stmt, limit):
    """Up to `limit` (notification, idea) pairs from `stmt` whose idea `user` may still see.

    Each batch loads the notifications with their ideas in one statement (and the ideas' teams
    in one more); notifications about ideas the person may no longer see are skipped, never
    shown or linked. Returns the pairs and whether more rows were left.
    """
    found = []
    batch = limit + 1
    last_id = None
    while True:
        query = stmt
        if last_id is not None:
            query = query.where(Notification.id < last_id)
        rows = db.session.execute(query.limit(batch)).all()
        for note, idea in rows:
            if idea.can_view(user):
                if len(found) == limit:
                    return found, True
                found.append((note, idea))
        if len(rows) < batch:
            return found, False
        last_id = rows[-1][0].id


def page_for(user, before=None, per_page=PER_PAGE):
    """The person's notifications below id `before` (keyset pagination), newest first."""
    stmt = (
        select(Notification, Idea)
        .join(Idea, Idea.id == Notification.idea_id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
    )
    if before is not None:
        stmt = stmt.where(Notification.id < before)
    items, more = visible_notifications(user, stmt, per_page)
    return Page(items=items, before=before, next_before=items[-1][0].id if more else None)
