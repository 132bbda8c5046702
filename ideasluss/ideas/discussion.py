"""Comments on ideas and their moderation. Operations change, flush and log; callers commit.

`Idea.comment_count` counts the comments readers see (not hidden ones). It moves only in plain
`x = x + 1` statements guarded by the row change that caused it, so parallel requests and two
moderators at once never leave it wrong.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..core.audit import log_action
from ..core.errors import Refused
from ..core.models import utcnow
from ..extensions import db
from ..notifications.operations import notify
from .models import Comment, CommentFlag, Idea

# How long the author may correct a comment after posting it.
COMMENT_EDIT_WINDOW = timedelta(minutes=15)
COMMENT_MAX = 5000
REASON_MAX = 300


def can_edit_comment(comment, user, now=None):
    """The author, within COMMENT_EDIT_WINDOW of posting, while the comment is not hidden."""
    return (
        user.is_authenticated
        and comment.author_id == user.id
        and comment.hidden_at is None
        and (now or utcnow()) - comment.created_at <= COMMENT_EDIT_WINDOW
    )


def can_flag_comment(comment, user):
    """Any signed-in reader but the author may ask a moderator to look at a visible comment."""
    return user.is_authenticated and comment.author_id != user.id and comment.hidden_at is None


def can_moderate(user):
    """Hiding, unhiding and dismissing flags is for administrators."""
    return user.is_authenticated and user.is_admin


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise Refused(_l("Skriv något i kommentaren."))
    if len(body) > COMMENT_MAX:
        raise Refused(_l("Kommentaren får vara högst %(n)s tecken.", n=COMMENT_MAX))
    return body


def _move_comment_count(idea_id, delta, **values):
    db.session.execute(
        update(Idea)
        .where(Idea.id == idea_id)
        .values(comment_count=Idea.comment_count + delta, **values)
        .execution_options(synchronize_session=False)
    )


def add_comment(idea, author, body):
    """Post a comment on an idea and tell its owner, team and followers."""
    if not idea.can_comment(author):
        raise Refused(_l("Det går inte att kommentera den här idén."))
    comment = Comment(idea_id=idea.id, author_id=author.id, body=_clean_body(body))
    db.session.add(comment)
    db.session.flush()
    _move_comment_count(idea.id, +1, last_activity_at=comment.created_at)
    db.session.expire(idea, ["comment_count", "last_activity_at"])
    notify("comment", idea, author, comment_id=comment.id)
    return comment


def edit_comment(comment, actor, body, now=None):
    """Correct one's own comment; refused once the edit window has passed."""
    if comment.author_id != actor.id:
        raise Refused(_l("Du kan bara ändra dina egna kommentarer."))
    if not can_edit_comment(comment, actor, now):
        raise Refused(
            _l(
                "Kommentaren kan bara ändras under %(minutes)s minuter efter att den skrevs.",
                minutes=int(COMMENT_EDIT_WINDOW.total_seconds() // 60),
            )
        )
    comment.body = _clean_body(body)
    comment.edited_at = now or utcnow()
    db.session.flush()
    return comment


def has_flagged(comment_ids, user):
    """Which of `comment_ids` `user` has already flagged (one query)."""
    if not user.is_authenticated or not comment_ids:
        return set()
    return set(
        db.session.scalars(
            select(CommentFlag.comment_id).where(
                CommentFlag.user_id == user.id, CommentFlag.comment_id.in_(comment_ids)
            )
        )
    )


def flag_comment(comment, user, reason=""):
    """Ask the moderators to look at a comment; once per person."""
    if not can_flag_comment(comment, user):
        raise Refused(_l("Du kan inte anmäla den här kommentaren."))
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise Refused(_l("Skälet får vara högst %(n)s tecken.", n=REASON_MAX))
    try:
        with db.session.begin_nested():
            db.session.execute(
                insert(CommentFlag).values(comment_id=comment.id, user_id=user.id, reason=reason)
            )
    except IntegrityError:
        raise Refused(_l("Du har redan anmält den här kommentaren.")) from None
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(flag_count=Comment.flag_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(comment, ["flag_count"])
    return comment


def _check_moderator(actor):
    if not can_moderate(actor):
        raise Refused(_l("Bara administratörer kan moderera kommentarer."))


def hide_comment(comment, actor, reason):
    """Hide a comment from everyone but administrators, with the reason why."""
    _check_moderator(actor)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_l("Skriv varför kommentaren döljs."))
    if len(reason) > REASON_MAX:
        raise Refused(_l("Skälet får vara högst %(n)s tecken.", n=REASON_MAX))
    # Only the request that actually hides it moves the counter (two moderators at once).
    result = db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id, Comment.hidden_at.is_(None))
        .values(hidden_at=utcnow(), hidden_by_id=actor.id, hidden_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:
        raise Refused(_l("Kommentaren är redan dold."))
    _move_comment_count(comment.idea_id, -1)
    db.session.expire(comment)
    log_action("comment.hidden", comment, actor=actor, idea_id=comment.idea_id, reason=reason)
    return comment


def _dismiss_flags(comment):
    """Delete a comment's flags and zero its count; returns the reasons that were given."""
    reasons = list(
        db.session.scalars(select(CommentFlag.reason).where(CommentFlag.comment_id == comment.id))
    )
    db.session.execute(delete(CommentFlag).where(CommentFlag.comment_id == comment.id))
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(flag_count=0)
        .execution_options(synchronize_session=False)
    )
    return reasons


def unhide_comment(comment, actor):
    """Show a hidden comment again; the flags that led to hiding it are settled with it."""
    _check_moderator(actor)
    result = db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id, Comment.hidden_at.is_not(None))
        .values(hidden_at=None, hidden_by_id=None, hidden_reason=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:
        raise Refused(_l("Kommentaren är inte dold."))
    _move_comment_count(comment.idea_id, +1)
    reasons = _dismiss_flags(comment)
    db.session.expire(comment)
    log_action(
        "comment.unhidden", comment, actor=actor, idea_id=comment.idea_id, flags=len(reasons)
    )
    return comment


def dismiss_flags(comment, actor):
    """Decide that a flagged comment may stay: its flags are removed (and kept in the audit)."""
    _check_moderator(actor)
    reasons = _dismiss_flags(comment)
    if not reasons:
        raise Refused(_l("Kommentaren har inga anmälningar."))
    db.session.expire(comment)
    log_action(
        "comment.flags_dismissed",
        comment,
        actor=actor,
        idea_id=comment.idea_id,
        flags=len(reasons),
        reasons=[r for r in reasons if r],
    )
    return comment
