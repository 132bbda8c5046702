"""Showcase (Goda exempel): implemented ideas, and their adoption by other units."""

from flask import Blueprint, render_template

bp = Blueprint("showcase", __name__, url_prefix="/showcase")


@bp.get("/")
def index():
    """Implemented ideas."""
    return render_template("showcase/index.html")
