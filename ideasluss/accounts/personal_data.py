"""A person's own data: everything the service holds about them, and deleting the account.

Operations change, flush and log; the caller commits.

Deleting an account erases what identifies the person (e-mail address, name, password, roles,
notifications and their settings, follows, exports, mail in the outbox) and keeps what others
built on: ideas, comments, votes (so counts stay exact), fund applications and the history stay,
shown as "Anonym" (User.public_name). The audit log records that the account was deleted, not
what was erased. The unit stays on the anonymous row, so that the innovation accounts of
closed years (staff or resident) do not change.
"""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from ..core.audit import log_action
from ..core.errors import Refused
from ..core.models import AuditEntry, OutboxMail, utcnow
from ..core.session import after_commit
from ..extensions import db
from .models import User, UserRole

ANONYMOUS = "Anonym"


class WrongPassword(Refused):
    """The password given to confirm a deletion was not the account's."""


def _time(value):
    return value.replace(microsecond=0).isoformat() + "Z" if value is not None else None


def _date(value):
    return value.isoformat() if value is not None else None


def _url(endpoint, **values):
    try:
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:  # no request (a job or the shell): the path is enough
        return None


def export_personal_data(user):
    """Everything the service holds about `user`, as a JSON-safe dict."""
    from ..followup.models import ExportJob
    from ..fund.models import Application, Recusal, Review
    from ..ideas.models import (
        Adoption,
        Attachment,
        Comment,
        CommentFlag,
        Follow,
        Idea,
        MentorNote,
        TeamMember,
        Vote,
    )
    from ..ideas.states import STATES
    from ..ip.models import IpAcknowledgement
    from ..notifications.models import Notification, NotificationPreference

    session = db.session
    team_ids = select(TeamMember.idea_id).where(TeamMember.user_id == user.id)
    ideas = session.scalars(
        select(Idea).where((Idea.owner_id == user.id) | Idea.id.in_(team_ids)).order_by(Idea.id)
    ).all()
    comments = session.scalars(
        select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)
    ).all()
    votes = session.execute(
        select(Vote.idea_id, Vote.created_at)
        .where(Vote.user_id == user.id)
        .order_by(Vote.created_at, Vote.idea_id)
    ).all()
    follows = session.execute(
        select(Follow.idea_id, Follow.created_at)
        .where(Follow.user_id == user.id)
        .order_by(Follow.created_at, Follow.idea_id)
    ).all()
    acknowledgements = session.scalars(
        select(IpAcknowledgement)
        .where(IpAcknowledgement.user_id == user.id)
        .order_by(IpAcknowledgement.id)
    ).all()
    applications = session.scalars(
        select(Application).where(Application.applicant_id == user.id).order_by(Application.id)
    ).all()
    notifications = session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    ).all()
    preferences = session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    ).all()
    audit = session.execute(
        select(AuditEntry.action, AuditEntry.created_at)
        .where(AuditEntry.actor_id == user.id)
        .order_by(AuditEntry.id)
    ).all()
    flags = session.scalars(select(CommentFlag).where(CommentFlag.user_id == user.id)).all()
    notes = session.scalars(
        select(MentorNote).where(MentorNote.author_id == user.id).order_by(MentorNote.id)
    ).all()
    adoptions = session.scalars(
        select(Adoption).where(Adoption.recorded_by_id == user.id).order_by(Adoption.id)
    ).all()
    attachments = session.scalars(
        select(Attachment).where(Attachment.uploader_id == user.id).order_by(Attachment.id)
    ).all()
    reviews = session.scalars(
        select(Review).where(Review.reviewer_id == user.id).order_by(Review.id)
    ).all()
    recusals = session.scalars(
        select(Recusal).where(Recusal.user_id == user.id).order_by(Recusal.id)
    ).all()
    exports = session.scalars(
        select(ExportJob).where(ExportJob.user_id == user.id).order_by(ExportJob.id)
    ).all()

    return {
        "generated_at": _time(utcnow()),
        "service": "Idéslussen, Stockholms stad",
        "profile": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "show_name": user.show_name,
            "shown_as": user.public_name,
            "locale": user.locale,
            "roles": sorted(user.roles),
            "unit": {"id": user.unit.id, "name": user.unit.name} if user.unit else None,
            "created_at": _time(user.created_at),
            "last_login_at": _time(user.last_login_at),
        },
        "ideas": [
            {
                "id": i.id,
                "relation": "owner" if i.owner_id == user.id else "team",
                "title": i.title,
                "problem": i.problem,
                "proposal": i.proposal,
                "value": i.value,
                "value_kinds": i.value_kinds,
                "themes": i.themes,
                "state": i.state,
                "state_label": str(STATES[i.state]),
                "visibility": i.visibility,
                "unit": i.unit.name if i.unit else None,
                "created_at": _time(i.created_at),
                "submitted_at": _time(i.submitted_at),
                "url": _url("ideas.detail", idea_id=i.id),
            }
            for i in ideas
        ],
        "comments": [
            {
                "id": c.id,
                "idea_id": c.idea_id,
                "idea_url": _url("ideas.detail", idea_id=c.idea_id),
                "body": c.body,
                "created_at": _time(c.created_at),
                "edited_at": _time(c.edited_at),
                "hidden_at": _time(c.hidden_at),
                "hidden_reason": c.hidden_reason,
            }
            for c in comments
        ],
        # Others' ideas appear by id and link only: their text is not my data.
        "votes": [
            {"idea_id": i, "idea_url": _url("ideas.detail", idea_id=i), "created_at": _time(at)}
            for i, at in votes
        ],
        "follows": [
            {"idea_id": i, "idea_url": _url("ideas.detail", idea_id=i), "created_at": _time(at)}
            for i, at in follows
        ],
        "ip_acknowledgements": [
            {
                "principles_version": a.principles.version,
                "context": a.context,
                "object_id": a.object_id,
                "acknowledged_at": _time(a.acknowledged_at),
            }
            for a in acknowledgements
        ],
        "fund_applications": [
            {
                "id": a.id,
                "call": a.call.title,
                "idea_id": a.idea_id,
                "type": a.type,
                "state": a.state,
                "requested_amount": a.requested_amount,
                "granted_amount": a.granted_amount,
                "paid_total": a.paid_total,
                "plan": a.plan,
                "milestones": a.milestones,
                "expected_value": a.expected_value,
                "budget_lines": [
                    {"description": line.description, "amount": line.amount}
                    for line in a.budget_lines
                ],
                "created_at": _time(a.created_at),
                "submitted_at": _time(a.submitted_at),
            }
            for a in applications
        ],
        "fund_reviews": [
            {
                "application_id": r.application_id,
                "comment": r.comment,
                "scores": [
                    {"criterion_id": s.criterion_id, "score": s.score, "comment": s.comment}
                    for s in r.scores
                ],
                "created_at": _time(r.created_at),
            }
            for r in reviews
        ],
        "fund_recusals": [
            {
                "application_id": r.application_id,
                "reason": r.reason,
                "created_at": _time(r.created_at),
            }
            for r in recusals
        ],
        "notifications": [
            {
                "kind": n.kind,
                "idea_id": n.idea_id,
                "params": n.params,
                "created_at": _time(n.created_at),
                "read_at": _time(n.read_at),
            }
            for n in notifications
        ],
        "notification_preferences": {p.kind: p.channel for p in preferences},
        "comment_flags": [
            {"comment_id": f.comment_id, "reason": f.reason, "created_at": _time(f.created_at)}
            for f in flags
        ],
        "mentor_notes": [
            {"idea_id": n.idea_id, "body": n.body, "created_at": _time(n.created_at)} for n in notes
        ],
        "adoptions_recorded": [
            {
                "idea_id": a.idea_id,
                "unit": a.unit.name,
                "note": a.note,
                "created_at": _time(a.created_at),
            }
            for a in adoptions
        ],
        "attachments_uploaded": [
            {
                "idea_id": a.idea_id,
                "filename": a.filename,
                "size": a.size,
                "created_at": _time(a.created_at),
            }
            for a in attachments
        ],
        "exports": [
            {
                "kind": e.kind,
                "format": e.format,
                "status": e.status,
                "created_at": _time(e.created_at),
            }
            for e in exports
        ],
        "audit_log": [{"action": action, "at": _time(at)} for action, at in audit],
    }


