"""Ideas and what hangs on them: team, themes, votes, comments, follows, attachments, history."""

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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Unit, User
from ..core.models import utcnow
from ..extensions import db
from .states import LISTED_STATES, STATES, VOTING_STATES

THEMES = {
    "digitalisering": _l("Digitalisering och AI"),
    "klimat": _l("Klimat och miljö"),
    "trygghet": _l("Trygghet"),
    "omsorg": _l("Välfärd och omsorg"),
    "skola": _l("Skola och lärande"),
    "stadsutveckling": _l("Stadsutveckling och boende"),
    "mobilitet": _l("Mobilitet och trafik"),
    "arbetsmarknad": _l("Arbetsmarknad och integration"),
    "kultur": _l("Kultur och fritid"),
    "effektivitet": _l("Effektiv verksamhet"),
}
VALUE_KINDS = {
    "economic": _l("Ekonomiskt värde"),
    "social": _l("Socialt värde"),
    "environmental": _l("Miljömässigt värde"),
}
VISIBILITIES = {"public": _l("Offentlig"), "internal": _l("Intern (bara stadens medarbetare)")}
CLASSIFICATIONS = {
    "innovation": _l("Innovation"),
    "improvement": _l("Förbättringsförslag"),
}


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class IdeaTheme(db.Model):
    __tablename__ = "idea_themes"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)

    __table_args__ = (CheckConstraint(_in("theme", THEMES), name="theme"),)


class TeamMember(db.Model):
    """A co-innovator on an idea."""

    __tablename__ = "team_members"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


# The predicate of the list indexes: a listed state.
_LISTED = text(_in("state", sorted(LISTED_STATES)))
_where_listed = {"postgresql_where": _LISTED, "sqlite_where": _LISTED}


class Idea(db.Model):
    """An idea on its way through the pipeline."""

    __tablename__ = "ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    problem: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[str] = mapped_column(Text, default="")
    value_economic: Mapped[bool] = mapped_column(Boolean, default=False)
    value_social: Mapped[bool] = mapped_column(Boolean, default=False)
    value_environmental: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    # Where a parked idea resumes to.
    parked_from: Mapped[str | None] = mapped_column(String(16))
    classification: Mapped[str | None] = mapped_column(String(16))
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id"))
    # Counters kept in columns so lists never count rows.
    vote_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    follower_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    state_changed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")
    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id], lazy="joined")
    unit: Mapped[Unit | None] = relationship(lazy="joined")
    challenge: Mapped["Challenge | None"] = relationship(back_populates="ideas")
    merged_into: Mapped["Idea | None"] = relationship(remote_side=[id])
    theme_rows: Mapped[list[IdeaTheme]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )
    team: Mapped[list[TeamMember]] = relationship(lazy="selectin", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_in("state", STATES), name="state"),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        CheckConstraint(
            "classification IS NULL OR " + _in("classification", CLASSIFICATIONS),
            name="classification",
        ),
        CheckConstraint("state <> 'merged' OR merged_into_id IS NOT NULL", name="merged_target"),
        CheckConstraint("state <> 'parked' OR parked_from IS NOT NULL", name="parked_from"),
        CheckConstraint(
            "vote_count >= 0 AND comment_count >= 0 AND follower_count >= 0", name="counts"
        ),
        # One index per list order, led by visibility since every list filters on it, and
        # holding only listed ideas: a page read by OFFSET (page=200) then finds its rows in
        # the index alone, without reading 4,000 ideas to check their state. The list writes
        # the states as literals (queries._listed), so that prepared statements use them too.
        Index("ix_ideas_list_newest", "visibility", "id", **_where_listed),
        Index("ix_ideas_list_votes", "visibility", "vote_count", "id", **_where_listed),
        Index("ix_ideas_list_active", "visibility", "last_activity_at", "id", **_where_listed),
        # One state's ideas, newest first.
        Index("ix_ideas_list_state", "visibility", "state", "id"),
        # A unit's ideas in a state; by votes too (a vote rewrites every index entry of the
        # idea anyway, as vote_count is in ix_ideas_list_votes).
        Index("ix_ideas_unit_state", "unit_id", "state", "vote_count", "id"),
        Index("ix_ideas_challenge", "challenge_id", "id"),
        Index("ix_ideas_state_submitted", "state", "submitted_at"),
        # The innovation accounts read a unit's ideas (ids, creation times, owners) from this
        # index alone, not from the wide rows (see followup/accounts.py).
        Index(
            "ix_ideas_unit_created", "unit_id", "created_at", postgresql_include=["id", "owner_id"]
        ),
    )

    @property
    def themes(self):
        return [row.theme for row in self.theme_rows]

    @themes.setter
    def themes(self, codes):
        wanted = [c for c in dict.fromkeys(codes) if c in THEMES]
        self.theme_rows = [r for r in self.theme_rows if r.theme in wanted] + [
            IdeaTheme(theme=c) for c in wanted if c not in self.themes
        ]

    @property
    def value_kinds(self):
        return [k for k in VALUE_KINDS if getattr(self, f"value_{k}")]

    @value_kinds.setter
    def value_kinds(self, kinds):
        for kind in VALUE_KINDS:
            setattr(self, f"value_{kind}", kind in kinds)

    @property
    def team_user_ids(self):
        return {m.user_id for m in self.team}

    def is_team(self, user):
        """The owner or a co-innovator."""
        return user.is_authenticated and (user.id == self.owner_id or user.id in self.team_user_ids)

    def can_view(self, user):
        """Public ideas for all, internal for staff; drafts only for their team and admins."""
        if self.state == "draft":
            return self.is_team(user) or user.is_admin
        if self.visibility == "public":
            return True
        return user.is_authenticated and (user.is_staff or self.is_team(user))

    def can_edit(self, user):
        return self.is_team(user) and self.state in {"draft", "submitted", "idea", "prestudy"}

    def can_vote(self, user):
        return (
            user.is_authenticated
            and self.state in VOTING_STATES
            and self.can_view(user)
            and (user.is_staff or user.has_role("resident"))
        )

    def can_comment(self, user):
        return (
            user.is_authenticated
            and self.state in LISTED_STATES
            and self.can_view(user)
            and (user.is_staff or user.has_role("resident"))
        )

    def can_see_notes(self, user):
        """Mentor notes: coaches, the idea's team and admins."""
        return user.has_role("coach", "admin") or self.is_team(user)

    @property
    def state_label(self):
        return STATES[self.state]

    def __str__(self):
        return self.title


