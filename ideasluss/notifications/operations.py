"""Creating notifications: in-app rows, and outbox mail for those who want it immediately.

Operations change, flush and return; callers commit.
"""

from contextlib import contextmanager, nullcontext

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..accounts.models import User, UserRole
from ..core.errors import Refused
from ..core.mail import queue_mail
from ..core.models import utcnow
from ..extensions import db
from ..ideas.models import Follow
from .models import CHANNELS, DEFAULT_CHANNEL, KINDS, Notification, NotificationPreference

_MUTED = "notifications_muted"


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


def kinds_for(user):
    """The kinds a person can receive and choose for: new ideas in triage are for coaches."""
    return [kind for kind in KINDS if kind != "new_idea" or user.has_role("coach")]


def locale_for(user):
    """The language a person reads their mail in: their saved choice, else the default."""
    languages = current_app.config["LANGUAGES"]
    if user.locale in languages:
        return user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def request_context():
    """A request context for building links and rendering mail outside a request (jobs, CLI).

    With SERVER_NAME configured, links use it; otherwise they point at localhost.
    """
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context()


def idea_link(idea):
    return url_for("ideas.detail", idea_id=idea.id, _external=True)


class Muted(list):
    """The notifications written while muted; `now` and `read_at` date them (demo data)."""

    now = None
    read_at = None


@contextmanager
def muted():
    """Write in-app notifications but send no mail (loading demo data in bulk).

    Yields the list the notifications created meanwhile are appended to; they count as mailed,
    so the digest skips them too. Set `now` (and `read_at`) on it to date them.
    """
    created = db.session.info[_MUTED] = Muted()
    try:
        yield created
    finally:
        db.session.info.pop(_MUTED, None)


def notify(kind, idea, actor=None, recipients=None, **params):
    """Tell the people concerned about `kind` on `idea`; never someone who may not see it.

    Recipients default to the idea's audience. The actor is never told of their own action,
    nor is anyone who chose "off" for the kind, is inactive, or may not see the idea now.
    Rows are written in the caller's transaction, so nothing is sent if it rolls back; those
    who chose "immediate" get an outbox mail, "digest" is left for `jobs.send_digests`.
    """
    ids = set(recipients if recipients is not None else idea_audience(idea))
    ids.discard(None)
    if actor is not None:
        ids.discard(actor.id)
    if not ids:
        return []
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)).all()
    channels = channels_for([u.id for u in users], kind)
    muted_into = db.session.info.get(_MUTED)
    now = (muted_into.now if muted_into is not None else None) or utcnow()
    created, to_mail = [], []
    for user in users:
        channel = channels[user.id]
        if channel == "off" or not user.is_active or not idea.can_view(user):
            continue
        mail = muted_into is None and channel == "immediate" and bool(user.email)
        note = Notification(
            user_id=user.id,
            kind=kind,
            idea_id=idea.id,
            actor_id=actor.id if actor else None,
            params=params,
            channel=channel,
            created_at=now,
            mailed_at=now if mail or muted_into is not None else None,
        )
        if muted_into is not None:
            note.read_at = muted_into.read_at
            muted_into.append(note)
        db.session.add(note)
        created.append(note)
        if mail:
            to_mail.append((user, note))
    db.session.flush()  # all rows in one go, before the mails (which flush one by one)
    for user, note in to_mail:
        _mail_now(user, note, idea)
    return created


def _mail_now(user, note, idea):
    """One mail for one notification, in the recipient's language."""
    from .texts import describe

    with request_context(), force_locale(locale_for(user)):
        queue_mail(
            user.email,
            _("Idéslussen: %(title)s", title=idea.title),
            "mail/notification.txt",
            user=user,
            text=describe(note, idea),
            link=idea_link(idea),
        )


def mark_read(note):
    """Mark one notification read (once: a later call keeps the first time)."""
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()
    return note


def mark_all_read(user, upto=None):
    """Mark the person's unread notifications read, up to id `upto` (what the page showed)."""
    stmt = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if upto is not None:
        stmt = stmt.where(Notification.id <= upto)
    result = db.session.execute(
        stmt.values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount


def preferences(user):
    """The person's channel per kind they may receive, defaults filled in."""
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.channel).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {kind: chosen.get(kind, DEFAULT_CHANNEL[kind]) for kind in kinds_for(user)}


def set_preferences(user, choices):
    """Save how the person wants each kind: immediately, in the daily digest or not at all."""
    allowed = kinds_for(user)
    for kind, channel in choices.items():
        if kind not in allowed:
            raise Refused(_l("Den typen av notis finns inte för dig."))
        if channel not in CHANNELS:
            raise Refused(_l("Välj Direkt, Daglig sammanfattning eller Av."))
    existing = {
        pref.kind: pref
        for pref in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for kind, channel in choices.items():
        if kind in existing:
            existing[kind].channel = channel
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, channel=channel))
    db.session.flush()
    return preferences(user)
