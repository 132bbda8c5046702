"""Forms for signing in, registering, resetting passwords, profiles and administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .models import ROLES, UNIT_KINDS

PASSWORD_MIN = 10


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _email():
    return [
        DataRequired(_l("Fyll i din e-postadress.")),
        Email(_l("Skriv en giltig e-postadress, till exempel namn@example.se.")),
        Length(max=254),
    ]


def _new_password(label):
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Välj ett lösenord.")),
            Length(
                min=PASSWORD_MIN,
                max=200,
                message=_l("Lösenordet måste ha minst %(n)s tecken.", n=PASSWORD_MIN),
            ),
        ],
        description=_l("Minst %(n)s tecken.", n=PASSWORD_MIN),
    )


def _confirm():
    return PasswordField(
        _l("Upprepa lösenordet"),
        validators=[
            DataRequired(_l("Upprepa lösenordet.")),
            EqualTo("password", _l("Lösenorden är inte lika.")),
        ],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("E-postadress"), validators=_email())
    password = PasswordField(_l("Lösenord"), validators=[DataRequired(_l("Fyll i ditt lösenord."))])
    remember = BooleanField(_l("Kom ihåg mig på den här enheten"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Namn"), validators=[DataRequired(_l("Fyll i ditt namn.")), Length(max=120)]
    )
    email = EmailField(_l("E-postadress"), validators=_email())
    password = _new_password(_l("Lösenord"))
    confirm = _confirm()
    show_name = BooleanField(
        _l("Visa mitt namn vid mina idéer och kommentarer"),
        default=True,
        description=_l("Om du inte visar ditt namn står det ”Anonym” för andra."),
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("E-postadress"), validators=_email())


class ResetPasswordForm(FlaskForm):
    password = _new_password(_l("Nytt lösenord"))
    confirm = _confirm()


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Namn"), validators=[DataRequired(_l("Fyll i ditt namn.")), Length(max=120)]
    )
    show_name = BooleanField(_l("Visa mitt namn för andra"))
    locale = RadioField(
        _l("Språk"),
        choices=[("sv", "Svenska"), ("en", "English")],
        default="sv",
        validators=[Optional()],
    )


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Nuvarande lösenord"), validators=[DataRequired(_l("Fyll i ditt nuvarande lösenord."))]
    )
    password = _new_password(_l("Nytt lösenord"))
    confirm = _confirm()


class UserForm(FlaskForm):
    display_name = StringField(
        _l("Namn"), validators=[DataRequired(_l("Fyll i ett namn.")), Length(max=120)]
    )
    unit_id = SelectField(_l("Enhet"), coerce=int, validators=[Optional()])
    roles = MultiCheckboxField(_l("Roller"), choices=list(ROLES.items()))
    active = BooleanField(_l("Kontot är aktivt (kan logga in)"), default=True)


class NewUserForm(UserForm):
    email = EmailField(_l("E-postadress"), validators=_email())


class UnitForm(FlaskForm):
    name = StringField(
        _l("Namn"), validators=[DataRequired(_l("Fyll i enhetens namn.")), Length(max=120)]
    )
    kind = SelectField(_l("Typ"), choices=list(UNIT_KINDS.items()))
