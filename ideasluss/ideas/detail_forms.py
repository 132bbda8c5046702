"""Forms on the idea page: comments, flags and moderation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .discussion import COMMENT_MAX, REASON_MAX


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Din kommentar"),
        validators=[
            DataRequired(_l("Skriv något i kommentaren.")),
            Length(max=COMMENT_MAX, message=_l("Kommentaren får vara högst %(max)d tecken.")),
        ],
        description=_l("Du kan använda Markdown, till exempel *kursiv* och listor."),
    )


class FlagForm(FlaskForm):
    reason = StringField(
        _l("Varför ska en moderator titta på kommentaren? (frivilligt)"),
        validators=[
            Optional(),
            Length(max=REASON_MAX, message=_l("Skälet får vara högst %(max)d tecken.")),
        ],
    )


class HideForm(FlaskForm):
    reason = StringField(
        _l("Skäl till att kommentaren döljs"),
        validators=[
            DataRequired(_l("Skriv varför kommentaren döljs.")),
            Length(max=REASON_MAX, message=_l("Skälet får vara högst %(max)d tecken.")),
        ],
    )
