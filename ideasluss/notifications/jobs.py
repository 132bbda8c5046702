"""The daily digest: one mail per person listing what they chose to hear about once a day."""

import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from ..accounts.models import User
from ..core.jobs import get_queue, job
from ..core.mail import queue_mail
from ..core.models import utcnow
from ..core.session import commit
from ..extensions import db
from ..ideas.models import Idea
from .models import Notification
from .operations import idea_link, locale_for, request_context
from .texts import describe

log = logging.getLogger(__name__)

DIGEST_TIME = time(6, 0)
DIGEST_ZONE = ZoneInfo("Europe/Stockholm")


def _pending():
    return (Notification.channel == "digest", Notification.mailed_at.is_(None))


@job
def send_digests():
    """Mail each person their pending digest notifications; returns how many mails were queued.

    Idempotent: each person's notifications are marked mailed in the same transaction as their
    mail is written to the outbox, so a second run (or a parallel one) finds nothing to send.
    """
    user_ids = db.session.scalars(
        select(Notification.user_id).where(*_pending()).group_by(Notification.user_id)
    ).all()
    sent = 0
    with request_context():
        for user_id in user_ids:
            try:
                sent += send_digest(user_id)
                commit()
            except Exception:
                db.session.rollback()
                log.exception("Digest for user %s failed; it is retried next time", user_id)
    return sent


def send_digest(user_id):
    """Write one person's digest mail and mark its notifications mailed; 1 if a mail was queued.

    Notifications about ideas the person may no longer see are marked but never listed.
    """
    user = db.session.get(User, user_id)
    rows = db.session.execute(
        select(Notification, Idea)
        .outerjoin(Idea, Idea.id == Notification.idea_id)
        .where(Notification.user_id == user_id, *_pending())
        .order_by(Notification.id)
        .with_for_update(of=Notification, skip_locked=True)
    ).all()
    if not rows:
        return 0
    now = utcnow()
    for note, _idea in rows:
        note.mailed_at = now
    visible = [(n, i) for n, i in rows if i is not None and user and i.can_view(user)]
    if not visible or user is None or not user.is_active or not user.email:
        db.session.flush()
        return 0
    with force_locale(locale_for(user)):
        queue_mail(
            user.email,
            ngettext(
                "Idéslussen: %(num)s ny notis",
                "Idéslussen: %(num)s nya notiser",
                len(visible),
            ),
            "mail/digest.txt",
            user=user,
            items=[(describe(note, idea), idea_link(idea)) for note, idea in visible],
            notifications_link=url_for("notifications.index", _external=True),
            settings_link=url_for("notifications.settings", _external=True),
        )
    db.session.flush()
    return 1


def next_digest_at(now=None):
    """The next 06:00 in Stockholm (in UTC) after `now`."""
    now = now or datetime.now(UTC)
    local = now.astimezone(DIGEST_ZONE)
    slot = datetime.combine(local.date(), DIGEST_TIME, tzinfo=DIGEST_ZONE)
    if slot <= local:
        slot = datetime.combine(local.date() + timedelta(days=1), DIGEST_TIME, tzinfo=DIGEST_ZONE)
    return slot.astimezone(UTC)


def digest_job_id(when):
    """One fixed job id per daily slot, so starting the worker again never doubles a digest.

    (Not one id for every day: a job that reschedules itself under its own id would have the
    new schedule expire with the running job's result.)
    """
    return "notifications-digest-" + when.astimezone(DIGEST_ZONE).strftime("%Y-%m-%d")


def schedule_digest(queue=None, now=None):
    """Schedule `periodic_digest` at the next 06:00 (Stockholm time)."""
    when = next_digest_at(now)
    return (queue or get_queue()).enqueue_at(when, periodic_digest, job_id=digest_job_id(when))


@job
def periodic_digest():
    """Send the daily digests, then schedule tomorrow's."""
    try:
        send_digests()
    finally:
        schedule_digest()
