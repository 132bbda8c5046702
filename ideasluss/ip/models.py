"""Versions of the IP principles, and who acknowledged which version for what."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import utcnow
from ..extensions import db

CONTEXTS = {"idea": _l("Idé"), "application": _l("Fondansökan")}


class IpPrinciples(db.Model):
    """One published version of the principles; the newest in effect is the one in force."""

    __tablename__ = "ip_principles"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column(Date, index=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @staticmethod
    def in_force(today=None):
        """The version in force today, or None before the first takes effect."""
        today = today or date.today()
        return db.session.scalars(
            select(IpPrinciples)
            .where(IpPrinciples.effective_from <= today)
            .order_by(IpPrinciples.effective_from.desc(), IpPrinciples.id.desc())
            .limit(1)
        ).first()


class IpAcknowledgement(db.Model):
    """A person acknowledged a version, when submitting an idea or a fund application."""

    __tablename__ = "ip_acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    principles_id: Mapped[int] = mapped_column(ForeignKey("ip_principles.id"))
    context: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int | None]
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship(lazy="joined")
    principles: Mapped[IpPrinciples] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("context IN ('idea', 'application')", name="context"),
        Index("ix_ip_acknowledgements_user", "user_id", "principles_id"),
        Index("ix_ip_acknowledgements_principles", "principles_id", "acknowledged_at"),
    )
