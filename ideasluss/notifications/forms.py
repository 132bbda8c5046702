"""The notification settings form: one radio group per kind the person can receive."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from .models import CHANNELS, KINDS


class PreferencesForm(FlaskForm):
    """Filled with one RadioField per kind by `preferences_form`."""

    def choices(self):
        return {kind: self[kind].data for kind in self.kinds}


def preferences_form(kinds, current, **kwargs):
    """A form with a Direkt / Daglig sammanfattning / Av group for each of `kinds`."""

    class Form(PreferencesForm):
        pass

    for kind in kinds:
        setattr(
            Form,
            kind,
            RadioField(
                KINDS[kind],
                choices=list(CHANNELS.items()),
                default=current[kind],
                validators=[InputRequired(_l("Välj hur du vill få den här notisen."))],
            ),
        )
    form = Form(**kwargs)
    form.kinds = list(kinds)
    return form
