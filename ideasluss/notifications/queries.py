"""Reading notifications."""

from sqlalchemy import func, select

from ..extensions import db
from .models import Notification


def unread_count(user):
    """How many unread notifications the nav badge shows (one indexed count)."""
    if not user or not user.is_authenticated:
        return 0
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )
