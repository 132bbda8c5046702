"""The coach's pages under /coach."""

from flask import Blueprint, render_template

from ..core.permissions import roles_required

bp = Blueprint("coach", __name__, url_prefix="/coach")


@bp.get("/")
@roles_required("coach", "admin")
def inbox():
    """Submitted ideas waiting for triage, oldest first."""
    return render_template("coaching/inbox.html")
