"""The idea page: fields, team, history, votes, comments and follows, and withdrawing."""

from types import SimpleNamespace

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import bindparam, false, select
from sqlalchemy.orm import joinedload, lazyload

from ..accounts.models import User
from ..core.errors import Refused
from ..core.permissions import get_or_404
from ..core.session import commit
from ..extensions import db, htmx
from ..fund.models import Application
from ..fund.queries import idea_applications
from . import discussion, operations
from .adoptions import adoptions_for
from .blueprint import bp
from .detail_forms import CommentForm, FlagForm
from .models import (
    CLASSIFICATIONS,
    THEMES,
    VALUE_KINDS,
    Attachment,
    Comment,
    CommentFlag,
    Follow,
    GateDecision,
    Idea,
    TeamMember,
    Vote,
)
from .pipeline import MOVES
from .states import MAIN_LINE, STATES, VOTING_STATES

# The idea page shows the newest comments; older ones are one link away (?comments=all).
COMMENTS_SHOWN = 50
CHECKLIST_LABELS = {check.code: check.label for move in MOVES.values() for check in move.checklist}
MOVE_LABELS = {code: move.label for code, move in MOVES.items()}


def _name_only(load):
    """The page names other people (owner, team, coach, commenters, deciders) and nothing more:
    only the columns a name needs, and not their roles or units (those still load if asked)."""
    return load.load_only(User.display_name, User.show_name, User.deleted_at).options(
        lazyload(User.role_rows), lazyload(User.unit)
    )


# One query: the idea with its people and themes (at most a handful of rows).
PAGE_IDEA = (
    _name_only(joinedload(Idea.owner)),
    _name_only(joinedload(Idea.coach)),
    joinedload(Idea.theme_rows),
    _name_only(joinedload(Idea.team).joinedload(TeamMember.user)),
)
_COMMENT_AUTHOR = _name_only(joinedload(Comment.author))
_DECISION_ACTOR = _name_only(joinedload(GateDecision.actor))
# Voting and following look at the idea's state, visibility and (rarely) team, not its people.
BARE_IDEA = (
    lazyload(Idea.owner),
    lazyload(Idea.coach),
    lazyload(Idea.unit),
    lazyload(Idea.theme_rows),
    lazyload(Idea.team),
)


# Stands in for a comment id while a link is built; no comment has it.
_SOME_ID = 987_654_321_987_654_321

# The words of the forms nearly every comment repeats for a signed-in reader (flag) and an
# administrator (hide).
_COMMENT_WORDS = {
    "flag": _l("Anmäl"),
    "flag_reason": _l("Varför ska en moderator titta på kommentaren? (frivilligt)"),
    "flag_send": _l("Anmäl till moderator"),
    "hide": _l("Dölj (moderator)"),
    "hide_reason": _l("Skäl till att kommentaren döljs"),
    "hide_send": _l("Dölj kommentaren"),
}


def _link_with_id(endpoint, **values):
    """`url_for(endpoint, comment_id=id, **values)` as a function of the id, built only once."""
    head, _, tail = url_for(endpoint, comment_id=_SOME_ID, **values).rpartition(str(_SOME_ID))
    return lambda comment_id: f"{head}{int(comment_id)}{tail}"


def comment_tools(idea):
    """The links and words of each comment's actions (see `_comment.html`), made once a page
    rather than once a comment: fifty comments, each with a url_for and translated words for
    every form, cost more than the rest of the page."""
    page = url_for("ideas.detail", idea_id=idea.id)
    return SimpleNamespace(
        anchor=lambda comment_id: f"{page}#comment-{int(comment_id)}",
        edit=_link_with_id("ideas.edit_comment", idea_id=idea.id),
        flag=_link_with_id("ideas.flag_comment", idea_id=idea.id),
        hide=_link_with_id("moderation.hide"),
        unhide=_link_with_id("moderation.unhide"),
        # Markup, as the template's _() gives: translations are ours, not user text.
        words={key: Markup(str(text)) for key, text in _COMMENT_WORDS.items()},  # noqa: S704
    )


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


def _load_idea(idea_id, options=PAGE_IDEA):
    """The idea, or 404 when it does not exist or the viewer may not see it (no hint it exists)."""
    idea = db.session.get(Idea, idea_id, options=options)
    if idea is None:
        abort(404)
    if not idea.can_view(current_user):
        abort(404)
    return idea


def _load_comment(idea_id, comment_id):
    idea = _load_idea(idea_id)
    comment = get_or_404(Comment, comment_id)
    if comment.idea_id != idea.id:
        abort(404)
    return idea, comment


def _exists(model, *where):
    """EXISTS (a row of `model` on the idea being loaded, matching `where`)."""
    return select(model.idea_id).where(model.idea_id == Idea.id, *where).exists()


def _page_query(signed_in):
    voted, follows = (
        (
            _exists(Vote, Vote.user_id == bindparam("user_id")),
            _exists(Follow, Follow.user_id == bindparam("user_id")),
        )
        if signed_in
        else (false(), false())
    )
    return (
        select(Idea, voted, follows, _exists(Attachment), _exists(Application))
        .where(Idea.id == bindparam("idea_id"))
        .options(*PAGE_IDEA)
    )


# Built once: working out a statement with this many options costs more than running it.
_PAGE_QUERIES = {signed_in: _page_query(signed_in) for signed_in in (False, True)}


