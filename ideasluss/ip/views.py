"""The IP principles in force and earlier versions; publishing and acknowledgements for admins."""

from flask import Blueprint, render_template

bp = Blueprint("ip", __name__, url_prefix="/ip")


@bp.get("/")
def current():
    """The principles in force."""
    return render_template("ip/current.html")
