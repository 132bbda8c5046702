"""The committee's forms: a review (a score 1–5 per criterion), a declaration of jäv, a decision."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..core.errors import Refused
from ..ip.forms import SwedishDateField
from .money import parse_sek
from .review import COMMENT_MAX

SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
SCORE_HINTS = {
    "1": _l("1 – mycket svagt"),
    "2": _l("2 – svagt"),
    "3": _l("3 – godtagbart"),
    "4": _l("4 – starkt"),
    "5": _l("5 – mycket starkt"),
}


class ScoreField(RadioField):
    """A score 1–5 with Swedish messages for a missing or forged value."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=SCORE_CHOICES, coerce=str, **kwargs)

    def process_formdata(self, valuelist):
        self.data = valuelist[0].strip() if valuelist else None

    def pre_validate(self, form):
        if not self.data:
            raise ValidationError(_l("Välj ett betyg från 1 till 5."))
        if self.data not in dict(SCORE_CHOICES):
            raise ValidationError(_l("Betyget ska vara ett heltal från 1 till 5."))


def review_form_for(call, review=None, **kwargs):
    """A review form with a score and a comment for each criterion of `call`, in order."""

    class ReviewForm(FlaskForm):
        comment = TextAreaField(
            _l("Sammanfattande kommentar"),
            validators=[
                Optional(),
                Length(max=COMMENT_MAX, message=_l("Högst %(max)s tecken.", max=COMMENT_MAX)),
            ],
            description=_l("Frivillig. Ses bara av fondkommittén och administratörerna."),
        )

    for criterion in call.criteria:
        setattr(
            ReviewForm,
            f"score_{criterion.id}",
            ScoreField(_l("Betyg för %(name)s", name=criterion.name)),
        )
        setattr(
            ReviewForm,
            f"comment_{criterion.id}",
            TextAreaField(
                _l("Kommentar om %(name)s", name=criterion.name),
                validators=[
                    Optional(),
                    Length(max=COMMENT_MAX, message=_l("Högst %(max)s tecken.", max=COMMENT_MAX)),
                ],
                render_kw={"rows": 3},
            ),
        )
    form = ReviewForm(**kwargs)
    if review is not None and not form.is_submitted():
        form.comment.data = review.comment
        for score in review.scores:
            if hasattr(form, f"score_{score.criterion_id}"):
                form[f"score_{score.criterion_id}"].data = str(score.score)
                form[f"comment_{score.criterion_id}"].data = score.comment
    form.criteria_fields = [
        (criterion, form[f"score_{criterion.id}"], form[f"comment_{criterion.id}"])
        for criterion in call.criteria
    ]
    return form


def scores_from(form, call):
    """{criterion id: (score, comment)} as save_review takes them."""
    return {
        c.id: (form[f"score_{c.id}"].data, form[f"comment_{c.id}"].data or "")
        for c in call.criteria
    }


class RecusalForm(FlaskForm):
    reason = TextAreaField(
        _l("Skäl till jävet"),
        validators=[
            DataRequired(_l("Skriv skälet till jävet.")),
            Length(max=2000, message=_l("Skälet får vara högst %(max)s tecken.", max=2000)),
        ],
        description=_l(
            "Till exempel: nära släkt med sökande, tidigare samarbete eller ekonomiskt intresse. "
            "Skälet visas för kommittén och i beslutet."
        ),
        render_kw={"rows": 3},
    )


class DecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Beslut"),
        choices=[("grant", _l("Bevilja")), ("reject", _l("Avslå"))],
        validators=[DataRequired(_l("Välj om ansökan ska beviljas eller avslås."))],
        validate_choice=False,
    )
    amount = StringField(
        _l("Beviljat belopp (kr)"),
        description=_l("Hela kronor, högst det sökta beloppet. Fylls i när ansökan beviljas."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    conditions = TextAreaField(
        _l("Villkor"),
        validators=[Optional(), Length(max=10_000)],
        description=_l("Frivilligt. Till exempel krav på delrapport eller medfinansiering."),
        render_kw={"rows": 4},
    )
    report_due_on = SwedishDateField(
        _l("Sista dag för slutrapport"),
        validators=[Optional()],
        description=_l("ÅÅÅÅ-MM-DD. Gäller när ansökan beviljas."),
    )
    motivation = TextAreaField(
        _l("Motivering"),
        validators=[
            DataRequired(_l("Skriv en motivering till beslutet.")),
            Length(max=10_000, message=_l("Högst %(max)s tecken.", max=10_000)),
        ],
        description=_l("Motiveringen står i beslutsbrevet till den sökande."),
        render_kw={"rows": 6},
    )

    def validate_outcome(self, field):
        if field.data not in ("grant", "reject"):
            raise ValidationError(_l("Välj om ansökan ska beviljas eller avslås."))

    def validate_amount(self, field):
        if self.outcome.data != "grant":
            return
        try:
            self.amount_value = parse_sek(field.data)
        except Refused as exc:
            raise ValidationError(exc.message) from None
