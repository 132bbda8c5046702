"""The form an administrator publishes a new version of the IP principles with."""

import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length


class SwedishDateField(DateField):
    """A date (ÅÅÅÅ-MM-DD) with a Swedish parse error; an empty value is left to validators."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = " ".join(valuelist).strip()
        self.data = None
        if not text:
            return
        try:
            self.data = datetime.datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(_l("Ange ett giltigt datum som ÅÅÅÅ-MM-DD.")) from None


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class PrinciplesForm(FlaskForm):
    version = StringField(
        _l("Version"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Ange ett versionsnummer.")),
            Length(max=20, message=_l("Versionen får ha högst %(max)s tecken.", max=20)),
        ],
        description=_l("Till exempel 2026.1. Varje version kan bara publiceras en gång."),
    )
    title = StringField(
        _l("Rubrik"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Ange en rubrik.")),
            Length(max=200, message=_l("Rubriken får ha högst %(max)s tecken.", max=200)),
        ],
    )
    summary = TextAreaField(
        _l("Sammanfattning"),
        validators=[DataRequired(_l("Skriv en kort sammanfattning."))],
        description=_l("Vanlig text som visas bredvid kryssrutan när någon bekräftar principerna."),
    )
    body = TextAreaField(
        _l("Hela texten"),
        validators=[DataRequired(_l("Skriv principernas text."))],
        description=_l("Markdown: rubriker med #, listor med -, länkar med [text](adress)."),
        render_kw={"rows": 16},
    )
    effective_from = SwedishDateField(
        _l("Gäller från"),
        validators=[InputRequired(_l("Ange från vilket datum versionen gäller."))],
        description=_l(
            "Versionen gäller från och med detta datum. Den som skickar in något efter det "
            "behöver bekräfta den nya versionen."
        ),
    )
