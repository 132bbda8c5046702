"""Challenges (utmaningar): needs that units publish and ideas answer."""

from flask import Blueprint, render_template

bp = Blueprint("challenges", __name__, url_prefix="/challenges")


@bp.get("/")
def index():
    """Open and closed challenges."""
    return render_template("challenges/index.html")
