"""Finding, submitting and editing ideas."""

from flask import render_template

from .blueprint import bp


@bp.get("/")
def index():
    """The ideas the viewer may see."""
    return render_template("ideas/list.html")
