"""Models every domain shares: the mail outbox and the append-only audit log."""

from datetime import UTC, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


class OutboxMail(db.Model):
    """An e-mail written in the same transaction as the change that caused it."""

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outbox_mails_unsent", "sent_at", "id"),)


class AuditEntry(db.Model):
    """One state change, kept for good: nothing in the application updates or deletes it."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[int | None]
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User", lazy="joined")

    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _append_only(mapper, connection, target):
    raise RuntimeError("The audit log is append-only.")
