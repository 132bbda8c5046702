"""Challenges (utmaningar): needs that units publish and ideas answer."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..accounts.models import Unit
from ..core.errors import Refused
from ..core.permissions import get_or_404
from ..core.session import commit
from ..extensions import db, login_manager
from ..ip.forms import SwedishDateField
from .challenge_operations import can_manage_challenges, publish_challenge, update_challenge
from .models import Challenge, Idea
from .queries import card_options, visible_to

bp = Blueprint("challenges", __name__, url_prefix="/challenges")

# The challenge page shows this many of its ideas; the idea list filtered by challenge has all.
IDEAS_SHOWN = 50


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _unit_id(value):
    """The chosen unit's id, or 0 for none or garbage (reported in Swedish by the form)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class ChallengeForm(FlaskForm):
    title = StringField(
        _l("Rubrik"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Ge utmaningen en rubrik.")),
            Length(max=160, message=_l("Rubriken får ha högst %(max)s tecken.", max=160)),
        ],
    )
    description = TextAreaField(
        _l("Beskrivning"),
        validators=[DataRequired(_l("Beskriv utmaningen."))],
        description=_l(
            "Vilket behov har enheten, för vem, och hur vet ni att en lösning fungerar? "
            "Markdown går bra."
        ),
        render_kw={"rows": 12},
    )
    unit_id = SelectField(
        _l("Behovsägare"),
        coerce=_unit_id,
        validators=[InputRequired(_l("Välj vilken enhet som äger behovet."))],
        description=_l("Den enhet som har behovet och tar emot idéerna."),
    )
    opens_on = SwedishDateField(
        _l("Öppnar"), validators=[InputRequired(_l("Ange när utmaningen öppnar."))]
    )
    closes_on = SwedishDateField(
        _l("Stänger"),
        validators=[InputRequired(_l("Ange när utmaningen stänger."))],
        description=_l("Sista dagen då idéer kan lämnas på utmaningen."),
    )

    def validate_unit_id(self, field):
        if not field.data or field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Välj vilken enhet som äger behovet."))

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("Utmaningen kan inte stänga före den öppnar."))


def _form(challenge=None):
    form = ChallengeForm(obj=challenge)
    units = db.session.scalars(select(Unit).order_by(Unit.name)).all()
    form.unit_id.choices = [("", _("Välj enhet"))] + [(u.id, u.name) for u in units]
    # Refuse an unknown or missing unit via validate_unit_id, not WTForms' English message.
    form.unit_id.validate_choice = False
    return form


def _require_manager():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not can_manage_challenges(current_user):
        abort(403)
    return None


@bp.get("/")
def index():
    """Open challenges first (closing soonest first), then coming ones, then closed ones."""
    today = date.today()
    challenges = db.session.scalars(
        select(Challenge).order_by(Challenge.closes_on, Challenge.id)
    ).all()
    groups = {
        "open": [c for c in challenges if c.is_open(today)],
        "upcoming": sorted(
            (c for c in challenges if c.opens_on > today), key=lambda c: (c.opens_on, c.id)
        ),
        "closed": [c for c in reversed(challenges) if c.closes_on < today],
    }
    return render_template(
        "challenges/index.html",
        groups=groups,
        today=today,
        can_manage=can_manage_challenges(current_user),
    )


@bp.get("/<int:challenge_id>")
def detail(challenge_id):
    """A challenge with the ideas answering it that the viewer may see."""
    challenge = get_or_404(Challenge, challenge_id)
    ideas = db.session.scalars(
        select(Idea)
        .where(Idea.challenge_id == challenge.id, visible_to(current_user))
        .options(*card_options())
        .order_by(Idea.id.desc())
        .limit(IDEAS_SHOWN + 1)
    ).all()
    more = len(ideas) > IDEAS_SHOWN
    return render_template(
        "challenges/detail.html",
        challenge=challenge,
        ideas=ideas[:IDEAS_SHOWN],
        more=more,
        today=date.today(),
        is_open=challenge.is_open(),
        new_idea_url=url_for("ideas.new", challenge=challenge.id),
        can_manage=can_manage_challenges(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Publish a challenge on behalf of a unit."""
    if (refusal := _require_manager()) is not None:
        return refusal
    form = _form()
    if form.validate_on_submit():
        try:
            challenge = publish_challenge(
                title=form.title.data,
                description=form.description.data,
                unit=db.session.get(Unit, form.unit_id.data),
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                actor=current_user,
            )
        except Refused as exc:
            flash(exc.message, "error")
        else:
            commit()
            flash(_("Utmaningen är publicerad."), "success")
            return redirect(url_for("challenges.detail", challenge_id=challenge.id))
    return render_template("challenges/form.html", form=form, challenge=None)


@bp.route("/<int:challenge_id>/edit", methods=["GET", "POST"])
def edit(challenge_id):
    """Change a challenge's text, need owner or dates."""
    challenge = get_or_404(Challenge, challenge_id)
    if (refusal := _require_manager()) is not None:
        return refusal
    form = _form(challenge)
    if form.validate_on_submit():
        try:
            update_challenge(
                challenge,
                title=form.title.data,
                description=form.description.data,
                unit=db.session.get(Unit, form.unit_id.data),
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                actor=current_user,
            )
        except Refused as exc:
            flash(exc.message, "error")
        else:
            commit()
            flash(_("Ändringarna i utmaningen är sparade."), "success")
            return redirect(url_for("challenges.detail", challenge_id=challenge.id))
    return render_template("challenges/form.html", form=form, challenge=challenge)
