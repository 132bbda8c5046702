"""The idea page: fields, team, history, votes, comments and follows."""

from flask import abort

from .blueprint import bp


@bp.get("/<int:idea_id>")
def detail(idea_id):
    """One idea."""
    abort(404)
