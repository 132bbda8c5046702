"""Calls, applications with budget lines, screening, reviews, recusals, decisions and payments."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.models import utcnow
from ..extensions import db
from ..ideas.models import Idea

APPLICATION_TYPES = {
    "new": _l("Ny idé"),
    "continuation": _l("Fortsättning"),
    "implementation": _l("Införande"),
}
APPLICATION_STATES = {
    "draft": _l("Utkast"),
    "submitted": _l("Inskickad"),
    "returned": _l("Återsänd för komplettering"),
    "in_review": _l("Under bedömning"),
    "granted": _l("Beviljad"),
    "rejected": _l("Avslagen"),
    "withdrawn": _l("Återtagen"),
    "reporting": _l("Slutrapport inlämnad"),
    "closed": _l("Avslutad"),
}


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class FundCall(db.Model):
    """A call (utlysning) with a budget that granted amounts may never exceed."""

    __tablename__ = "fund_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    budget: Mapped[int]
    # Kept in the column under a row lock by the decision operation; the check is the last guard.
    granted_total: Mapped[int] = mapped_column(default=0)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    application_types: Mapped[list] = mapped_column(JSON, default=list)
    eligible_states: Mapped[list] = mapped_column(JSON, default=list)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    chair: Mapped[User | None] = relationship(foreign_keys=[chair_id], lazy="joined")
    criteria: Mapped[list["Criterion"]] = relationship(
        lazy="selectin", order_by="Criterion.position", cascade="all, delete-orphan"
    )
    committee: Mapped[list["CommitteeMember"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("budget > 0", name="budget_positive"),
        CheckConstraint("granted_total >= 0 AND granted_total <= budget", name="within_budget"),
        CheckConstraint("closes_at > opens_at", name="dates"),
        Index("ix_fund_calls_closes_at", "closes_at"),
    )

    @property
    def remaining(self):
        return self.budget - self.granted_total

    def is_open(self, now=None):
        now = now or utcnow()
        return self.opens_at <= now < self.closes_at

    @property
    def committee_ids(self):
        return {m.user_id for m in self.committee}


class Criterion(db.Model):
    """A weighted assessment criterion of a call."""

    __tablename__ = "fund_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("fund_calls.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(default=1)

    __table_args__ = (
        CheckConstraint("weight > 0", name="weight_positive"),
        Index("ix_fund_criteria_call", "call_id", "position"),
    )


class CommitteeMember(db.Model):
    __tablename__ = "fund_committee_members"

    call_id: Mapped[int] = mapped_column(
        ForeignKey("fund_calls.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)

    user: Mapped[User] = relationship(lazy="joined")


class Application(db.Model):
    """An application (ansökan) for one idea in one call."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("fund_calls.id"))
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="draft")
    requested_amount: Mapped[int] = mapped_column(default=0)
    plan: Mapped[str] = mapped_column(Text, default="")
    milestones: Mapped[str] = mapped_column(Text, default="")
    expected_value: Mapped[str] = mapped_column(Text, default="")
    ip_working_time: Mapped[bool | None] = mapped_column(Boolean)
    ip_third_party: Mapped[bool | None] = mapped_column(Boolean)
    ip_third_party_details: Mapped[str] = mapped_column(Text, default="")
    ip_commercialise: Mapped[bool | None] = mapped_column(Boolean)
    ip_commercialise_details: Mapped[str] = mapped_column(Text, default="")
    screening_comment: Mapped[str] = mapped_column(Text, default="")
    screened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    screened_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    granted_amount: Mapped[int | None]
    paid_total: Mapped[int] = mapped_column(default=0)
    report_due_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)

    call: Mapped[FundCall] = relationship(lazy="joined")
    idea: Mapped[Idea] = relationship(lazy="joined")
    applicant: Mapped[User] = relationship(foreign_keys=[applicant_id], lazy="joined")
    budget_lines: Mapped[list["BudgetLine"]] = relationship(
        lazy="selectin", order_by="BudgetLine.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_in("type", APPLICATION_TYPES), name="type"),
        CheckConstraint(_in("state", APPLICATION_STATES), name="state"),
        CheckConstraint("requested_amount >= 0", name="requested_nonnegative"),
        CheckConstraint(
            "granted_amount IS NULL OR (granted_amount > 0 AND granted_amount <= requested_amount)",
            name="granted_within_request",
        ),
        CheckConstraint(
            "paid_total >= 0 AND paid_total <= COALESCE(granted_amount, 0)", name="paid_within"
        ),
        CheckConstraint(
            "state NOT IN ('granted', 'reporting', 'closed') OR granted_amount IS NOT NULL",
            name="granted_has_amount",
        ),
        Index("ix_applications_call_state", "call_id", "state"),
    )

    @property
    def state_label(self):
        return APPLICATION_STATES[self.state]

    @property
    def type_label(self):
        return APPLICATION_TYPES[self.type]


class BudgetLine(db.Model):
    __tablename__ = "application_budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(String(300))
    amount: Mapped[int]

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)


class Review(db.Model):
    """One committee member's assessment of one application."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    reviewer: Mapped[User] = relationship(lazy="joined")
    scores: Mapped[list["Score"]] = relationship(lazy="selectin", cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_id", name="uq_reviews_application_reviewer"),
    )


class Score(db.Model):
    __tablename__ = "review_scores"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("fund_criteria.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)


class Recusal(db.Model):
    """A declared conflict of interest (jäv); owners, team members and coaches are recused
    without declaring, by rule (see fund/recusal.py)."""

    __tablename__ = "recusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("application_id", "user_id", name="uq_recusals_application_user"),
    )


class RegisterSequence(db.Model):
    """The last register number (diarienummer) used per year; locked while a number is taken."""

    __tablename__ = "register_sequences"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)


class Decision(db.Model):
    """The committee's decision on an application, with its register number."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    register_number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int | None]
    motivation: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    participants: Mapped[list] = mapped_column(JSON, default=list)
    recused: Mapped[list] = mapped_column(JSON, default=list)

    decided_by: Mapped[User] = relationship(lazy="joined")
    application: Mapped[Application] = relationship(
        lazy="joined", backref=db.backref("decision", uselist=False, lazy="select")
    )

    __table_args__ = (
        UniqueConstraint("year", "sequence", name="uq_decisions_year_sequence"),
        CheckConstraint("outcome IN ('granted', 'rejected')", name="outcome"),
        CheckConstraint(
            "(outcome = 'granted' AND amount > 0) OR (outcome = 'rejected' AND amount IS NULL)",
            name="amount_matches_outcome",
        ),
    )


class Disbursement(db.Model):
    """A payment (utbetalning) of granted money."""

    __tablename__ = "disbursements"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int]
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)


class FinalReport(db.Model):
    """The applicant's final report (slutrapport); approving it closes the application."""

    __tablename__ = "final_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    results: Mapped[str] = mapped_column(Text)
    effects: Mapped[str] = mapped_column(Text)
    lessons: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReportAttachment(db.Model):
    """A file attached to a final report, stored like idea attachments."""

    __tablename__ = "report_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("final_reports.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
