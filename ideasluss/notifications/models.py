"""In-app notifications and each person's choice per kind: immediately, daily digest or off."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import utcnow
from ..extensions import db

KINDS = {
    "state_change": _l("En idé jag äger, är med i eller följer byter läge"),
    "comment": _l("Ny kommentar på en idé jag äger, är med i eller följer"),
    "assigned": _l("Jag blir coach för en idé"),
    "new_idea": _l("En ny idé kommer in till triage (för coacher)"),
    "fund": _l("En fondansökan jag är med i byter läge"),
}
CHANNELS = {"immediate": _l("Direkt"), "digest": _l("Daglig sammanfattning"), "off": _l("Av")}
DEFAULT_CHANNEL = {
    "state_change": "immediate",
    "comment": "immediate",
    "assigned": "immediate",
    "new_idea": "digest",
    "fund": "immediate",
}


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # Set when a daily digest mail has included it (or immediately mailed).
    mailed_at: Mapped[datetime | None]
    channel: Mapped[str] = mapped_column(String(16), default="immediate")

    __table_args__ = (
        CheckConstraint(
            "kind IN ('state_change', 'comment', 'assigned', 'new_idea', 'fund')", name="kind"
        ),
        Index("ix_notifications_user_unread", "user_id", "read_at", "id"),
        Index("ix_notifications_digest", "channel", "mailed_at"),
    )


class NotificationPreference(db.Model):
    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))

    __table_args__ = (CheckConstraint("channel IN ('immediate', 'digest', 'off')", name="channel"),)