def _other_admins(user):
    return db.session.scalar(
        select(func.count())
        .select_from(UserRole)
        .join(User, User.id == UserRole.user_id)
        .where(
            UserRole.role == "admin",
            User.id != user.id,
            User.deleted_at.is_(None),
            User.active.is_(True),
        )
    )


def delete_account(user, *, password, confirmed):
    """Erase `user`'s personal data and close the account for good (see the module docstring)."""
    from ..followup.exports import export_path, remove_files
    from ..followup.models import ExportJob
    from ..ideas.models import Follow, Idea
    from ..notifications.models import Notification, NotificationPreference

    if user.deleted_at is not None:
        raise Refused(_l("Kontot är redan borttaget."))
    if not confirmed:
        raise Refused(_l("Kryssa i att du förstår att kontot tas bort för gott."))
    if not password or not user.check_password(password):
        raise WrongPassword(_l("Lösenordet stämmer inte."))
    if user.is_admin and not _other_admins(user):
        raise Refused(
            _l("Du är den enda administratören. Utse en till innan du tar bort ditt konto.")
        )

    if user.email:
        db.session.execute(delete(OutboxMail).where(OutboxMail.recipient == user.email))
    followed = list(db.session.scalars(select(Follow.idea_id).where(Follow.user_id == user.id)))
    if followed:
        db.session.execute(delete(Follow).where(Follow.user_id == user.id))
        db.session.execute(
            update(Idea)
            .where(Idea.id.in_(followed))
            .values(follower_count=Idea.follower_count - 1)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(
        delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    exports = db.session.scalars(select(ExportJob).where(ExportJob.user_id == user.id)).all()
    paths = [export_path(e) for e in exports if e.storage_key]
    for export in exports:
        db.session.delete(export)
    after_commit(remove_files, paths)

    user.email = None
    user.display_name = ANONYMOUS
    user.password_hash = None
    user.show_name = False
    user.locale = None
    user.last_login_at = None
    user.active = False
    user.deleted_at = utcnow()
    user.set_roles(set())
    db.session.flush()
    log_action("user.deleted", user, actor=user)
    return user
