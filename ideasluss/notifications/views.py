"""The notifications page and each person's choices."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.errors import Refused
from ..core.session import commit
from ..extensions import db
from ..ideas.models import Idea
from . import operations, queries
from .forms import preferences_form
from .models import Notification
from .texts import describe

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index():
    """My notifications, newest first, about ideas I may still see."""
    before = request.args.get("before", type=int)
    page = queries.page_for(current_user, before=before)
    return render_template("notifications/index.html", page=page, describe=describe)


@bp.post("/read")
@login_required
def read_all():
    """Mark every unread notification read (up to the newest the page showed)."""
    upto = request.form.get("upto", type=int)
    operations.mark_all_read(current_user, upto=upto)
    commit()
    flash(_("Alla notiser är markerade som lästa."), "success")
    return redirect(url_for(".index"))


@bp.post("/<int:note_id>/read")
@login_required
def read(note_id):
    """Mark one notification read and go to its idea."""
    note = db.session.get(Notification, note_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    operations.mark_read(note)
    commit()
    idea = db.session.get(Idea, note.idea_id) if note.idea_id else None
    if idea is None or not idea.can_view(current_user):
        flash(_("Idén finns inte längre eller är inte synlig för dig."), "warning")
        return redirect(url_for(".index"))
    return redirect(url_for("ideas.detail", idea_id=idea.id))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Choose per kind: immediately, in a daily digest, or off."""
    kinds = operations.kinds_for(current_user)
    form = preferences_form(kinds, operations.preferences(current_user))
    if form.validate_on_submit():
        try:
            operations.set_preferences(current_user, form.choices())
        except Refused as exc:
            flash(exc.message, "error")
        else:
            commit()
            flash(_("Dina val för notiser är sparade."), "success")
            return redirect(url_for(".settings"))
    return render_template("notifications/settings.html", form=form)
