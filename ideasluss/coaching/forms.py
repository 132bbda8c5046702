"""Forms for triage, gate decisions, merging, mentor notes and coach assignment."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..ideas.models import CLASSIFICATIONS, THEMES, VALUE_KINDS
from ..ideas.pipeline import MOVES
from .operations import NOTE_MAX

MOTIVATION_MAX = 5000


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _optional_id(value):
    """An id from a select, or None for an empty or malformed choice (the operation refuses)."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _motivation(description=None):
    return TextAreaField(
        _l("Motivering"),
        validators=[
            DataRequired(_l("Skriv en motivering till beslutet.")),
            Length(max=MOTIVATION_MAX, message=_l("Skriv högst %(n)s tecken.", n=MOTIVATION_MAX)),
        ],
        description=description,
    )


class TriageForm(FlaskForm):
    classification = RadioField(
        _l("Klassificering"),
        choices=list(CLASSIFICATIONS.items()),
        validators=[InputRequired(_l("Välj innovation eller förbättringsförslag."))],
        description=_l(
            "Enligt stadens innovationsstrategi är en innovation något ”väsentligt nytt och "
            "värdeskapande … någon form av språng”, inte en liten korrigering. Ett "
            "förbättringsförslag avslutas här och hänvisas till enhetens ordinarie arbete med "
            "ständiga förbättringar."
        ),
    )
    coach_id = SelectField(
        _l("Coach"),
        coerce=_optional_id,
        validate_choice=False,
        description=_l(
            "Gäller innovationer. Du kan ta idén själv eller ge den till en annan coach."
        ),
    )
    themes = MultiCheckboxField(_l("Teman"), choices=list(THEMES.items()))
    value_kinds = MultiCheckboxField(_l("Värde"), choices=list(VALUE_KINDS.items()))
    checklist = MultiCheckboxField(
        _l("Grinden till idé (gäller innovationer)"),
        choices=[(c.code, c.label) for c in MOVES["accept"].checklist],
    )
    motivation = _motivation(_l("Idégivaren ser motiveringen i idéns historik."))
    expected_state = HiddenField()


class DecisionForm(FlaskForm):
    move = RadioField(
        _l("Beslut"), validators=[InputRequired(_l("Välj ett beslut."))], validate_choice=False
    )
    motivation = TextAreaField(
        _l("Motivering"),
        validators=[
            Length(max=MOTIVATION_MAX, message=_l("Skriv högst %(n)s tecken.", n=MOTIVATION_MAX))
        ],
        description=_l("Krävs för alla beslut utom när idégivaren tar tillbaka sin idé."),
    )
    expected_state = HiddenField()


class MergeForm(FlaskForm):
    target_id = IntegerField(
        _l("Nummer på idén som den här ska slås samman med"),
        validators=[
            InputRequired(_l("Skriv numret på idén, eller välj en i sökresultatet.")),
            NumberRange(min=1, message=_l("Skriv ett giltigt idénummer.")),
        ],
    )
    motivation = _motivation(_l("Varför beskriver idéerna samma sak?"))
    confirm = BooleanField(
        _l("Jag har läst båda idéerna och vill slå samman dem"),
        validators=[DataRequired(_l("Bekräfta sammanslagningen."))],
        description=_l(
            "Röster, följare och teamet flyttas till den andra idén. Det går inte att ångra."
        ),
    )
    expected_state = HiddenField()


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Ny anteckning"),
        validators=[
            DataRequired(_l("Skriv något i anteckningen.")),
            Length(max=NOTE_MAX, message=_l("Skriv högst %(n)s tecken.", n=NOTE_MAX)),
        ],
        description=_l("Syns bara för coacher, idéns team och administratörer."),
    )


class AssignForm(FlaskForm):
    coach_id = SelectField(
        _l("Coach"),
        coerce=_optional_id,
        validators=[Optional()],
        validate_choice=False,
    )
