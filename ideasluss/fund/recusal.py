"""Recusal (jäv): who may neither review nor take part in deciding an application, and why.

A person is recused by rule when they own the idea, are on its team, coach it or applied for it,
and by declaration when they have recorded a conflict (a Recusal row with a reason). Every
committee route, control and aggregate asks these functions; nothing else decides jäv.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..core.audit import log_action
from ..core.errors import Refused
from ..extensions import db
from .models import Recusal, Review

# Order is the order reasons are shown in.
REASON_KINDS = {
    "owner": _l("ägare"),
    "applicant": _l("sökande"),
    "team": _l("idéteam"),
    "coach": _l("coach"),
    "declared": _l("anmält jäv"),
}
# While jäv can still be declared: until the decision.
DECLARABLE_STATES = frozenset({"submitted", "returned", "in_review"})
REASON_MAX = 2000


@dataclass
class RecusalGround:
    """Why one person is recused from one application."""

    user: object
    kinds: list = field(default_factory=list)
    reason: str = ""  # the declared reason, if declared

    @property
    def labels(self):
        return [REASON_KINDS[k] for k in self.kinds]

    @property
    def declared(self):
        return "declared" in self.kinds

    def describe(self):
        """ "ägare, coach, anmält jäv: reason" for display."""
        parts = []
        for kind in self.kinds:
            if kind == "declared" and self.reason:
                parts.append(f"{REASON_KINDS[kind]}: {self.reason}")
            else:
                parts.append(str(REASON_KINDS[kind]))
        return ", ".join(parts)


def _rule_grounds(app):
    """(user_id, user, kind) for every rule-based recusal (no query beyond loaded relations)."""
    idea = app.idea
    yield idea.owner_id, idea.owner, "owner"
    yield app.applicant_id, app.applicant, "applicant"
    for member in idea.team:
        yield member.user_id, member.user, "team"
    if idea.coach_id is not None:
        coach = idea.coach
        if coach is None or coach.id != idea.coach_id:  # the id changed, the relation not yet
            coach = db.session.get(User, idea.coach_id)
        yield idea.coach_id, coach, "coach"


def _grounds(app, declared):
    grounds = {}
    for user_id, user, kind in _rule_grounds(app):
        ground = grounds.setdefault(user_id, RecusalGround(user))
        if kind not in ground.kinds:
            ground.kinds.append(kind)
    for recusal in declared:
        ground = grounds.setdefault(recusal.user_id, RecusalGround(recusal.user))
        ground.kinds.append("declared")
        ground.reason = recusal.reason
    order = list(REASON_KINDS)
    for ground in grounds.values():
        # "sökande" says nothing more when the person owns the idea or is on its team.
        if "applicant" in ground.kinds and {"owner", "team"} & set(ground.kinds):
            ground.kinds.remove("applicant")
        ground.kinds.sort(key=order.index)
    return grounds


def concerns_the_committee(call, ground):
    """Whether a recusal matters for the call's work: someone who could otherwise review or
    decide (a committee member, the chair, an admin) or who declared jäv."""
    user_id = ground.user.id if ground.user is not None else None
    return (
        ground.declared
        or user_id in call.committee_ids
        or user_id == call.chair_id
        or (ground.user is not None and ground.user.is_admin)
    )


def _declared(application_ids):
    if not application_ids:
        return []
    return db.session.scalars(
        select(Recusal)
        .where(Recusal.application_id.in_(application_ids))
        .order_by(Recusal.created_at, Recusal.id)
    ).all()


def recusal_map(applications):
    """{application id: {user id: RecusalGround}} for many applications in one query."""
    applications = list(applications)
    by_app = {}
    for recusal in _declared([a.id for a in applications]):
        by_app.setdefault(recusal.application_id, []).append(recusal)
    return {a.id: _grounds(a, by_app.get(a.id, [])) for a in applications}


def recusal_grounds(app):
    """{user id: RecusalGround} for one application."""
    return recusal_map([app])[app.id]


def recused_user_ids(app):
    """The ids of everyone recused from `app`, by rule or by declaration."""
    ids = {user_id for user_id, _user, _kind in _rule_grounds(app)}
    if app.id is not None:
        ids |= set(
            db.session.scalars(
                select(Recusal.user_id).where(Recusal.application_id == app.id)
            ).all()
        )
    return ids


def is_recused(app, user):
    """Whether `user` is recused from `app` (signed-out visitors never are: they have no say)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.id in recused_user_ids(app)


def recusal_reasons(app):
    """Who is recused and why, for display: RecusalGround list ordered by name."""
    grounds = recusal_grounds(app).values()
    return sorted(grounds, key=lambda g: (g.user.public_name.lower(), g.user.id))


def may_declare(app, user):
    """A committee member (or the chair) of the call, or an admin, while undecided."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if app.state not in DECLARABLE_STATES:
        return False
    call = app.call
    return user.is_admin or user.id in call.committee_ids or user.id == call.chair_id


def can_declare_recusal(app, user):
    """Who may declare jäv now: see `may_declare`, and not already recused (by rule or
    declaration): a recused person has nothing left to do with the application."""
    return may_declare(app, user) and not is_recused(app, user)


def declare_recusal(app, user, reason):
    """Record that `user` declares jäv on `app`, with a reason; their review, if any, goes."""
    reason = (reason or "").strip()
    if not may_declare(app, user):
        if app.state not in DECLARABLE_STATES:
            raise Refused(_l("Ansökan är redan avgjord; jäv kan inte längre anmälas."))
        raise Refused(_l("Bara fondkommitténs ledamöter och administratörer kan anmäla jäv."))
    if is_recused(app, user):
        raise Refused(_l("Du är redan jävig för den här ansökan."))
    if not reason:
        raise Refused(_l("Skriv skälet till jävet."))
    if len(reason) > REASON_MAX:
        raise Refused(_l("Skälet får vara högst %(max)s tecken.", max=REASON_MAX))
    recusal = Recusal(application_id=app.id, user_id=user.id, reason=reason)
    try:
        # Two clicks at once: the unique constraint lets one through.
        with db.session.begin_nested():
            db.session.add(recusal)
    except IntegrityError:
        raise Refused(_l("Du är redan jävig för den här ansökan.")) from None
    # A recused person's assessment must not weigh in: remove a review already given.
    review = db.session.scalar(
        select(Review).where(Review.application_id == app.id, Review.reviewer_id == user.id)
    )
    if review is not None:
        db.session.delete(review)
    db.session.flush()
    log_action(
        "application.recusal_declared",
        app,
        actor=user,
        reason=reason,
        review_removed=review is not None,
    )
    return recusal
