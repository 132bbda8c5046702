"""The idea page: fields, team, history, votes, comments and follows, and withdrawing."""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.errors import Refused
from ..core.permissions import get_or_404
from ..core.session import commit
from ..extensions import db, htmx
from ..fund.queries import idea_applications
from . import discussion, operations
from .adoptions import adoptions_for
from .blueprint import bp
from .detail_forms import CommentForm, FlagForm
from .models import CLASSIFICATIONS, THEMES, VALUE_KINDS, Attachment, Comment, GateDecision, Idea
from .pipeline import MOVES
from .states import MAIN_LINE, STATES, VOTING_STATES

# The idea page shows the newest comments; older ones are one link away (?comments=all).
COMMENTS_SHOWN = 50
CHECKLIST_LABELS = {check.code: check.label for move in MOVES.values() for check in move.checklist}
MOVE_LABELS = {code: move.label for code, move in MOVES.items()}


def can_withdraw(idea, user):
    """The owner may take their idea back while it is a draft, open or parked."""
    move = MOVES["withdraw"]
    return idea.state in move.sources and move.allowed_for(idea, user)


@bp.context_processor
def _idea_page_helpers():
    return {
        "can_edit_comment": discussion.can_edit_comment,
        "can_flag_comment": discussion.can_flag_comment,
        "can_moderate": discussion.can_moderate,
        "can_withdraw": can_withdraw,
        "states": STATES,
        "main_line": MAIN_LINE,
        "voting_states": VOTING_STATES,
        "themes_labels": THEMES,
        "value_kind_labels": VALUE_KINDS,
        "classification_labels": CLASSIFICATIONS,
        "checklist_labels": CHECKLIST_LABELS,
        "move_labels": MOVE_LABELS,
    }


def _load_idea(idea_id):
    """The idea, or 404 when it does not exist or the viewer may not see it (no hint it exists)."""
    idea = get_or_404(Idea, idea_id)
    if not idea.can_view(current_user):
        abort(404)
    return idea


def _load_comment(idea_id, comment_id):
    idea = _load_idea(idea_id)
    comment = get_or_404(Comment, comment_id)
    if comment.idea_id != idea.id:
        abort(404)
    return idea, comment


def _comments(idea, show_all):
    """The newest comments (all when asked), oldest first, authors loaded in the same query."""
    stmt = (
        select(Comment)
        .where(Comment.idea_id == idea.id)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )
    if not show_all:
        stmt = stmt.limit(COMMENTS_SHOWN + 1)
    comments = list(db.session.scalars(stmt).unique())
    has_older = not show_all and len(comments) > COMMENTS_SHOWN
    return comments[:COMMENTS_SHOWN][::-1] if not show_all else comments[::-1], has_older


def _side_from(idea, history):
    """For an idea off the main line: the main-line state it left (parked, declined, withdrawn)."""
    if idea.state in MAIN_LINE:
        return None
    if idea.state == "parked" and idea.parked_from in MAIN_LINE:
        return idea.parked_from
    for decision in reversed(history):
        if decision.from_state in MAIN_LINE:
            return decision.from_state
    return None


def _render_detail(idea, comment_form=None, status=200):
    user = current_user
    history = db.session.scalars(
        select(GateDecision).where(GateDecision.idea_id == idea.id).order_by(GateDecision.id)
    ).all()
    attachments = db.session.scalars(
        select(Attachment)
        .where(Attachment.idea_id == idea.id)
        .order_by(Attachment.created_at, Attachment.id)
    ).all()
    show_all = request.args.get("comments") == "all"
    comments, has_older = _comments(idea, show_all)
    page = render_template(
        "ideas/detail.html",
        idea=idea,
        history=history,
        side_from=_side_from(idea, history),
        attachments=attachments,
        comments=comments,
        has_older_comments=has_older,
        flagged_ids=discussion.has_flagged([c.id for c in comments], user),
        voted=operations.has_voted(idea, user),
        following=operations.is_following(idea, user),
        comment_form=comment_form or CommentForm(formdata=None),
        adoptions=adoptions_for(idea) if idea.state == "implemented" else None,
        fund_applications=idea_applications(idea, user),
    )
    return page, status


@bp.get("/<int:idea_id>")
def detail(idea_id):
    """One idea with everything that hangs on it; a merged idea sends you to the one it joined."""
    idea = _load_idea(idea_id)
    if idea.state == "merged" and idea.merged_into_id:
        return redirect(url_for("ideas.detail", idea_id=idea.merged_into_id))
    return _render_detail(idea)


def _wanted(value, current):
    """The state the button asked for ("1"/"0"); a bare post toggles."""
    if value in ("1", "0"):
        return value == "1"
    return not current()


def _back_to_idea(idea, anchor=None):
    return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor=anchor))


