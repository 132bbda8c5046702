"""Start page, the pipeline stages page, language choice and the health check."""

from flask import Blueprint, current_app, render_template, request, session
from sqlalchemy import text

from ..extensions import db
from .security import redirect_next

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The start page: what Idéslussen is, in the city's own words."""
    return render_template("main/index.html")


@bp.get("/stages")
def stages():
    """How an idea moves from idé to införd, and what each gate needs."""
    return render_template("main/stages.html")


@bp.get("/privacy")
def privacy():
    """What personal data the service keeps, why, for how long, and how to get or erase it."""
    return render_template("main/privacy.html")


@bp.post("/language")
def language():
    """Switch the interface language for this session."""
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect_next("main.index")


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return {"status": "unavailable"}, 503
    return {"status": "ok"}