class Vote(db.Model):
    __tablename__ = "votes"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Follow(db.Model):
    __tablename__ = "follows"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    flag_count: Mapped[int] = mapped_column(default=0)
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(String(300))

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")

    __table_args__ = (
        Index("ix_comments_idea_created", "idea_id", "created_at", "id"),
        Index("ix_comments_flagged", "flag_count", "hidden_at"),
    )


class CommentFlag(db.Model):
    """Someone asked moderators to look at a comment."""

    __tablename__ = "comment_flags"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(db.Model):
    """A file on an idea, stored outside static/ and served only to those who may see the idea."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GateDecision(db.Model):
    """One move of an idea through the pipeline: who, when, from, to, why. Append-only."""

    __tablename__ = "gate_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    move: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    motivation: Mapped[str] = mapped_column(Text, default="")
    checklist: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_gate_decisions_idea", "idea_id", "id"),
        Index("ix_gate_decisions_to_state", "to_state", "created_at"),
    )


class MentorNote(db.Model):
    """A coach's private note: seen by coaches, the idea's team and admins."""

    __tablename__ = "mentor_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")


class Challenge(db.Model):
    """A need a unit publishes; ideas answer it while it is open."""

    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    idea_count: Mapped[int] = mapped_column(default=0)

    unit: Mapped[Unit] = relationship(lazy="joined")
    ideas: Mapped[list[Idea]] = relationship(back_populates="challenge", lazy="noload")

    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="dates"),
        Index("ix_challenges_closes_on", "closes_on"),
    )

    def is_open(self, today=None):
        today = today or date.today()
        return self.opens_on <= today <= self.closes_on


class Adoption(db.Model):
    """Another unit has taken an implemented idea into use (spridning)."""

    __tablename__ = "adoptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("idea_id", "unit_id", name="uq_adoptions_idea_unit"),)
