"""Showcase (Goda exempel): implemented ideas, and their adoption by other units."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from ..accounts.models import Unit
from ..core.errors import Refused
from ..core.pagination import paginate
from ..core.permissions import get_or_404
from ..core.session import commit
from ..extensions import db, login_manager
from .adoptions import (
    NOTE_MAX,
    adoption_counts,
    adoptions_for,
    can_record_adoption,
    record_adoption,
)
from .models import VALUE_KINDS, Adoption, GateDecision, Idea
from .queries import card_options, visible_to
from .states import STATES

bp = Blueprint("showcase", __name__, url_prefix="/showcase")


def _unit_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class AdoptionForm(FlaskForm):
    # Only administrators choose the unit; everyone else records for their own.
    unit_id = SelectField(_l("Enhet som har infört lösningen"), coerce=_unit_id)
    note = TextAreaField(
        _l("Kommentar (valfri)"),
        validators=[
            Optional(),
            Length(
                max=NOTE_MAX, message=_l("Kommentaren får ha högst %(max)s tecken.", max=NOTE_MAX)
            ),
        ],
        description=_l("Till exempel hur ni har anpassat lösningen, eller vem man kan fråga."),
        render_kw={"rows": 3},
    )


def _adoption_form(idea):
    """The form for the signed-in staff member, or None when they may not record an adoption."""
    if not can_record_adoption(idea, current_user):
        return None
    form = AdoptionForm()
    if current_user.is_admin:
        units = db.session.scalars(
            select(Unit)
            .where(
                Unit.id != idea.unit_id,
                Unit.id.notin_(select(Adoption.unit_id).where(Adoption.idea_id == idea.id)),
            )
            .order_by(Unit.name)
        ).all()
        form.unit_id.choices = [("", _("Välj enhet"))] + [(u.id, u.name) for u in units]
        if not form.is_submitted() and current_user.unit_id != idea.unit_id:
            form.unit_id.data = current_user.unit_id
    else:
        form.unit_id.choices = [(current_user.unit_id, current_user.unit.name)]
        form.unit_id.data = current_user.unit_id
    form.unit_id.validate_choice = False
    return form


@bp.get("/")
def index():
    """Implemented ideas the viewer may see, most recently implemented first."""
    stmt = (
        select(Idea)
        .where(Idea.state == "implemented", visible_to(current_user))
        .options(*card_options())
        .order_by(Idea.state_changed_at.desc(), Idea.id.desc())
    )
    page = paginate(stmt, per_page=20)
    return render_template(
        "showcase/index.html",
        page=page,
        ideas=page.items,
        adoptions=adoption_counts(idea.id for idea in page.items),
        value_kinds=VALUE_KINDS,
    )


def _load(idea_id):
    idea = get_or_404(Idea, idea_id)
    if idea.state != "implemented":
        abort(404)
    if not idea.can_view(current_user):
        if not current_user.is_authenticated:
            return idea, login_manager.unauthorized()
        abort(403)
    return idea, None


def _render_detail(idea, form, refusal=None):
    history = db.session.scalars(
        select(GateDecision).where(GateDecision.idea_id == idea.id).order_by(GateDecision.id)
    ).all()
    adoptions = adoptions_for(idea)
    # What the adoption box says to a staff member who is not an admin: their unit's standing.
    standing = None
    if form is not None and not current_user.is_admin:
        if current_user.unit_id == idea.unit_id:
            standing = "own"
        elif current_user.unit_id in {a.unit_id for a in adoptions}:
            standing = "adopted"
    return render_template(
        "showcase/detail.html",
        idea=idea,
        history=history,
        adoptions=adoptions,
        form=form,
        standing=standing,
        refusal=refusal,
        states=STATES,
        value_kinds=VALUE_KINDS,
    )


@bp.get("/<int:idea_id>")
def detail(idea_id):
    """An implemented idea: its value, its way through the pipeline and who adopted it."""
    idea, refusal = _load(idea_id)
    if refusal is not None:
        return refusal
    return _render_detail(idea, _adoption_form(idea))


@bp.post("/<int:idea_id>/adopt")
def adopt(idea_id):
    """Record that the signed-in person's unit (or, for an admin, a chosen one) adopted the idea."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    idea, refusal = _load(idea_id)
    if refusal is not None:
        return refusal
    if not current_user.is_staff:
        abort(403)
    form = _adoption_form(idea)
    if form is None:
        abort(403)
    refusal = None
    if form.validate_on_submit():
        unit = current_user.unit
        if current_user.is_admin:
            unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
        try:
            adoption = record_adoption(idea, unit, current_user, form.note.data)
        except Refused as exc:
            refusal = exc.message
        else:
            commit()
            flash(
                _(
                    "Tack! Det är nu registrerat att %(unit)s har infört lösningen.",
                    unit=adoption.unit.name,
                ),
                "success",
            )
            return redirect(url_for("showcase.detail", idea_id=idea.id) + "#adoptions")
    return _render_detail(idea, form, refusal)
