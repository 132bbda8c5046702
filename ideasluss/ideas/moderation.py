"""Comment moderation for administrators: flagged comments, hiding and unhiding (audited)."""

from flask import Blueprint, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import User
from ..core.errors import Refused
from ..core.pagination import paginate
from ..core.permissions import admin_required, get_or_404
from ..core.security import redirect_next
from ..core.session import commit
from ..extensions import db
from . import discussion
from .detail_forms import HideForm
from .models import Comment, CommentFlag, Idea

bp = Blueprint("moderation", __name__, url_prefix="/admin/moderation")


@bp.before_request
@admin_required
def require_admin():
    """Moderation is for administrators only."""


@bp.get("/")
def index():
    """Flagged comments waiting for a decision, and the hidden ones."""
    flagged = db.session.scalars(
        select(Comment)
        .where(Comment.flag_count > 0, Comment.hidden_at.is_(None))
        .order_by(Comment.flag_count.desc(), Comment.created_at, Comment.id)
    ).all()
    flags = {}
    if flagged:
        rows = db.session.execute(
            select(CommentFlag, User)
            .join(User, User.id == CommentFlag.user_id)
            .where(CommentFlag.comment_id.in_([c.id for c in flagged]))
            .order_by(CommentFlag.created_at)
        ).all()
        for flag, user in rows:
            flags.setdefault(flag.comment_id, []).append((flag, user))
    hidden = paginate(
        select(Comment)
        .where(Comment.hidden_at.is_not(None))
        .order_by(Comment.hidden_at.desc(), Comment.id.desc()),
        per_page=50,
    )
    comments = list(flagged) + list(hidden.items)
    idea_ids = {c.idea_id for c in comments}
    ideas = (
        {i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_(idea_ids)))}
        if idea_ids
        else {}
    )
    moderator_ids = {c.hidden_by_id for c in hidden.items if c.hidden_by_id}
    moderators = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(moderator_ids)))}
        if moderator_ids
        else {}
    )
    return render_template(
        "admin/moderation.html",
        flagged=flagged,
        flags=flags,
        hidden=hidden,
        ideas=ideas,
        moderators=moderators,
        hide_form=HideForm(formdata=None),
    )


def _act(operation, comment, success, *args):
    try:
        operation(comment, current_user, *args)
    except Refused as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        commit()
        flash(success, "success")
    return redirect_next("moderation.index")


@bp.post("/comments/<int:comment_id>/hide")
def hide(comment_id):
    """Hide a comment, with the reason why."""
    comment = get_or_404(Comment, comment_id)
    form = HideForm()
    if not form.validate_on_submit():
        flash(next(iter(form.reason.errors), _("Kommentaren kunde inte döljas.")), "error")
        return redirect_next("moderation.index")
    return _act(
        discussion.hide_comment, comment, _("Kommentaren är dold."), form.reason.data
    )


@bp.post("/comments/<int:comment_id>/unhide")
def unhide(comment_id):
    """Show a hidden comment again."""
    comment = get_or_404(Comment, comment_id)
    return _act(discussion.unhide_comment, comment, _("Kommentaren visas igen."))


@bp.post("/comments/<int:comment_id>/dismiss")
def dismiss(comment_id):
    """Let a flagged comment stay: its flags are removed."""
    comment = get_or_404(Comment, comment_id)
    return _act(
        discussion.dismiss_flags, comment, _("Anmälningarna är avfärdade; kommentaren visas.")
    )