def _load_page(idea_id):
    """The idea for its page, or 404 as `_load_idea`, with what the same query can tell: whether
    the viewer has voted and follows, and whether there are attachments or fund applications at
    all (most ideas have neither, and asking here spares a query for each)."""
    user = current_user
    signed_in = user.is_authenticated
    params = {"idea_id": idea_id, "user_id": user.id} if signed_in else {"idea_id": idea_id}
    row = db.session.execute(_PAGE_QUERIES[signed_in], params).unique().first()
    if row is None or not row[0].can_view(user):
        abort(404)
    idea, voted, following, has_attachments, has_applications = row
    return SimpleNamespace(
        idea=idea,
        voted=bool(voted),
        following=bool(following),
        has_attachments=bool(has_attachments),
        has_applications=bool(has_applications),
    )


def _comments(idea, show_all, user):
    """The newest comments (all when asked), oldest first, and the ids of those `user` has
    flagged; authors and flags come in the same query."""
    flagged = (
        select(CommentFlag.comment_id)
        .where(CommentFlag.comment_id == Comment.id, CommentFlag.user_id == user.id)
        .exists()
        if user.is_authenticated
        else false()
    )
    stmt = (
        select(Comment, flagged)
        .where(Comment.idea_id == idea.id)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .options(_COMMENT_AUTHOR)
    )
    if not show_all:
        stmt = stmt.limit(COMMENTS_SHOWN + 1)
    rows = db.session.execute(stmt).all()
    has_older = not show_all and len(rows) > COMMENTS_SHOWN
    if has_older:
        rows = rows[:COMMENTS_SHOWN]
    comments = [comment for comment, _ in reversed(rows)]
    return comments, has_older, {comment.id for comment, is_flagged in rows if is_flagged}


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


def _render_detail(page, comment_form=None, status=200):
    idea, user = page.idea, current_user
    history = db.session.scalars(
        select(GateDecision)
        .where(GateDecision.idea_id == idea.id)
        .order_by(GateDecision.id)
        .options(_DECISION_ACTOR)
    ).all()
    attachments = []
    if page.has_attachments:
        attachments = db.session.scalars(
            select(Attachment)
            .where(Attachment.idea_id == idea.id)
            .order_by(Attachment.created_at, Attachment.id)
        ).all()
    show_all = request.args.get("comments") == "all"
    comments, has_older, flagged_ids = _comments(idea, show_all, user)
    html = render_template(
        "ideas/detail.html",
        idea=idea,
        history=history,
        side_from=_side_from(idea, history),
        attachments=attachments,
        comments=comments,
        comment_tools=comment_tools(idea),
        has_older_comments=has_older,
        flagged_ids=flagged_ids,
        voted=page.voted,
        following=page.following,
        comment_form=comment_form or CommentForm(formdata=None),
        adoptions=adoptions_for(idea) if idea.state == "implemented" else None,
        fund_applications=idea_applications(idea, user) if page.has_applications else [],
    )
    return html, status


@bp.get("/<int:idea_id>")
def detail(idea_id):
    """One idea with everything that hangs on it; a merged idea sends you to the one it joined."""
    page = _load_page(idea_id)
    if page.idea.state == "merged" and page.idea.merged_into_id:
        return redirect(url_for("ideas.detail", idea_id=page.idea.merged_into_id))
    return _render_detail(page)


def _wanted(value, current):
    """The state the button asked for ("1"/"0"); a bare post toggles."""
    if value in ("1", "0"):
        return value == "1"
    return not current()


def _commit_and_send(fragment):
    """Commit, then send a fragment rendered just before it.

    Rendered first because the commit expires every loaded object, and the box would otherwise
    load the idea and the signed-in user again only to show what this transaction wrote. A
    commit that fails raises, so the fragment is then never sent.
    """
    commit()
    return fragment


def _back_to_idea(idea, anchor=None):
    return redirect(url_for("ideas.detail", idea_id=idea.id, _anchor=anchor))


@bp.post("/<int:idea_id>/vote")
@login_required
def vote(idea_id):
    """Give or take back one's vote; htmx gets the vote box back, others the page."""
    idea = _load_idea(idea_id, BARE_IDEA)
    if not idea.can_vote(current_user):
        abort(403)
    on = _wanted(request.form.get("vote"), lambda: operations.has_voted(idea, current_user))
    try:
        operations.vote(idea, current_user, on)
    except Refused as exc:
        flash(exc.message, "error")
        return _back_to_idea(idea, "vote")
    if htmx:
        return _commit_and_send(render_template("ideas/_vote.html", idea=idea, voted=on))
    commit()
    flash(_("Din röst är registrerad.") if on else _("Din röst är borttagen."), "success")
    return _back_to_idea(idea, "vote")


@bp.post("/<int:idea_id>/follow")
@login_required
def follow(idea_id):
    """Follow or unfollow an idea; htmx gets the follow box back, others the page."""
    idea = _load_idea(idea_id, BARE_IDEA)
    on = _wanted(request.form.get("follow"), lambda: operations.is_following(idea, current_user))
    try:
        operations.follow(idea, current_user, on)
    except Refused as exc:
        flash(exc.message, "error")
        return _back_to_idea(idea, "follow")
    if htmx:
        return _commit_and_send(render_template("ideas/_follow.html", idea=idea, following=on))
    commit()
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
                    comment_tools=comment_tools(idea),
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
    return _render_detail(_load_page(idea.id), comment_form=form, status=422)


def _comment_response(idea, comment, message=None, error=None):
    """htmx: the comment again (with the message); otherwise back to it on the idea page."""
    if htmx:
        return render_template(
            "ideas/_comment.html",
            idea=idea,
            comment=comment,
            comment_tools=comment_tools(idea),
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
    return _comment_response(idea, comment, message=_("Tack! En moderator tittar på kommentaren."))


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
