"""The idea form: what is submitted and edited, with Swedish messages for every mistake."""

import re

import wtforms
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from ..accounts.forms import MultiCheckboxField as _Checkboxes
from ..accounts.models import STAFF_ROLES, User, UserRole, normalize_email
from ..extensions import db
from .attachments import MAX_FILE_BYTES
from .models import THEMES, VALUE_KINDS, VISIBILITIES

TEXT_MAX = 20_000
TEAM_MAX = 20
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SEPARATORS = re.compile(r"[,;\s]+")


# The classes keep the names the `field()` macro knows (it renders by field type name); they
# only replace WTForms' English error for a value that was never offered.


class MultiCheckboxField(_Checkboxes):
    """Checkboxes."""

    def pre_validate(self, form):
        allowed = {str(value) for value, _label in self.choices}
        if any(str(value) not in allowed for value in self.data or ()):
            raise ValidationError(_l("Välj bland alternativen."))


class Choice(SelectField):
    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(_l("Välj bland alternativen."))


class RadioField(wtforms.RadioField):
    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(_l("Välj bland alternativen."))


def _int_or_invalid(value):
    """An id from a select; -1 (never a choice) for anything else."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Rubrik"),
        validators=[
            DataRequired(_l("Skriv en rubrik.")),
            Length(max=160, message=_l("Rubriken får vara högst 160 tecken.")),
        ],
        description=_l("En kort mening som säger vad idén går ut på."),
    )
    problem = TextAreaField(
        _l("Problem"),
        validators=[Length(max=TEXT_MAX, message=_l("Texten är för lång."))],
        description=_l("Vilket problem löser idén, och för vem?"),
    )
    proposal = TextAreaField(
        _l("Förslag"),
        validators=[Length(max=TEXT_MAX, message=_l("Texten är för lång."))],
        description=_l("Hur vill du lösa problemet?"),
    )
    value = TextAreaField(
        _l("Värde"),
        validators=[Length(max=TEXT_MAX, message=_l("Texten är för lång."))],
        description=_l("Vad blir bättre, och för vem, om idén genomförs?"),
    )
    value_kinds = MultiCheckboxField(_l("Slags värde"), choices=list(VALUE_KINDS.items()))
    themes = MultiCheckboxField(_l("Teman"), choices=list(THEMES.items()))
    unit_id = Choice(_l("Enhet"), coerce=_int_or_invalid)
    visibility = RadioField(
        _l("Vem får se idén?"),
        choices=list(VISIBILITIES.items()),
        default="public",
        description=_l("Interna idéer visas bara för stadens medarbetare."),
    )
    challenge_id = Choice(_l("Svarar på utmaning"), coerce=_int_or_invalid, default=0)
    team = TextAreaField(
        _l("Medinnovatörer"),
        validators=[Length(max=5000, message=_l("Texten är för lång."))],
        description=_l(
            "E-postadresser till medarbetare i staden som är med i idén, "
            "en per rad eller åtskilda med komma."
        ),
    )
    attachments = MultipleFileField(
        _l("Bilagor"),
        description=_l(
            "PDF, bilder (PNG, JPEG, GIF, WebP) eller Office-dokument (docx, xlsx, pptx, odt, "
            "ods), högst %(mb)s MB per fil.",
            mb=MAX_FILE_BYTES // (1024 * 1024),
        ),
    )
    ip_ack = BooleanField(
        _l("Jag har läst principerna för immateriella rättigheter och godkänner dem.")
    )
    version = HiddenField()

    def __init__(self, *args, user, units=(), challenges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.team_users = []
        self.unit_id.choices = [(u.id, u.name) for u in units]
        self.challenge_id.choices = [(0, _l("Ingen utmaning"))] + [
            (c.id, c.title) for c in challenges
        ]
        if user.is_staff and not self.unit_id.raw_data and self.unit_id.data in (None, -1):
            self.unit_id.data = user.unit_id  # not posted at all: the person's own unit
        if not user.is_staff:
            # Residents: public ideas without unit or team. The visibility field stays so that
            # a forged "internal" reaches the operation, which refuses it.
            del self.unit_id
            del self.team

    @property
    def is_staff_form(self):
        return getattr(self, "team", None) is not None

    def validate_team(self, field):
        """Every address must belong to a staff member; unknown ones are named."""
        entries = [e for e in _SEPARATORS.split(field.data or "") if e]
        if len(entries) > TEAM_MAX:
            raise ValidationError(_l("Högst %(n)s medinnovatörer.", n=TEAM_MAX))
        addresses = list(dict.fromkeys(normalize_email(e) for e in entries))
        malformed = [a for a in addresses if not _EMAIL.match(a)]
        if malformed:
            raise ValidationError(
                _l("Det här är inte e-postadresser: %(list)s.", list=", ".join(malformed))
            )
        if not addresses:
            return
        staff = select(UserRole.user_id).where(UserRole.role.in_(sorted(STAFF_ROLES)))
        users = db.session.scalars(
            select(User).where(
                User.email.in_(addresses),
                User.id.in_(staff),
                User.active.is_(True),
                User.deleted_at.is_(None),
            )
        ).all()
        found = {u.email: u for u in users}
        unknown = [a for a in addresses if a not in found]
        if unknown:
            raise ValidationError(
                _l(
                    "Det finns ingen medarbetare med e-postadressen %(list)s. Kontrollera "
                    "stavningen; bara stadens medarbetare kan vara medinnovatörer.",
                    list=", ".join(unknown),
                )
            )
        self.team_users = [found[a] for a in addresses]