@bp.post("/<int:idea_id>/vote")
@login_required
def vote(idea_id):
    """Give or take back one's vote; htmx gets the vote box back, others the page."""
    idea = _load_idea(idea_id)
    if not idea.can_vote(current_user):
        abort(403)
    on = _wanted(request.form.get("vote"), lambda: operations.has_voted(idea, current_user))
    try:
        operations.vote(idea, current_user, on)
    except Refused as exc:
        flash(exc.message, "error")
        return _back_to_idea(idea, "vote")
    commit()
    if htmx:
        return render_template("ideas/_vote.html", idea=idea, voted=on)
    flash(_("Din röst är registrerad.") if on else _("Din röst är borttagen."), "success")
    return _back_to_idea(idea, "vote")


@bp.post("/<int:idea_id>/follow")
@login_required
def follow(idea_id):
    """Follow or unfollow an idea; htmx gets the follow box back, others the page."""
    idea = _load_idea(idea_id)
    on = _wanted(request.form.get("follow"), lambda: operations.is_following(idea, current_user))
    try:
        operations.follow(idea, current_user, on)
    except Refused as exc:
        flash(exc.message, "error")
        return _back_to_idea(idea, "follow")
    commit()
    if htmx:
        return render_template("ideas/_follow.html", idea=idea, following=on)
    flash(
        _("Du följer idén och får veta när något händer.") if on else _("Du följer inte idén."),
        "success",
    )
    return _back_to_idea(idea, "follow")


@bp.post("/<int:idea_id>/comments")
@login_required
def add_comment(idea_id):
    """Post a comment; htmx appends it to the list and resets the form."""
    idea = _load_idea(idea_id)
    if not idea.can_comment(current_user):
        abort(403)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = discussion.add_comment(idea, current_user, form.body.data)
        except Refused as exc:
            form.body.errors.append(exc.message)
        else:
            commit()
            if htmx:
                return render_template(
                    "ideas/_comment_added.html",
                    idea=idea,
                    comment=comment,
                    flagged_ids=set(),
                    comment_form=CommentForm(formdata=None),
                )
            flash(_("Din kommentar är publicerad."), "success")
            return _back_to_idea(idea, f"comment-{comment.id}")
    if htmx:
        response = make_response(
            render_template("ideas/_comment_form.html", idea=idea, comment_form=form)
        )
        response.headers["HX-Retarget"] = "#comment-form"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    return _render_detail(idea, comment_form=form, status=422)


def _comment_response(idea, comment, message=None, error=None):
    """htmx: the comment again (with the message); otherwise back to it on the idea page."""
    if htmx:
        return render_template(
            "ideas/_comment.html",
            idea=idea,
            comment=comment,
            flagged_ids=discussion.has_flagged([comment.id], current_user),
            comment_message=message,
            comment_error=error,
        )
    if error:
        flash(error, "error")
    elif message:
        flash(message, "success")
    return _back_to_idea(idea, f"comment-{comment.id}")


@bp.post("/<int:idea_id>/comments/<int:comment_id>/edit")
@login_required
def edit_comment(idea_id, comment_id):
    """The author corrects their comment within the edit window."""
    idea, comment = _load_comment(idea_id, comment_id)
    if comment.author_id != current_user.id:
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        error = next(iter(form.body.errors), _("Kommentaren kunde inte sparas."))
        return _comment_response(idea, comment, error=error)
    try:
        discussion.edit_comment(comment, current_user, form.body.data)
    except Refused as exc:
        db.session.rollback()
        return _comment_response(idea, comment, error=exc.message)
    commit()
    return _comment_response(idea, comment, message=_("Kommentaren är ändrad."))


@bp.post("/<int:idea_id>/comments/<int:comment_id>/flag")
@login_required
def flag_comment(idea_id, comment_id):
    """Ask a moderator to look at a comment (once per person)."""
    idea, comment = _load_comment(idea_id, comment_id)
    if not discussion.can_flag_comment(comment, current_user):
        abort(403)
    form = FlagForm()
    if not form.validate_on_submit():
        error = next(iter(form.reason.errors), _("Anmälan kunde inte skickas."))
        return _comment_response(idea, comment, error=error)
    try:
        discussion.flag_comment(comment, current_user, form.reason.data)
    except Refused as exc:
        return _comment_response(idea, comment, error=exc.message)
    commit()
    return _comment_response(
        idea, comment, message=_("Tack! En moderator tittar på kommentaren.")
    )


@bp.post("/<int:idea_id>/withdraw")
@login_required
def withdraw(idea_id):
    """The owner takes the idea back (confirmed on the page, no script needed)."""
    idea = _load_idea(idea_id)
    if not can_withdraw(idea, current_user):
        abort(403)
    expected = request.form.get("state")
    try:
        operations.move_idea(
            idea, "withdraw", current_user, expected_state=expected if expected else idea.state
        )
    except Refused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back_to_idea(idea)
    commit()
    flash(_("Du har tagit tillbaka idén."), "success")
    return _back_to_idea(idea)
