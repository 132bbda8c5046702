"""Creating notifications: in-app rows, and outbox mail for those who want it immediately."""

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User, UserRole
from ..core.mail import queue_mail
from ..extensions import db
from ..ideas.models import Follow
from .models import DEFAULT_CHANNEL, Notification, NotificationPreference


def channels_for(user_ids, kind):
    """Each user's chosen channel for `kind` (their default when they have not chosen)."""
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.channel).where(
                NotificationPreference.kind == kind,
                NotificationPreference.user_id.in_(user_ids),
            )
        ).all()
    )
    return {uid: chosen.get(uid, DEFAULT_CHANNEL[kind]) for uid in user_ids}


def idea_audience(idea):
    """The owner, the team and the followers of an idea."""
    ids = {idea.owner_id} | idea.team_user_ids
    ids.update(db.session.scalars(select(Follow.user_id).where(Follow.idea_id == idea.id)))
    return ids


def coaches_for(idea):
    """The coaches of the idea's unit, or every coach when the unit has none."""
    coach_ids = select(UserRole.user_id).where(UserRole.role == "coach")
    stmt = select(User.id).where(User.id.in_(coach_ids), User.active, User.deleted_at.is_(None))
    if idea.unit_id:
        unit_coaches = set(db.session.scalars(stmt.where(User.unit_id == idea.unit_id)))
        if unit_coaches:
            return unit_coaches
    return set(db.session.scalars(stmt))


def notify(kind, idea, actor=None, recipients=None, **params):
    """Tell the people concerned about `kind` on `idea`; never someone who may not see it.

    Recipients default to the idea's audience. The actor is never told of their own action.
    Rows are written in the caller's transaction, so nothing is sent if it rolls back.
    """
    ids = set(recipients if recipients is not None else idea_audience(idea))
    if actor is not None:
        ids.discard(actor.id)
    if not ids:
        return []
    users = db.session.scalars(select(User).where(User.id.in_(ids))).all()
    channels = channels_for([u.id for u in users], kind)
    created = []
    for user in users:
        channel = channels[user.id]
        if channel == "off" or not user.is_active or not idea.can_view(user):
            continue
        note = Notification(
            user_id=user.id,
            kind=kind,
            idea_id=idea.id,
            actor_id=actor.id if actor else None,
            params=params,
            channel=channel,
        )
        db.session.add(note)
        created.append(note)
        if channel == "immediate" and user.email:
            _mail_now(user, note, idea)
    db.session.flush()
    return created


def _mail_now(user, note, idea):
    from .texts import describe

    with force_locale(user.locale or "sv"):
        text = describe(note, idea)
        queue_mail(
            user.email,
            _("Idéslussen: %(title)s", title=idea.title),
            "mail/notification.txt",
            user=user,
            text=text,
            link=url_for("ideas.detail", idea_id=idea.id, _external=True),
        )
    from ..core.models import utcnow

    note.mailed_at = utcnow()
