"""Recusal (jäv): who may neither review nor take part in deciding an application, and why.

A person is recused by rule when they own the idea, are on its team, coach it or applied for it,
and by declaration when they have recorded a conflict (a Recusal row with a reason). Every
committee route, control and aggregate asks these functions; nothing else decides jäv.
"""

import functools
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, Text, bindparam, literal, null, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.util import identity_key

from ..accounts.models import User, UserRole
from ..core.audit import log_action
from ..core.errors import Refused
from ..extensions import db
from ..ideas.models import Idea, TeamMember
from .models import Application, Recusal, Review

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


_KIND_ORDER = list(REASON_KINDS)


def _tidy(kinds):
    """The kinds without repeats, in display order."""
    kinds = set(kinds)
    # "sökande" says nothing more when the person owns the idea or is on its team.
    if "applicant" in kinds and kinds & {"owner", "team"}:
        kinds.discard("applicant")
    return sorted(kinds, key=_KIND_ORDER.index)


def _grounds(app, declared):
    grounds = {}
    for user_id, user, kind in _rule_grounds(app):
        grounds.setdefault(user_id, RecusalGround(user)).kinds.append(kind)
    for recusal in declared:
        ground = grounds.setdefault(recusal.user_id, RecusalGround(recusal.user))
        ground.kinds.append("declared")
        ground.reason = recusal.reason
    for ground in grounds.values():
        ground.kinds = _tidy(ground.kinds)
    return grounds


def _deciders(call):
    """Who could review or decide in the call but for jäv, admins aside: committee and chair."""
    return call.committee_ids | {call.chair_id}


def concerns_the_committee(call, ground):
    """Whether a recusal matters for the call's work: someone who could otherwise review or
    decide (a committee member, the chair, an admin) or who declared jäv."""
    user = ground.user
    user_id = user.id if user is not None else None
    return ground.declared or user_id in _deciders(call) or (user is not None and user.is_admin)


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


@functools.cache
def _call_grounds_statement():
    """What decides jäv on the applications of call :call_id in :states, as rows of (kind,
    application id, user id, applicant id, coach id, declared reason):

    - ("rules", application, owner, applicant, coach or None): one per application, the rules of
      `_rule_grounds` but the team;
    - ("team", application, team member) and ("declared", application, user, …, reason);
    - ("admin", None, user): the administrators, for `concerns_the_committee`.

    The rules must stay those of `_rule_grounds` (a test compares `call_recusals` with
    `recusal_map`). Built once: building and keying a union costs more than running it.
    """
    apps = (
        select(Application.id, Application.idea_id, Application.applicant_id)
        .where(
            Application.call_id == bindparam("call_id"),
            Application.state.in_(bindparam("states", expanding=True)),
        )
        .subquery()
    )
    none, no_reason = null().cast(Integer), null().cast(Text)
    return union_all(
        select(
            literal("rules", String),
            apps.c.id,
            Idea.owner_id,
            apps.c.applicant_id,
            Idea.coach_id,
            no_reason,
        ).join(Idea, Idea.id == apps.c.idea_id),
        select(literal("team", String), apps.c.id, TeamMember.user_id, none, none, no_reason).join(
            TeamMember, TeamMember.idea_id == apps.c.idea_id
        ),
        select(
            literal("declared", String), apps.c.id, Recusal.user_id, none, none, Recusal.reason
        ).join(Recusal, Recusal.application_id == apps.c.id),
        select(literal("admin", String), none, UserRole.user_id, none, none, no_reason).where(
            UserRole.role == "admin"
        ),
    )


def column_rows(statement, params):
    """The rows of a statement that selects columns only, read without the ORM's per-row work
    (several times dearer over thousands of rows); pending changes are flushed first, as the
    session's autoflush would."""
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params).all()


def _users(ids):
    """{id: User} for `ids`, reading from the database only those not already loaded."""
    session = db.session()
    users = {}
    missing = []
    for user_id in ids:
        user = session.identity_map.get(identity_key(User, user_id))
        if user is None:
            missing.append(user_id)
        else:
            users[user_id] = user
    if missing:
        # Only their names are shown: their roles are read if and when asked for.
        found = session.scalars(
            select(User).where(User.id.in_(missing)).options(lazyload(User.role_rows))
        )
        users.update((u.id, u) for u in found)
    return users


def call_recusals(call, states):
    """For a call's applications in `states`, in one or two queries however many they are and
    without loading them: ({application id: ids of everyone recused}, {application id: the
    grounds that concern the committee (see `concerns_the_committee`), ordered by name}).
    The same grounds as `recusal_map`, which needs the applications loaded."""
    kinds = {}  # application id -> {user id: [kind]}
    reasons = {}
    admins = set()
    rows = column_rows(_call_grounds_statement(), {"call_id": call.id, "states": list(states)})
    for row_kind, application_id, user_id, applicant_id, coach_id, reason in rows:
        if row_kind == "rules":
            by_user = kinds.setdefault(application_id, {})
            by_user.setdefault(user_id, []).append("owner")
            by_user.setdefault(applicant_id, []).append("applicant")
            if coach_id is not None:
                by_user.setdefault(coach_id, []).append("coach")
        elif row_kind == "admin":
            admins.add(user_id)
        else:
            kinds.setdefault(application_id, {}).setdefault(user_id, []).append(row_kind)
            if row_kind == "declared":
                reasons[(application_id, user_id)] = reason
    # The same test as `concerns_the_committee`.
    concern = _deciders(call) | admins
    recused = {}
    concerning = {}
    for application_id, by_user in kinds.items():
        recused[application_id] = by_user.keys()
        pairs = [
            (user_id, user_kinds)
            for user_id, user_kinds in by_user.items()
            if user_id in concern or "declared" in user_kinds
        ]
        if pairs:
            concerning[application_id] = pairs
    users = _users({user_id for pairs in concerning.values() for user_id, _kinds in pairs})
    listed = {}
    for application_id, pairs in concerning.items():
        grounds = [
            RecusalGround(
                users[user_id], _tidy(user_kinds), reasons.get((application_id, user_id), "")
            )
            for user_id, user_kinds in pairs
        ]
        listed[application_id] = sorted(
            grounds, key=lambda g: (g.user.public_name.lower(), g.user.id)
        )
    return recused, listed


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
